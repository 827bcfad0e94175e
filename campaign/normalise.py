"""Turning the raw response sheet into one tidy row per sheet row, and listing what looks wrong."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from campaign.config import Config
from campaign.errors import InputError
from campaign.names import HIDDEN_CHARS, strip_hidden

FIRST_DATA_ROW = 2  # the sheet's own numbering: the header is row 1
DEFAULT_MAX_QUANTITY = 10_000_000  # [limits] max_quantity in campaign.toml
SERIAL_ORIGIN = pd.Timestamp("1899-12-30")
_TS_RANGE = (pd.Timestamp("1678-01-02"), pd.Timestamp("2261-12-31"))  # inside datetime64[ns], with a day to spare
_SERIAL_RANGE = (20000, 80000)  # 1954..2119: a number outside it is not a date-time serial

_TEXT_FORMATS = {
    "dmy": ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d-%m-%Y %H:%M:%S", "%d-%m-%Y"),
    "mdy": ("%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y"),
}
_ISO_LIKE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_THOUSANDS = re.compile(r"^\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*$")
_NEGATIVE = re.compile(r"(?:^|[^\w])[-−]\s*\d")
_APPROX_BEFORE = re.compile(
    r"\b(?:khoảng|khoang|gần|gan|hơn|hon|trên|tren|xấp xỉ|xap xi|tầm|tam|ước|uoc|about|over|approx\w*|around)\b|[~≈>]", re.I
)
_LINK = re.compile(r"^https?://[^\s<>\"'`]+$", re.I)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*:", re.I)
# A web address typed without http(s):// ("drive.google.com/…", "www.…"): flagged, never made a link.
_BARE_ADDRESS = re.compile(r"^(?:www\.\S+|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/\S*)$", re.I)
_SPLIT_LINKS = re.compile(r"[\s,;]+")


@dataclass(frozen=True)
class Normalised:
    rows: pd.DataFrame  # one row per sheet row, the vocabulary below
    issues: pd.DataFrame  # row, column, issue, value, suggestion
    headers: dict[str, str]  # field key -> the header found in the sheet


ISSUE_COLUMNS = ["row", "column", "issue", "value", "suggestion"]


def is_empty(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str) and not value.strip():
        return True
    return value is pd.NaT


def cell_text(value: object) -> str:
    """A cell as clean text: '' for empty, whole numbers without '.0', hidden characters removed.

    Text is kept as typed otherwise (Unicode normalisation is matching's business: campaign.names).
    """
    if is_empty(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text, _ = strip_hidden(str(value))
    return text.strip()


def name_key(text: object) -> str:
    """How a tab or column name is compared, everywhere: composed Unicode, case and spacing ignored."""
    return " ".join(unicodedata.normalize("NFC", str(text)).casefold().split())


def find_headers(columns: list[object], config: Config, source: str) -> dict[str, object]:
    """Field key → the sheet's column label; a required field that is missing is an input error."""
    by_key = {}
    for col in columns:
        by_key.setdefault(name_key(col), col)
    found: dict[str, object] = {}
    for key, field in config.fields.items():
        for spelling in field.spellings:
            if name_key(spelling) in by_key:
                found[key] = by_key[name_key(spelling)]
                break
    missing = [f for k, f in config.fields.items() if f.required and k not in found]
    if missing:
        wanted = "; ".join(f"'{f.header}'" for f in missing)
        seen = "; ".join(f"'{c}'" for c in columns if str(c).strip()) or "(none)"
        raise InputError(
            f"{source}: required header {wanted} not found; headers found: {seen}. "
            "Rename the column back or add its spelling to campaign.toml",
            f"{source}: không thấy cột bắt buộc {wanted}; các cột có: {seen}. "
            "Hãy đặt lại tên cột hoặc thêm tên này vào campaign.toml",
        )
    return found


def normalise_responses(
    raw: pd.DataFrame, config: Config, source: str = "responses", source_timezone: str | None = None
) -> Normalised:
    """Tidy every row of the response sheet; nothing is dropped (blank rows are marked blank)."""
    if raw.shape[1] == 0:
        raise InputError(
            f"{source}: the response sheet is empty (no header row); check the file or tab",
            f"{source}: bảng câu trả lời trống (không có dòng tiêu đề); hãy kiểm tra tệp hoặc trang tính",
        )
    headers = find_headers(list(raw.columns), config, source)
    n = len(raw)
    positions = {label: i for i, label in enumerate(raw.columns)}
    issues: list[pd.DataFrame] = []

    def column(key: str) -> pd.Series:
        if key not in headers:
            return pd.Series([None] * n, index=raw.index, dtype=object)
        return raw.iloc[:, positions[headers[key]]]

    def label(key: str) -> str:
        return str(headers.get(key, config.fields[key].header))

    rows = pd.DataFrame({"row": np.arange(FIRST_DATA_ROW, FIRST_DATA_ROW + n), "blank": blank_rows(raw)}, index=raw.index)
    live = ~rows["blank"].to_numpy()

    def flag(mask: np.ndarray, key: str, issue: str, values, suggestions) -> None:
        issues.append(issue_frame(rows["row"], mask & live, label(key), issue, values, suggestions))

    ts_col = column("timestamp")
    rows["submitted_at"] = parse_timestamps(ts_col, config, source_timezone)
    rows["timestamp_raw"] = text_column(ts_col)
    for key in ("email", "agency_code", "agency_name", "reporter", "phone", "notes"):
        rows[key] = text_column(column(key))

    flag(
        rows["submitted_at"].isna().to_numpy(), "timestamp", "unreadable_timestamp", rows["timestamp_raw"], "dd/mm/yyyy hh:mm:ss"
    )
    hidden = map_distinct(column("agency_name"), lambda v: isinstance(v, str) and strip_hidden(v)[1]).to_numpy(dtype=bool)
    flag(hidden, "agency_name", "hidden_characters_removed", rows["agency_name"], "")

    # Activities: ticked checkboxes, and the "Khác" free text.
    labels = [(a.label_vi, a.key) for a in config.activities if a.key != "other"]
    rows["activities"], rows["other_text"] = map_distinct_parts(
        column("activities"), lambda v: (lambda t: (";".join(t[0]), t[1]))(split_activities(cell_text(v), labels)), 2
    )

    for key in [a.quantity_field for a in config.quantity_activities] + ["participants"]:
        col = column(key)
        number, problem, suggestion = map_distinct_parts(col, lambda v: _quantity_parts(v, config.limits.max_quantity), 3)
        rows[key] = pd.array(number, dtype="Int64")
        problem = problem.to_numpy(dtype=object)
        for issue in ("approximate_quantity", "rejected_quantity"):
            flag(problem == issue, key, issue, text_column(col), suggestion)

    links, bad = _evidence_columns(column("evidence"))
    rows["evidence"] = links
    flag(bad.to_numpy(dtype=object) != "", "evidence", "non_http_link", bad, "only http(s) links are shown")

    return Normalised(rows=rows, issues=concat_issues(issues), headers={k: str(v) for k, v in headers.items()})


def issue_frame(row_numbers: pd.Series, mask, column: str, issue: str, values, suggestions) -> pd.DataFrame:
    """Data-quality rows for the sheet rows under mask; values and suggestions per row, or one text for all."""
    mask = np.asarray(mask, dtype=bool)
    pick = lambda v: v if isinstance(v, str) else np.asarray(v, dtype=object)[mask]  # noqa: E731
    return pd.DataFrame(
        {
            "row": np.asarray(row_numbers)[mask],
            "column": column,
            "issue": issue,
            "value": pick(values),
            "suggestion": pick(suggestions),
        },
        columns=ISSUE_COLUMNS,
    )


def concat_issues(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """One data-quality table from several (empty ones skipped: concat warns about their dtypes)."""
    frames = [f for f in frames if not f.empty]
    return pd.concat(frames, ignore_index=True)[ISSUE_COLUMNS] if frames else pd.DataFrame(columns=ISSUE_COLUMNS)


def has_activity(activities: pd.Series, key: str) -> np.ndarray:
    """For ';'-joined activity keys: which rows name this key."""
    return (";" + activities + ";").str.contains(f";{key};", regex=False).to_numpy(dtype=bool)


def blank_rows(frame: pd.DataFrame) -> np.ndarray:
    """True for rows whose every cell is empty or white space."""
    blank = np.ones(len(frame), dtype=bool)
    for i in range(frame.shape[1]):
        blank &= empty_mask(frame.iloc[:, i])
        if not blank.any():
            break
    return blank


def empty_mask(series: pd.Series) -> np.ndarray:
    """is_empty for a whole column, vectorised for a text column."""
    if _is_text(series):
        return series.isna().to_numpy() | (series.str.strip() == "").fillna(True).to_numpy(dtype=bool)
    return map_distinct(series, is_empty).to_numpy(dtype=bool)


def text_column(series: pd.Series) -> pd.Series:
    """cell_text for a whole column; vectorised for a text column (a CSV's), once per distinct value otherwise."""
    if not _is_text(series):
        return map_distinct(series, cell_text)
    text = series.str.replace(HIDDEN_CHARS.pattern, "", regex=True).str.strip()
    return text.fillna("").astype(object)


def _is_text(series: pd.Series) -> bool:
    return isinstance(series.dtype, pd.StringDtype)


def map_distinct(series: pd.Series, fn) -> pd.Series:
    """fn(cell) for every cell, computed once per distinct value (answers repeat a lot in a big sheet)."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    results = np.empty(len(uniques) + 1, dtype=object)
    for i, value in enumerate(np.asarray(uniques, dtype=object)):
        results[i] = fn(value)
    results[-1] = fn(None)  # code -1: a missing cell
    return pd.Series(results[codes], index=series.index, dtype=object)


def _evidence_columns(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(';'-joined http(s) links, ';'-joined things that only look like links) per cell."""
    parse = lambda v: tuple(map(";".join, parse_evidence(cell_text(v))))  # noqa: E731
    if not _is_text(values):
        return map_distinct_parts(values, parse, 2)
    # Most cells are one clean link or nothing: those need no parsing (every cell tends to be distinct).
    text = values.str.strip()
    simple = (text.str.fullmatch(_LINK.pattern, case=False).fillna(False) | text.fillna("").eq("")).to_numpy(dtype=bool)
    links = text.fillna("").astype(object)
    bad = pd.Series("", index=values.index, dtype=object)
    if not simple.all():
        links[~simple], bad[~simple] = map_distinct_parts(values[~simple], parse, 2)
    return links, bad


def map_distinct_parts(series: pd.Series, fn, width: int) -> tuple[pd.Series, ...]:
    """Like map_distinct for an fn returning a tuple: one Series per position, split once per distinct value."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    parts = [np.empty(len(uniques) + 1, dtype=object) for _ in range(width)]
    for i, value in enumerate([*np.asarray(uniques, dtype=object), None]):  # the last: a missing cell (code -1)
        for part, item in zip(parts, fn(value)):
            part[i] = item
    return tuple(pd.Series(part[codes], index=series.index, dtype=object) for part in parts)


def _quantity_parts(value: object, limit: int = DEFAULT_MAX_QUANTITY) -> tuple[int | None, str, str]:
    number, flag = parse_quantity(value, limit)
    issue, _, suggestion = flag.partition("|")
    return number, issue, suggestion


# --- timestamps -------------------------------------------------------------------------------------------


def parse_timestamps(values: pd.Series, config: Config, source_timezone: str | None = None) -> pd.Series:
    """Serial numbers, datetimes and text → tz-aware times in the campaign's zone (NaT where unreadable).

    Times without a zone are wall-clock in the source's zone (a Google Sheet's File → Settings zone),
    or in the campaign's zone when the source does not say.
    """
    wall_zone = source_timezone or config.campaign.timezone
    utc = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns, UTC]")
    if values.empty:
        return utc.dt.tz_convert(config.campaign.timezone)
    naive = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")

    if values.dtype == object:
        is_dt = map_distinct(values, lambda v: isinstance(v, (dt.datetime, dt.date)) and not is_empty(v)).to_numpy(dtype=bool)
    else:  # a text column (CSV): no datetime objects in it
        is_dt = np.zeros(len(values), dtype=bool)
    for i in np.flatnonzero(is_dt):
        v = _within_range(pd.Timestamp(values.iat[i]))
        if v is None:  # year 5000: unreadable, not a crash
            continue
        if v.tzinfo is not None:
            utc.iat[i] = v.tz_convert("UTC")
        else:
            naive.iat[i] = v

    numbers = pd.to_numeric(values.where(~is_dt), errors="coerce")
    serial = numbers.between(*_SERIAL_RANGE)
    if serial.any():
        # Round to the millisecond: a serial is a float and 10:23:45 comes back as 10:23:44.999999.
        naive[serial] = (SERIAL_ORIGIN + pd.to_timedelta(numbers[serial], unit="D")).dt.round("ms")

    rest = ~is_dt & numbers.isna().to_numpy() & ~empty_mask(values)
    if rest.any():
        texts = map_distinct(values[rest], cell_text)
        parsed = pd.Series(pd.NaT, index=texts.index, dtype="datetime64[ns]")
        for fmt in _TEXT_FORMATS.get(config.campaign.date_order, _TEXT_FORMATS["dmy"]):
            todo = parsed.isna()
            if not todo.any():
                break
            found = pd.to_datetime(texts[todo], format=fmt, errors="coerce")
            parsed[todo] = found.where((found >= _TS_RANGE[0]) & (found <= _TS_RANGE[1])).astype("datetime64[ns]")
        naive[parsed.index] = parsed
        for idx in parsed.index[parsed.isna()]:
            iso = _parse_iso(texts[idx])
            if iso is not None and iso.tzinfo is not None:
                utc[idx] = iso.tz_convert("UTC")
            elif iso is not None:
                naive[idx] = iso

    localized = naive.dt.tz_localize(wall_zone, ambiguous="NaT", nonexistent="shift_forward").dt.tz_convert("UTC")
    utc = utc.fillna(localized)
    return utc.dt.tz_convert(config.campaign.timezone)


def _parse_iso(text: str) -> pd.Timestamp | None:
    if not _ISO_LIKE.match(text):
        return None
    try:
        return _within_range(pd.Timestamp(dt.datetime.fromisoformat(text)))
    except ValueError:
        return None


def _within_range(ts: pd.Timestamp) -> pd.Timestamp | None:
    """The moment, or None outside what a nanosecond timestamp holds (1677..2262, a typo such as year 5000)."""
    naive = ts.tz_localize(None) if ts.tzinfo is not None else ts
    return ts if _TS_RANGE[0] <= naive <= _TS_RANGE[1] else None


# --- activities ---------------------------------------------------------------------------------------------


def split_activities(answer: str, labels: list[tuple[str, str]]) -> tuple[tuple[str, ...], str]:
    """Checkbox answer → (activity keys in config order, the leftover "Khác" text).

    Google Forms joins ticked labels with ", " and the labels contain commas themselves,
    so known labels are found whole; only what is left over is split on commas.
    """
    text = " ".join(unicodedata.normalize("NFC", answer).split())
    if not text:
        return (), ""
    found = set()
    for label, key in sorted(labels, key=lambda lk: -len(lk[0])):
        pattern = re.compile(r"(?:^|(?<=,))\s*" + re.escape(label) + r"\s*(?=,|$)", re.I)
        text, count = pattern.subn("", text)
        if count:
            found.add(key)
    other = ", ".join(p.strip() for p in text.split(",") if p.strip())
    keys = tuple(key for _, key in labels if key in found)
    if other:
        keys = keys + ("other",)
    return keys, other


# --- quantities ---------------------------------------------------------------------------------------------


def _too_large(limit: int) -> tuple[None, str]:
    return None, f"rejected_quantity|more than {limit:,}, the largest quantity accepted: check the number"


def parse_quantity(value: object, limit: int = DEFAULT_MAX_QUANTITY) -> tuple[int | None, str]:
    """What people type → (count or None, flag). Flag is '' or 'issue|suggestion'.

    A count is a whole number from 0 to `limit` ([limits] max_quantity): anything larger, infinite or not a
    number is no count and a flag, never an error (a cell of forty nines must not stop a report).
    """
    if is_empty(value):
        return None, ""
    if isinstance(value, bool):
        return None, "rejected_quantity|type a whole number"
    if isinstance(value, (int, float, np.integer, np.floating)):
        if isinstance(value, (float, np.floating)) and not math.isfinite(value):
            return (None, "") if math.isnan(value) else _too_large(limit)
        if value < 0:
            return None, "rejected_quantity|negative: type a whole number ≥ 0"
        if value > limit:
            return _too_large(limit)
        if float(value).is_integer():
            return int(value), ""
        return None, "rejected_quantity|not a whole number"
    text = cell_text(value)
    numbers = _NUMBER.findall(text)
    if not numbers:
        return None, "rejected_quantity|no number found"
    if len(numbers) > 1:
        return None, "rejected_quantity|several numbers: type one"
    if _NEGATIVE.search(text):
        return None, "rejected_quantity|negative: type a whole number ≥ 0"
    token = numbers[0]
    if len(re.sub(r"[.,]", "", token).lstrip("0")) > len(str(limit)):  # too large, and never given to int()
        return _too_large(limit)
    if _THOUSANDS.match(token):
        number = int(re.sub(r"[.,]", "", token))
    elif token.isdigit():
        number = int(token)
    else:
        return None, "rejected_quantity|not a whole number"
    if number > limit:
        return _too_large(limit)
    start = text.find(token)
    if _APPROX_BEFORE.search(text[:start]) or text[start + len(token) :].lstrip().startswith("+"):
        return number, f"approximate_quantity|counted as {number}"
    return number, ""


# --- evidence -------------------------------------------------------------------------------------------------


def parse_evidence(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Evidence cell → (http(s) links, other things that look like links and are never shown as links)."""
    links, bad = [], []
    for token in _SPLIT_LINKS.split(text):
        token = token.strip()
        if not token:
            continue
        if _LINK.match(token):
            links.append(token)
        elif _SCHEME.match(token) or _BARE_ADDRESS.match(token):  # an http(s) token here is malformed
            bad.append(token)
    return tuple(links), tuple(bad)
