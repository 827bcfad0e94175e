"""Reading a quantity cell: what people type ("khoảng 300", "1.200", "10-12") → a count, or none and a flag."""

from __future__ import annotations

import math
import re

import numpy as np

from campaign.columns import cell_text, is_empty

DEFAULT_MAX_QUANTITY = 10_000_000  # [limits] max_quantity in campaign.toml
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_THOUSANDS = re.compile(r"^\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*$")
_NEGATIVE = re.compile(r"(?:^|[^\w])[-−]\s*\d")
_APPROX_BEFORE = re.compile(
    r"\b(?:khoảng|khoang|gần|gan|hơn|hon|trên|tren|xấp xỉ|xap xi|tầm|tam|ước|uoc|about|over|approx\w*|around)\b|[~≈>]", re.I
)


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


def quantity_parts(value: object, limit: int = DEFAULT_MAX_QUANTITY) -> tuple[int | None, str, str]:
    number, flag = parse_quantity(value, limit)
    issue, _, suggestion = flag.partition("|")
    return number, issue, suggestion
