"""From an email of the mailbox to a counted report: "Ghi nhận" fills the emailed-report form, the saved entry
keeps the Message-ID, one email is recorded once, the coordinator's "not a report" is kept in the store."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import pytest

from campaign import desk
from campaign.mail_candidates import (
    NOT_A_REPORT,
    RECORDED,
    TO_DO,
    Mail,
    candidates,
    mail_status,
    not_reports,
    recording_values,
    waiting_by_agency,
)
from campaign.report import build_report
from campaign.store import EMAIL_REPORTS, MAIL_MARKS
from data_sources.files import FileSource
from data_sources.sqlite_store import SqliteStore
from tests import mail_samples
from tests.test_desk import SHEET_HEADER


@pytest.fixture(scope="module")
def found(config):
    mails = [
        Mail(uid=i, received=s.received, size=len(s.data), header=s.data.split(b"\n\n")[0], body=s.data)
        for i, s in enumerate(mail_samples.samples())
    ]
    return {c.message_id: c for c in candidates(mails, mail_samples.roster(config), config)}


def record(config, store, values, nonce="n1"):
    refs = desk.recorded_refs(store.read()[EMAIL_REPORTS])
    entry = desk.email_report(
        config, **values, ticked=["banner"], quantities={"banner": 20}, recorded=refs, by="Lan", nonce=nonce
    )
    desk.record(store, EMAIL_REPORTS, entry)


def test_recording_an_email_fills_the_form_with_its_agency_moment_evidence_and_message_id(found):
    values = recording_values(found["<hanoi-signed@hanoi.example.vn>"])
    assert values["agency_code"] == "P01" and values["email_ref"] == "<hanoi-signed@hanoi.example.vn>"
    assert values["received_at"] == dt.datetime(2021, 6, 1, 9, tzinfo=mail_samples.VN)
    assert "Báo cáo ký số.pdf (có chữ ký số) (2 trang)" in values["evidence"] and "anh-bang-ron.jpg" in values["evidence"]
    assert recording_values(found["<who@unknown.example>"])["agency_code"] is None


def test_a_recorded_email_counts_its_agency_by_when_it_arrived_with_source_email(tmp_path, config, found):
    store = SqliteStore(tmp_path / "s.sqlite", config)
    record(config, store, recording_values(found["<late@viettel.example.vn>"]))
    record(config, store, recording_values(found["<hanoi-signed@hanoi.example.vn>"]))
    raw = FileSource(config, SHEET_HEADER, "responses.csv").read()  # nobody answered the Form
    report = build_report(dataclasses.replace(raw, store=store.read()), config)
    status = report.agencies.set_index("code")["status"]
    assert (status["P01"], status["VIETTEL"]) == ("on_time", "late")  # by when the server received each email
    assert (status.drop(["P01", "VIETTEL"]) == "missing").all()
    counted = report.submissions[report.submissions["category"] == "counted"]
    assert sorted(zip(counted["agency_code"], counted["source"])) == [("P01", "email"), ("VIETTEL", "email")]
    assert counted["banner"].tolist() == [20, 20]


def test_the_same_email_recorded_twice_is_refused_and_counts_once(tmp_path, config, found):
    store = SqliteStore(tmp_path / "s.sqlite", config)
    values = recording_values(found["<late@viettel.example.vn>"])
    record(config, store, values, nonce="first-press")
    with pytest.raises(desk.AlreadyRecorded) as caught:
        record(config, store, values, nonce="another-coordinator")
    assert "đã được ghi nhận" in caught.value.vi
    saved = store.read()[EMAIL_REPORTS]
    assert saved["email_ref"].tolist() == ["<late@viettel.example.vn>"]


def test_each_email_is_to_do_recorded_or_not_a_report_and_an_undo_takes_the_mark_back(tmp_path, config, found):
    store = SqliteStore(tmp_path / "s.sqlite", config)
    record(config, store, recording_values(found["<late@viettel.example.vn>"]))
    unknown = found["<who@unknown.example>"]
    desk.record(
        store, MAIL_MARKS, desk.mail_mark(config, message_id=unknown.message_id, subject=unknown.subject, by="Lan", nonce="m1")
    )
    data = store.read()
    refs, marked = desk.recorded_refs(data[EMAIL_REPORTS]), not_reports(data[MAIL_MARKS])
    assert data[MAIL_MARKS]["decision"].tolist() == [NOT_A_REPORT]  # read back from its Vietnamese word
    assert mail_status(found["<late@viettel.example.vn>"], refs, marked) == RECORDED
    assert mail_status(unknown, refs, marked) == NOT_A_REPORT
    assert mail_status(found["<auto@hcm.example.vn>"], refs, marked) == NOT_A_REPORT  # an automatic reply
    assert mail_status(found["<yenbai@yenbai.example.vn>"], refs, marked) == TO_DO
    later = dataclasses.replace(config)
    undo = desk.mail_mark(later, message_id=unknown.message_id, undo=True, by="Lan", nonce="m2")
    undo["at"] = "2099-01-01T00:00:00+07:00"
    desk.record(store, MAIL_MARKS, undo)
    assert mail_status(unknown, refs, not_reports(store.read()[MAIL_MARKS])) == TO_DO


def test_an_agency_whose_email_waits_is_counted_as_waiting_until_recorded(found):
    waiting = waiting_by_agency(found.values(), frozenset(), frozenset())
    assert waiting["P15"] == 1 and "P79" not in waiting  # the automatic reply waits for nothing
    assert "P15" not in waiting_by_agency(found.values(), frozenset({"<yenbai@yenbai.example.vn>"}), frozenset())


def test_not_reports_keep_the_latest_mark_per_email():
    marks = pd.DataFrame(
        {"message_id": ["<a>", "<a>", "<b>"], "decision": [NOT_A_REPORT, "undo", NOT_A_REPORT], "at": ["1", "2", "1"]}
    )
    assert not_reports(marks) == frozenset({"<b>"})


def test_a_reference_typed_by_hand_may_be_given_to_two_reports(tmp_path, config):
    store = SqliteStore(tmp_path / "s.sqlite", config)
    for code in ("P01", "P02"):
        values = {"agency_code": code, "received_at": dt.datetime(2021, 6, 2, tzinfo=config.tz), "email_ref": "V/v báo cáo"}
        record(config, store, values, nonce=code)
    assert store.read()[EMAIL_REPORTS]["agency_code"].tolist() == ["P01", "P02"]


def _one(config, roster, sender, subject, body="Kính gửi Vụ."):
    msg = mail_samples.message(sender, subject, body, dt.datetime(2021, 6, 1, 9, tzinfo=mail_samples.VN))
    data = msg.as_bytes()
    mail = Mail(uid=1, received=dt.datetime(2021, 6, 1, 2, tzinfo=dt.UTC), size=len(data), header=data, body=data)
    return candidates([mail], roster, config)[0]


def test_a_domain_several_agencies_write_from_gives_the_list_to_pick_from_never_one_of_them(config):
    roster = mail_samples.roster(config)
    roster.loc[roster["code"] == "P02", "email"] = "vanphong@hanoi.example.vn"  # two agencies, one domain
    found = _one(config, roster, "ai@hanoi.example.vn", "Gửi Vụ")
    assert (found.agency_code, found.choices, found.why) == ("", ("P01", "P02"), "domain_many")
    named = _one(config, roster, "ai@hanoi.example.vn", "Báo cáo - Sở TT&TT Hà Giang")  # the subject settles it
    assert (named.agency_code, named.why) == ("P02", "subject")


def test_an_email_naming_two_agencies_is_matched_to_neither(config):
    found = _one(config, mail_samples.roster(config), "ai@unknown.example", "Sở TT&TT Hà Nội - Sở TT&TT Hà Giang")
    assert (found.agency_code, found.why) == ("", "names_disagree") and set(found.choices) == {"P01", "P02"}


def test_a_webmail_domain_says_nothing_of_who_wrote(config):
    roster = mail_samples.roster(config)
    roster.loc[roster["code"] == "P02", "email"] = "sotttthagiang@gmail.com"
    found = _one(config, roster, "someone.else@gmail.com", "Xin chào")
    assert (found.agency_code, found.choices, found.why) == ("", (), "unknown")
