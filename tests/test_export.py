"""The five CSV exports: golden bytes for the golden sheet, and the CSV rules on their own.

The golden files in tests/golden/ were reviewed by eye against the rules (see tests/sheets.py, row by row).
After a deliberate change to an export, regenerate them and review the diff before committing:

    UPDATE_GOLDEN=1 python -m pytest tests/test_export.py
"""

import csv
import io
import os
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from campaign import export
from campaign.report import build_report
from tests.sheets import golden_raw, sheet, ticked

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

COLUMNS = {
    "agency_status": ["code", "name", "group", "status", "first_submitted_at", "last_submitted_at", "submissions"],
    "submissions": [
        "row",
        "submitted_at",
        "category",
        "agency_code",
        "agency_name",
        "match",
        "activities",
        "banner",
        "article",
        "webinar",
        "itu_session",
        "participants",
        "evidence",
        "notes",
    ],
    "itu_summary": ["activity", "label_en", "label_vi", "agencies", "quantity"],
    "campaign_summary": ["indicator", "value"],
    "data_quality": ["row", "column", "issue", "value", "suggestion"],
}


@pytest.fixture(scope="module")
def report(config):
    return build_report(golden_raw(), config)


@pytest.fixture(scope="module")
def written(report, tmp_path_factory):
    out = tmp_path_factory.mktemp("exports")
    return {path.stem: path.read_bytes() for path in export.write_csvs(report, out)}


def rows_of(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))


@pytest.mark.parametrize("name", export.EXPORT_NAMES)
def test_each_export_matches_its_golden_file_byte_for_byte(written, name):
    golden = GOLDEN / f"{name}.csv"
    if UPDATE:
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(written[name])
    assert written[name] == golden.read_bytes(), f"{name}.csv differs from {golden}; see the module docstring"


def test_write_csvs_writes_the_five_files(written):
    assert set(written) == set(export.EXPORT_NAMES) == set(COLUMNS)


@pytest.mark.parametrize("name", export.EXPORT_NAMES)
def test_each_export_has_its_columns(written, name):
    assert rows_of(written[name])[0] == COLUMNS[name]


def test_files_are_utf8_with_bom_and_crlf_line_ends(written):
    for data in written.values():
        assert data.startswith(b"\xef\xbb\xbf")
        assert data.endswith(b"\r\n")
        assert data.count(b"\n") == data.count(b"\r\n")
        data.decode("utf-8")


def test_vietnamese_survives_the_round_trip(written):
    names = [r[1] for r in rows_of(written["agency_status"])[1:]]
    assert "Sở Thông tin và Truyền thông tỉnh Hà Tĩnh" in names


def test_timestamps_are_iso_8601_with_offset(written):
    subs = {r[0]: r for r in rows_of(written["submissions"])[1:]}
    assert subs["8"][1] == "2021-06-03T23:59:59+07:00"
    assert subs["9"][1] == "2021-06-04T00:00:00+07:00"
    assert subs["3"][1] == "2021-05-20T14:00:00+07:00"  # from a Sheets serial number
    assert subs["11"][1] == ""  # undated


def test_formula_text_is_prefixed_with_an_apostrophe(written):
    subs = {r[0]: r for r in rows_of(written["submissions"])[1:]}
    assert subs["15"][4] == "'=1+1"
    assert subs["12"][13] == '\'=HYPERLINK("http://evil.example","bấm vào đây")'
    assert subs["13"][13] == "'+84 912 000 111 là số liên hệ"
    quality = [r for r in rows_of(written["data_quality"])[1:] if r[0] == "15"]
    assert quality[0][3] == "'=1+1"


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_every_formula_start_is_escaped(text):
    data = export.to_csv_bytes(pd.DataFrame({"a": [text], "b": [1]}))
    assert rows_of(data)[1] == ["'" + text, "1"]


def test_ordinary_text_and_numbers_are_left_alone():
    data = export.to_csv_bytes(pd.DataFrame({"a": ["Sở TT&TT", "a=b", ""], "n": pd.array([-1, 2, None], dtype="Int64")}))
    assert rows_of(data)[1:] == [["Sở TT&TT", "-1"], ["a=b", "2"], ["", ""]]


def test_personal_fields_are_in_no_export(written):
    everything = b"".join(written.values()).decode("utf-8")
    for personal in ("Nguyễn Văn An", "Trần Thị Bình", "0912 345 678", "nguyenvanan@gmail.example"):
        assert personal not in everything


def test_only_http_links_reach_the_evidence_column(written):
    evidence = [r[12] for r in rows_of(written["submissions"])[1:]]
    assert "javascript" not in "".join(evidence)
    assert "https://drive.google.com/open?id=hn1;https://drive.google.com/open?id=hn2" in evidence


def test_campaign_summary_accounts_for_every_row(written):
    summary = dict(rows_of(written["campaign_summary"])[1:])
    parts = ("rows_counted", "rows_superseded", "rows_unmatched", "rows_undated", "rows_blank", "rows_after_as_of")
    assert int(summary["rows_read"]) == 14 == sum(int(summary[p]) for p in parts)


def test_the_workbook_has_a_sheet_per_table_with_formulas_escaped(report):
    book = openpyxl.load_workbook(io.BytesIO(export.to_xlsx_bytes(export.tables(report))))
    assert book.sheetnames == list(export.EXPORT_NAMES)
    subs = book["submissions"]
    names = [subs.cell(row=r, column=5).value for r in range(2, subs.max_row + 1)]
    assert "'=1+1" in names
    assert all(cell.data_type != "f" for row in subs.iter_rows() for cell in row)


def test_an_as_of_report_exports_the_rows_after_it_as_after_as_of(config, tmp_path):
    raw = sheet(
        {"timestamp": "20/05/2021 10:00:00", "agency_name": "Bộ Y tế", "activities": ticked("rally")},
        {"timestamp": "05/06/2021 10:00:00", "agency_name": "VNPT", "activities": ticked("rally")},
    )
    report = build_report(raw, config, as_of="2021-06-01T00:00:00+07:00")
    paths = {p.stem: p for p in export.write_csvs(report, tmp_path / "out")}
    subs = rows_of(paths["submissions"].read_bytes())
    assert [r[2] for r in subs[1:]] == ["counted", "after_as_of"]
    summary = dict(rows_of(paths["campaign_summary"].read_bytes())[1:])
    assert (summary["rows_after_as_of"], summary["agencies_reported"]) == ("1", "1")
