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

AS_OF_FORMS = "dd/mm/yyyy | dd/mm/yyyy HH:MM[:SS] | yyyy-mm-dd[THH:MM[:SS]] | deadline"
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?: +(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?")
_LAST = pd.Timedelta(microseconds=1)


def last_moment_before_deadline(config: Config) -> pd.Timestamp:
    """The end of the last microsecond still on time (on time is strictly before the deadline)."""
    return config.deadline - _LAST


def parse_as_of(text: str, config: Config) -> pd.Timestamp:
    """'03/06/2021', '03/06/2021 17:00[:30]', '2021-06-03[T17:00[:30]]' or 'deadline' → the end of that day,
    minute or second in the campaign's zone; anything else is an input error naming the accepted forms."""
    typed = text.strip()
    if typed.casefold() == "deadline":
        return last_moment_before_deadline(config)
    dmy, iso = _DMY.fullmatch(typed), _ISO.fullmatch(typed)
    if dmy:
        day, month, year, hour, minute, second = dmy.groups()
    elif iso:
        year, month, day, hour, minute, second = iso.groups()
    else:
        raise _refused(text)
    unit = pd.Timedelta(days=1) if hour is None else pd.Timedelta(minutes=1) if second is None else pd.Timedelta(seconds=1)
    try:
        start = dt.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
        return pd.Timestamp(start).tz_localize(config.campaign.timezone) + unit - _LAST
    except (ValueError, OverflowError, pd.errors.OutOfBoundsDatetime):  # 31/02, 25:00, a year pandas cannot hold
        raise _refused(text) from None


def _refused(text: str) -> InputError:
    shown = text if len(text) <= 40 else text[:40] + "…"
    return InputError(
        f"--as-of {shown!r} is not a date-time; write one of {AS_OF_FORMS} (campaign time zone)",
        f"--as-of {shown!r} không phải ngày giờ; hãy viết theo một trong các dạng {AS_OF_FORMS} (múi giờ của chiến dịch)",
    )
