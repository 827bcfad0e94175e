"""Follow-up sends the reminders (AppTest, demo data, a real SMTP server on 127.0.0.1): the preview is what goes,
the button counts the emails, each is one chase-log entry, an agency that reports meanwhile drops out, one emailed
within min_hours_between is not emailed again unless overridden, and a wrong password stops the send."""

from __future__ import annotations

import datetime as dt
import email.utils
import re

import pytest
from streamlit.testing.v1 import AppTest

from campaign import desk
from campaign.config import load_config
from campaign.form_links import DEMO_CODE_ENTRY, code_in_link
from campaign.store import EMAIL_REPORTS
from dashboard.forms.saving import WHO_KEY
from data_sources.demo import DemoSource
from data_sources.stores import store_of
from tests.apptest import APP, no_exception
from tests.configs import campaign_copy
from tests.smtp_server import smtp_server

TIMEOUT = 90
MOST = 3

pytestmark = pytest.mark.usefixtures("fresh_streamlit_cache")


@pytest.fixture
def campaign(tmp_path, monkeypatch):
    """campaign.toml with no pause between emails and at most three per press; the demo's store of its own."""
    path = campaign_copy(tmp_path, ("pause_seconds = 2", "pause_seconds = 0"), ("max_per_send = 50", f"max_per_send = {MOST}"))
    monkeypatch.setenv("CAMPAIGN_CONFIG", str(path))
    monkeypatch.setenv("CAMPAIGN_STORE_PATH", str(tmp_path / "campaign.sqlite"))
    return load_config(path)


