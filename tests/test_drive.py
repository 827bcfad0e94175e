"""Evidence files through the Drive API (data_sources/drive.py) against the fake Google on 127.0.0.1: files.get with
the read-only Drive scope, the thumbnail, and a file the service account cannot open listed as needing access."""

from __future__ import annotations

import datetime as dt

from campaign.config import load_config
from campaign.evidence import NEEDS_ACCESS, OPEN, PHOTO, kind_of
from campaign.store import LINK_CHECKS
from data_sources.demo_evidence import demo_photo
from data_sources.drive import DRIVE_SCOPES, DriveFiles
from data_sources.gsheets import RebasedSession
from data_sources.links import LinkChecker, check_links
from data_sources.sqlite_store import SqliteStore
from data_sources.thumbnails import make_thumbnail

pytest_plugins = ["fake_sheets"]

SHARED, CLOSED, HIDDEN = "1SharedPhotoAbCdEfGhIjKlMnOp", "1ClosedFileAbCdEfGhIjKlMnOp", "1HiddenFileAbCdEfGhIjKlMnOp"


def _link(file_id: str) -> str:
    return f"https://drive.google.com/open?id={file_id}"


def _drive(google, key_info) -> DriveFiles:
    return DriveFiles(key_info, session=RebasedSession(google.url))


def test_a_shared_file_opens_with_its_name_type_size_owner_and_thumbnail(google, key_info):
    thumb = make_thumbnail(demo_photo(0, 2021))
    google.add_drive_file(
        SHARED, name="le-mit-tinh.jpg", mimeType="image/jpeg", size="123456",
        owners=[{"displayName": "Sở TT&TT Huế", "emailAddress": "stttt@hue.example"}], thumbnail=thumb,
    )  # fmt: skip
    result = _drive(google, key_info).check(_link(SHARED))
    assert (result.state, result.status, result.content_type) == (OPEN, 200, "image/jpeg")
    assert "le-mit-tinh.jpg" in result.detail and "stttt@hue.example" in result.detail and "123456" in result.detail
    assert result.body == thumb and kind_of(_link(SHARED), result.content_type) == PHOTO
    assert google.token_claims[-1]["scope"] == " ".join(DRIVE_SCOPES)  # drive.readonly, nothing more


def test_a_file_not_shared_with_the_account_needs_access_and_says_whom_to_ask(google, key_info):
    google.add_drive_file(CLOSED, shared=403, name="x")
    drive = _drive(google, key_info)
    for file_id in (CLOSED, HIDDEN):  # 403, and 404 as Drive answers for a file the account cannot see at all
        result = drive.check(_link(file_id))
        assert result.state == NEEDS_ACCESS and key_info["client_email"] in result.detail and "share" in result.detail


def test_a_link_that_is_not_a_drive_file_is_left_to_the_link_check(google, key_info):
    assert _drive(google, key_info).check("https://example.org/anh.jpg") is None
    assert google.counts["drive"] == 0


def test_the_link_check_asks_drive_first_and_keeps_its_answer_in_the_store(google, key_info, tmp_path):
    google.add_drive_file(SHARED, name="a.jpg", mimeType="image/jpeg")
    config = load_config()
    store = SqliteStore(tmp_path / "s.sqlite", config)
    checker = LinkChecker(resolve=lambda host, port: [], first=_drive(google, key_info).check)
    results = check_links([_link(SHARED), _link(HIDDEN)], store, config, checker, today=dt.date(2021, 6, 2), by="t")
    assert [r.state for r in results] == [OPEN, NEEDS_ACCESS]
    assert store.read()[LINK_CHECKS]["content_type"].tolist() == ["image/jpeg", ""]
