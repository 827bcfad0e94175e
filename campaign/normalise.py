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
from campaign.names import strip_hidden

FIRST_DATA_ROW = 2  # the sheet's own numbering: the header is row 1
SERIAL_ORIGIN = pd.Timestamp("1899-12-30")
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
    """A cell as clean text: '' for empty, whole numbers without '.0', hidden characters removed."""
    if is_empty(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text, _ = strip_hidden(str(value))
    return unicodedata.normalize("NFC", text).strip()


def _header_key(text: object) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text)).casefold().split())


def find_headers(columns: list[object], config: Config, source: str) -> dict[str, object]:
    """Field key → the sheet's column label; a required field that is missing is an input error."""
    by_key = {}
    for col in columns:
        by_key.setdefault(_header_key(col), col)
    found: dict[str, object] = {}
    for key, field in config.fields.items():
        for spelling in field.spellings:
            if _header_key(spelling) in by_key:
                found[key] = by_key[_header_key(spelling)]
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
    issues: list[dict] = []
    positions = {label: i for i, label in enumerate(raw.columns)}

    def column(key: str) -> pd.Series:
        if key not in headers:
            return pd.Series([None] * n, index=raw.index, dtype=object)
        return raw.iloc[:, positions[headers[key]]]

    def text(key: str) -> pd.Series:
        return _map_distinct(column(key), cell_text)

    blank = raw.map(is_empty).all(axis=1).to_numpy() if n else np.zeros(0, dtype=bool)
    rows = pd.DataFrame({"row": np.arange(FIRST_DATA_ROW, FIRST_DATA_ROW + n), "blank": blank}, index=raw.index)

    ts_col = column("timestamp")
    rows["submitted_at"] = parse_timestamps(ts_col, config, source_timezone)
    rows["timestamp_raw"] = _map_distinct(ts_col, cell_text)
    for key in ("email", "agency_code", "agency_name", "reporter", "phone", "notes"):
        rows[key] = text(key)

    live = ~rows["blank"].to_numpy()
    bad_ts = live & rows["submitted_at"].isna().to_numpy()
    for i in np.flatnonzero(bad_ts):
        issues.append(
            _issue(
                rows,
                i,
                headers.get("timestamp", config.fields["timestamp"].header),
                "unreadable_timestamp",
                rows["timestamp_raw"].iat[i],
                "dd/mm/yyyy hh:mm:ss",
            )
        )
    names_raw = column("agency_name")
    hidden = _map_distinct(names_raw, lambda v: isinstance(v, str) and strip_hidden(v)[1]).to_numpy(dtype=bool)
    for i in np.flatnonzero(hidden & live):
        issues.append(_issue(rows, i, headers["agency_name"], "hidden_characters_removed", rows["agency_name"].iat[i], ""))

    # Activities: ticked checkboxes, and the "Khác" free text.
    labels = [(a.label_vi, a.key) for a in config.activities if a.key != "other"]
    split = _map_distinct(column("activities"), lambda v: split_activities(cell_text(v), labels))
    rows["activities"] = split.map(lambda t: ";".join(t[0]))
    rows["other_text"] = split.map(lambda t: t[1])

    for key in [a.quantity_field for a in config.quantity_activities] + ["participants"]:
        values, flags = _parse_quantities(column(key))
        rows[key] = values
        label = headers.get(key, config.fields[key].header)
        for i in np.flatnonzero(live & (flags != "")):
            issue, suggestion = flags[i].split("|", 1)
            issues.append(_issue(rows, i, label, issue, cell_text(column(key).iat[i]), suggestion))

    ev = _map_distinct(column("evidence"), lambda v: parse_evidence(cell_text(v)))
    rows["evidence"] = ev.map(lambda t: ";".join(t[0]))
    for i in np.flatnonzero(live & ev.map(lambda t: bool(t[1])).to_numpy(dtype=bool)):
        for bad in ev.iat[i][1]:
            issues.append(_issue(rows, i, headers["evidence"], "non_http_link", bad, "only http(s) links are shown"))

    return Normalised(
        rows=rows, issues=pd.DataFrame(issues, columns=ISSUE_COLUMNS), headers={k: str(v) for k, v in headers.items()}
    )


def _issue(rows: pd.DataFrame, i: int, column: str, issue: str, value: object, suggestion: str) -> dict:
    return {"row": int(rows["row"].iat[i]), "column": str(column), "issue": issue, "value": value, "suggestion": suggestion}


