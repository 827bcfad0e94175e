"""The department's mailbox as a source, against a real Dovecot on 127.0.0.1: read-only, bounded, every email a
candidate with its agency and why, its moment, its attachments and the quantities it states."""

from __future__ import annotations

import dataclasses
import io

import pytest
from imapclient import IMAPClient
from PIL import Image

from campaign.config import load_config
from campaign.errors import CampaignError, SourceError
from campaign.mail_candidates import candidates
from data_sources.mailbox import inbox_settings, read_mailbox
from tests import mail_samples
from tests.imap_server import dovecot, maildir_fingerprint

SAMPLES = mail_samples.samples()


def mails():
    return [(s.data, s.received.timestamp()) for s in SAMPLES]


@pytest.fixture(scope="module")
def config():
    base = load_config()
    return dataclasses.replace(base, mailbox=dataclasses.replace(base.mailbox, max_message_mb=mail_samples.BIG_BOUND_MB))


@pytest.fixture(scope="module")
def server():
    with dovecot(mails()) as running:
        yield running


@pytest.fixture(scope="module")
def read(server, config):
    return read_mailbox(inbox_settings(server.secrets()), config)


@pytest.fixture(scope="module")
def by_key(read, config):
    found = {c.message_id: c for c in candidates(read.mails, mail_samples.roster(config), config)}
    ids = {s.key: _message_id(s.data) for s in SAMPLES}
    return {key: found[mid] for key, mid in ids.items() if mid in found}


def _message_id(data: bytes) -> str:
    for line in data.split(b"\n"):
        if line.lower().startswith(b"message-id:"):
            return line.split(b":", 1)[1].strip().decode()
    raise AssertionError("sample without a Message-ID")


def test_a_read_leaves_the_mailbox_byte_identical(server, config):
    before = maildir_fingerprint(server.maildir)
    read_mailbox(inbox_settings(server.secrets()), config)
    read_mailbox(inbox_settings(server.secrets()), config)
    assert maildir_fingerprint(server.maildir) == before


def test_the_byte_check_sees_a_reader_that_marks_mail_read():
    """The probe: a read-write SELECT and a FETCH without PEEK change the Maildir, and the fingerprint says so."""
    with dovecot(mails()[:2]) as other:
        before = maildir_fingerprint(other.maildir)
        client = IMAPClient("127.0.0.1", port=other.port, ssl=False, timeout=5)
        client.login(*(other.secrets()[k] for k in ("user", "password")))
        client.select_folder("INBOX")
        client.fetch(client.search(), ["BODY[]"])
        client.logout()
        assert maildir_fingerprint(other.maildir) != before


def test_every_email_of_the_campaign_days_is_read_newest_first_and_none_outside(read):
    assert len(read.mails) == len(SAMPLES) - 1 and read.left_out == 0
    moments = [m.received for m in read.mails]
    assert moments == sorted(moments, reverse=True)
    assert all(m.received.tzinfo is not None for m in read.mails)
    assert not any(b"<old@hanoi.example.vn>" in m.header for m in read.mails)


def test_at_most_max_messages_are_read_the_newest_and_the_rest_counted(server, config):
    few = dataclasses.replace(config, mailbox=dataclasses.replace(config.mailbox, max_messages=3))
    read = read_mailbox(inbox_settings(server.secrets()), few)
    newest = sorted((s.received for s in SAMPLES if s.key != "outside"), reverse=True)[:3]
    assert [m.received for m in read.mails] == newest and read.left_out == len(SAMPLES) - 1 - 3


@pytest.mark.parametrize("key", sorted(mail_samples.EXPECTED))
def test_each_sample_email_becomes_its_candidate(by_key, key, config):
    agency, why, when = mail_samples.EXPECTED[key]
    found = by_key[key]
    sample = next(s for s in SAMPLES if s.key == key)
    assert (found.agency_code, found.why, found.timeliness) == (agency, why, when)
    assert found.received == config.local(sample.received)


def test_the_received_moment_is_the_servers_and_the_date_header_is_kept_beside_it(by_key):
    late = by_key["late"]
    assert str(late.received) == "2021-06-07 09:00:00+07:00" and "Jun 2021" in late.date_header


def test_a_vietnamese_subject_is_read_from_its_rfc_2047_encoding(by_key):
    assert b"=?utf-8?" in next(s.data for s in SAMPLES if s.key == "signed_pdf")
    assert by_key["signed_pdf"].subject.startswith("Báo cáo kết quả tổ chức Ngày Viễn thông")


