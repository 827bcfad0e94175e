"""The five CSV files (and one workbook) written from a Report; text from the sheet is made safe for Excel."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from campaign import metrics
from campaign.model import Report
from campaign.xmlsafe import xml_safe_frame

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
EXPORT_NAMES = ("agency_status", "submissions", "itu_summary", "campaign_summary", "data_quality")


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
    safe = escape_formulas(frame)
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


def agency_status_table(report: Report, groups=None) -> pd.DataFrame:
    agencies = metrics.agencies_in(report, groups)
    return pd.DataFrame(
        {
            "code": agencies["code"],
            "name": agencies["name"],
            "group": agencies["group"],
            "status": agencies["status"],
            "first_submitted_at": iso(agencies["first_submitted_at"]),
            "last_submitted_at": iso(agencies["last_submitted_at"]),
            "submissions": agencies["submissions"],
        }
    ).reset_index(drop=True)


def submissions_table(report: Report) -> pd.DataFrame:
    subs = report.submissions
    table = pd.DataFrame(
        {
            "row": subs["row"],
            "submitted_at": iso(subs["submitted_at"]),
            "category": subs["category"],
            "agency_code": subs["agency_code"],
            "agency_name": subs["agency_name"],
            "match": subs["match"],
            "activities": subs["activities"],
        }
    )
    for a in sorted(report.config.quantity_activities, key=lambda a: list(report.config.fields).index(a.quantity_field)):
        table[a.key] = subs[a.quantity_field]
    table["participants"] = subs["participants"]
    table["evidence"] = subs["evidence"]
    table["notes"] = subs["notes"]
    return table.reset_index(drop=True)


def itu_summary_table(report: Report, groups=None) -> pd.DataFrame:
    return metrics.activities(report, groups)[["activity", "label_en", "label_vi", "agencies", "quantity"]]


def campaign_summary_table(report: Report, groups=None) -> pd.DataFrame:
    s = metrics.summary(report, groups)
    acc = report.accounting
    values = {
        **{k: s[k] for k in ("agencies_expected", "agencies_reported", "agencies_on_time", "agencies_late", "agencies_missing")},
        "reporting_rate": round(s["reporting_rate"], 4),
        "on_time_rate": round(s["on_time_rate"], 4),
        **{k: acc[k] for k in ("rows_read", "rows_counted", "rows_superseded", "rows_unmatched", "rows_blank")},
        "rows_undated": acc["rows_undated"],
        "rows_after_as_of": acc["rows_after_as_of"],
        "participants": s["participants"],
    }
    return pd.DataFrame({"indicator": list(values), "value": [str(v) for v in values.values()]})


def data_quality_table(report: Report) -> pd.DataFrame:
    issues = report.issues.copy()
    issues["value"] = issues["value"].map(lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v))
    return issues.reset_index(drop=True)


def tables(report: Report, groups=None) -> dict[str, pd.DataFrame]:
    """Every export, by file stem."""
    return {
        "agency_status": agency_status_table(report, groups),
        "submissions": submissions_table(report),
        "itu_summary": itu_summary_table(report, groups),
        "campaign_summary": campaign_summary_table(report, groups),
        "data_quality": data_quality_table(report),
    }


def write_csvs(report: Report, out_dir: Path) -> list[Path]:
    """Write the five CSV files into out_dir (created if needed)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in tables(report).items():
        path = out_dir / f"{name}.csv"
        path.write_bytes(to_csv_bytes(frame))
        written.append(path)
    return written


def to_xlsx_bytes(named: dict[str, pd.DataFrame]) -> bytes:
    """One workbook, a sheet per table; text cells escaped like the CSVs and made XML-safe (campaign/xmlsafe.py)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in named.items():
            escape_formulas(xml_safe_frame(frame)).to_excel(writer, sheet_name=name[:31], index=False)
    return buffer.getvalue()
