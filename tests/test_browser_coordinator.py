"""The coordinator in a real browser (headless Chromium): resolve a name, record a chase, enter an emailed report.

Its own server and its own store (CAMPAIGN_STORE_PATH): what it saves is read back from the SQLite file, and the
overview's tiles (text in the page, unlike the canvas tables) say the agencies turned reported.
"""

from __future__ import annotations

import pytest

from campaign.store import CHASES, EMAIL_REPORTS, RESOLUTIONS
from data_sources.sqlite_store import SqliteStore
from tests.test_browser import CHROMIUM, _open, _script_done, _shot, _streamlit, _with_log

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} not installed (apt-get install chromium)")


def _tile(page, label: str) -> int:
    metric = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return int(metric.locator('[data-testid="stMetricValue"]').inner_text().replace(".", ""))


def _pick(page, key: str, text: str) -> None:
    """Type into a select box (its search) and take the first option that matches."""
    box = page.locator(f".st-key-{key} input").first
    box.click()
    box.fill(text)
    page.locator('[role="option"]').filter(has_text=text).first.click()
    _script_done(page)


WHO = "Đào Ngọc Tuyền"


def _who(page) -> None:
    """The name written with every entry (typed once per session: each page opened by address is a new one)."""
    box = page.locator(".st-key-desk_who input").first
    box.fill(WHO)
    box.press("Enter")
    _script_done(page)


def _save(page, key: str) -> None:
    page.locator(f".st-key-{key} button").first.click()
    page.get_by_text("Đã lưu").first.wait_for(timeout=60_000)
    _script_done(page)


def test_the_coordinator_resolves_a_name_records_a_chase_and_enters_an_emailed_report(browser, tmp_path, monkeypatch, config):
    monkeypatch.setenv("CAMPAIGN_STORE_PATH", str(tmp_path / "campaign.sqlite"))
    with _streamlit(tmp_path) as (url, log_path):

        def check():
            page = _open(browser, url)
            try:
                page.wait_for_selector('[data-testid="stMetric"]', timeout=60_000)
                reported, late = _tile(page, "Đã báo cáo"), _tile(page, "Trễ hạn")

                # 1. Data quality: the generic name is Điện Biên's.
                page.goto(f"{url}/chat-luong")
                _script_done(page)
                _who(page)
                _pick(page, "resolve_name", "Sở Thông tin và Truyền thông ·")
                _pick(page, "resolve_agency", "P11")
                _save(page, "resolve_save")
                _shot(page, "coordinator-resolved")

                # 2. Follow-up: a phone call to Hưng Yên, with a note that looks like a formula.
                page.goto(f"{url}/don-doc")
                _script_done(page)
                _who(page)
                _pick(page, "chase_agency", "P33")
                page.locator(".st-key-chase_channel label").filter(has_text="Điện thoại").first.click()
                page.locator(".st-key-chase_contact input").fill("Chị Bùi Thu Trang")
                page.locator(".st-key-chase_note textarea").fill("=1+1 hẹn gửi ngày mai")
                _save(page, "chase_save")
                _shot(page, "coordinator-chased")

                # 3. Coordinator page: Bắc Giang's report came by email (received now: late).
                page.goto(f"{url}/dieu-phoi")
                _script_done(page)
                _who(page)
                _pick(page, "email_agency", "P24")
                _pick(page, "email_activities", "Tổ chức mít-tinh")
                page.locator(".st-key-email_ref input").fill("V/v báo cáo Ngày 17/5 - Sở TT&TT Bắc Giang")
                _save(page, "email_save")
                _shot(page, "coordinator-emailed")
                assert page.locator('[data-testid="stException"]').count() == 0

                # A fresh page: the overview counts both agencies as reported, the emailed one late.
                page.goto(url)
                page.wait_for_selector('[data-testid="stMetric"]', timeout=60_000)
                assert _tile(page, "Đã báo cáo") == reported + 2
                assert _tile(page, "Trễ hạn") == late + 1
            finally:
                page.close()

        _with_log(log_path, check)
    store = SqliteStore(tmp_path / "campaign-demo.sqlite", config).read()
    assert store[RESOLUTIONS]["agency_code"].tolist()[-1] == "P11"
    chase = store[CHASES].iloc[-1]
    assert (chase["agency_code"], chase["channel"], chase["note"]) == ("P33", "phone", "=1+1 hẹn gửi ngày mai")
    assert {store[k]["by"].tolist()[-1] for k in (RESOLUTIONS, CHASES, EMAIL_REPORTS)} == {WHO}
    assert store[EMAIL_REPORTS]["agency_code"].tolist()[-1] == "P24"


def test_a_contact_edited_in_the_roster_grid_is_saved_and_reaches_follow_up(browser, tmp_path, monkeypatch, config):
    """st.data_editor cannot be driven by AppTest: here a real grid is edited with the keyboard, as a person does."""
    from campaign.report import build_report
    from campaign.roster import roster_as_stored
    from data_sources.demo import DemoSource, demo_store
    from data_sources.stores import read_with_store

    monkeypatch.setenv("CAMPAIGN_STORE_PATH", str(tmp_path / "campaign.sqlite"))
    demo_store(config, reset=True)  # as the server seeds it when it starts
    raw = read_with_store(DemoSource(config), config)
    roster = roster_as_stored(raw, config)
    missing = set(build_report(raw, config).agencies.query("status == 'missing'")["code"])  # as the app counts
    row = next(i for i, code in enumerate(roster["code"]) if code in missing)
    code, new_email = roster["code"].iloc[row], "van.thu.moi@stttt.example"
    with _streamlit(tmp_path) as (url, log_path):

        def check():
            page = _open(browser, f"{url}/dieu-phoi")
            try:
                _who(page)
                page.locator("[data-testid='stExpander'] summary").filter(has_text="Sửa toàn bộ danh sách").first.click()
                grid = page.locator("[data-testid='stDataFrame'], [data-testid='stDataEditor']").last
                grid.wait_for(timeout=30_000)
                _script_done(page)
                editor = page.locator("textarea.gdg-input").first
                for _attempt in range(4):  # a loaded machine may draw the grid's rows after the first click
                    box = grid.bounding_box()
                    page.mouse.click(box["x"] + 40, box["y"] + 35 + 17)  # a cell of the first rows
                    for key in ("ArrowUp", "ArrowLeft"):  # wherever the click landed: the first row's code
                        for _ in range(8):
                            page.keyboard.press(key)
                    for _ in range(row):
                        page.keyboard.press("ArrowDown")
                    for _ in range(4):  # code, name, group, contact → email
                        page.keyboard.press("ArrowRight")
                    page.keyboard.press("Enter")  # the grid's cell editor opens over the cell
                    try:
                        editor.wait_for(timeout=15_000)
                        break
                    except Exception:  # noqa: BLE001 - playwright's timeout: select the cell again
                        page.keyboard.press("Escape")
                editor.fill(new_email)
                editor.press("Enter")
                _shot(page, "coordinator-roster-grid")
                _save(page, "roster_save_all")
                page.goto(f"{url}/don-doc")
                _script_done(page)
                line = page.locator('[data-testid="stCode"]').filter(has_text="@").first.inner_text()
                assert new_email in line
            finally:
                page.close()

        _with_log(log_path, check)
    edits = SqliteStore(tmp_path / "campaign-demo.sqlite", config).read()["roster"].set_index("code")
    assert edits.at[code, "email"] == new_email
