"""The documents on the Export page: the coordinator gets all three, a leader the two reports and never the letter.

The page hands each document to st.download_button as deferred data (built on click); the test calls what the page
handed over, as Streamlit's server would on a click. What only a person knows is asked for on the page, kept in the
coordinator's store and used by every build after; the pictures are the CLI's, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from campaign.document_inputs import INPUT_KEYS
from presentation.labels import t
from tests.apptest import COORDINATOR_PASSWORD, LEADER_PASSWORD, no_exception
from tests.documents_helpers import body_texts, images, open_docx
from tests.test_access_app import _app, _sign_in

pytestmark = pytest.mark.usefixtures("fresh_streamlit_cache")

CHARTS_AND_PHOTOS = 4 + 6  # the four charts and the six photos the demo's store chose (Evidence page)


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
    assert any(f"trước ngày {deadline.day}/{deadline.month}/{deadline.year}" in line for line in body_texts(doc))
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
    assert len(images(final)) == len(images(itu)) == CHARTS_AND_PHOTOS
    text = "\n".join(body_texts(final) + body_texts(itu))
    config = at.session_state["_dashboard_context"].config
    assert config.campaign.coordinator_phone not in text and "@" not in text  # no contact detail, nobody's address
    assert config.documents.itu.sender[0] in text  # the ITU report's sender block, without the contact line
    # What only the coordinator can fill in: a leader sees what is missing, never the form.
    assert not _inputs(at, "text_input") and t("inputs_readonly", "vi") in [c.value for c in at.caption]
    assert any(w.value.startswith("Báo cáo kết quả còn thiếu:") for w in at.warning)


def test_the_process_keeps_one_chromium_so_a_second_download_is_warm(hashes, downloads):
    """Drawing the Export page starts the process's Chromium; reports for another filter reuse it."""
    from dashboard import document_downloads

    at = export_page(_sign_in(_app({"access": hashes}), COORDINATOR_PASSWORD))
    renderer = document_downloads.chart_renderer()
    assert len(images(open_docx(downloads["download_final"]()))) == CHARTS_AND_PHOTOS
    assert (renderer.started, renderer.rendered) == (1, 8)  # the report and the ITU report, built together
    at.multiselect(key="groups").select("province").run()
    no_exception(at)
    assert len(images(open_docx(downloads["download_itu"]()))) == CHARTS_AND_PHOTOS
    assert document_downloads.chart_renderer() is renderer
    assert (renderer.started, renderer.rendered) == (1, 16)


def _inputs(at, kind: str) -> dict:
    """The document inputs' widgets of a kind, by their input key (their widget keys carry a stamp of what is saved)."""
    labels = {t(f"input_{key}", "vi"): key for key in INPUT_KEYS}
    return {labels[w.label]: w for w in at.get(kind) if w.label in labels}


def test_the_coordinator_types_what_only_a_person_knows_and_every_build_after_uses_it(hashes, downloads):
    at = export_page(_sign_in(_app({"access": hashes}), COORDINATOR_PASSWORD))
    at.text_input(key="desk_who").input("Đào Ngọc Tuyền").run()  # who saves, typed once per session
    warnings = [w.value for w in at.warning]
    assert any(w.startswith("Công văn đôn đốc còn thiếu: Số công văn gốc") for w in warnings), warnings
    assert any(w.startswith("Báo cáo kết quả còn thiếu:") and "Đề xuất, kiến nghị" in w for w in warnings), warnings
    texts, dates, areas = _inputs(at, "text_input"), _inputs(at, "date_input"), _inputs(at, "text_area")
    assert texts["letter_signer_name"].value == "Phan Tâm"  # campaign.toml knows the original letter's signer
    texts["original_number"].input("1234/BTTTT-HTQT")
    dates["original_date"].set_value(dt.date(2021, 5, 6))
    texts["report_signer_name"].input("Nguyễn Văn Tuấn")
    areas["proposals"].input("Đề nghị biểu dương các đơn vị tiêu biểu.\nĐề nghị gửi báo cáo cho ITU trước ngày 15/6.")
    next(b for b in at.button if b.label == t("inputs_save", "vi")).click().run()
    no_exception(at)
    assert not [w.value for w in at.warning if "còn thiếu" in w.value]
    assert t("inputs_complete", "vi") in [s.value for s in at.success]
    letter = "\n".join(body_texts(open_docx(downloads["download_letter"]())))
    assert "ngày 6/5/2021, Bộ Thông tin và Truyền thông đã có Công văn số 1234/BTTTT-HTQT đề nghị" in letter
    final = body_texts(open_docx(downloads["download_final"]()))
    assert "Đề nghị biểu dương các đơn vị tiêu biểu." in final and "Nguyễn Văn Tuấn" in final
    itu = body_texts(open_docx(downloads["download_itu"]()))
    config = at.session_state["_dashboard_context"].config
    assert "Nguyễn Văn Tuấn" in itu and any(line.startswith("Contact:") and config.campaign.contact_email in line for line in itu)
    # The next visit finds what was typed (the coordinator's store), and so does a leader's copy.
    again = export_page(_sign_in(_app({"access": hashes}), COORDINATOR_PASSWORD))
    assert _inputs(again, "text_input")["original_number"].value == "1234/BTTTT-HTQT"
    assert _inputs(again, "date_input")["original_date"].value == dt.date(2021, 5, 6)
    leader = export_page(_sign_in(_app({"access": hashes}), LEADER_PASSWORD))
    assert "Nguyễn Văn Tuấn" in body_texts(open_docx(downloads["download_final"]()))
    assert leader.session_state["_dashboard_context"].role == "leader"


