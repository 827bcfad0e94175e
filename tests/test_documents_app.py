"""The documents on the Export page: the coordinator gets all three, a leader the two reports and never the letter.

The page hands each document to st.download_button as deferred data (built on click); the test calls what the page
handed over, as Streamlit's server would on a click.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from tests.apptest import COORDINATOR_PASSWORD, LEADER_PASSWORD, no_exception
from tests.documents_helpers import body_texts, images, open_docx
from tests.test_access_app import _app, _sign_in

pytestmark = pytest.mark.usefixtures("fresh_streamlit_cache")


def export_page(at):
    at.switch_page("app_pages/export.py").run()
    no_exception(at)
    return at


def annex(doc) -> set[str]:
    return {row.cells[1].text for row in doc.tables[-1].rows[1:] if row.cells[0].text.isdigit()}


def test_the_coordinator_gets_the_letter_for_the_missing_agencies_with_the_chosen_deadline(hashes, downloads):
    at = export_page(_sign_in(_app({"access": hashes}), COORDINATOR_PASSWORD))
    assert {"download_letter", "download_final", "download_itu"} <= set(downloads)
    report = at.session_state["_dashboard_context"].report
    missing = set(report.agencies.loc[report.agencies["status"] == "missing", "name"])
    deadline = at.date_input(key="letter_deadline").value + dt.timedelta(days=3)
    at.date_input(key="letter_deadline").set_value(deadline).run()
    doc = open_docx(downloads["download_letter"]())
    assert annex(doc) == missing
    assert any(f"trước ngày {deadline.day}/{deadline.month}/{deadline.year}" in t for t in body_texts(doc))
    at.checkbox(key="letter_zip").check().run()
    no_exception(at)
    names = zipfile.ZipFile(io.BytesIO(downloads["download_letter"]())).namelist()
    codes = set(report.agencies.loc[report.agencies["status"] == "missing", "code"])
    assert {n.removesuffix(".docx") for n in names} == codes


def test_the_letter_follows_the_group_filter_and_late_option(hashes, downloads):
    at = _sign_in(_app({"access": hashes}), COORDINATOR_PASSWORD)
    at.multiselect(key="groups").select("province").run()
    at = export_page(at)
    at.checkbox(key="letter_late").check().run()
    report = at.session_state["_dashboard_context"].report
    agencies = report.agencies[report.agencies["group"] == "province"]
    wanted = set(agencies.loc[agencies["status"].isin(["missing", "late"]), "name"])
    assert annex(open_docx(downloads["download_letter"]())) == wanted


def test_a_leader_gets_the_two_reports_but_never_the_letter(hashes, downloads):
    at = export_page(_sign_in(_app({"access": hashes}), LEADER_PASSWORD))
    assert "download_letter" not in downloads and "letter_deadline" not in {d.key for d in at.date_input}
    assert {"download_final", "download_itu"} <= set(downloads)
    final = open_docx(downloads["download_final"]())
    itu = open_docx(downloads["download_itu"]())
    assert len(images(final)) == len(images(itu)) == 4
    text = "\n".join(body_texts(final) + body_texts(itu))
    config = at.session_state["_dashboard_context"].config
    assert config.campaign.coordinator_phone not in text and "@" not in text  # no contact detail, nobody's address


def test_the_process_keeps_one_chromium_so_a_second_download_is_warm(hashes, downloads):
    """Drawing the Export page starts the process's Chromium; reports for another filter reuse it."""
    from dashboard import document_downloads

    at = export_page(_sign_in(_app({"access": hashes}), COORDINATOR_PASSWORD))
    renderer = document_downloads.chart_renderer()
    assert len(images(open_docx(downloads["download_final"]()))) == 4
    assert (renderer.started, renderer.rendered) == (1, 8)  # the report and the ITU report, built together
    at.multiselect(key="groups").select("province").run()
    no_exception(at)
    assert len(images(open_docx(downloads["download_itu"]()))) == 4
    assert document_downloads.chart_renderer() is renderer
    assert (renderer.started, renderer.rendered) == (1, 16)
