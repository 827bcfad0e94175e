"""The Mailbox page (AppTest, demo data, a real Dovecot): every email listed with what was done with it; "Ghi nhận"
then save counts the agency from email; "Không phải báo cáo" is kept; a stopped server shows the error and the last
good list; leaders see a count only."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from campaign.access import hash_password
from campaign.report import build_report
from campaign.store import EMAIL_REPORTS, MAIL_MARKS
from dashboard import access, navigation, reads
from dashboard.forms.saving import WHO_KEY
from data_sources.demo import DemoSource
from data_sources.sqlite_store import SqliteStore
from tests import mail_samples
from tests.apptest import APP, LEADER_PASSWORD, no_exception
from tests.imap_server import dovecot

TIMEOUT = 90
PAGE = "app_pages/mailbox.py"
WHO = "Đào Ngọc Tuyền"
MISSING = "P11"  # an agency the demo has not heard from (checked below)
REPORT_ID = "<bao-cao-p11@bao-cao-mau.example>"
UNKNOWN_ID = "<hoi@unknown.example>"

pytestmark = pytest.mark.usefixtures("fresh_streamlit_cache")


def demo_mails() -> list[tuple[bytes, float]]:
    at = dt.datetime(2021, 6, 2, 10, tzinfo=mail_samples.VN)
    report = mail_samples.message(
        f"Văn thư <{MISSING.lower()}@bao-cao-mau.example>",
        "Báo cáo kết quả Ngày ITU 2021",
        "Sở đã treo 9 băng rôn và đăng 4 bài.",
        at,
        message_id=REPORT_ID,
    )
    report.add_attachment(mail_samples.pdf(1, signed=True), maintype="application", subtype="pdf", filename="bao-cao.pdf")
    unknown = mail_samples.message(
        "ai@unknown.example", "Hỏi **đậm** <b>x</b>", "<script>alert(1)</script>", at, message_id=UNKNOWN_ID
    )
    return [(report.as_bytes(), at.timestamp()), (unknown.as_bytes(), at.timestamp() + 60)]


@pytest.fixture
def own_store(tmp_path, monkeypatch):
    monkeypatch.setenv("CAMPAIGN_STORE_PATH", str(tmp_path / "campaign.sqlite"))
    return tmp_path / "campaign-demo.sqlite"


@pytest.fixture
def server():
    with dovecot(demo_mails()) as running:
        yield running


def _app(server, extra: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.secrets["inbox"] = server.secrets()
    for name, value in (extra or {}).items():
        at.secrets[name] = value
    at.session_state[WHO_KEY] = WHO
    at.run()
    no_exception(at)
    return at


def _mailbox(at: AppTest) -> AppTest:
    at.switch_page(PAGE).run()
    no_exception(at)
    return at


def _table(at: AppTest):
    return next(d.value for d in at.dataframe if "Tiêu đề" in d.value.columns and "Xử lý" in d.value.columns)


def test_the_agency_is_missing_in_the_demo(config):
    status = build_report(DemoSource(config).read(), config).agencies.set_index("code")["status"]
    assert status[MISSING] == "missing"


def test_the_coordinator_records_an_email_in_one_click_and_the_agency_counts_from_email(server, own_store, config):
    at = _mailbox(_app(server))
    table = _table(at)
    assert table["Xử lý"].tolist() == ["Cần xử lý", "Cần xử lý"]
    assert table["Đơn vị"].tolist()[1].startswith(f"{MISSING} — ")
    at.selectbox(key="mail_pick").set_value(REPORT_ID).run()
    at.button(key="mail_record").click().run()
    no_exception(at)
    assert at.selectbox(key="email_agency").value == MISSING
    assert at.text_input(key="email_ref").value == REPORT_ID
    assert "bao-cao.pdf (có chữ ký số) (1 trang)" in at.text_area(key="email_evidence").value
    assert at.date_input(key="email_received_day").value == dt.date(2021, 6, 2)
    assert any("Băng rôn, pano, áp phích: 9" in tx.value for tx in at.text)  # offered, not filled in
    assert at.number_input(key="email_qty_banner").value is None
    at.button(key="email_save").click().run()
    no_exception(at)
    saved = SqliteStore(own_store, config).read()
    assert saved[EMAIL_REPORTS]["email_ref"].tolist()[-1] == REPORT_ID
    report = build_report(dataclasses.replace(DemoSource(config).read(), store=saved), config)
    assert report.agencies.set_index("code").at[MISSING, "status"] == "on_time"  # received 2 June, before the deadline
    counted = report.submissions[report.submissions["agency_code"] == MISSING]
    assert counted["source"].tolist() == ["email"]
    _mailbox(at)
    assert _table(at)["Xử lý"].tolist() == ["Cần xử lý", "Đã ghi nhận"]
    at.selectbox(key="mail_pick").set_value(REPORT_ID).run()
    assert not [b for b in at.button if b.key == "mail_record"]  # recorded: no second "Ghi nhận"


def test_not_a_report_is_said_once_and_kept_in_the_store(server, own_store, config):
    at = _mailbox(_app(server))
    at.selectbox(key="mail_pick").set_value(UNKNOWN_ID).run()
    at.button(key="mail_mark").click().run()
    no_exception(at)
    marks = SqliteStore(own_store, config).read()[MAIL_MARKS]
    assert marks["message_id"].tolist() == [UNKNOWN_ID]
    assert _table(_mailbox(at))["Xử lý"].tolist()[0] == "Không phải báo cáo"


def test_email_text_is_shown_as_text_never_markdown_or_html(server, own_store):
    at = _mailbox(_app(server))
    at.selectbox(key="mail_pick").set_value(UNKNOWN_ID).run()
    assert any("<script>alert(1)</script>" in c.value for c in at.code)  # the text as typed, in a code block
    assert any("Hỏi **đậm** <b>x</b>" in tx.value for tx in at.text)
    assert not any("<script" in m.value or "**đậm**" in m.value for m in at.markdown)


def test_a_mailbox_that_stops_shows_the_error_and_the_last_good_list(server, own_store, monkeypatch):
    at = _mailbox(_app(server))
    assert len(_table(at)) == 2
    server.stop()
    later = reads.clock() + 3600
    monkeypatch.setattr(reads, "clock", lambda: later)
    at.button(key="mail_refresh").click().run()
    no_exception(at)
    assert any("Không đọc được hộp thư" in e.value for e in at.error)
    assert any("đọc được lần trước" in w.value for w in at.warning)
    assert len(_table(at)) == 2


def test_follow_up_says_an_agency_has_emailed_and_waits_to_be_recorded(server, own_store, config):
    at = _app(server)
    at.switch_page("app_pages/followup.py").run()
    no_exception(at)
    table = at.dataframe[0].value
    waiting = table[table["Thư chờ ghi nhận"] != ""]
    name = build_report(DemoSource(config).read(), config).agencies.set_index("code").at[MISSING, "name"]
    assert waiting["Thư chờ ghi nhận"].tolist() == ["đã gửi email, chưa ghi nhận (1)"]
    assert waiting.iloc[0, 0] == name


def test_a_leader_sees_only_the_count_of_emails_waiting_and_cannot_open_the_mailbox(server, own_store):
    hashes = {
        "password_hash": hash_password("mật-khẩu-điều-phối-2021", iterations=1000),
        "leader_password_hash": hash_password(LEADER_PASSWORD, iterations=1000),
    }
    at = _app(server, {"access": hashes})
    at.text_input(key=access.PASSWORD_KEY).input(LEADER_PASSWORD)
    at.button[0].click().run()
    no_exception(at)
    assert PAGE not in navigation.page_paths("leader")
    assert any("2 báo cáo gửi qua email đang chờ ghi nhận" in c.value for c in at.caption)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(PAGE)


def test_a_wrong_inbox_table_is_said_on_the_page_in_the_readers_language(own_store):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.secrets["inbox"] = {"host": "mail.mic.example", "security": "none", "user": "u", "password": "p"}
    at.run()
    at.switch_page(PAGE).run()
    no_exception(at)
    shown = [e.value.replace("\\", "") for e in at.error]  # escaped for Markdown: shown as written
    assert any("[inbox] security = 'none'" in e and "hãy dùng ssl" in e for e in shown)