def _followup(smtp: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.secrets["smtp"] = smtp
    at.session_state[WHO_KEY] = "Đào Ngọc Tuyền"
    at.run()
    at.switch_page("app_pages/followup.py").run()
    no_exception(at)
    return at


def _previews(at: AppTest) -> list[str]:
    """The bodies in the preview: each greets its agency by name (the drafts greet 'Quý đơn vị')."""
    return [c.value for c in at.code if c.value.startswith("Kính gửi ") and not c.value.startswith("Kính gửi Quý đơn vị")]


def _send(at: AppTest) -> AppTest:
    at.button(key="send_reminders").click().run()
    no_exception(at)
    return at


def _recipients(inbox, start: int = 0) -> list[str]:
    return [a for m in inbox.messages()[start:] for _, a in email.utils.getaddresses([m["To"]])]


def _chase_log(at: AppTest):
    return next(d.value for d in at.dataframe if "Hình thức" in d.value.columns)


def _emails_of(config, codes) -> dict[str, list[str]]:
    from presentation import views

    roster = DemoSource(config).read().agencies.set_index("code")
    return {c: views.valid_emails(roster.at[c, "email"]) for c in codes}


def test_preview_confirm_log_drop_out_and_min_hours(tmp_path, campaign):
    with smtp_server(tmp_path, password="dung-mat-khau-2021") as (inbox, smtp):
        at = _followup(smtp)
        due = list(at.multiselect(key="send_chosen").value)  # by default: missing now, not emailed lately
        assert len(due) > 2 * MOST + 1
        button = at.button(key="send_reminders")
        assert button.label == f"Gửi {MOST} thư"
        previews = _previews(at)
        assert len(previews) == MOST
        for code, body in zip(due, previews):  # each agency's own link, the deadline, in Vietnamese
            link = re.search(r"https://forms\.example/[^\s)]+", body).group(0)
            assert code_in_link(link, DEMO_CODE_ENTRY) == code and "04/06/2021" in body

        # The first agency of the preview reports (an email entered elsewhere) before the press: it drops out.
        reporter = due[0]
        entry = desk.email_report(
            campaign, agency_code=reporter, received_at=dt.datetime.now(campaign.tz), ticked=["rally"], by="Lan", nonce="t"
        )
        desk.record(store_of(DemoSource(campaign), campaign), EMAIL_REPORTS, entry)
        _send(at)
        first = due[1 : MOST + 1]
        addresses = _emails_of(campaign, due)
        assert _recipients(inbox) == [a for c in first for a in addresses[c]]
        messages = inbox.messages()
        assert [m.get_content() for m in messages] == [b for b in _previews_for(campaign, first, at)]
        assert f"Đã gửi {MOST} thư; 0 thư không gửi được." in _texts(at) and reporter in _texts(at)
        log = _chase_log(at)
        sent = log[(log["Hình thức"] == "Email") & log["Ghi chú"].str.contains("Message-ID")]  # the demo has others
        assert sorted(sent["Mã"]) == sorted(first)
        assert all(m["Message-ID"] in " ".join(sent["Ghi chú"]) for m in messages)  # each email's Message-ID logged

        # The next press: neither the reporter nor those just emailed.
        again = list(at.multiselect(key="send_chosen").value)
        assert reporter not in again and not set(first) & set(again)
        _send(at)
        second = [c for c in due if c != reporter and c not in first][:MOST]
        assert _recipients(inbox, MOST) == [a for c in second for a in addresses[c]]

        # Overridden for one agency emailed minutes ago: it goes again, and only it.
        at.multiselect(key="send_chosen").set_value([first[0]]).run()
        assert at.button(key="send_reminders").label == "Gửi 0 thư"
        at.multiselect(key="send_override").set_value([first[0]]).run()
        assert at.button(key="send_reminders").label == "Gửi 1 thư"
        _send(at)
        assert _recipients(inbox, 2 * MOST) == addresses[first[0]]


def _previews_for(config, codes, at) -> list[str]:
    """What the preview showed for these agencies is what the server received (the same text as the views build)."""
    from campaign.report import evaluate, prepare
    from presentation import views

    report = evaluate(prepare(DemoSource(config).read(), config))
    return [e.body + "\n" for e in views.reminder_emails(report.agencies, codes, config, "vi", None, demo=True)]


def _texts(at: AppTest) -> str:
    return "\n".join(str(e.value) for kind in ("success", "info", "warning", "error") for e in at.get(kind))


def test_a_wrong_password_stops_the_send_and_says_so(tmp_path, campaign):
    with smtp_server(tmp_path, password="dung-mat-khau-2021") as (inbox, smtp):
        at = _send(_followup(smtp | {"password": "sai-mat-khau"}))
    assert inbox.received == []
    texts = _texts(at)
    assert "Đã dừng gửi:" in texts and "535" in texts and "0 thư" in texts
    log = _chase_log(at)
    failed = log[log["Hình thức"] == "Email không gửi được"]
    assert len(failed) == 1 and "535" in failed["Ghi chú"].iloc[0]  # one try, logged with the server's answer


def test_without_smtp_nothing_sends_and_the_mailto_links_stay(campaign):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.switch_page("app_pages/followup.py").run()
    no_exception(at)
    assert not [b for b in at.button if b.key == "send_reminders"]
    assert any("[smtp]" in c.value for c in at.caption)
    detail = next(d.value for d in at.dataframe if "Thư nhắc" in d.value.columns and "Email" in d.value.columns)
    assert (detail["Thư nhắc"] != "").any()


def test_no_personal_data_reaches_a_leader_through_the_send_section(tmp_path, campaign):
    """A leader never sees the send section (it shows addresses)."""
    from campaign.access import hash_password
    from tests.apptest import LEADER_PASSWORD

    with smtp_server(tmp_path) as (_inbox, smtp):
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        at.secrets["smtp"] = smtp
        at.secrets["access"] = {"leader_password_hash": hash_password(LEADER_PASSWORD, iterations=1000)}
        at.run()
        from dashboard import access

        at.text_input(key=access.PASSWORD_KEY).input(LEADER_PASSWORD)
        at.button[0].click().run()
        no_exception(at)
        assert not [b for b in at.button if b.key == "send_reminders"] and not _previews(at)
        with pytest.raises(ValueError, match="Could not find a navigation page"):  # the follow-up is not in the menu
            at.switch_page("app_pages/followup.py")
