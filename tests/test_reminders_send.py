"""Reminders the app sends: a real SMTP server on 127.0.0.1 receives them; the chase log holds one entry per email;
an agency that reported, or was emailed within min_hours_between, is not emailed; the send stops on a wrong password."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import urllib.parse

import pandas as pd
import pytest

from campaign import desk
from campaign.errors import CampaignError
from campaign.form_links import DEMO_CODE_ENTRY, code_in_link
from campaign.report import evaluate, prepare
from campaign.store import CHASES, EMAIL_FAILED, chase_summary
from data_sources.demo import DemoSource
from data_sources.mailer import SmtpMailer, smtp_settings
from data_sources.sqlite_store import SqliteStore
from presentation import views
from tests.smtp_server import SENDER, smtp_server

NOW = dt.datetime(2021, 6, 4, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@pytest.fixture(scope="module")
def report(config):
    return evaluate(prepare(DemoSource(config).read(), config), "2021-06-04T09:00")


def _plan(report, chases=None, hours=24.0):
    has = lambda cell: bool(views.valid_emails(cell))  # noqa: E731
    return desk.reminder_plan(report.agencies, chases, NOW, hours, has)


def _emails(report, config, codes):
    return views.reminder_emails(report.agencies, codes, config, "vi", report.as_of, demo=True)


def _store(tmp_path, config):
    return SqliteStore(tmp_path / "store.sqlite", config)


def test_reminders_go_through_starttls_and_auth_and_read_back_whole(tmp_path, config, report):
    codes = desk.to_send(_plan(report), report.agencies["code"], limit=3)
    assert len(codes) == 3
    store = _store(tmp_path, config)
    with smtp_server(tmp_path, tls=True, password="dung-mat-khau-2021") as (inbox, table):
        with SmtpMailer(smtp_settings(table)) as mailer:
            result = desk.send_reminders(config, _emails(report, config, codes), mailer, store, by="Lan", clock=lambda: NOW)
    assert [c for c, _ in result.sent] == codes and not result.failed and result.stopped is None
    messages = inbox.messages()
    log = store.read()[CHASES].set_index("agency_code")
    names = report.agencies.set_index("code")["name"]
    for code, message_id, message, (mail_from, rcpt, raw) in zip(codes, [m for _, m in result.sent], messages, inbox.received):
        assert message["From"] == SENDER and mail_from == SENDER
        addresses = views.valid_emails(report.agencies.set_index("code").at[code, "email"])
        assert [a for _, a in email.utils.getaddresses([message["To"]])] == addresses == rcpt
        assert message["Subject"] == views.reminder(config, "vi", report.as_of, True)[0]
        assert "=?utf-8?" in raw.decode("ascii").split("\r\n\r\n", 1)[0].lower()  # the Vietnamese subject, encoded
        assert email.utils.parsedate_to_datetime(message["Date"]) is not None
        assert message["Message-ID"] == message_id and message_id.endswith("@mic.example>")
        body = message.get_content()
        assert body.startswith(f"Kính gửi {names[code]},") and "quá hạn" in body  # Vietnamese, to that agency
        link = re.search(r"https://forms\.example/[^\s)]+", body).group(0)
        assert code_in_link(link, DEMO_CODE_ENTRY) == code  # its own link
        entry = log.loc[code]
        assert (entry["channel"], entry["contact"]) == ("email", ", ".join(addresses))
        assert message_id in entry["note"] and entry["contacted_at"] == NOW.isoformat() and entry["by"] == "Lan"


def test_a_wrong_password_stops_the_send_and_is_logged_with_the_servers_answer(tmp_path, config, report):
    codes = desk.to_send(_plan(report), report.agencies["code"], limit=3)
    store = _store(tmp_path, config)
    with smtp_server(tmp_path, tls=True, password="dung-mat-khau-2021") as (inbox, table):
        with SmtpMailer(smtp_settings(table | {"password": "sai"})) as mailer:
            result = desk.send_reminders(config, _emails(report, config, codes), mailer, store, by="Lan")
    assert inbox.received == [] and result.sent == []
    assert result.stopped is not None and "535" in result.stopped.answer
    assert "mật khẩu" in result.stopped.vi and "password" in result.stopped.en
    log = store.read()[CHASES]
    assert list(log["agency_code"]) == codes[:1] and list(log["channel"]) == [EMAIL_FAILED]  # nothing more tried
    assert "535" in log["note"].iloc[0]
    assert chase_summary(log, codes[:1])["contacts"].iloc[0] == 0  # a failure is no contact


def test_a_refused_address_is_logged_and_the_next_email_still_goes(tmp_path, config, report):
    codes = desk.to_send(_plan(report), report.agencies["code"], limit=2)
    emails = _emails(report, config, codes)
    store = _store(tmp_path, config)
    with smtp_server(tmp_path) as (inbox, table):
        inbox.refuse = set(emails[0].to)
        with SmtpMailer(smtp_settings(table)) as mailer:
            result = desk.send_reminders(config, emails, mailer, store, by="Lan")
    assert [c for c, _ in result.failed] == codes[:1] and "550" in result.failed[0][1]
    assert [c for c, _ in result.sent] == codes[1:] and len(inbox.received) == 1 and result.stopped is None


def test_a_server_out_of_reach_stops_the_send(tmp_path, config, report):
    codes = desk.to_send(_plan(report), report.agencies["code"], limit=2)
    with smtp_server(tmp_path) as (_inbox, table):
        pass  # stopped: its port answers no more
    with SmtpMailer(smtp_settings(table | {"timeout": 3})) as mailer:
        result = desk.send_reminders(config, _emails(report, config, codes), mailer, _store(tmp_path, config), by="Lan")
    assert result.stopped is not None and len(result.failed) == 1 and not result.sent


def test_the_pause_comes_between_emails(tmp_path, config, report):
    codes = desk.to_send(_plan(report), report.agencies["code"], limit=3)
    waits = []
    with smtp_server(tmp_path) as (inbox, table), SmtpMailer(smtp_settings(table)) as mailer:
        desk.send_reminders(
            config,
            _emails(report, config, codes),
            mailer,
            _store(tmp_path, config),
            by="Lan",
            pause_seconds=2,
            sleep=waits.append,
        )
    assert waits == [2, 2] and len(inbox.received) == 3


def test_only_agencies_missing_now_and_not_emailed_recently_are_due(config, report):
    plan = _plan(report).set_index("code")
    statuses = report.agencies.set_index("code")["status"]
    assert (plan.loc[statuses != "missing", "reason"] == desk.REPORTED).all()
    due = plan[plan["reason"] == ""].index
    assert len(due) and (statuses[due] == "missing").all()
    first, second = due[:2]
    chases = pd.DataFrame(
        [
            desk.email_sent(
                config, agency_code=first, sent_at=NOW - dt.timedelta(hours=23), to=["a@x.vn"], message_id="<1@x>", by="Lan"
            ),
            desk.email_sent(
                config, agency_code=second, sent_at=NOW - dt.timedelta(hours=25), to=["b@x.vn"], message_id="<2@x>", by="Lan"
            ),
        ]
    ).assign(channel="email")
    plan = _plan(report, chases)
    reasons = plan.set_index("code")["reason"]
    assert reasons[first] == desk.RECENT and reasons[second] == ""  # 23 hours ago: not again; 25: again
    chosen = [first, second]
    assert desk.to_send(plan, chosen) == [second]
    assert desk.to_send(plan, chosen, overridden=[first]) == [first, second]  # overridden for that one
    assert desk.to_send(_plan(report), list(due), limit=5) == list(due[:5])  # max_per_send


def test_a_reported_agency_is_never_sent_even_if_chosen_or_overridden(report):
    plan = _plan(report)
    reported = list(plan.loc[plan["reason"] == desk.REPORTED, "code"])[:3]
    assert reported and desk.to_send(plan, reported, overridden=reported) == []


def test_smtp_settings_are_checked_and_say_what_to_fix():
    assert smtp_settings(None) is None and smtp_settings({}) is None
    with pytest.raises(CampaignError, match="'from' is missing"):
        smtp_settings({"host": "mail.mic.gov.vn"})
    with pytest.raises(CampaignError, match="security"):
        smtp_settings({"host": "h", "from": "a@b.vn", "security": "tls1"})
    with pytest.raises(CampaignError, match="unknown key 'passwd'"):
        smtp_settings({"host": "h", "from": "a@b.vn", "passwd": "x"})
    with pytest.raises(CampaignError, match="ASCII"):
        smtp_settings({"host": "h", "from": "a@b.vn", "user": "u", "password": "mật-khẩu"})
    assert smtp_settings({"host": "h", "from": "a@b.vn", "security": "ssl"}).port == 465


def test_each_email_is_an_entry_with_its_own_id(config):
    one = desk.email_sent(config, agency_code="P01", sent_at=NOW, to=["a@x.vn"], message_id="<1@x>", by="Lan")
    two = desk.email_sent(config, agency_code="P01", sent_at=NOW, to=["a@x.vn"], message_id="<2@x>", by="Lan")
    assert one["id"] != two["id"] and one["channel"] == "Email"  # the store's Vietnamese word
    assert urllib.parse.quote(one["note"])  # plain text


class _FullStore:
    """A store that takes no entry (a quota, a lost network): the first email goes, then nothing more."""

    def __init__(self):
        self.tries = 0

    def append(self, kind, entry):
        from data_sources.store import StoreWriteError

        self.tries += 1
        raise StoreWriteError("the store is full", "kho lưu đã đầy")


def test_no_email_goes_out_unlogged_past_the_first_the_store_refused(tmp_path, config, report):
    codes = desk.to_send(_plan(report), report.agencies["code"], limit=3)
    store = _FullStore()
    with smtp_server(tmp_path) as (inbox, table), SmtpMailer(smtp_settings(table)) as mailer:
        result = desk.send_reminders(config, _emails(report, config, codes), mailer, store, by="Lan")
    assert len(inbox.received) == 1 and store.tries == 1
    assert [c for c, _ in result.sent] == codes[:1] and "kho lưu" in result.stopped.vi


def test_an_agency_phoned_lately_is_not_chosen_by_default_but_may_be_emailed(config, report):
    due = list(_plan(report).query("reason == ''")["code"])
    called = due[0]
    entry = desk.chase(config, agency_code=called, contacted_at=NOW - dt.timedelta(hours=2), channel="phone", by="Lan", nonce="c")
    plan = _plan(report, pd.DataFrame([entry]).assign(channel="phone"))
    assert plan.set_index("code").at[called, "reason"] == desk.CONTACTED
    assert desk.to_send(plan, [called]) == [called]  # chosen by the coordinator: no override needed
    failed = desk.email_failed(config, agency_code=due[1], tried_at=NOW, to=["x@y.vn"], answer="550", by="Lan")
    plan = _plan(report, pd.DataFrame([failed]).assign(channel=EMAIL_FAILED))
    assert plan.set_index("code").at[due[1], "reason"] == ""  # a reminder that never left holds nothing back