def test_the_letter_is_dated_only_when_the_coordinator_gives_a_date(hashes, downloads):
    at = export_page(_sign_in(_app({"access": hashes}), COORDINATOR_PASSWORD))
    config = at.session_state["_dashboard_context"].config
    assert f"Hà Nội, {config.documents.undated}" in body_texts(open_docx(downloads["download_letter"]()))
    deadline = at.date_input(key="letter_deadline").value
    at.date_input(key="letter_dated").set_value(deadline - dt.timedelta(days=2)).run()
    no_exception(at)
    day = deadline - dt.timedelta(days=2)
    assert any(
        line.startswith(f"Hà Nội, ngày {day.day:02d} tháng") for line in body_texts(open_docx(downloads["download_letter"]()))
    )
    at.date_input(key="letter_dated").set_value(deadline).run()  # the new deadline must come after the letter
    assert t("letter_deadline_after", "vi") in [e.value for e in at.error] and "download_letter" not in {
        b.key for b in at.get("download_button")
    }


def test_the_app_draws_the_pictures_the_cli_draws(hashes, downloads, monkeypatch, tmp_path):
    """The app's process imported Streamlit (whose template is then plotly's default); the CLI's did not."""
    import hashlib
    import os
    import subprocess
    import sys

    from tests.documents_helpers import ROOT

    monkeypatch.setenv("DASHBOARD_NOW", "2021-06-04T09:00")
    at = export_page(_sign_in(_app({"access": hashes}), LEADER_PASSWORD))
    assert at.session_state["_dashboard_context"].moment.isoformat().startswith("2021-06-04T09:00")
    app = {which: images(open_docx(downloads[f"download_{which}"]())) for which in ("final", "itu")}
    env = {**os.environ, "CAMPAIGN_STORE_PATH": str(tmp_path / "store.sqlite")}
    args = ["final-report", "--as-of", "2021-06-04T09:00", "--out", str(tmp_path)]
    done = subprocess.run(
        [sys.executable, "-m", "campaign", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    final, itu = (open_docx(open(p, "rb").read()) for p in done.stdout.split())
    digest = lambda pictures: [hashlib.sha256(p).hexdigest() for p in pictures]  # noqa: E731
    assert digest(app["final"]) == digest(images(final)) and len(app["final"]) == CHARTS_AND_PHOTOS
    assert digest(app["itu"]) == digest(images(itu)) and len(app["itu"]) == CHARTS_AND_PHOTOS


def test_an_uploaded_sheet_gets_its_documents_and_keeps_what_was_typed_in_the_sqlite_store(
    hashes, downloads, monkeypatch, tmp_path
):
    from campaign.config import load_config
    from campaign.store import DOCUMENT_SETTINGS
    from data_sources.sqlite_store import SqliteStore
    from tests.sheets import responses, ticked
    from tests.test_access_app import _upload

    store = tmp_path / "campaign.sqlite"
    monkeypatch.setenv("CAMPAIGN_STORE_PATH", str(store))
    rows = [
        {
            "timestamp": "17/05/2021 10:23:45",
            "agency_code": "P01",
            "agency_name": "Sở TT&TT Hà Nội",
            "activities": ticked("rally"),
        },
        {
            "timestamp": "05/06/2021 09:00:00",
            "agency_code": "P35",
            "agency_name": "Sở TT&TT Hà Nam",
            "activities": ticked("banner"),
        },
    ]
    at = _upload(
        _sign_in(_app({"access": hashes}), COORDINATOR_PASSWORD), "cau-tra-loi.csv", responses(*rows).to_csv(index=False).encode()
    )
    at = export_page(at)
    assert not at.session_state["_dashboard_context"].is_demo
    at.text_input(key="desk_who").input("Đào Ngọc Tuyền").run()  # who saves, typed once per session
    _inputs(at, "text_input")["original_number"].input("1234/BTTTT-HTQT")
    next(b for b in at.button if b.label == t("inputs_save", "vi")).click().run()
    no_exception(at)
    report = at.session_state["_dashboard_context"].report
    doc = open_docx(downloads["download_letter"]())
    assert annex(doc) == set(report.agencies.loc[report.agencies["status"] == "missing", "name"])
    assert "Công văn số 1234/BTTTT-HTQT đề nghị" in "\n".join(body_texts(doc))
    saved = SqliteStore(store, load_config()).read()[DOCUMENT_SETTINGS]
    assert list(saved["original_number"]) == ["1234/BTTTT-HTQT"] and list(saved["letter_signer_name"]) == ["Phan Tâm"]
