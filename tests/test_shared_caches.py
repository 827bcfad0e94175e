"""Frames held by st.cache_resource are seen by every session: they are read-only, and a page writing one fails
loudly; the tables the Context hands a page are its own copies."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from campaign.report import build_report
from dashboard import navigation
from dashboard.shared import read_only
from data_sources.demo import DemoSource
from presentation import views
from tests.apptest import APP

pytestmark = pytest.mark.usefixtures("fresh_streamlit_cache")


@pytest.fixture(scope="module")
def report(config):
    return read_only(build_report(DemoSource(config).read(), config))


def test_a_shared_report_refuses_writes_to_numbers_dates_and_ticks(report):
    subs, agencies = report.submissions, report.agencies
    with pytest.raises(ValueError, match="read-only"):
        subs.loc[subs.index[0], "participants"] = 1_000_000
    with pytest.raises((ValueError, AssertionError)):  # pandas reports the read-only date buffer as its own bug
        subs.loc[subs.index[0], "submitted_at"] = subs["submitted_at"].max()
    with pytest.raises(ValueError, match="read-only"):
        agencies.at[agencies.index[0], "submissions"] = 99
    with pytest.raises(ValueError, match="read-only"):
        report.prepared.rows.loc[report.prepared.rows.index[0], "blank"] = True


def test_shared_frames_refuse_writes_and_their_summary_is_read_only(report):
    frames = read_only(views.build_frames(report))
    with pytest.raises(ValueError, match="read-only"):
        frames.by_group.loc[frames.by_group.index[0], "agencies_expected"] = 0
    with pytest.raises(TypeError):
        frames.summary["agencies_expected"] = 0


def test_what_is_derived_from_a_shared_frame_is_a_writable_copy(report):
    mine = report.submissions[report.submissions["category"] == "counted"]
    mine.loc[mine.index[0], "row"] = -1
    assert mine.loc[mine.index[0], "row"] == -1
    assert report.submissions.loc[mine.index[0], "row"] != -1


def _app_with_page(monkeypatch, tmp_path: Path, body: str) -> AppTest:
    page = tmp_path / "writer.py"
    page.write_text("from dashboard.state import context\n\nctx = context()\n" + body, encoding="utf-8")
    extra = navigation.Page(str(page), "page_overview", ":material/edit:", "ghi")
    monkeypatch.setattr(navigation, "PAGES", (*navigation.PAGES, extra))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    at.switch_page(str(page)).run()
    return at


def test_a_page_writing_a_shared_frame_fails_loudly_and_changes_nothing(monkeypatch, tmp_path, caplog):
    at = _app_with_page(
        monkeypatch, tmp_path, 'ctx.report.submissions.loc[ctx.report.submissions.index[0], "participants"] = 1e6\n'
    )
    # The page shows the apology with an error id (app.py); the log has the cause.
    assert len(at.error) == 1 and "read-only" not in at.error[0].value
    assert any("read-only" in str(r.exc_info[1]) for r in caplog.records if r.exc_info), caplog.text
    at.switch_page("app_pages/overview.py").run()
    assert not at.exception


def test_a_page_may_change_the_tables_the_context_hands_it(monkeypatch, tmp_path):
    body = (
        "table = ctx.submissions()\n"
        'table.loc[table.index[0], "row"] = -1\n'
        'table["mine"] = 1\n'
        "again = ctx.submissions()\n"
        'assert "mine" not in again.columns and again.loc[again.index[0], "row"] != -1\n'
        "exports = ctx.exports()\n"
        'exports["submissions"]["mine"] = 1\n'
        'assert "mine" not in ctx.exports()["submissions"].columns\n'
    )
    at = _app_with_page(monkeypatch, tmp_path, body)
    assert not at.exception, [e.message for e in at.exception]
