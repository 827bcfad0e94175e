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
_TINH = re.compile(r"\btỉnh\b")
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
    hints = [hint for hint in _ABBREVIATION_HINTS if hint in text]
    if hints == ["tỉnh"]:  # the common case, "… tỉnh Hà Giang": the one alternative that can match, on its own
        text = _TINH.sub(" ", text)
    elif hints:
        text = _ABBREVIATION.sub(lambda m: _REPLACEMENTS[m.lastindex - 1], text)
    text = fold_diacritics(text)
    text = " ".join((text.translate(_ASCII_PUNCT) if text.isascii() else _PUNCT.sub(" ", text)).split())
    if "tinh " in text or "thanh pho " in text:
        text = _ASCII_OPTIONAL.sub("", text)
    return text


# Telex leftovers: a word typed with a Vietnamese keyboard switched off ("Sowr" for "Sở", "Thoong" for "Thông").
_TELEX_MARKS = (("dd", "đ"), ("aa", "â"), ("aw", "ă"), ("ee", "ê"), ("oo", "ô"), ("ow", "ơ"), ("uw", "ư"), ("w", "ư"))
_TELEX_TONES = {"s": "\u0301", "f": "\u0300", "r": "\u0309", "x": "\u0303", "j": "\u0323"}
_VOWELS = "aăâeêioôơuưy"
_MARKED_VOWELS = "ăâêôơư"
_TELEX_HINT = re.compile(r"dd|aa|aw|ee|oo|ow|uw|w|[aeiouy][a-z]*[sfrxj]$")


def telex_word(word: str) -> str | None:
    """The Vietnamese word a Telex spelling stands for ("sowr" → "sở"), or None if the word has no Telex keys."""
    if not word.isascii() or not word.isalpha() or not _TELEX_HINT.search(word):
        return None
    text = word
    for keys, letter in _TELEX_MARKS:
        text = text.replace(keys, letter)
    tone = ""
    if len(text) > 1 and text[-1] in _TELEX_TONES and any(c in _VOWELS for c in text[:-1]):
        tone, text = _TELEX_TONES[text[-1]], text[:-1]
    if tone:
        vowels = [i for i, c in enumerate(text) if c in _VOWELS and not (i > 0 and text[i - 1 : i + 1] in ("qu", "gi"))]
        if vowels:
            marked = [i for i in vowels if text[i] in _MARKED_VOWELS]
            if marked:
                at = marked[-1]
            elif len(vowels) > 1 and vowels[-1] == len(text) - 1:
                at = vowels[-2]
            else:
                at = vowels[-1]
            text = text[: at + 1] + tone + text[at + 1 :]
    text = unicodedata.normalize("NFC", text)
    return text if text != word else None


_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def tone_key(word: str) -> tuple[str, str]:
    """A word's letters (with ^, ˘, ʼ and đ) and its tone, wherever the tone mark sits: "hòa" and "hoà" are one."""
    decomposed = unicodedata.normalize("NFD", word)
    tone = "".join(c for c in decomposed if c in _TONE_MARKS)
    letters = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    return letters, tone
