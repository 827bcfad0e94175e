"""The coordinator saving into the Google Sheet through the app (AppTest, real gspread against the fake Sheets API)."""

from __future__ import annotations

import pytest
from sheet_samples import SHEET_KEY, SHEET_TITLE, sample_answers, sample_roster_rows, sheet_values
from streamlit.testing.v1 import AppTest

from campaign.access import hash_password
from dashboard import access
from dashboard.forms.saving import WHO_KEY
from data_sources.gsheets import SHEETS_API_BASE_ENV
from tests.apptest import APP

pytest_plugins = ["fake_sheets"]
pytestmark = pytest.mark.usefixtures("fresh_streamlit_cache")

PASSWORD = "mật-khẩu-điều-phối-2021"


def _app(google, key_info, monkeypatch, writes: bool) -> AppTest:
    monkeypatch.setenv(SHEETS_API_BASE_ENV, google.url)
    at = AppTest.from_file(APP, default_timeout=90)
    at.secrets["sheet"] = {"url": f"https://docs.google.com/spreadsheets/d/{SHEET_KEY}/edit", "store_writes": writes}
    at.secrets["gcp_service_account"] = key_info
    at.secrets["access"] = {"password_hash": hash_password(PASSWORD, iterations=1000)}
    at.session_state[WHO_KEY] = "Đào Ngọc Tuyền"
    at.run()
    at.text_input(key=access.PASSWORD_KEY).input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    assert at.radio(key="source").value == "sheet"
    return at


def _add(google, config, editor=True):
    tabs = {
        config.sheet.responses_tab: sheet_values(config, sample_answers(config)),
        config.sheet.roster_tab: sample_roster_rows(),
    }
    google.add_sheet(SHEET_KEY, SHEET_TITLE, "Asia/Ho_Chi_Minh", tabs, editor=editor)


def _chase(at: AppTest, code: str, note: str) -> AppTest:
    at.switch_page("app_pages/followup.py").run()
    at.selectbox(key="chase_agency").select(code).run()
    at.text_input(key="chase_contact").input("Chị Lan")
    at.text_area(key="chase_note").input(note).run()
    at.button(key="chase_save").click().run()
    assert not at.exception
    return at


def _texts(at: AppTest) -> str:
    """The messages shown, with Markdown's escaping taken off."""
    return "\n".join(str(e.value) for kind in ("error", "warning", "info", "success") for e in at.get(kind)).replace("\\", "")


def test_a_chase_saved_in_the_sheet_creates_its_tab_and_the_refresh_after_it_is_two_requests(
    google, key_info, config, monkeypatch
):
    _add(google, config)
    at = _app(google, key_info, monkeypatch, writes=True)
    at.switch_page("app_pages/followup.py").run()
    google.counts.clear()
    _chase(at, "P01", '=IMPORTXML("http://x")')
    assert "Đã lưu" in _texts(at)
    # The tab looked up (another process may have made it), created, then its header and the entry written;
    # then the fresh read after the save.
    assert (google.write_requests, google.counts["batch_update"], google.counts["append"]) == (2, 1, 1)
    assert google.counts["metadata"] + google.counts["values"] == 1 + 2
    tab = google.spreadsheets[SHEET_KEY].tabs["Nhật ký đôn đốc"]
    assert tab[0] == config.store.tabs["chases"].header_row and tab[1][5] == '=IMPORTXML("http://x")'
    log = next(d.value for d in at.dataframe if "Thời điểm liên hệ" in d.value.columns)
    assert log.iloc[0]["Mã"] == "P01"


def test_with_viewer_access_a_save_says_so_keeps_the_entry_and_the_app_keeps_reading(google, key_info, config, monkeypatch):
    _add(google, config, editor=False)
    at = _app(google, key_info, monkeypatch, writes=True)
    _chase(at, "P01", "gọi lần 1")
    text = _texts(at)
    assert "chỉ có quyền xem" in text and "Người chỉnh sửa (Editor)" in text
    assert at.text_input(key="chase_contact").value == "Chị Lan"
    at.radio(key="lang").set_value("en").run()
    at.button(key="chase_save").click().run()
    assert "may only view the sheet" in _texts(at) and "Editor access" in _texts(at)
    assert at.dataframe  # the figures are still there


def test_with_writes_off_the_app_reads_with_the_read_only_scope_and_says_how_to_save(google, key_info, config, monkeypatch):
    _add(google, config)
    at = _app(google, key_info, monkeypatch, writes=False)
    assert google.token_claims[-1]["scope"].endswith("spreadsheets.readonly https://www.googleapis.com/auth/drive.readonly")
    _chase(at, "P01", "x")
    assert "store_writes = true" in _texts(at)
    assert google.write_requests == 0


def test_a_store_tab_with_a_changed_header_is_named_and_the_rest_of_the_app_works(google, key_info, config, monkeypatch):
    spec = config.store.tabs["chases"]
    _add(google, config)
    google.spreadsheets[SHEET_KEY].tabs[spec.title] = [["Ngày", "Đơn vị"], ["2021-06-01", "P01"]]
    at = _app(google, key_info, monkeypatch, writes=True)
    warning = _texts(at)
    assert f"'{spec.title}'" in warning and " | ".join(spec.header_row) in warning
    assert at.metric  # the overview's figures are there
    _chase(at, "P01", "x")
    assert "Chưa lưu được" in _texts(at) and google.write_requests == 0
