"""The five CSV files (and one workbook) written from a Report; text from the sheet is made safe for Excel.

The CLI and the dashboard write them through `tables` and `to_csv_bytes` alone, so the same sheet, moment and
group filter give the same bytes. What a group filter means in each file is FILTER_RULES (README, About sheet).
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from campaign import metrics, privacy
from campaign.config import Config
from campaign.emailed import EMAIL_ROW_BASE, row_label
from campaign.hints import hint_text
from campaign.model import RawTables, Report
from campaign.xmlsafe import xml_safe_frame

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
EXPORT_NAMES = ("agency_status", "submissions", "itu_summary", "campaign_summary", "data_quality")
ITU_COLUMNS = ["section", "key", "label_en", "label_vi", "agencies", "agencies_expected", "quantity_asked", "quantity"]
ABOUT_SHEET = "Thông tin - About"
XLSX_DATETIME = "dd/mm/yyyy hh:mm"
FILE_SUFFIXES = (".csv", ".xlsx", ".xlsm")

# What a group filter keeps in each file: (Vietnamese, English). README's exports section says the same.
FILTER_RULES = {
    "agency_status": ("các đơn vị thuộc nhóm đã chọn", "the agencies of the chosen groups"),
    "submissions": (
        "các dòng khớp với đơn vị thuộc nhóm đã chọn, cùng mọi dòng không khớp đơn vị nào (không thuộc nhóm nào)",
        "rows matched to agencies of the chosen groups, plus every row matched to no agency (it belongs to no group)",
    ),
    "itu_summary": ("các đơn vị thuộc nhóm đã chọn", "the agencies of the chosen groups"),
    "campaign_summary": (
        "số đơn vị: nhóm đã chọn; số dòng: đếm như submissions",
        "agency counts: the chosen groups; row counts: the rows of submissions",
    ),
    "data_quality": ("các ô của những dòng có trong submissions", "the cells of the rows in submissions"),
}


def escape_cell(value: object) -> object:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def iso(ts: pd.Series) -> pd.Series:
    """Timestamps as ISO 8601 with offset, to the second ('2021-06-03T23:59:59+07:00'); '' for none."""
    if ts.empty:
        return pd.Series([], index=ts.index, dtype=object)
    # numpy formats a datetime64 in C; strftime goes through Python per value.
    local = ts.dt.tz_localize(None)
    clock = np.datetime_as_string(local.to_numpy(dtype="datetime64[s]"), unit="s")
    offset = (local - ts.dt.tz_convert("UTC").dt.tz_localize(None)).dt.total_seconds()
    suffix = offset.map({o: _offset_text(o) for o in offset.dropna().unique()})  # a zone has few offsets
    text = pd.Series(clock, index=ts.index, dtype=object) + suffix.astype(object)
    return text.where(ts.notna(), "")


def _offset_text(seconds: float) -> str:
    minutes = int(seconds // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def escape_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell (and header) that starts like a formula escaped."""
    safe = frame.copy()
    for col in safe.columns:
        values = safe[col]
        if values.dtype == object and pd.api.types.infer_dtype(values, skipna=True) == "string":
            values = values.astype("str")  # all text: escape it in one vectorised pass below
        if values.dtype == object:
            safe[col] = values.map(escape_cell)
        elif pd.api.types.is_string_dtype(values):
            risky = values.str.startswith(FORMULA_START).fillna(False)
            if risky.any():
                safe[col] = values.where(~risky, "'" + values)
    safe.columns = [escape_cell(c) for c in safe.columns]
    return safe


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM (Excel then shows Vietnamese), CRLF line ends, formula cells escaped.

    The bytes of `DataFrame.to_csv(index=False, lineterminator="\\r\\n")` (quotes only where a cell needs them),
    built column by column with pyarrow's compute functions: pandas' writer formats and quotes cell by cell in
    Python, and pyarrow's own writer quotes every text cell, which would change the files.
    """
    safe = escape_formulas(_iso_dates(frame))  # date-times as ISO 8601 text first
    if safe.shape[0] == 0 or safe.shape[1] < 2:  # nothing to gain, and the csv module's corner cases
        return (BOM + safe.to_csv(index=False, lineterminator="\r\n")).encode("utf-8")
    header = ",".join(_csv_field(str(c)) for c in safe.columns)
    import pyarrow as pa

    lines = pc.binary_join_element_wise(*(_csv_cells(safe.iloc[:, i]) for i in range(safe.shape[1])), ",")
    lines = pc.binary_join_element_wise(lines, "\r\n", "")  # each row with its line end
    if isinstance(lines, pa.ChunkedArray):  # a column pandas keeps in pyarrow chunks
        lines = lines.combine_chunks()
    body = pc.binary_join(pa.ListArray.from_arrays([0, len(lines)], lines.cast(pa.binary())), b"")[0].as_py()
    return (BOM + header + "\r\n").encode("utf-8") + body


def _csv_field(text: str) -> str:
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in '",\r\n') else text


def _csv_cells(values: pd.Series):
    """One column as CSV fields (pyarrow strings): formatted as pandas writes them, quoted where needed."""
    import pyarrow as pa

    numpy_kind = values.dtype.kind if isinstance(values.dtype, np.dtype) else ""
    if numpy_kind == "b":
        return pa.array(np.where(values.to_numpy(), "True", "False"))
    if numpy_kind in ("i", "u"):
        return pa.array(values.to_numpy()).cast(pa.string())
    if numpy_kind == "f":
        numbers = values.to_numpy()
        return pa.array(np.where(np.isnan(numbers), "", numbers.astype(str)))
    if not numpy_kind and pd.api.types.is_integer_dtype(values.dtype):  # Int64 with gaps: '' for a gap
        return pc.fill_null(pa.array(values, from_pandas=True).cast(pa.string()), "")
    text = None
    if numpy_kind == "O" or pd.api.types.is_string_dtype(values.dtype):
        try:
            text = pc.fill_null(pa.array(values, type=pa.string(), from_pandas=True), "")
        except (pa.ArrowInvalid, pa.ArrowTypeError):  # numbers among the text: pandas writes each as str()
            pass
    if text is None:  # mixed or other types (dates, nullable numbers): pandas formats this one column
        written = values.to_frame().to_csv(index=False, header=False, lineterminator="\n")
        return pa.array(_split_csv_lines(written))
    needs = pc.match_substring_regex(text, '[",\r\n]')
    if not pc.any(needs).as_py():
        return text
    quoted = pc.binary_join_element_wise('"', pc.replace_substring(text, '"', '""'), '"', "")
    return pc.if_else(needs, quoted, text)


def _split_csv_lines(written: str) -> list[str]:
    """The fields of a one-column CSV (quoted fields may hold line ends)."""
    fields, current, quoted = [], [], False
    for line in written.split("\n")[:-1]:
        current.append(line)
        quoted ^= line.count('"') % 2 == 1
        if not quoted:
            field = "\n".join(current)
            fields.append("" if field == '""' else field)  # alone on its line an empty cell is quoted; not in a row
            current = []
    return fields


def _iso_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """Zoned date-time columns and cells as ISO 8601 text with offset ('' for none)."""
    out = frame
    for i, col in enumerate(frame.columns):
        values = frame.iloc[:, i]
        if isinstance(values.dtype, pd.DatetimeTZDtype):
            text = iso(values)
        elif values.dtype == object and pd.api.types.infer_dtype(values, skipna=True) not in ("string", "empty"):
            text = values.map(lambda v: iso(pd.Series([v]))[0] if isinstance(v, pd.Timestamp) and v.tzinfo else v)
        else:
            continue
        if out is frame:
            out = frame.copy()
        out[col] = text
    return out


def agency_status_table(report: Report, groups=None) -> pd.DataFrame:
    agencies = metrics.agencies_in(report, groups)
    return pd.DataFrame(
        {
            "code": agencies["code"],
            "name": agencies["name"],
            "group": agencies["group"],
            "status": agencies["status"],
            "first_submitted_at": agencies["first_submitted_at"],  # ISO text in CSV, a date-time in XLSX
            "last_submitted_at": agencies["last_submitted_at"],
            "submissions": agencies["submissions"],
        }
    ).reset_index(drop=True)


def export_row(row: object) -> int | str:
    """A row as the files write it: the sheet's row number (a number in the workbook), or E1, E2 … for a report
    entered from an email."""
    label = row_label(row)
    return int(label) if label.isdigit() else label


def export_rows(rows: pd.Series) -> pd.Series:
    """export_row for a whole column: the sheet's numbers as they are, each emailed report's label made once."""
    numbers = rows.to_numpy(dtype=np.int64)
    emailed = numbers >= EMAIL_ROW_BASE
    if not emailed.any():
        return pd.Series(numbers, index=rows.index)
    out = numbers.astype(object)
    out[emailed] = [export_row(n) for n in numbers[emailed]]
    return pd.Series(out, index=rows.index, dtype=object)


def submissions_table(report: Report, groups=None) -> pd.DataFrame:
    """Every sheet row of the filter (metrics.rows_in), with the personal fields after the agency's name (what a
    role may see of them is campaign.privacy's to decide: `tables` passes them through its gate)."""
    subs = report.submissions[metrics.rows_in(report, groups)]
    table = pd.DataFrame(
        {
            "row": export_rows(subs["row"]),
            "submitted_at": subs["submitted_at"],
            "category": subs["category"],
            "agency_code": subs["agency_code"],
            "agency_name": subs["agency_name"],
            **{key: subs[key] for key in report.config.personal_fields},
            "match": subs["match"],
            "activities": subs["activities"],
        }
    )
    for a in sorted(report.config.quantity_activities, key=lambda a: list(report.config.fields).index(a.quantity_field)):
        table[a.key] = subs[a.quantity_field]
    table["participants"] = subs["participants"]
    table["evidence"] = subs["evidence"]
    table["notes"] = subs["notes"]
    table["source"] = subs["source"]  # form, or email (a report the coordinator entered from an email: row E1, E2 …)
    return table.reset_index(drop=True)