def _map_distinct(series: pd.Series, fn) -> pd.Series:
    """Apply fn once per distinct cell value (answers repeat a lot in a big sheet)."""
    if series.empty:
        return pd.Series([], index=series.index, dtype=object)
    keys = series.map(lambda v: (type(v).__name__, v) if not is_empty(v) else ("", None))
    cache: dict = {}
    out = []
    for k, v in zip(keys, series):
        if k not in cache:
            cache[k] = fn(v)
        out.append(cache[k])
    return pd.Series(out, index=series.index, dtype=object)


# --- timestamps -------------------------------------------------------------------------------------------


def parse_timestamps(values: pd.Series, config: Config, source_timezone: str | None = None) -> pd.Series:
    """Serial numbers, datetimes and text → tz-aware times in the campaign's zone (NaT where unreadable).

    Times without a zone are wall-clock in the source's zone (a Google Sheet's File → Settings zone),
    or in the campaign's zone when the source does not say.
    """
    wall_zone = source_timezone or config.timezone
    utc = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns, UTC]")
    if values.empty:
        return utc.dt.tz_convert(config.timezone)
    naive = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")

    is_dt = values.map(lambda v: isinstance(v, (dt.datetime, dt.date, pd.Timestamp)) and not is_empty(v)).to_numpy(dtype=bool)
    for i in np.flatnonzero(is_dt):
        v = pd.Timestamp(values.iat[i])
        if v.tzinfo is not None:
            utc.iat[i] = v.tz_convert("UTC")
        else:
            naive.iat[i] = v

    numbers = pd.to_numeric(values.where(~is_dt), errors="coerce")
    serial = numbers.between(*_SERIAL_RANGE)
    if serial.any():
        # Round to the millisecond: a serial is a float and 10:23:45 comes back as 10:23:44.999999.
        naive[serial] = (SERIAL_ORIGIN + pd.to_timedelta(numbers[serial], unit="D")).dt.round("ms")

    rest = ~is_dt & numbers.isna().to_numpy() & ~values.map(is_empty).to_numpy(dtype=bool)
    if rest.any():
        texts = values[rest].map(cell_text)
        parsed = pd.Series(pd.NaT, index=texts.index, dtype="datetime64[ns]")
        for fmt in _TEXT_FORMATS.get(config.date_order, _TEXT_FORMATS["dmy"]):
            todo = parsed.isna()
            if not todo.any():
                break
            parsed[todo] = pd.to_datetime(texts[todo], format=fmt, errors="coerce")
        naive[parsed.index] = parsed
        for idx in parsed.index[parsed.isna()]:
            iso = _parse_iso(texts[idx])
            if iso is not None and iso.tzinfo is not None:
                utc[idx] = iso.tz_convert("UTC")
            elif iso is not None:
                naive[idx] = iso

    localized = naive.dt.tz_localize(wall_zone, ambiguous="NaT", nonexistent="shift_forward").dt.tz_convert("UTC")
    utc = utc.fillna(localized)
    return utc.dt.tz_convert(config.timezone)


def _parse_iso(text: str) -> pd.Timestamp | None:
    if not _ISO_LIKE.match(text):
        return None
    try:
        return pd.Timestamp(dt.datetime.fromisoformat(text))
    except ValueError:
        return None


# --- activities ---------------------------------------------------------------------------------------------


def split_activities(answer: str, labels: list[tuple[str, str]]) -> tuple[tuple[str, ...], str]:
    """Checkbox answer → (activity keys in config order, the leftover "Khác" text).

    Google Forms joins ticked labels with ", " and the labels contain commas themselves,
    so known labels are found whole; only what is left over is split on commas.
    """
    text = " ".join(answer.split())
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


def parse_quantity(value: object) -> tuple[int | None, str]:
    """What people type → (count or None, flag). Flag is '' or 'issue|suggestion'."""
    if is_empty(value):
        return None, ""
    if isinstance(value, bool):
        return None, "rejected_quantity|type a whole number"
    if isinstance(value, (int, float, np.integer, np.floating)):
        if value < 0:
            return None, "rejected_quantity|negative: type a whole number ≥ 0"
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
    if _THOUSANDS.match(token):
        number = int(re.sub(r"[.,]", "", token))
    elif token.isdigit():
        number = int(token)
    else:
        return None, "rejected_quantity|not a whole number"
    start = text.find(token)
    if _APPROX_BEFORE.search(text[:start]) or text[start + len(token) :].lstrip().startswith("+"):
        return number, f"approximate_quantity|counted as {number}"
    return number, ""


def _parse_quantities(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    parsed = _map_distinct(values, parse_quantity)
    numbers = pd.array([p[0] for p in parsed], dtype="Int64")
    flags = np.array([p[1] for p in parsed], dtype=object)
    return pd.Series(numbers, index=values.index), flags


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
        elif _SCHEME.match(token) and not token.lower().startswith(("http:", "https:")):
            bad.append(token)
    return tuple(links), tuple(bad)
