"""Reading a quantity cell: what people type ("khoảng 300", "1.200", "10-12") → a count, or none and a flag."""

from __future__ import annotations

import math
import re

import numpy as np

from campaign.columns import cell_text, is_empty
from campaign.hints import Hint, hint_text

DEFAULT_MAX_QUANTITY = 10_000_000  # [limits] max_quantity in campaign.toml
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_THOUSANDS = re.compile(r"^\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*$")
_NEGATIVE = re.compile(r"(?:^|[^\w])[-−]\s*\d")
_APPROX_BEFORE = re.compile(
    r"\b(?:khoảng|khoang|gần|gan|hơn|hon|trên|tren|xấp xỉ|xap xi|tầm|tam|ước|uoc|about|over|approx\w*|around)\b|[~≈>]", re.I
)


def parse_quantity(value: object, limit: int = DEFAULT_MAX_QUANTITY) -> tuple[int | None, str]:
    """What people type → (count or None, flag). Flag is '' or 'issue|suggestion', the suggestion as
    data_quality.csv writes it (English); the engine keeps the hint itself (quantity_flag)."""
    number, issue, hint = quantity_flag(value, limit)
    return number, f"{issue}|{hint_text(hint)}" if issue else ""


def quantity_flag(value: object, limit: int = DEFAULT_MAX_QUANTITY) -> tuple[int | None, str, Hint | None]:
    """What people type → (count or None, issue or '', hint: what to do about it).

    A count is a whole number from 0 to `limit` ([limits] max_quantity): anything larger, infinite or not a
    number is no count and a flag, never an error (a cell of forty nines must not stop a report).
    """
    too_large = (None, REJECTED, Hint("too_large", (limit,)))
    if is_empty(value):
        return None, "", None
    if isinstance(value, bool):
        return _rejected("type_whole_number")
    if isinstance(value, (int, float, np.integer, np.floating)):
        if isinstance(value, (float, np.floating)) and not math.isfinite(value):
            return (None, "", None) if math.isnan(value) else too_large
        if value < 0:
            return _rejected("negative")
        if value > limit:
            return too_large
        if float(value).is_integer():
            return int(value), "", None
        return _rejected("not_whole")
    text = cell_text(value)
    numbers = _NUMBER.findall(text)
    if not numbers:
        return _rejected("no_number")
    if len(numbers) > 1:
        return _rejected("several_numbers")
    if _NEGATIVE.search(text):
        return _rejected("negative")
    token = numbers[0]
    if len(re.sub(r"[.,]", "", token).lstrip("0")) > len(str(limit)):  # too large, and never given to int()
        return too_large
    if _THOUSANDS.match(token):
        number = int(re.sub(r"[.,]", "", token))
    elif token.isdigit():
        number = int(token)
    else:
        return _rejected("not_whole")
    if number > limit:
        return too_large
    start = text.find(token)
    if _APPROX_BEFORE.search(text[:start]) or text[start + len(token) :].lstrip().startswith("+"):
        return number, "approximate_quantity", Hint("counted_as", (number,))
    return number, "", None


REJECTED = "rejected_quantity"


def _rejected(code: str) -> tuple[None, str, Hint]:
    return None, REJECTED, Hint(code)