def itu_summary_table(report: Report, groups=None) -> pd.DataFrame:
    """For ITU, in English: per activity the agencies that did it and the total quantity where the form asks one;
    participants; and per group the agencies that reported. `agencies_expected` is what `agencies` is out of."""
    config = report.config
    expected = len(metrics.agencies_in(report, groups))
    acts = metrics.activities(report, groups)
    asked = {a.key: bool(a.quantity_field) for a in config.activities}
    rows = [
        {
            "section": "activity",
            "key": r.activity,
            "label_en": r.label_en,
            "label_vi": r.label_vi,
            "agencies": int(r.agencies),
            "agencies_expected": expected,
            "quantity_asked": "yes" if asked[r.activity] else "no",
            "quantity": int(r.quantity) if asked[r.activity] else None,
        }
        for r in acts.itertuples(index=False)
    ]
    if "participants" in config.fields:
        agencies, total = metrics.participants(report, groups)
        rows.append(
            {
                "section": "participants",
                "key": "participants",
                "label_en": "Participants in the activities",
                "label_vi": "Số người tham dự các hoạt động",
                "agencies": agencies,
                "agencies_expected": expected,
                "quantity_asked": "yes",
                "quantity": total,
            }
        )
    by_group = metrics.by_group(report, groups).set_index("group")
    order = [g for g in config.groups if g in by_group.index] + sorted(g for g in by_group.index if g not in config.groups)
    for g in order:
        rows.append(
            {
                "section": "group",
                "key": g,
                "label_en": config.group_label(g, "en"),
                "label_vi": config.group_label(g, "vi"),
                "agencies": int(by_group.loc[g, "agencies_reported"]),
                "agencies_expected": int(by_group.loc[g, "agencies_expected"]),
                "quantity_asked": "",
                "quantity": None,
            }
        )
    frame = pd.DataFrame(rows, columns=ITU_COLUMNS)
    frame["quantity"] = frame["quantity"].astype("Int64")
    return frame


