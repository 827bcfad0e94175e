"""Folding agency names to a comparison key: Unicode, case, diacritics, abbreviations, spacing."""

from __future__ import annotations

import re
import unicodedata

# Bidirectional overrides/isolates and zero-width characters: invisible, and used to spoof names.
HIDDEN_CHARS = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")

# Applied in order to the lower-cased NFC text, before diacritics are folded (so "tĩnh" stays apart from "tỉnh").
_ABBREVIATIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"\btp\s*\.?\s*-?\s*hcm\b|\btphcm\b|\bhcmc\b", " thành phố hồ chí minh "),
        (r"\bsài gòn\b", " hồ chí minh "),
        (r"\btt\s*(?:&|-|và|\+|/)\s*tt\b|\btttt\b|\btt&tt\b", " thông tin và truyền thông "),
        (r"\bthông tin\s*(?:&|-|\+)\s*truyền thông\b", " thông tin và truyền thông "),
        (r"\bstttt\b", " sở thông tin và truyền thông "),
        (r"\s*&\s*", " và "),
        (r"\btp\s*\.", " thành phố "),
        (r"\btp\b", " thành phố "),
        (r"\bubnd\b", " ủy ban nhân dân "),
        # "tỉnh" / "thành phố" are optional words: drop them whole, while the tone marks still tell "tĩnh" apart
        (r"\btỉnh\b|\bthành phố\b", " "),
    )
)
_PUNCT = re.compile(r"[^\w]+|_")
_SPACES = re.compile(r"\s+")


def strip_hidden(text: str) -> tuple[str, bool]:
    """Remove direction overrides and zero-width characters; say whether any were there."""
    cleaned = HIDDEN_CHARS.sub("", text)
    return cleaned, cleaned != text


def fold_diacritics(text: str) -> str:
    """'Hòa'/'Hoà' → 'hoa', 'Đà Nẵng' → 'Da Nang'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold_name(name: object) -> str:
    """The key two spellings of one agency name share; '' for an empty name."""
    if not isinstance(name, str):
        return ""
    text, _ = strip_hidden(name)
    text = unicodedata.normalize("NFC", text).lower()
    for pattern, repl in _ABBREVIATIONS:
        text = pattern.sub(repl, text)
    text = fold_diacritics(text)
    text = _PUNCT.sub(" ", text)
    return _SPACES.sub(" ", text).strip()
