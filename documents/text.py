"""Text that goes into a document: sheet and roster text made plain and safe, dates written the administrative way."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from campaign.config import Config
from campaign.names import strip_hidden
from campaign.xmlsafe import xml_safe
from presentation.formats import fmt_date, fmt_time

# What XML 1.0 refuses is campaign.xmlsafe's to remove; C1 controls and DEL are legal but invisible: dropped here.
_INVISIBLE_CONTROLS = re.compile("[\x7f-\x9f]")
# A run of this many characters with no space gets a break opportunity, so a long token wraps instead of overflowing.
_LONG_TOKEN = re.compile(r"\S{40}(?=\S)")
ZWSP = "\u200b"

NAME_CHARS = 300  # an agency name longer than this is cut (a roster cell can hold anything)
FREE_TEXT_CHARS = 400  # a "Khác" answer quoted in a report


def plain(value: object, limit: int | None = None) -> str:
    """Sheet or roster text as one plain line: control, direction-override and zero-width characters removed,
    whitespace collapsed, cut to `limit` characters with '…'. A formula, HTML or Markdown stays as the characters typed."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    text = _INVISIBLE_CONTROLS.sub(" ", xml_safe(str(value)))
    text, _ = strip_hidden(text)
    text = " ".join(text.split())
    if limit is not None and len(text) > limit:
        text = text[:limit].rstrip() + "…"
    return _LONG_TOKEN.sub(lambda m: m.group(0) + ZWSP, text)


def name(value: object) -> str:
    return plain(value, NAME_CHARS)


def date_line(place: str, day: dt.date) -> str:
    """'Hà Nội, ngày 05 tháng 6 năm 2021': days below 10 and months below 3 take a leading zero (NĐ 30/2020)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def short_date(day: dt.date | pd.Timestamp) -> str:
    """'4/6/2021', as the original letter writes its deadline."""
    return f"{day.day}/{day.month}/{day.year}"


def deadline_day(config: Config) -> dt.date:
    """The day named in 'trước ngày …': the deadline is the first moment that is late."""
    return config.deadline.date()


def placeholders(config: Config, moment: pd.Timestamp, new_deadline: dt.date | None = None, agencies: int = 0) -> dict:
    """Values for every placeholder campaign.toml's document texts may use (campaign.document_config.PLACEHOLDERS)."""
    c = config.campaign
    return {
        "campaign": config.campaign.name_vi,
        "campaign_en": config.campaign.name_en,
        "theme": config.campaign.theme_vi,
        "theme_en": config.campaign.theme_en,
        "period_start": short_date(config.campaign.period_start),
        "period_end": short_date(config.campaign.period_end),
        "deadline": short_date(deadline_day(config)),
        "new_deadline": short_date(new_deadline) if new_deadline else "…",
        # Blank until the registry's number and date are known: the dots a clerk fills in by hand.
        "original_number": c.original_letter_number or "…",
        "original_date": short_date(c.original_letter_date) if c.original_letter_date else f"…/…/{c.period_start.year}",
        "requester": c.requester_vi,
        "coordinator": f"{c.coordinator_title} {c.coordinator_name}".strip(),
        "coordinator_name": c.coordinator_name,
        "coordinator_phone": c.coordinator_phone,
        "coordinator_email": c.contact_email,
        "as_of_time": fmt_time(moment),
        "as_of_date": fmt_date(moment),
        "agencies": agencies,
    }