def chosen_groups(config: Config, groups: Iterable[str] | None) -> list[str]:
    """The filter's group keys in the config's order ([] for every group)."""
    chosen = set(groups or ())
    return [g for g in config.groups if g in chosen] + sorted(chosen - set(config.groups))


def source_label(raw: RawTables) -> str:
    """'demo' for the demo; a file's name without its folder; a sheet's title and tab as read."""
    if raw.is_demo:
        return "demo"
    if raw.source.lower().endswith(FILE_SUFFIXES):
        return Path(raw.source).name
    return raw.source


def generation_moment(config: Config, environ: Mapping[str, str] = os.environ) -> pd.Timestamp:
    """Now, to the second, in the campaign's zone; SOURCE_DATE_EPOCH (seconds since 1970, the reproducible-builds
    convention) fixes it, so two runs on the same input write the same bytes."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = pd.Timestamp(int(epoch), unit="s", tz="UTC") if epoch.isdigit() else pd.Timestamp.now(tz="UTC")
    return moment.floor("s").tz_convert(config.campaign.timezone)


def campaign_summary_table(report: Report, groups=None, generated_at: pd.Timestamp | None = None) -> pd.DataFrame:
    """indicator, value: what the files were made from, then the figures; numbers stay numbers (typed in XLSX)."""
    config = report.config
    s = metrics.summary(report, groups)
    acc = metrics.accounting_in(report, groups)
    values = {
        "campaign": config.campaign.name_en,
        "as_of": report.as_of if report.as_of is not None else "",  # empty: every row read
        "groups": ";".join(chosen_groups(config, groups)) or "all",
        "source": source_label(report.prepared.raw),
        "generated_at": generated_at if generated_at is not None else generation_moment(config),
        **{k: s[k] for k in ("agencies_expected", "agencies_reported", "agencies_on_time", "agencies_late", "agencies_missing")},
        "reporting_rate": round(s["reporting_rate"], 4),
        "on_time_rate": round(s["on_time_rate"], 4),
        **{k: acc[k] for k in ("rows_read", "rows_counted", "rows_superseded", "rows_unmatched", "rows_blank")},
        "rows_undated": acc["rows_undated"],
        "rows_after_as_of": acc["rows_after_as_of"],
        "participants": s["participants"],
    }
    return pd.DataFrame({"indicator": list(values), "value": pd.Series(list(values.values()), dtype=object)})


def data_quality_table(report: Report, groups=None, lang: str = "en") -> pd.DataFrame:
    """The flagged cells of the filter's rows (those of personal fields included: see `tables`), each hint written
    out as the `suggestion` in `lang` (data_quality.csv's is English)."""
    issues = report.issues
    if groups:
        issues = issues[issues["row"].isin(report.submissions.loc[metrics.rows_in(report, groups), "row"])]
    issues = issues.copy()
    issues["row"] = export_rows(issues["row"])
    values = issues["value"].to_numpy(dtype=object)
    issues["value"] = pd.Series(
        ["" if v is None or (isinstance(v, float) and v != v) else str(v) for v in values], index=issues.index, dtype=object
    )
    # Per hint object, not per equal hint: hashing a quarter of a million dataclasses cost more than the texts.
    texts: dict[int, str] = {}
    hints = [None if isinstance(h, float) and h != h else h for h in issues["hint"].to_numpy(dtype=object)]
    suggestions = [texts[id(h)] if id(h) in texts else texts.setdefault(id(h), hint_text(h, lang)) for h in hints]
    issues["suggestion"] = pd.Series(suggestions, index=issues.index, dtype=object)
    return issues.drop(columns=["hint"]).reset_index(drop=True)


def tables(
    report: Report, groups=None, generated_at: pd.Timestamp | None = None, role: str | None = None
) -> dict[str, pd.DataFrame]:
    """Every export, by file stem, for the chosen groups (None: all), as `role` may see them (campaign.privacy):
    for no role (the CLI) or a leader no column or flagged cell names or reaches a person; the coordinator's
    files carry the contacts."""
    groups = list(groups) if groups else None
    generated_at = generated_at if generated_at is not None else generation_moment(report.config)
    everything = {
        "agency_status": agency_status_table(report, groups),
        "submissions": submissions_table(report, groups),
        "itu_summary": itu_summary_table(report, groups),
        "campaign_summary": campaign_summary_table(report, groups, generated_at),
        "data_quality": data_quality_table(report, groups),
    }
    return privacy.visible_tables(everything, report.config, role, report.prepared.headers)


def write_csvs(report: Report, out_dir: Path, groups=None, generated_at: pd.Timestamp | None = None) -> list[Path]:
    """Write the five CSV files into out_dir (created if needed), under their fixed names."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in tables(report, groups, generated_at).items():
        path = out_dir / f"{name}.csv"
        path.write_bytes(to_csv_bytes(frame))
        written.append(path)
    return written


def download_name(config: Config, name: str, moment: pd.Timestamp, suffix: str = "csv") -> str:
    """A downloaded file's name: the campaign, what it is and the moment its figures stand at
    ('wtisd2021_itu_summary_2021-06-03T2359.csv'), so two campaigns' files in one folder are told apart."""
    return f"{config.campaign.slug}_{name}_{moment.strftime('%Y-%m-%dT%H%M')}.{suffix}"


# The documents' files, app and command line alike: the campaign, the document, its day.
DOCUMENT_FILES = {
    "letter": "cong-van-don-doc.docx",
    "letters": "cong-van-don-doc_theo-don-vi.zip",  # one letter per agency
    "final": "bao-cao-ket-qua.docx",
    "itu": "report-itu.docx",
}


def document_name(config: Config, which: str, day: dt.date) -> str:
    """'wtisd2021_bao-cao-ket-qua_2021-06-04.docx' for `which` of DOCUMENT_FILES."""
    stem, suffix = DOCUMENT_FILES[which].rsplit(".", 1)
    return f"{config.campaign.slug}_{stem}_{day:%Y-%m-%d}.{suffix}"


# --- the workbook --------------------------------------------------------------------------------------------------


def about_table(named: Mapping[str, pd.DataFrame], config: Config) -> pd.DataFrame:
    """The first sheet: what the workbook is (campaign, as-of, filter, source, row counts, generation time)
    and, for each sheet, its rows and what the filter keeps in it."""
    summary = dict(zip(named["campaign_summary"]["indicator"], named["campaign_summary"]["value"]))
    rows = [
        ("Chiến dịch", "Campaign", config.campaign.name_vi, "", ""),
        ("Chiến dịch (tiếng Anh)", "Campaign (English)", config.campaign.name_en, "", ""),
        (
            "Số liệu tính đến",
            "As of",
            summary.get("as_of", ""),
            "trống: mọi dòng đã đọc" if summary.get("as_of", "") == "" else "",
            "empty: every row read" if summary.get("as_of", "") == "" else "",
        ),
        ("Lọc theo nhóm", "Group filter", summary.get("groups", ""), "all: mọi nhóm", "all: every group"),
        ("Nguồn dữ liệu", "Source", summary.get("source", ""), "", ""),
        ("Thời điểm tạo tệp", "Generated at", summary.get("generated_at", ""), "", ""),
    ]
    for key in ("rows_read", "rows_counted", "rows_superseded", "rows_unmatched", "rows_blank", "rows_undated"):
        if key in summary:
            rows.append((f"Số dòng: {key}", f"Rows: {key}", summary[key], "", ""))
    if "rows_after_as_of" in summary:
        rows.append(("Số dòng: rows_after_as_of", "Rows: rows_after_as_of", summary["rows_after_as_of"], "", ""))
    for name, frame in named.items():
        vi, en = FILTER_RULES.get(name, ("", ""))
        rows.append((f"Trang {name}: số dòng", f"Sheet {name}: rows", len(frame), vi, en))
    return pd.DataFrame(rows, columns=["Mục", "Item", "Giá trị / Value", "Quy tắc lọc", "Filter rule"], dtype=object)


def _excel_ready(frame: pd.DataFrame) -> pd.DataFrame:
    """Formula text escaped; zoned date-times as the campaign's wall clock (Excel has no zones)."""
    safe = escape_formulas(xml_safe_frame(frame))  # campaign/xmlsafe.py: no XML-illegal character
    for col in safe.columns:
        values = safe[col]
        if isinstance(values.dtype, pd.DatetimeTZDtype):
            safe[col] = values.dt.tz_localize(None)
        elif values.dtype == object:
            safe[col] = values.map(lambda v: v.tz_localize(None) if isinstance(v, pd.Timestamp) and v.tzinfo else v)
    return safe


def _column_width(frame: pd.DataFrame, i: int) -> float:
    values = frame.iloc[:, i]
    if pd.api.types.is_datetime64_any_dtype(values):
        longest = 16
    else:
        longest = int(values.astype(str).str.len().fillna(0).max()) if len(values) else 0
    return float(min(max(longest, len(str(frame.columns[i])), 6) + 2, 60))


def to_xlsx_bytes(named: dict[str, pd.DataFrame], config: Config | None = None) -> bytes:
    """One workbook: first the About sheet (with `config`), then a sheet per table. Numbers are numbers, date-times
    Excel date-times shown dd/mm/yyyy hh:mm, text cells escaped like the CSVs; header row frozen, widths set."""
    from openpyxl.utils import get_column_letter

    sheets = ({ABOUT_SHEET: about_table(named, config)} if config is not None else {}) | dict(named)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            ready = _excel_ready(frame)
            ready.to_excel(writer, sheet_name=name[:31], index=False)
            sheet = writer.sheets[name[:31]]
            sheet.freeze_panes = "A2"
            for i in range(ready.shape[1]):
                letter = get_column_letter(i + 1)
                sheet.column_dimensions[letter].width = _column_width(ready, i)
                values = ready.iloc[:, i]
                if pd.api.types.is_datetime64_any_dtype(values) or (
                    values.dtype == object and values.map(lambda v: isinstance(v, dt.datetime)).any()
                ):
                    for cell in sheet[letter][1:]:
                        if cell.is_date:
                            cell.number_format = XLSX_DATETIME
    return buffer.getvalue()
