"""The five CSV exports: golden bytes for the golden sheet, and the CSV rules on their own.

The golden files in tests/golden/ were reviewed by eye against the rules (see tests/sheets.py, row by row).
After a deliberate change to an export, regenerate them and review the diff before committing:

    UPDATE_GOLDEN=1 python -m pytest tests/test_export.py
"""

import csv
import datetime as dt
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
GENERATED_AT = pd.Timestamp("2021-06-04T08:30:00+07:00")  # campaign_summary's generated_at, fixed for the golden bytes
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
        "source",
    ],
    "itu_summary": ["section", "key", "label_en", "label_vi", "agencies", "agencies_expected", "quantity_asked", "quantity"],
    "campaign_summary": ["indicator", "value"],
    "data_quality": ["row", "column", "issue", "value", "suggestion"],
}


@pytest.fixture(scope="module")
def report(config):
    return build_report(golden_raw(), config)


@pytest.fixture(scope="module")
def written(report, tmp_path_factory):
    out = tmp_path_factory.mktemp("exports")
    return {path.stem: path.read_bytes() for path in export.write_csvs(report, out, generated_at=GENERATED_AT)}


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
    assert book.sheetnames == list(export.EXPORT_NAMES)  # without a config: no About sheet
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


# --- the group filter in every file -----------------------------------------------------------------------------


def test_every_file_honours_the_group_filter(report):
    """agency_status/itu_summary/campaign_summary: the chosen groups; submissions/data_quality: rows matched to
    them plus every row matched to no agency; campaign_summary's row counts are the rows of submissions."""
    everything = export.tables(report, generated_at=GENERATED_AT)
    chosen = export.tables(report, ["province"], generated_at=GENERATED_AT)
    codes = set(report.agencies.loc[report.agencies["group"] == "province", "code"])
    assert set(chosen["agency_status"]["code"]) == codes
    subs = chosen["submissions"]
    assert subs["agency_code"].isin(codes | {""}).all()
    kept = everything["submissions"]["agency_code"].isin(codes | {""})
    assert list(subs["row"]) == list(everything["submissions"].loc[kept, "row"])
    assert len(subs) < len(everything["submissions"]) and (subs["agency_code"] == "").any()
    assert set(chosen["data_quality"]["row"]) <= set(subs["row"])
    everything_dq = everything["data_quality"]
    assert list(chosen["data_quality"]["row"]) == list(everything_dq.loc[everything_dq["row"].isin(subs["row"]), "row"])
    summary = dict(zip(chosen["campaign_summary"]["indicator"], chosen["campaign_summary"]["value"]))
    assert summary["agencies_expected"] == len(codes) and summary["groups"] == "province"
    assert summary["rows_read"] == len(subs)
    for category in ("counted", "superseded", "unmatched", "undated", "blank", "after_as_of"):
        assert summary[f"rows_{category}"] == int((subs["category"] == category).sum())
    itu = chosen["itu_summary"]
    assert list(itu.loc[itu["section"] == "group", "key"]) == ["province"]
    assert set(itu["agencies_expected"]) == {len(codes)}


def test_the_itu_file_says_where_no_quantity_is_asked_and_has_participants_and_groups(written, config):
    itu = {r["key"]: r for r in csv.DictReader(io.StringIO(written["itu_summary"][3:].decode("utf-8"), newline=""))}
    for activity in config.activities:
        row = itu[activity.key]
        assert row["section"] == "activity"
        assert row["quantity_asked"] == ("yes" if activity.quantity_field else "no")
        assert (row["quantity"] != "") == bool(activity.quantity_field)
    assert (itu["participants"]["section"], itu["participants"]["quantity"], itu["participants"]["agencies"]) == (
        "participants",
        "1800",
        "2",
    )
    groups = {k: r for k, r in itu.items() if r["section"] == "group"}
    assert list(groups) == list(config.groups)
    assert groups["province"]["label_en"] == "Provincial Departments of Information and Communications"
    assert (groups["province"]["agencies"], groups["province"]["agencies_expected"]) == ("5", "5")
    assert "None" not in written["itu_summary"].decode("utf-8")


