"""The coordinator acts in the app (AppTest, demo data): each flow checked after a fresh read of the store."""

from __future__ import annotations

import datetime as dt
import urllib.parse

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from campaign.access import hash_password
from campaign.store import CHASES, EMAIL_REPORTS
from dashboard.forms.saving import WHO_KEY
from data_sources.sqlite_store import SqliteStore
from data_sources.store import StoreMaybeSaved, StoreWriteError
from tests.apptest import APP, LEADER_PASSWORD, no_exception

TIMEOUT = 90
WHO = "Đào Ngọc Tuyền"

pytestmark = pytest.mark.usefixtures("fresh_streamlit_cache")


@pytest.fixture(autouse=True)
def own_store(tmp_path, monkeypatch):
    """Each flow on its own demo store (seeded at the app's start), never the one other tests read."""
    monkeypatch.setenv("CAMPAIGN_STORE_PATH", str(tmp_path / "campaign.sqlite"))
    return tmp_path / "campaign-demo.sqlite"


def _run(secrets: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for name, value in (secrets or {}).items():
        at.secrets[name] = value
    at.session_state[WHO_KEY] = WHO  # the name typed once per session
    at.run()
    no_exception(at)
    return at


def _page(at: AppTest, page: str) -> AppTest:
    at.switch_page(page).run()
    no_exception(at)
    return at


def _frame(at: AppTest, column: str) -> pd.DataFrame:
    """The first table on the page with this column (AppTest does not expose a dataframe's key)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _followup(at: AppTest) -> pd.DataFrame:
    return _page(at, "app_pages/followup.py").dataframe[1].value  # the detail view (the first: name, status, link)


def _click(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click().run()
    no_exception(at)
    return at


def _texts(at: AppTest) -> str:
    kinds = ("markdown", "caption", "error", "warning", "info", "success", "code")
    return "\n".join(str(e.value) for kind in kinds for e in at.get(kind))


def test_an_email_added_to_the_roster_is_in_the_reminder_link():
    at = _page(_run(), "app_pages/coordinator.py")
    at.selectbox(key="roster_agency").select("P11").run()
    at.text_input(key="roster_email_P11").input("vanthu.p11@stttt-dienbien.example").run()
    _click(at, "roster_save_one")
    table = _followup(at).set_index("Mã")
    link = table.at["P11", "Thư nhắc"]
    assert link.startswith("mailto:vanthu.p11@stttt-dienbien.example?")
    body = urllib.parse.parse_qs(link.split("?", 1)[1])["body"][0]
    assert "https://forms.example/wtisd2021" in body  # the form link travels in the mailto
    assert "Đào Ngọc Tuyền" in body and "0912802454" in body


def test_a_malformed_email_is_refused_with_a_message_and_nothing_is_saved(own_store, config):
    at = _page(_run(), "app_pages/coordinator.py")
    at.selectbox(key="roster_agency").select("P11").run()
    at.text_input(key="roster_email_P11").input("vanthu@@dienbien").run()
    _click(at, "roster_save_one")
    assert "không phải địa chỉ email" in _texts(at)
    assert at.text_input(key="roster_email_P11").value == "vanthu@@dienbien"  # kept to be fixed
    assert SqliteStore(own_store, config).read()["roster"].empty


def test_a_resolved_name_makes_its_agency_reported():
    at = _run()
    assert "P11" in set(_followup(at)["Mã"])
    _page(at, "app_pages/data_quality.py")
    names = at.selectbox(key="resolve_name")
    key = next(o for o in names.options if o.startswith("Sở Thông tin và Truyền thông ·"))
    names.select_index(names.options.index(key)).run()
    agency = at.selectbox(key="resolve_agency")
    assert agency.options[0] == "Không thuộc danh sách đơn vị"  # a Department with no province: no guessed province
    assert "cần tên tỉnh" in _frame(at, "Tên đơn vị đã nhập").to_csv()
    agency.select("P11").run()
    _click(at, "resolve_save")
    assert not [o for o in at.selectbox(key="resolve_name").options if o.startswith("Sở Thông tin và Truyền thông ·")]
    assert "P11" not in set(_followup(at)["Mã"])  # reported (on 9 May: on time)
    submissions = _page(at, "app_pages/submissions.py").dataframe[0].value
    row = submissions[submissions["Mã đơn vị khớp"] == "P11"].iloc[0]
    assert row["Cách khớp"] == "đã đối chiếu" and row["Hạn"] == "Đúng hạn"
    # Undo: the agency is missing again.
    _page(at, "app_pages/data_quality.py")
    names = at.selectbox(key="resolve_decided")  # the decided name, out of the list still to decide
    names.select_index(next(i for i, o in enumerate(names.options) if o.startswith("Sở Thông tin và Truyền thông ·"))).run()
    _click(at, "resolve_undo")
    assert "P11" in set(_followup(at)["Mã"])


def _email_report(at: AppTest, code: str, day: dt.date) -> AppTest:
    _page(at, "app_pages/coordinator.py")
    at.selectbox(key="email_agency").select(code).run()
    at.date_input(key="email_received_day").set_value(day)
    at.time_input(key="email_received_time").set_value(dt.time(10, 30))
    at.multiselect(key="email_activities").select("article").run()
    at.number_input(key="email_qty_article").set_value(4)
    at.text_input(key="email_ref").input("V/v báo cáo Ngày 17/5").run()
    return _click(at, "email_save")


def test_an_emailed_report_counts_on_time_or_late_by_when_it_was_received():
    at = _email_report(_run(), "P11", dt.date(2021, 6, 3))
    _email_report(at, "P24", dt.date(2021, 6, 4))  # the deadline day: late
    table = _followup(at).set_index("Mã")
    assert "P11" not in table.index  # on time: not to chase
    assert table.at["P24", "Trạng thái"] == "Trễ hạn"
    submissions = _page(at, "app_pages/submissions.py").dataframe[0].value
    emailed = submissions[submissions["Nguồn"] == "Email"].set_index("Mã đơn vị khớp")
    assert {"P11", "P24", "P14"} <= set(emailed.index)  # P14: the demo's own emailed report
    assert emailed.at["P11", "Hạn"] == "Đúng hạn" and emailed.at["P24", "Hạn"] == "Trễ hạn"


def test_a_recorded_chase_is_in_the_log_and_counted_and_its_note_stays_text(downloads):
    at = _run()
    before = _followup(at).set_index("Mã")
    assert before.at["P15", "Số lần liên hệ"] == 1  # the demo's sample chase
    at.selectbox(key="chase_agency").select("P15").run()
    at.radio(key="chase_channel").set_value("zalo")
    at.text_input(key="chase_contact").input("Anh Vũ Minh Long")
    at.text_area(key="chase_note").input('=HYPERLINK("http://x") hẹn gửi thứ Hai').run()
    _click(at, "chase_save")
    assert at.text_input(key="chase_contact").value == ""  # saved: the form is empty for the next contact
    table = _followup(at).set_index("Mã")
    assert table.at["P15", "Số lần liên hệ"] == 2
    log = _frame(at, "Thời điểm liên hệ")
    first = log.iloc[0]
    assert (first["Mã"], first["Hình thức"], first["Người liên hệ"]) == ("P15", "Zalo", "Anh Vũ Minh Long")
    assert first["Ghi chú"].startswith("=HYPERLINK")
    csv_text = downloads["download_chases"].decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text  # escaped in the export


def test_not_contacted_in_the_last_n_days():
    at = _page(_run(), "app_pages/followup.py")
    every = at.dataframe[1].value
    at.number_input(key="chase_not_since").set_value(3650).run()  # none contacted "since" ten years: all stay
    assert len(at.dataframe[1].value) == len(every)
    at.date_input(key="as_of_date").set_value(dt.date(2021, 6, 2)).run()
    at.number_input(key="chase_not_since").set_value(2).run()
    shown = set(at.dataframe[1].value["Mã"])
    assert "P15" not in shown  # contacted on 1 June
    assert "P22" not in shown  # contacted on 2 June
    at.date_input(key="as_of_date").set_value(dt.date(2021, 6, 5)).run()
    at.number_input(key="chase_not_since").set_value(4).run()  # since 1 June 23:59
    shown = set(at.dataframe[1].value["Mã"])
    assert "P15" in shown and "P22" not in shown


def test_a_failed_save_keeps_the_entry_for_a_retry_and_the_retry_is_not_a_duplicate(monkeypatch, own_store, config):
    at = _run()
    _page(at, "app_pages/followup.py")
    real = SqliteStore.append
    calls = []

    def failing(self, kind, entry):
        calls.append(entry["id"])
        real(self, kind, entry)  # written, but the answer is lost: the app is told it failed
        raise StoreWriteError("Google Sheet: not saved (HTTP 503)", "Google Sheet: chưa lưu (HTTP 503)")

    monkeypatch.setattr(SqliteStore, "append", failing)
    at.selectbox(key="chase_agency").select("P33").run()
    at.text_input(key="chase_contact").input("Chị Lan").run()
    _click(at, "chase_save")
    assert "Chưa lưu được" in _texts(at) and "HTTP 503" in _texts(at)
    assert at.text_input(key="chase_contact").value == "Chị Lan"  # still in the form
    monkeypatch.setattr(SqliteStore, "append", real)
    _click(at, "chase_save")
    assert "Đã lưu" in _texts(at)
    chases = SqliteStore(own_store, config).read()[CHASES]
    assert (chases["agency_code"] == "P33").sum() == 1  # the retry carried the same id
    assert calls[0] in set(chases["id"])


def test_a_concurrent_roster_edit_is_refused_and_the_other_edit_shown(own_store, config):
    first, second = _run(), _run()
    for at in (first, second):
        _page(at, "app_pages/coordinator.py")
        at.selectbox(key="roster_agency").select("P14").run()
    first.text_input(key="roster_phone_P14").input("0212 111 222").run()
    _click(first, "roster_save_one")
    second.text_input(key="roster_contact_P14").input("Anh Đỗ Quân").run()
    _click(second, "roster_save_one")
    assert "Người khác đã sửa" in _texts(second)
    theirs = _frame(second, "Ngừng theo dõi")
    assert theirs.iloc[0]["Điện thoại"] == "0212 111 222"
    edits = SqliteStore(own_store, config).read()["roster"].set_index("code")
    assert edits.at["P14", "phone"] == "0212 111 222" and edits.at["P14", "contact"] != "Anh Đỗ Quân"


def test_a_leader_sees_no_contact_on_the_pages_a_leader_may_open_and_cannot_open_the_coordinators(own_store, config):
    from dashboard import access, navigation

    hashes = {
        "password_hash": hash_password("mật-khẩu-điều-phối-2021", iterations=1000),
        "leader_password_hash": hash_password(LEADER_PASSWORD, iterations=1000),
    }
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.secrets["access"] = hashes
    at.run()
    at.text_input(key=access.PASSWORD_KEY).input(LEADER_PASSWORD)
    at.button[0].click().run()
    no_exception(at)
    store = SqliteStore(own_store, config).read()
    personal = set(store[CHASES]["contact"]) | {"Nguyễn Thu Hà"}
    assert len(personal) > 1
    pages = navigation.page_paths("leader")
    assert "app_pages/overview.py" in pages and "app_pages/export.py" in pages
    for page in pages:
        _page(at, page)
        seen = _texts(at) + "".join(d.value.to_csv() for d in at.dataframe)
        assert not [p for p in personal if p and p in seen], page
    # The follow-up (contacts, the chase log) and the coordinator's desk are not in a leader's menu at all.
    for page in ("app_pages/followup.py", "app_pages/coordinator.py"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(page)


def test_a_correction_after_a_lost_answer_is_kept(monkeypatch, own_store, config):
    """Saved for A, the answer lost; the person corrects the agency to B and saves: B's entry is a new one, counted."""
    at = _page(_run(), "app_pages/coordinator.py")
    real = SqliteStore.append

    def lost(self, kind, entry):
        real(self, kind, entry)
        raise StoreMaybeSaved("Maybe saved (HTTP 503)", "Có thể đã lưu: Google không trả lời (HTTP 503)")

    monkeypatch.setattr(SqliteStore, "append", lost)
    at.selectbox(key="email_agency").select("P24").run()
    at.multiselect(key="email_activities").select("rally").run()
    _click(at, "email_save")
    assert "Có thể đã lưu" in _texts(at) and not at.error  # said as what it is, not as a failure
    monkeypatch.setattr(SqliteStore, "append", real)
    at.selectbox(key="email_agency").select("P25").run()
    _click(at, "email_save")
    assert "Đã lưu" in _texts(at)
    reports = SqliteStore(own_store, config).read()[EMAIL_REPORTS]
    assert {"P24", "P25"} <= set(reports["agency_code"]) and reports["id"].is_unique
    entered = _frame(_page(at, "app_pages/coordinator.py"), "Nguồn")  # the emailed reports as the engine counted them
    assert "P25" in entered.to_csv()


def test_every_entry_says_who_made_it_and_a_save_without_a_name_is_refused(own_store, config):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    _page(at, "app_pages/followup.py")
    at.selectbox(key="chase_agency").select("P33").run()
    _click(at, "chase_save")
    assert "Người nhập" in _texts(at) and "Chưa lưu được" in _texts(at)
    assert "P33" not in set(SqliteStore(own_store, config).read()[CHASES]["agency_code"])
    at.text_input(key="desk_who").input("Nguyễn Văn An").run()
    _click(at, "chase_save")
    chases = SqliteStore(own_store, config).read()[CHASES]
    assert chases[chases["agency_code"] == "P33"]["by"].tolist() == ["Nguyễn Văn An"]
    _page(at, "app_pages/coordinator.py")
    assert at.text_input(key="desk_who").value == "Nguyễn Văn An"  # typed once for the session


def test_a_signed_in_coordinator_is_recorded_by_address(own_store, config):
    from tests.test_access_app import AUTH

    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.secrets["auth"] = AUTH
    at.secrets["access"] = {"allow": {"coordinator": ["dntuyen@mic.gov.vn"]}}
    at.user = {"is_logged_in": True, "email": "dntuyen@mic.gov.vn", "email_verified": True}
    at.run()
    _page(at, "app_pages/followup.py")
    assert "Người nhập: dntuyen@mic.gov.vn" in _texts(at) and not [t for t in at.text_input if t.key == "desk_who"]
    at.selectbox(key="chase_agency").select("P33").run()
    _click(at, "chase_save")
    chases = SqliteStore(own_store, config).read()[CHASES]
    assert chases[chases["agency_code"] == "P33"]["by"].tolist() == ["dntuyen@mic.gov.vn"]


def _in_order(at: AppTest) -> list[tuple[str, str]]:
    """The page's elements as drawn, top to bottom: (type, key or the start of its text)."""
    out: list[tuple[str, str]] = []

    def walk(node) -> None:
        children = getattr(node, "children", None)
        if children is not None and not hasattr(node, "value"):
            for k in sorted(children):
                walk(children[k])
        else:
            out.append((node.type, getattr(node, "key", None) or str(getattr(node, "value", ""))))

    walk(at.main)
    return out


def _next_after(at: AppTest, button: str) -> tuple[str, str]:
    order = _in_order(at)
    return order[[key for _, key in order].index(button) + 1]


@pytest.mark.parametrize(
    ("page", "fill", "button"),
    [
        ("app_pages/coordinator.py", lambda at: at.text_input(key="roster_phone_P11").input("024 3 111 222"), "roster_save_one"),
        ("app_pages/coordinator.py", lambda at: at.selectbox(key="email_agency").select("P24"), "email_save"),
        ("app_pages/followup.py", lambda at: at.selectbox(key="chase_agency").select("P33"), "chase_save"),
    ],
)
def test_every_save_says_its_result_right_below_its_button(page, fill, button):
    at = _page(_run(), page)
    if button == "roster_save_one":
        at.selectbox(key="roster_agency").select("P11").run()
    fill(at).run()
    _click(at, button)
    kind, text = _next_after(at, button)
    assert kind == "success" and text.startswith("Đã lưu"), (kind, text)


def test_the_forms_speak_vietnamese_and_the_chase_form_starts_empty():
    at = _page(_run(), "app_pages/coordinator.py")
    assert at.multiselect(key="email_activities").placeholder == "Chọn các hoạt động đã triển khai"
    assert at.selectbox(key="email_agency").value is None
    _page(at, "app_pages/followup.py")
    chase = at.selectbox(key="chase_agency")
    assert chase.value is None and chase.placeholder == "Chọn hoặc gõ để tìm đơn vị"
    _click(at, "chase_save")  # nothing chosen: refused, nothing saved on another agency
    assert "Hãy chọn đơn vị đã liên hệ" in _texts(at)


HOSTILE_NAME = "![ảnh](http://evil.example/x.png) [bấm](http://evil.example) **đậm**"


def test_a_roster_name_reaches_the_coordinators_messages_as_text_never_markdown(own_store, config):
    """A roster name another person typed (open mode: anyone) is shown as typed in every message of the desk."""
    from campaign import desk
    from campaign.roster import read_default_roster
    from dashboard import reads

    at = _run()  # the demo's store starts from its samples: the edit comes after
    base = read_default_roster(config.campaign.roster)
    edited = base.copy()
    edited.loc[edited["code"] == "P11", "name"] = HOSTILE_NAME
    desk.change_roster(SqliteStore(own_store, config), base, edited, "Lan")
    reads.cache().invalidate(("demo",))  # as after a save in the app: read again
    at = _page(at, "app_pages/data_quality.py")
    names = at.selectbox(key="resolve_name")
    names.select_index(next(i for i, o in enumerate(names.options) if o.startswith("Sở Thông tin và Truyền thông ·"))).run()
    at.selectbox(key="resolve_agency").select("P11").run()
    _click(at, "resolve_save")
    decided = at.selectbox(key="resolve_decided")
    decided.select_index(next(i for i, o in enumerate(decided.options) if o.startswith("Sở Thông tin và Truyền thông ·"))).run()
    shown = [str(e.value) for kind in ("info", "success", "warning", "error", "markdown", "caption") for e in at.get(kind)]
    said = [s for s in shown if "evil" in s]
    assert said, shown  # the decision names the agency …
    for text in said:  # … escaped: Markdown would draw an image and a live link from it
        assert "![" not in text and "](" not in text and "\\!\\[" in text


def test_in_open_mode_a_visitor_saves_nothing_others_or_the_cli_count(tmp_path, monkeypatch, config):
    """No password set up: over an upload, the desk refuses to write the shared store (the CLI's and every other
    upload's); the demo keeps its own store and can still be tried."""
    from tests.sheets import responses, ticked

    shared = tmp_path / "shared.sqlite"
    monkeypatch.setenv("CAMPAIGN_STORE_PATH", str(shared))
    sheet = responses(
        {
            "timestamp": "20/05/2021 10:00:00",
            "agency_code": "P01",
            "agency_name": "Sở TT&TT Hà Nội",
            "activities": ticked("rally"),
        }
    )
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state[WHO_KEY] = WHO
    at.run()
    at.radio(key="source").set_value("upload").run()
    at.file_uploader(key="upload_responses").set_value(("r.csv", sheet.to_csv(index=False).encode(), "text/csv")).run()
    no_exception(at)
    _page(at, "app_pages/followup.py")
    at.selectbox(key="chase_agency").select("P33").run()
    _click(at, "chase_save")
    assert "Chế độ mở" in _texts(at) and "Đã lưu" not in _texts(at)
    assert SqliteStore(shared, config).read()[CHASES].empty  # nothing reached the store the CLI reads
    at.radio(key="source").set_value("demo").run()
    _page(at, "app_pages/followup.py")
    at.selectbox(key="chase_agency").select("P33").run()
    _click(at, "chase_save")
    assert "Đã lưu" in _texts(at)  # the demo's own store
