"""The 63 provinces (as of 2021) read from anywhere in an agency name: official names, short forms, old spellings,
English forms, cities that name their province, and a one-edit typo (a letter dropped, added, changed, or two
swapped) when it is closer to one province than to every other.

Data: `campaign/data/provinces_2021.csv` (GSO names and codes, English names; see docs/SOURCES.md) and
`campaign/data/province_spellings.csv` (short forms, old spellings and cities, written by hand).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rapidfuzz.distance import OSA

from campaign.names import fold_name

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


@cache
def finder() -> PlaceFinder:
    forms: dict[str, set[str]] = {}
    for code, p in provinces().items():
        for spelling in (p.name, p.name_en):
            forms.setdefault(fold_name(spelling), set()).add(code)
    with open(DATA / "province_spellings.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            forms.setdefault(fold_name(r["spelling"]), set()).add(r["gso_code"])
    # Every form also without its spaces ("quangninh"): a dropped space is a common slip.
    for form, codes in list(forms.items()):
        forms.setdefault(form.replace(" ", ""), set()).update(codes)
    clashes = {f: c for f, c in forms.items() if len(c) > 1}
    if clashes:
        raise ValueError(f"province spellings naming two provinces: {clashes}")
    return PlaceFinder({form: next(iter(codes)) for form, codes in forms.items()})


class PlaceFinder:
    """Finds provinces in a list of folded words."""

    def __init__(self, forms: dict[str, str]):
        self.forms = forms
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


def _deletions(text: str) -> set[str]:
    return {text[:i] + text[i + 1 :] for i in range(len(text))}
