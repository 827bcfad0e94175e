"""Reading a timestamp cell: date-time serials, datetimes and text in the campaign's date order, in campaign time."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from campaign.columns import empty_mask, is_empty, map_distinct, text_column
from campaign.config import Config

SERIAL_ORIGIN = pd.Timestamp("1899-12-30")
_TS_RANGE = (pd.Timestamp("1678-01-02"), pd.Timestamp("2261-12-31"))  # inside datetime64[ns], with a day to spare
_SERIAL_RANGE = (20000, 80000)  # 1954..2119: a number outside it is not a date-time serial

_TEXT_FORMATS = {
    "dmy": ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d-%m-%Y %H:%M:%S", "%d-%m-%Y"),
    "mdy": ("%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y"),
}
_ISO_LIKE = re.compile(r"^\d{4}-\d{2}-\d{2}")


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
        texts = text_column(values[rest])  # cell_text, vectorised for a CSV's text column
        # Each distinct text parsed once (a big sheet repeats its minutes), the first format that reads it wins.
        codes, distinct = pd.factorize(texts)
        once = pd.Series(pd.NaT, index=pd.RangeIndex(len(distinct)), dtype="datetime64[ns]")
        distinct = pd.Series(np.asarray(distinct, dtype=object), index=once.index, dtype=object)
        for fmt in _TEXT_FORMATS.get(config.campaign.date_order, _TEXT_FORMATS["dmy"]):
            todo = once.isna()
            if not todo.any():
                break
            found = pd.to_datetime(distinct[todo], format=fmt, errors="coerce")
            once[todo] = found.where((found >= _TS_RANGE[0]) & (found <= _TS_RANGE[1])).astype("datetime64[ns]")
        parsed = pd.Series(once.to_numpy()[codes], index=texts.index, dtype="datetime64[ns]")
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
