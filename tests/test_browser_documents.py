"""The Export page's documents in a real browser at phone width: what the documents still lack is said, the coordinator
types it and saves it, and the page says what is left (screenshots in tests/artifacts/)."""

from __future__ import annotations

import pytest

from campaign.config import load_config
from campaign.store import DOCUMENT_SETTINGS
from data_sources.sqlite_store import SqliteStore
from tests.test_browser import CHROMIUM, _script_done, _shot, _streamlit, _with_log

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} not installed (apt-get install chromium)")

PHONE = {"width": 390, "height": 844}


def test_the_coordinator_fills_in_what_the_documents_lack_on_a_phone(browser, tmp_path, monkeypatch):
    store = tmp_path / "campaign.sqlite"
    monkeypatch.setenv("CAMPAIGN_STORE_PATH", str(store))
    monkeypatch.setenv("DASHBOARD_NOW", "2021-06-04T09:00")
    with _streamlit(tmp_path) as (url, log_path):

        def check():
            page = browser.new_page(viewport=PHONE)
            try:
                page.goto(f"{url}/xuat-du-lieu")
                _script_done(page)
                page.get_by_text("Báo cáo kết quả còn thiếu").first.wait_for(timeout=60_000)
                page.get_by_text("Thông tin cần điền cho văn bản").first.scroll_into_view_if_needed()
                _shot(page, "documents-export-phone-before")
                who = page.locator(".st-key-desk_who input").first  # who saves, typed once per session
                who.fill("Đào Ngọc Tuyền")
                who.press("Enter")
                _script_done(page)
                page.locator('[class*="st-key-doc_original_number_"] input').fill("1234/BTTTT-HTQT")
                page.locator('[class*="st-key-doc_report_signer_name_"] input').fill("Nguyễn Văn Tuấn")
                page.locator('[class*="st-key-doc_proposals_"] textarea').fill("=1+1 Đề nghị biểu dương các đơn vị.")
                page.get_by_role("button", name="Lưu thông tin").click()
                page.get_by_text("Đã lưu").first.wait_for(timeout=60_000)
                _script_done(page)
                page.get_by_text("Công văn đôn đốc còn thiếu").first.scroll_into_view_if_needed()
                _shot(page, "documents-export-phone-saved")
                assert page.locator('[data-testid="stException"]').count() == 0
                alerts = page.locator('[data-testid="stAlertContentWarning"]').all_inner_texts()
                left = [text.strip().splitlines()[-1] for text in alerts]  # after the icon's name
                assert sorted(left) == [  # the date is all that is left; the ITU report has all it needs
                    "Báo cáo kết quả còn thiếu: Ngày công văn gốc.",
                    "Công văn đôn đốc còn thiếu: Ngày công văn gốc.",
                ], left
                assert page.locator('[class*="st-key-doc_original_number_"] input').input_value() == "1234/BTTTT-HTQT"
            finally:
                page.close()

        _with_log(log_path, check)
    # The demo keeps its own file beside the configured one: the saved entry is there, the formula as typed.
    demo = SqliteStore(store.with_name("campaign-demo.sqlite"), load_config()).read()[DOCUMENT_SETTINGS]
    assert list(demo["original_number"]) == ["1234/BTTTT-HTQT"] and demo["proposals"].iloc[0].startswith("=1+1")
    assert list(demo["by"]) == ["Đào Ngọc Tuyền"]