def test_attachments_are_listed_with_their_type_size_pages_and_signature(by_key):
    files = {a.name: a for a in by_key["signed_pdf"].attachments}
    signed, photo = files["Báo cáo ký số.pdf"], files["anh-bang-ron.jpg"]
    assert (signed.kind, signed.pages, signed.signed) == ("pdf", 2, True)
    assert photo.kind == "image" and photo.content_type == "image/jpeg" and photo.size > 100
    assert photo.thumbnail.startswith(b"\x89PNG") and signed.thumbnail is None  # a picture drawn again, small
    unsigned = {a.name: a for a in by_key["unsigned_pdf"].attachments}
    assert (unsigned["bao-cao.pdf"].pages, unsigned["bao-cao.pdf"].signed) == (3, False)
    assert unsigned["hoi-thao.png"].content_type == "image/png"
    assert [(a.name, a.kind) for a in by_key["video"].attachments] == [("mit-tinh.mp4", "video")]


def test_an_email_over_the_size_bound_is_listed_from_its_headers_only(by_key, config):
    big = by_key["big"]
    assert not big.complete and big.attachments == () and big.size > config.mailbox.max_message_mb * 1024 * 1024
    assert big.agency_code == "P04" and big.subject == "Báo cáo kèm video lớn"


def test_quantities_stated_in_the_text_are_offered_as_suggestions(by_key):
    assert by_key["signed_pdf"].suggestions == {"banner": 20, "article": 15, "participants": 300}
    assert by_key["forwarded"].suggestions == {"webinar": 2}
    assert by_key["html_script"].suggestions == {"banner": 12}
    assert by_key["unknown"].suggestions == {}


def test_an_automatic_reply_is_flagged_as_no_report_and_a_reply_to_our_reminder_as_a_reply(by_key):
    assert by_key["auto_reply"].not_a_report == "auto_reply"
    assert by_key["reply"].reply and not by_key["reply"].not_a_report
    assert not by_key["signed_pdf"].reply and not by_key["signed_pdf"].not_a_report


def test_malformed_mime_is_a_candidate_with_a_problem_never_lost(by_key):
    broken = by_key["malformed"]
    assert broken.agency_code == "P06" and broken.problem
    assert [a.name for a in broken.attachments] == ["x.pdf"] and broken.attachments[0].problem.startswith("PDF")


def test_an_html_only_email_is_read_as_text_without_its_script(by_key):
    text = by_key["html_script"].text
    assert "treo 12 băng rôn" in text and "alert" not in text and "<" not in text


def test_a_wrong_password_says_what_to_check_in_both_languages(server, config):
    settings = inbox_settings({**server.secrets(), "password": "sai"})
    with pytest.raises(SourceError) as caught:
        read_mailbox(settings, config)
    assert "[inbox]" in caught.value.en and "mật khẩu" in caught.value.vi


def test_a_mailbox_out_of_reach_is_a_source_error(config):
    with dovecot(mails()[:1]) as other:
        settings = inbox_settings(other.secrets())
    with pytest.raises(SourceError) as caught:
        read_mailbox(settings, config)
    assert "Không đọc được hộp thư" in caught.value.vi


def test_inbox_secrets_refuse_a_password_in_clear_over_the_network():
    with pytest.raises(CampaignError):
        inbox_settings({"host": "mail.mic.gov.vn", "security": "none", "user": "u", "password": "p"})
    with pytest.raises(CampaignError):
        inbox_settings({"host": "mail.mic.gov.vn", "user": "u", "password": "p", "pasword": "typo"})
    settings = inbox_settings({"host": "mail.mic.gov.vn", "user": "u", "password": "p"})
    assert (settings.security, settings.port, settings.folder) == ("ssl", 993, "INBOX")


def test_whole_emails_are_fetched_newest_first_within_the_reads_budget(server, config):
    budget = 4_000 / 1024 / 1024  # bytes, in MB: a few small emails
    tight = dataclasses.replace(config, mailbox=dataclasses.replace(config.mailbox, max_total_mb=budget))
    read = read_mailbox(inbox_settings(server.secrets()), tight)
    whole = [m for m in read.mails if m.body is not None]
    assert whole and sum(m.size for m in whole) <= 4_000
    assert any(m.body is None and m.size < 4_000 for m in read.mails)  # small, but past the budget: headers only
    assert len(read.mails) == len(SAMPLES) - 1  # none left out of the list


def test_a_picture_claiming_too_many_pixels_gets_no_thumbnail():
    from campaign.mail_candidates import thumbnail

    assert thumbnail(mail_samples.picture("PNG")).startswith(b"\x89PNG")
    huge = io.BytesIO()
    Image.new("1", (8000, 8000)).save(huge, format="PNG")  # 64 million pixels, a few kilobytes
    assert thumbnail(huge.getvalue()) is None and thumbnail(b"not a picture") is None
