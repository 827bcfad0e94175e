"""Folding agency names to a comparison key: Unicode, case, diacritics, abbreviations, spacing."""

from __future__ import annotations

import re
import unicodedata

# Bidirectional marks, overrides and isolates, zero-width and other invisible formatting characters (the Arabic
# letter mark U+061C, the Mongolian vowel separator, deprecated format controls, Hangul fillers, interlinear
# annotation marks, tag characters): invisible, and used to spoof names.
HIDDEN_CHARS = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\U000e0000-\U000e007f]"
)

# One pass over the lower-cased NFC text, before diacritics are folded (so "tĩnh" stays apart from "tỉnh").
# At each position the first alternative that matches wins, so the longer forms come first.
_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    (r"\btp\s*\.?\s*-?\s*hcm\b|\btphcm\b|\bhcmc\b|\bsài gòn\b", " hồ chí minh "),
    (r"\btt\s*(?:&|-|và|\+|/)\s*tt\b|\btttt\b|\bthông tin\s*(?:&|-|\+)\s*truyền thông\b", " thông tin và truyền thông "),
    (r"\bstttt\b", " sở thông tin và truyền thông "),
    (r"\bubnd\b", " ủy ban nhân dân "),
    # "tỉnh" / "thành phố" (also "tp.") are optional words: dropped whole, while the tone marks still tell "tĩnh" apart
    (r"\btp\s*\.|\btp\b|\btỉnh\b|\bthành phố\b", " "),
)
_ABBREVIATION = re.compile(r"\b(?:" + "|".join(f"({pattern})" for pattern, _ in _ABBREVIATIONS) + ")")
_ABBREVIATION_HINTS = ("tp", "tt", "hcm", "sài gòn", "ubnd", "tỉnh", "thành phố")
_REPLACEMENTS = tuple(repl for _, repl in _ABBREVIATIONS)
# The same optional words typed without diacritics: dropped only before a name ("tinh dong nai"),
# never "Ha Tinh" itself. Applied to both sides, so it can merge two names (then neither matches) but never split one.
_ASCII_OPTIONAL = re.compile(r"(?<!\bha )\btinh (?=\w)|\bthanh pho (?=\w)")
# Anything but ASCII and the combining marks Vietnamese uses: such text takes the slow, general path.
_OTHER_SCRIPTS = re.compile("[^\x00-\x7f\u0300-\u036f]")
_PUNCT = re.compile(r"[^\w]+|_")
_ASCII_PUNCT = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalnum()})


def strip_hidden(text: str) -> tuple[str, bool]:
    """Remove direction overrides and zero-width characters; say whether any were there."""
    cleaned = HIDDEN_CHARS.sub("", text)
    return cleaned, cleaned != text


def fold_diacritics(text: str) -> str:
    """'Hòa'/'Hoà' → 'hoa', 'Đà Nẵng' → 'Da Nang'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    if decomposed.isascii():
        return decomposed
    if not _OTHER_SCRIPTS.search(decomposed):  # Latin letters and marks only: drop the marks in C
        return decomposed.encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold_name(name: object) -> str:
    """The key two spellings of one agency name share; '' for an empty name."""
    if not isinstance(name, str):
        return ""
    text, _ = strip_hidden(name)
    text = unicodedata.normalize("NFC", text).lower()
    text = text.replace("&", " và ")
    if any(hint in text for hint in _ABBREVIATION_HINTS):
        text = _ABBREVIATION.sub(lambda m: _REPLACEMENTS[m.lastindex - 1], text)
    text = fold_diacritics(text)
    text = " ".join((text.translate(_ASCII_PUNCT) if text.isascii() else _PUNCT.sub(" ", text)).split())
    if "tinh " in text or "thanh pho " in text:
        text = _ASCII_OPTIONAL.sub("", text)
    return text
