"""The 63 provinces (as of 2021) read from anywhere in an agency name: official names, short forms, old spellings,
English forms, cities that name their province, and a one-edit typo (a letter dropped, added, changed, or two
swapped) when it is closer to one province than to every other.

Data: `campaign/data/provinces_2021.csv` (GSO names and codes, English names; see docs/SOURCES.md) and
`campaign/data/province_spellings.csv` (short forms, old spellings and cities, written by hand).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import OSA

from campaign.names import fold_diacritics, fold_name, tone_key

DATA = Path(__file__).resolve().parent / "data"
# Words after which a place name is a district's or a commune's, not the province's ("huyện Hòa Bình").
LOCAL_LEVEL = frozenset({"huyen", "quan", "xa", "phuong", "tran", "ap", "thon"})
MAX_WORDS = 5  # the longest form: "ho chi minh city", "ba ria vung tau"
MIN_FUZZY_CHARS = 5  # shorter forms ("hn", "hue") are taken exactly or not at all


@dataclass(frozen=True)
class Province:
    code: str  # GSO code, "01"
    name: str  # "Hà Nội"
    name_en: str  # "Ha Noi"


@dataclass(frozen=True)
class Found:
    start: int  # word positions [start, end) in the folded words
    end: int
    code: str
    distance: int  # 0: a known spelling; 1: one edit from one (a swap of two letters is one edit)


@cache
def provinces() -> dict[str, Province]:
    with open(DATA / "provinces_2021.csv", encoding="utf-8") as f:
        return {r["gso_code"]: Province(r["gso_code"], r["name"], r["name_en"]) for r in csv.DictReader(f)}


@dataclass(frozen=True)
class Marked:
    """A spelling of a province with its marks ("Kiên Giang"), letter by letter."""

    code: str
    folded: str  # its letters without marks or spaces: "kiengiang"
    letters: tuple[tuple[str, str], ...]  # each letter with its ^, ˘, ʼ (or đ), and the tone mark on it
    lengths: tuple[int, ...]  # its syllables' lengths
    syllables: tuple[tuple[str, str], ...]  # each syllable's tone_key: (("kiên", ""), ("giang", ""))
    text: str  # as typed in lower case: "kiên giang"


_WORD = re.compile(r"\w+")
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


def syllables(text: str) -> list[str]:
    """The words of a text as typed, marks kept: "Sở TT&TT Kiền Giang" → sở, tt, tt, kiền, giang."""
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


def _letters(words: list[str]) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    for ch in unicodedata.normalize("NFD", "".join(words)):
        if ch in _TONES and out:
            out[-1] = (out[-1][0], ch)
        elif unicodedata.combining(ch) and out:
            out[-1] = (unicodedata.normalize("NFC", out[-1][0] + ch), out[-1][1])
        else:
            out.append((ch, ""))
    return tuple(out)


def _marked(code: str, spelling: str) -> Marked:
    words = syllables(spelling)
    letters = _letters(words)
    return Marked(
        code,
        "".join(fold_diacritics(c) for c, _ in letters),
        letters,
        tuple(len(fold_diacritics(w)) for w in words),
        tuple(tone_key(w) for w in words),
        " ".join(words),
    )


@cache
def finder() -> PlaceFinder:
    forms: dict[str, set[str]] = {}
    marked: list[Marked] = []
    spellings = [(code, s) for code, p in provinces().items() for s in (p.name, p.name_en)]
    with open(DATA / "province_spellings.csv", encoding="utf-8") as f:
        spellings += [(r["gso_code"], r["spelling"]) for r in csv.DictReader(f)]
    for code, spelling in spellings:
        forms.setdefault(fold_name(spelling), set()).add(code)
        if not spelling.isascii():
            marked.append(_marked(code, spelling))
    # Every form also without its spaces ("quangninh"): a dropped space is a common slip. Not where that is one edit
    # from another province's form: "haugiang" is Hậu Giang without its space, and Hà Giang with "u" typed for the
    # space; such a name is left to the one-edit search, which calls it a tie rather than guess.
    spelled = list(forms.items())
    choices = [form for form, _ in spelled]
    for form, codes in spelled:
        joined = form.replace(" ", "")
        if joined in forms:
            forms[joined].update(codes)  # a spelling of its own: two provinces there is a clash, below
            continue
        near = process.extract(joined, choices, scorer=OSA.distance, score_cutoff=1, limit=None)
        if all(spelled[i][1] == codes for _, _, i in near):
            forms[joined] = set(codes)
    clashes = {f: c for f, c in forms.items() if len(c) > 1}
    if clashes:
        raise ValueError(f"province spellings naming two provinces: {clashes}")
    return PlaceFinder({form: next(iter(codes)) for form, codes in forms.items()}, marked)


class PlaceFinder:
    """Finds provinces in a list of folded words."""

    def __init__(self, forms: dict[str, str], marked: list[Marked] = ()):
        self.forms = forms
        self._marked = list(marked)
        self._marked_folded = [m.folded for m in self._marked]
        self._marked_of: dict[str, list[Marked]] = {}
        for m in self._marked:
            self._marked_of.setdefault(m.code, []).append(m)
        self._spelled = {code: {m.syllables for m in ms} for code, ms in self._marked_of.items()}
        # The marked spellings as typed in lower case, for a quick look whether a name spells its province so.
        self.marked_text = {code: tuple(m.text for m in ms) for code, ms in self._marked_of.items()}
        self.words = frozenset(w for form in forms for w in form.split())
        # First word of a form → the numbers of words of the forms starting with it, most first.
        lengths: dict[str, set[int]] = {}
        for form in forms:
            lengths.setdefault(form.split()[0], set()).add(form.count(" ") + 1)
        self._lengths = {first: sorted(ns, reverse=True) for first, ns in lengths.items()}
        # One-deletion neighbourhood of every long enough form: a typo within one edit shares a key with it.
        self._near: dict[str, set[str]] = {}
        for form in forms:
            if len(form) >= MIN_FUZZY_CHARS:
                for key in (form, *_deletions(form)):
                    self._near.setdefault(key, set()).add(form)

    def exact(self, words: list[str]) -> list[Found]:
        """Known spellings, longest first, not overlapping, not a district's or commune's name."""
        found: list[Found] = []
        forms, lengths, count = self.forms, self._lengths, len(words)
        i = 0
        while i < count:
            for n in lengths.get(words[i], ()):
                code = forms.get(" ".join(words[i : i + n])) if i + n <= count else None
                if code and not (i > 0 and words[i - 1] in LOCAL_LEVEL):
                    found.append(Found(i, i + n, code, 0))
                    i += n - 1
                    break
            i += 1
        return found

    def near(
        self, words: list[str], skip: frozenset[str], include: set[int] | None = None
    ) -> tuple[list[Found], list[tuple[str, ...]]]:
        """One-edit typos of a province form among runs of words not in `skip` (and taking in a word at one of the
        `include` positions, if given): (found, ties).

        A run equally close to two provinces is a tie, not a place ("Bình Phúc": Bình Phước or Vĩnh Phúc).
        """
        found: list[Found] = []
        ties: list[tuple[str, ...]] = []
        for i in range(len(words)):
            if words[i] in skip or (i > 0 and words[i - 1] in LOCAL_LEVEL):
                continue
            for n in range(1, min(MAX_WORDS, len(words) - i) + 1):
                if words[i + n - 1] in skip:
                    break
                if include is not None and include.isdisjoint(range(i, i + n)):
                    continue
                span = " ".join(words[i : i + n])
                if len(span) < MIN_FUZZY_CHARS - 1:
                    continue
                close = {
                    self.forms[form]
                    for key in (span, *_deletions(span))
                    for form in self._near.get(key, ())
                    if OSA.distance(span, form, score_cutoff=1) <= 1
                }
                if len(close) == 1:
                    found.append(Found(i, i + n, close.pop(), 1))
                elif close:
                    ties.append(tuple(sorted(close)))
        return found, ties

    def marked_rivals(self, typed: list[str], code: str) -> tuple[str, ...]:
        """Other provinces as close to a province typed with marks as `code`, the one its letters name, counting
        a letter changed, added, dropped or two swapped as one edit each (spaces aside), and a mark that is not the
        province's as one more (a mark left out costs nothing): "Kiền Giang" has Kiên Giang's letters and Tiền
        Giang's tone, one from each. () when none is, or when the marks are the province's own."""
        keys = tuple(tone_key(w) for w in typed)
        if all(w.isascii() for w in typed) or keys in self._spelled.get(code, ()):
            return ()
        # Every mark typed is the province's own (in a spelling of it, syllable by syllable): then what ties is
        # the letters alone, which the finder has weighed already.
        for m in self._marked_of.get(code, ()):
            if len(m.syllables) == len(keys) and all(
                (not tone or tone == their_tone) and all(c.isascii() or c in theirs for c in letters)
                for (letters, tone), (theirs, their_tone) in zip(keys, m.syllables)
            ):
                return ()
        letters = _letters(typed)
        folded = "".join(fold_diacritics(c) for c, _ in letters)
        # The marked spellings it was read as (or one edit from): "Nha Trang" has none, so its marks say nothing.
        own = [m for m in self._marked_of.get(code, ()) if OSA.distance(folded, m.folded, score_cutoff=1) <= 1]
        bound = min((_cost(folded, letters, m, len(folded)) for m in own), default=0)
        if bound == 0:
            return ()
        near = process.extract(folded, self._marked_folded, scorer=OSA.distance, score_cutoff=bound, limit=None)
        marked = [self._marked[i] for _, _, i in near]
        return tuple(sorted({m.code for m in marked if m.code != code and _cost(folded, letters, m, bound) <= bound}))


def _cost(folded: str, letters: tuple[tuple[str, str], ...], spelling: Marked, bound: int) -> int:
    """Edits from the typing to a marked spelling: its letters' (a swap is one), then every mark typed that the
    spelling does not have there (more than `bound`: bound + 1)."""
    cost = OSA.distance(folded, spelling.folded, score_cutoff=bound)
    if cost > bound:
        return bound + 1
    theirs = spelling.letters
    if len(letters) == len(theirs):  # letter by letter, the tone syllable by syllable ("hòa" and "hoà" are one)
        at = 0
        for n in spelling.lengths:
            mine, their = letters[at : at + n], theirs[at : at + n]
            at += n
            tone = next((t for _, t in mine if t), "")
            cost += bool(tone) and tone != next((t for _, t in their if t), "")
            cost += sum(not a.isascii() and a != b for (a, _), (b, _) in zip(mine, their))
        return cost
    # Letters added or dropped: each mark typed that the spelling has nowhere (as many times) costs one.
    left = Counter(t for _, t in theirs if t) + Counter(c for c, _ in theirs if not c.isascii())
    for c, t in letters:
        for mark in (t, "" if c.isascii() else c):
            if mark and left[mark]:
                left[mark] -= 1
            elif mark:
                cost += 1
    return cost


def _deletions(text: str) -> set[str]:
    return {text[:i] + text[i + 1 :] for i in range(len(text))}
