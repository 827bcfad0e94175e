"""No cell can stop the engine: arbitrary values in every column of the response sheet, the roster and a workbook.

Each property runs the real path (build_report and the five exports; the command line in-process on a written
file; an XLSX with typed cells read by the file source). A CampaignError is a message for a person (one line,
exit 2) and allowed only where the input is really unusable (a roster without codes); anything else is a bug.
The row accounting stays closed: every sheet row is counted in exactly one category.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import tempfile
from pathlib import Path

import openpyxl
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaign import export
from campaign.config import load_config
from campaign.errors import CampaignError
from campaign.limits import cut_long_cells
from campaign.model import RawTables
from campaign.report import build_report
from campaign.roster import clean_roster
from campaign.status import CATEGORIES
from tests.sheets import HEADERS, SMALL_ROSTER, ticked

CONFIG = load_config()
SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
WHITESPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace()) + "\u200b\u2060\ufeff"
NASTY = [
    "9" * 40,
    "-" + "9" * 40,
    "9" * 5000,
    "1e309",
    "-1e309",
    "NaN",
    "nan",
    "inf",
    "-0",
    "-0.0",
    "0x10",
    "1_000",
    "#REF!",
    "#DIV/0!",
    "=1+1",
    "@SUM(A1)",
    "TRUE",
    "31/02/2021 25:61:00",
    "99999",
    "44333.5",
    "\x00\x01\x1b[31m",
    "\u202eevil",
    ticked("rally", "banner", other="Khác, hơn 9" + "9" * 30),
]


def whitespace_runs():
    return st.text(alphabet=WHITESPACE, min_size=1, max_size=8)


def text_cells():
    """Any text: every kind of whitespace, control characters, huge digit strings, 50,000-character cells."""
    return st.one_of(
        st.text(max_size=30),
        st.sampled_from(NASTY),
        whitespace_runs(),
        st.integers(0, 400).map(lambda n: "9" * n),
        st.tuples(st.sampled_from(["x", "9", "Sở TT&TT ", " "]), st.integers(40_000, 50_000)).map(lambda p: p[0] * p[1]),
        st.tuples(st.text(max_size=5), whitespace_runs(), st.text(max_size=5)).map("".join),
    )


def any_cells():
    """What a source may hand over as a cell: text, numbers of any size, NaN/inf, booleans, dates, nothing."""
    return st.one_of(
        text_cells(),
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(-(10**60), 10**60),
        st.booleans(),
        st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 1, 1)),
        st.dates(min_value=dt.date(1900, 1, 1)),
        st.none(),
        st.just(-0.0),
    )


def sheets(cells):
    return st.lists(st.lists(cells, min_size=len(HEADERS), max_size=len(HEADERS)), max_size=8)


def frame(rows: list[list], dtype=object) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(HEADERS.values()), dtype=dtype)


def check_closed(report, n_rows: int) -> None:
    acc = report.accounting
    assert acc["rows_read"] == n_rows == len(report.submissions)
    assert acc["rows_read"] == sum(acc[f"rows_{c}"] for c in CATEGORIES)
    assert report.submissions["category"].isin(CATEGORIES).all()
    for name, table in export.tables(report).items():
        data = export.to_csv_bytes(table)
        assert data.startswith(b"\xef\xbb\xbf") and data.endswith(b"\r\n"), name
        if name in ("itu_summary", "campaign_summary"):  # figures only, no sheet text: never a "None"
            assert b"None" not in data and b",nan\r\n" not in data and b",<NA>" not in data, name
    quantities = report.submissions[["banner", "article", "webinar", "itu_session", "participants"]]
    assert ((quantities.fillna(0) >= 0) & (quantities.fillna(0) <= CONFIG.limits.max_quantity)).all().all()


@SETTINGS
@given(sheets(any_cells()))
def test_build_report_takes_any_cell_in_any_column(rows):
    raw = RawTables(responses=frame(rows), agencies=SMALL_ROSTER.copy(), source="hypothesis")
    check_closed(build_report(raw, CONFIG), len(rows))


@SETTINGS
@given(sheets(text_cells()))
def test_build_report_takes_any_text_in_a_csv_like_sheet(rows):
    raw = RawTables(responses=frame(rows, dtype="string"), agencies=SMALL_ROSTER.copy(), source="hypothesis.csv")
    check_closed(build_report(raw, CONFIG), len(rows))


@SETTINGS
@given(sheets(text_cells()), st.sampled_from([None, ["province"], ["ministry", "enterprise"]]))
def test_the_command_line_takes_any_text_in_a_csv_file(rows, groups):
    from cli import main

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "answers.csv"
        frame(rows).to_csv(path, index=False, encoding="utf-8", quoting=csv.QUOTE_ALL)  # as Sheets quotes line breaks
        roster = Path(folder) / "roster.csv"
        SMALL_ROSTER.to_csv(roster, index=False, encoding="utf-8-sig")
        args = ["report", "--responses", str(path), "--agencies", str(roster), "--out", str(Path(folder) / "out")]
        for g in groups or []:
            args += ["--group", g]
        stderr = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(stderr):
            code = main(args)
        assert code == 0, stderr.getvalue()
        summary = pd.read_csv(Path(folder) / "out" / "campaign_summary.csv", dtype=str, keep_default_na=False)
        values = dict(zip(summary["indicator"], summary["value"]))
        read = int(values["rows_read"])
        assert read == sum(int(values[f"rows_{c}"]) for c in CATEGORIES)
        submissions = pd.read_csv(Path(folder) / "out" / "submissions.csv", dtype=str, keep_default_na=False)
        assert read == len(submissions)
        if not groups:  # every row of the file (pandas reads back what it wrote; trailing blank rows are padding)
            assert read <= len(rows)


ROSTER_COLUMNS = ["code", "name", "group", "email", "phone", "aliases", "province_code"]


@SETTINGS
@given(
    st.lists(st.lists(any_cells(), min_size=len(ROSTER_COLUMNS), max_size=len(ROSTER_COLUMNS)), max_size=8), sheets(text_cells())
)
def test_any_roster_cell_is_a_report_or_one_message(roster_rows, rows):
    roster = pd.DataFrame(roster_rows, columns=ROSTER_COLUMNS, dtype=object)
    raw = RawTables(responses=frame(rows), agencies=roster, source="hypothesis", roster_source="roster")
    try:  # the engine reads the roster as cut to [limits] max_cell_chars (a code may be that long)
        cleaned = clean_roster(cut_long_cells(roster, CONFIG.limits.max_cell_chars)[0])
    except CampaignError as exc:
        assert "\n" not in str(exc)
        return
    report = build_report(raw, CONFIG)
    assert list(report.agencies["code"]) == list(cleaned["code"])
    check_closed(report, len(rows))


@SETTINGS
@given(st.lists(st.lists(any_cells(), min_size=len(ROSTER_COLUMNS), max_size=len(ROSTER_COLUMNS)), max_size=6))
def test_a_roster_with_unique_codes_always_loads(roster_rows):
    roster = pd.DataFrame(roster_rows, columns=ROSTER_COLUMNS, dtype=object)
    roster["code"] = [f"C{i}" for i in range(len(roster))]
    raw = RawTables(responses=frame([]), agencies=roster, source="hypothesis")
    report = build_report(raw, CONFIG)
    assert len(report.agencies) == len(roster.dropna(how="all"))  # every row has a code, so none is dropped


def xlsx_cells():
    """What a workbook cell holds: numbers, dates, booleans, errors (#REF!), text (openpyxl refuses only
    control characters, which a Sheets export never holds)."""
    clean = text_cells().map(lambda t: "".join(c for c in t if c >= " " or c in "\t\n\r"))
    return st.one_of(
        clean,
        st.floats(allow_nan=False, allow_infinity=False),
        st.integers(-(10**15), 10**15),
        st.booleans(),
        st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 1, 1)),
        st.sampled_from(["#REF!", "#N/A", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!"]),
        st.none(),
    )


def xlsx_file(answers: list[list], roster: list[list] | None = None):
    """A workbook of the response tab (the form's headers, then `answers`) and, when given, a roster tab, read as
    an upload would be."""
    from data_sources.files import FileSource

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = CONFIG.sheet.responses_tab
    for row in [list(HEADERS.values()), *answers]:
        sheet.append(row)
    if roster is not None:
        tab = book.create_sheet(CONFIG.sheet.roster_tab)
        for row in [ROSTER_COLUMNS, *roster]:
            tab.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return FileSource(CONFIG, buffer.getvalue(), "answers.xlsx")


@SETTINGS
@given(st.lists(st.lists(xlsx_cells(), min_size=len(HEADERS), max_size=len(HEADERS)), max_size=6))
def test_an_xlsx_with_any_typed_cell_is_read_and_reported(rows):
    try:
        raw = xlsx_file(rows).read()
    except CampaignError as exc:  # only: nothing but the header (an empty sheet)
        assert "\n" not in str(exc)
        return
    assert len(raw.responses) <= len(rows)
    check_closed(build_report(raw, CONFIG), len(raw.responses))


@SETTINGS
@given(st.lists(st.lists(xlsx_cells(), min_size=len(ROSTER_COLUMNS), max_size=len(ROSTER_COLUMNS)), max_size=6))
def test_an_xlsx_roster_tab_with_any_typed_cell_is_a_report_or_one_message(roster_rows):
    answer = ["17/05/2021 10:00:00", "", "P01", "Sở TT&TT Hà Nội", "", "", ticked("rally")]
    source = xlsx_file([answer], [[f"C{i}", *row[1:]] for i, row in enumerate(roster_rows)])
    try:
        report = build_report(source.read(), CONFIG)
    except CampaignError as exc:
        assert "\n" not in str(exc) and not roster_rows  # an empty roster tab: no code column values
        return
    check_closed(report, 1)


@given(st.just(None))
@settings(max_examples=1, deadline=None)
def test_each_named_case_in_every_column_at_once(_):
    """The cases the issue names, each filling a whole row, whatever hypothesis happens to draw."""
    values = [*NASTY, "x" * 50_000, WHITESPACE, float("nan"), float("inf"), -0.0, 10**40, True, None]
    rows = [[v] * len(HEADERS) for v in values]
    rows += [["17/05/2021 10:00:00", "", "P01", "Sở TT&TT Hà Nội", "", "", ticked("rally"), v, v, v, v, v, v, v] for v in values]
    report = build_report(RawTables(responses=frame(rows), agencies=SMALL_ROSTER.copy(), source="cases"), CONFIG)
    check_closed(report, len(rows))
    flagged = report.issues[report.issues["issue"] == "rejected_quantity"]
    assert "9" * 40 in set(flagged["value"]) and "1e309" in set(flagged["value"])
