"""Text that goes into a document: sheet and roster text made plain and safe, dates written the administrative way,
and the values of the placeholders campaign.toml's document texts use (campaign.config.PLACEHOLDERS)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

import pandas as pd

from campaign.config import Config
from campaign.document_inputs import DocumentInputs
from campaign.names import strip_hidden
from campaign.xmlsafe import xml_safe
from presentation.formats import fmt_date, fmt_int, fmt_pct, fmt_time

# What XML 1.0 refuses is campaign.xmlsafe's to remove; C1 controls and DEL are legal but invisible: dropped here.
_INVISIBLE_CONTROLS = re.compile("[\x7f-\x9f]")
# A run of this many characters with no space gets a break opportunity, so a long token wraps instead of overflowing.
_LONG_TOKEN = re.compile(r"\S{40}(?=\S)")
ZWSP = "\u200b"

NAME_CHARS = 300  # an agency name longer than this is cut (a roster cell can hold anything)
FREE_TEXT_CHARS = 400  # a "Khác" answer quoted in a report
LINK_CHARS = 200  # an evidence link quoted in the report for ITU
MONTHS_EN = "January February March April May June July August September October November December".split()


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


def date_words(day: dt.date) -> str:
    """'ngày 05 tháng 6 năm 2021': days below 10 and months below 3 take a leading zero (NĐ 30/2020)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def short_date(day: dt.date | pd.Timestamp) -> str:
    """'4/6/2021', as the original letter writes its deadline: the one style of a day in a letter's sentences."""
    return f"{day.day}/{day.month}/{day.year}"


def english_date(day: dt.date | pd.Timestamp) -> str:
    """'4 June 2021'."""
    return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"


def day_text(day: dt.date | pd.Timestamp | None, lang: str, unknown: str = "…") -> str:
    if day is None:
        return unknown
    return short_date(day) if lang == "vi" else english_date(day)


def document_date(config: Config, day: dt.date | None, lang: str = "vi") -> str:
    """The document's own date: 'ngày 05 tháng 6 năm 2021' ('4 June 2021'), or the words left for the registry."""
    if day is None:
        return config.documents.undated
    return date_words(day) if lang == "vi" else english_date(day)


def date_line(config: Config, day: dt.date | None) -> str:
    """'Hà Nội, ngày 05 tháng 6 năm 2021', or 'Hà Nội, ngày      tháng      năm 20…' for the registry to fill."""
    return f"{config.documents.place}, {document_date(config, day)}"


def deadline_day(config: Config) -> dt.date:
    """The day named in 'trước ngày …': the deadline is the first moment that is late."""
    return config.deadline.date()


def expected_by_group(config: Config, by_group: pd.DataFrame, lang: str) -> str:
    """'Sở TT&TT các tỉnh, thành phố (63); Bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ (29); …' in the config's order."""
    order = {g: i for i, g in enumerate(config.groups)}
    rows = sorted(by_group.itertuples(index=False), key=lambda g: (order.get(g.group, len(order)), g.group))
    return "; ".join(f"{name(config.group_label(g.group, lang))} ({fmt_int(g.agencies_expected, lang)})" for g in rows)


def placeholders(
    config: Config,
    moment: pd.Timestamp,
    lang: str,
    *,
    summary: dict,
    by_group: pd.DataFrame,
    inputs: DocumentInputs,
    groups: Iterable[str] | None = None,
    document_day: dt.date | None = None,
    new_deadline: dt.date | None = None,
    recipients: int = 0,
) -> dict:
    """Values for every placeholder of campaign.config.PLACEHOLDERS, written in the document's language."""
    c = config.campaign
    year = c.period_start.year
    count = lambda n: fmt_int(n, lang)  # noqa: E731
    return {
        "year": str(year),
        "campaign_vi": c.name_vi,
        "campaign_en": c.name_en,
        "theme_vi": c.theme_vi,
        "theme_en": c.theme_en,
        "period_start": day_text(c.period_start, lang),
        "period_end": day_text(c.period_end, lang),
        "deadline": day_text(deadline_day(config), lang),
        "new_deadline": day_text(new_deadline, lang),
        # Dots until the coordinator types them: the Export page and the command line say they are missing.
        "original_number": plain(inputs.original_number) or "…",
        "original_date": day_text(inputs.original_date, lang, "…/…/…" if lang == "vi" else "…"),
        "requester_vi": c.requester_vi,
        "requester_en": c.requester_en,
        "coordinator": f"{c.coordinator_title} {c.coordinator_name}".strip(),
        "coordinator_name": c.coordinator_name,
        "coordinator_phone": c.coordinator_phone,
        "coordinator_email": c.contact_email,
        "as_of_time": fmt_time(moment),
        "as_of_date": fmt_date(moment) if lang == "vi" else english_date(moment),
        "as_of_day": day_text(moment, lang),
        "document_date": document_date(config, document_day, lang),
        "recipients": count(recipients),
        "expected": count(summary["agencies_expected"]),
        "reported": count(summary["agencies_reported"]),
        "on_time": count(summary["agencies_on_time"]),
        "late": count(summary["agencies_late"]),
        "missing": count(summary["agencies_missing"]),
        "rate": fmt_pct(summary["reporting_rate"], lang),
        "participants": count(summary["participants"]),
        "expected_by_group": expected_by_group(config, by_group, lang),
        "scope": "; ".join(name(config.group_label(g, lang)) for g in groups or ()),
    }


def fill(text: str, values: dict, **item) -> str:
    """A config text with its placeholders filled (an item's own values too: see ITEM_PLACEHOLDERS)."""
    return text.format(**values, **item)
