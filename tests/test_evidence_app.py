"""The evidence gallery in the app (AppTest, demo data): the coordinator sees every piece with its state and who sent
it, and picks photos for the reports; a leader sees the photos and the links, never who sent them."""

from __future__ import annotations

import time

import pytest
from streamlit.testing.v1 import AppTest

from campaign.access import hash_password
from campaign.store import REPORT_PHOTOS
from dashboard.forms.saving import WHO_KEY
from data_sources.sqlite_store import SqliteStore
from tests.apptest import APP, COORDINATOR_PASSWORD, LEADER_PASSWORD, no_exception

TIMEOUT = 90
PAGE = "app_pages/evidence.py"

pytestmark = pytest.mark.usefixtures("fresh_streamlit_cache")


@pytest.fixture(autouse=True)
def own_store(tmp_path, monkeypatch):
    monkeypatch.setenv("CAMPAIGN_STORE_PATH", str(tmp_path / "campaign.sqlite"))
    return tmp_path / "campaign-demo.sqlite"


def _signed_in(password: str) -> AppTest:
    from dashboard import access

    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.secrets["access"] = {
        "password_hash": hash_password(COORDINATOR_PASSWORD, iterations=1000),
        "leader_password_hash": hash_password(LEADER_PASSWORD, iterations=1000),
    }
    at.session_state[WHO_KEY] = "Đào Ngọc Tuyền"
    at.run()
    at.text_input(key=access.PASSWORD_KEY).input(password)
    at.button[0].click().run()
    at.switch_page(PAGE).run()
    no_exception(at)
    return at


def _texts(at: AppTest) -> str:
    return "\n".join(e.value for kind in ("text", "caption", "markdown") for e in at.get(kind) if isinstance(e.value, str))


def test_the_coordinator_sees_every_state_the_thumbnails_and_who_sent_the_links():
    at = _signed_in(COORDINATOR_PASSWORD)
    assert len(at.image) >= 12  # the demo's photos, as the server's own thumbnails
    table = at.dataframe[0].value
    assert {"Mở được", "Cần quyền truy cập", "Hỏng", "Không kiểm tra"} <= set(table["Trạng thái"])
    assert "Email" in table.columns and table["Email"].str.contains("@").any()
    assert any(b.label == "Kiểm tra đường dẫn" for b in at.button)
    assert "Mở được" in _texts(at)
    # the demo has more photos than one screen of cards: the page says so rather than cut silently
    assert "Đang hiện 48 trên" in _texts(at) and len(at.image) == 48 + 1  # the cards and the photo being chosen


def test_a_leader_sees_the_photos_and_links_but_no_email_no_reporter_and_no_tools():
    at = _signed_in(LEADER_PASSWORD)
    assert len(at.image) >= 12
    table = at.dataframe[0].value
    assert "Email" not in table.columns and "Người báo cáo" not in table.columns
    assert "@" not in table.to_csv() + _texts(at)
    assert not any(b.label == "Kiểm tra đường dẫn" for b in at.button) and not at.get("form")


def test_the_filters_narrow_the_gallery_to_a_state():
    at = _signed_in(COORDINATOR_PASSWORD)
    at.multiselect[3].select("broken").run()
    no_exception(at)
    assert set(at.dataframe[0].value["Trạng thái"]) == {"Hỏng"}
    assert len(at.image) == 1  # no photo card left: the one picture is the photo being chosen for the reports


def test_the_coordinator_chooses_a_photo_with_its_captions_and_the_store_keeps_it(own_store, config):
    at = _signed_in(COORDINATOR_PASSWORD)
    before = len(SqliteStore(own_store, config).read()[REPORT_PHOTOS])
    url = at.selectbox(key="evidence_pick_url").options[-1].rsplit(" — ", 1)[-1]  # "agency — link"
    at.selectbox(key="evidence_pick_url").set_value(url).run()
    field = {t.label: t for t in at.text_input}
    field["Chú thích (tiếng Việt)"].input("Lễ mít tinh tại Huế, 17/5/2021")
    field["Chú thích (tiếng Anh)"].input("A rally in Hue, 17 May 2021")
    next(b for b in at.button if b.label == "Lưu lựa chọn").click().run()
    no_exception(at)
    assert not at.error, [e.value for e in at.error]
    saved = SqliteStore(own_store, config).read()[REPORT_PHOTOS]
    assert len(saved) == before + 1
    assert saved.iloc[-1][["url", "caption_vi", "caption_en", "chosen"]].tolist() == [
        url,
        "Lễ mít tinh tại Huế, 17/5/2021",
        "A rally in Hue, 17 May 2021",
        "x",
    ]


def _problems(at: AppTest):
    at.switch_page("app_pages/data_quality.py").run()
    no_exception(at)
    return next(d.value for d in at.dataframe if "Hỏng" in d.value.columns)


def test_data_quality_lists_broken_and_closed_links_per_agency_with_a_drafted_request_to_share():
    table = _problems(_signed_in(COORDINATOR_PASSWORD))
    assert len(table) > 3 and (table["Hỏng"] + table["Cần quyền truy cập"] > 0).all()
    drafts = [d for d in table["Thư nhắc"] if d]
    assert drafts and all(d.startswith("mailto:") for d in drafts)
    assert "chia%20s%E1%BA%BB" in drafts[0] and "drive.google.com" in drafts[0]  # "chia sẻ", and the links themselves


def test_a_leader_sees_the_counts_of_broken_links_but_no_drafted_email():
    table = _problems(_signed_in(LEADER_PASSWORD))
    assert len(table) > 3 and "Thư nhắc" not in table.columns
    assert "mailto:" not in table.to_csv()


def test_the_coordinators_check_runs_in_the_background_and_its_results_reach_the_store_and_the_page(
    monkeypatch, own_store, config
):
    from campaign.store import LINK_CHECKS
    from dashboard import evidence
    from data_sources.links import LinkChecker

    def nowhere(host: str, port: int) -> list[str]:
        raise OSError(f"no such host {host}")  # no internet here: every name fails, as a dead link does

    monkeypatch.setattr(evidence, "LinkChecker", lambda **kw: LinkChecker(resolve=nowhere, **kw))
    at = _signed_in(COORDINATOR_PASSWORD)
    before = len(SqliteStore(own_store, config).read()[LINK_CHECKS])
    next(b for b in at.button if b.label == "Kiểm tra đường dẫn").click().run()
    no_exception(at)
    job = next(iter(evidence._jobs().values()))[1]
    for _ in range(100):
        if job.finished:
            break
        time.sleep(0.1)
    assert job.finished and not job.error and job.done == job.total > 100
    at.run()
    no_exception(at)
    checks = SqliteStore(own_store, config).read()[LINK_CHECKS]
    assert len(checks) == before + job.total and set(checks["state"].iloc[before:]) == {"broken"}
    assert set(at.dataframe[0].value["Trạng thái"]) <= {"Hỏng", "Không kiểm tra"}


def test_follow_up_offers_the_request_to_share_files_to_each_agency_with_broken_or_closed_links():
    at = _signed_in(COORDINATOR_PASSWORD)
    at.switch_page("app_pages/followup.py").run()
    no_exception(at)
    table = next(d.value for d in at.dataframe if "Cần quyền truy cập" in d.value.columns)
    assert len(table) > 3 and table["Thư nhắc"].str.startswith("mailto:").any()