def test_campaign_summary_says_what_the_figures_were_made_from(config):
    as_of = "2021-06-03T23:59:59+07:00"
    report = build_report(golden_raw(), config, as_of=as_of)
    summary = dict(
        rows_of(export.to_csv_bytes(export.campaign_summary_table(report, ["ministry", "province"], GENERATED_AT)))[1:]
    )
    assert (summary["as_of"], summary["groups"], summary["source"]) == (as_of, "province;ministry", "sheets.py")
    assert summary["generated_at"] == "2021-06-04T08:30:00+07:00"


def test_generated_at_is_now_unless_source_date_epoch_fixes_it(config):
    fixed = export.generation_moment(config, {"SOURCE_DATE_EPOCH": "1622768400"})
    assert fixed.isoformat() == "2021-06-04T08:00:00+07:00"
    now = export.generation_moment(config, {})
    assert abs(now - pd.Timestamp.now(tz="UTC")) < pd.Timedelta(minutes=1) and str(now.tz) == config.campaign.timezone


def test_a_download_name_carries_the_campaign_and_the_moment(config):
    moment = pd.Timestamp("2021-06-03T23:59:00+07:00")
    assert export.download_name(config, "itu_summary", moment) == "wtisd2021_itu_summary_2021-06-03T2359.csv"
    assert export.document_name(config, "letters", moment.date()) == "wtisd2021_cong-van-don-doc_theo-don-vi_2021-06-03.zip"


# --- the workbook, read back ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workbook(report, config):
    return openpyxl.load_workbook(io.BytesIO(export.to_xlsx_bytes(export.tables(report, generated_at=GENERATED_AT), config)))


def test_the_workbook_opens_on_an_about_sheet(workbook, config):
    assert workbook.sheetnames == [export.ABOUT_SHEET, *export.EXPORT_NAMES]
    about = {row[1]: row for row in workbook[export.ABOUT_SHEET].iter_rows(min_row=2, values_only=True)}
    assert about["Campaign"][2] == config.campaign.name_vi and about["Campaign (English)"][2] == config.campaign.name_en
    assert about["As of"][2] is None and about["As of"][4] == "empty: every row read"
    assert about["Group filter"][2] == "all"
    assert about["Source"][2] == "sheets.py"
    assert about["Generated at"][2] == dt.datetime(2021, 6, 4, 8, 30)
    assert about["Rows: rows_read"][2] == 14
    assert about["Sheet submissions: rows"][2] == 14
    assert about["Sheet submissions: rows"][4] == export.FILTER_RULES["submissions"][1]


def test_the_workbook_cells_are_typed(workbook):
    summary = {r[0].value: r[1] for r in workbook["campaign_summary"].iter_rows(min_row=2)}
    assert summary["agencies_expected"].value == 8 and summary["agencies_expected"].data_type == "n"
    assert summary["reporting_rate"].value == 0.875
    assert summary["generated_at"].is_date and summary["generated_at"].number_format == export.XLSX_DATETIME
    subs = workbook["submissions"]
    header = [c.value for c in subs[1]]
    by_row = {r[0].value: r for r in subs.iter_rows(min_row=2)}
    when = by_row[8][header.index("submitted_at")]
    assert when.is_date and when.value == dt.datetime(2021, 6, 3, 23, 59, 59)  # the campaign's wall clock
    assert when.number_format == "dd/mm/yyyy hh:mm"
    assert by_row[11][header.index("submitted_at")].value is None  # undated: an empty cell
    assert by_row[2][header.index("banner")].value == 1200 and by_row[2][header.index("banner")].data_type == "n"
    assert isinstance(by_row[2][0].value, int)


def test_every_sheet_has_its_header_frozen_and_widths_set(workbook):
    for tab in workbook:
        assert tab.freeze_panes == "A2", tab.title
        widths = [tab.column_dimensions[c.column_letter].width for c in tab[1]]
        assert all(6 <= w <= 62 for w in widths), (tab.title, widths)
    assert workbook["agency_status"].column_dimensions["B"].width > workbook["agency_status"].column_dimensions["A"].width


def test_the_readme_lists_every_file_and_column_with_the_filter_rule(report):
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Exports") :]
    section = section[: section.index("\n## ", 1)]
    for name, frame in export.tables(report, generated_at=GENERATED_AT).items():
        line = next(line for line in section.splitlines() if line.startswith(f"| `{name}.csv`"))
        names = list(frame.columns) + (list(frame["indicator"]) if name == "campaign_summary" else [])
        missing = [c for c in names if f"`{c}`" not in line]
        assert not missing, (name, missing)
    assert "plus every row matched to\n  no agency" in section and "The group filter" in section
