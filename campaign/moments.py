"""A moment as a person types it (the CLI's --as-of): the Vietnamese day-first order, ISO, or "deadline".

A moment given to the day, minute or second covers the whole of it (as the dashboard's chosen minute does):
"03/06/2021" is the end of 3 June, "03/06/2021 17:00" is 17:00:59.999999. Times are in the campaign's zone.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from campaign.config import Config
from campaign.errors import InputError

AS_OF_FORMS = "dd/mm/yyyy | dd/mm/yyyy HH:MM[:SS] | yyyy-mm-dd[THH:MM[:SS[.ffffff]]][+07:00|Z] | deadline"
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?: +(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?")
# What the exports write (as_of, first_submitted_at): ISO 8601 with an offset or Z, fractional seconds allowed.
_ZONED = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?P<seconds>:\d{2}(?P<fraction>\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})")
_LAST = pd.Timedelta(microseconds=1)
UNITS = {"day": pd.Timedelta(days=1), "minute": pd.Timedelta(minutes=1), "second": pd.Timedelta(seconds=1)}


def end_of(start: pd.Timestamp, unit: str) -> pd.Timestamp:
    """A moment given to the day, minute or second covers the whole of it: its last microsecond."""
    return start + UNITS[unit] - _LAST


def last_moment_before_deadline(config: Config) -> pd.Timestamp:
    """The end of the last microsecond still on time (on time is strictly before the deadline)."""
    return config.deadline - _LAST


def parse_as_of(text: str, config: Config) -> pd.Timestamp:
    """'03/06/2021', '03/06/2021 17:00[:30]', '2021-06-03[T17:00[:30]]' or 'deadline' → the end of that day,
    minute or second in the campaign's zone; anything else is an input error naming the accepted forms."""
    typed = text.strip()
    if typed.casefold() == "deadline":
        return last_moment_before_deadline(config)
    zoned = _ZONED.fullmatch(typed)
    if zoned:
        return _zoned(typed, zoned, config)
    dmy, iso = _DMY.fullmatch(typed), _ISO.fullmatch(typed)
    if dmy:
        day, month, year, hour, minute, second = dmy.groups()
    elif iso:
        year, month, day, hour, minute, second = iso.groups()
    else:
        raise _refused(text)
    unit = "day" if hour is None else "minute" if second is None else "second"
    try:
        start = dt.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
        return end_of(pd.Timestamp(start).tz_localize(config.campaign.timezone), unit)
    except (ValueError, OverflowError, pd.errors.OutOfBoundsDatetime):  # 31/02, 25:00, a year pandas cannot hold
        raise _refused(text) from None


def _zoned(text: str, found: re.Match, config: Config) -> pd.Timestamp:
    """A moment with its own offset: to the minute or second it covers the whole of it; with a fraction, exactly it."""
    try:
        moment = pd.Timestamp(text).tz_convert(config.campaign.timezone)
    except (ValueError, OverflowError, pd.errors.OutOfBoundsDatetime):
        raise _refused(text) from None
    if found.group("fraction"):
        return moment
    return end_of(moment, "second" if found.group("seconds") else "minute")


def _refused(text: str) -> InputError:
    shown = text if len(text) <= 40 else text[:40] + "…"
    return InputError(
        f"--as-of {shown!r} is not a date-time; write one of {AS_OF_FORMS} (campaign time zone)",
        f"--as-of {shown!r} không phải ngày giờ; hãy viết theo một trong các dạng {AS_OF_FORMS} (múi giờ của chiến dịch)",
    )
