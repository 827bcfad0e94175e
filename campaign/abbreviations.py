"""Vietnamese administrative abbreviations read as the words they stand for, in a name's folded words: "CP" is
"chinh phu", "NN&PTNT" (folded "nn va ptnt"), "NNPTNT" and "NN-PTNT" are "nong nghiep va phat trien nong thon".

Data: `campaign/data/abbreviations.csv` (written by hand; see docs/SOURCES.md). An abbreviation's pieces are
the parts between `&`, `-` and `,` ("LĐ-TB&XH": ld, tb, xh); typed with or without those signs, with "và" between
pieces or none, its pieces in any grouping ("LĐTB&XH", "LĐ-TBXH"), it is the same abbreviation.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

from campaign.names import fold_diacritics, fold_name

DATA = Path(__file__).resolve().parent / "data" / "abbreviations.csv"
_PIECES = re.compile(r"[&,\-]")
_NOT_LETTERS = re.compile(r"[^a-z0-9]")
_AND = "va"


class Abbreviations:
    """The table, keyed by an abbreviation's letters (its pieces run together: "nnptnt")."""

    def __init__(self, rows: list[tuple[str, str]]):
        self.expansions: dict[str, tuple[str, ...]] = {}
        tokens: set[str] = set()
        for abbreviation, expansion in rows:
            pieces = [_NOT_LETTERS.sub("", fold_diacritics(p).lower()) for p in _PIECES.split(abbreviation)]
            letters = "".join(pieces)
            if letters in self.expansions:
                raise ValueError(f"abbreviation listed twice: {abbreviation}")
            self.expansions[letters] = tuple(fold_name(expansion).split())
            # Every run of neighbouring pieces is a word the abbreviation may be typed in ("ldtb", "tbxh").
            tokens.update("".join(pieces[i:j]) for i in range(len(pieces)) for j in range(i + 1, len(pieces) + 1))
        self.tokens = frozenset(tokens)
        self._longest = max(len(k) for k in self.expansions)

    def expand(self, words: list[str]) -> list[str]:
        """The words with every abbreviation replaced by its words; the longest abbreviation at a position wins."""
        tokens = self.tokens
        if tokens.isdisjoint(words):
            return words
        out: list[str] = []
        i, count = 0, len(words)
        while i < count:
            best = None
            if words[i] in tokens:
                letters = ""
                for j in range(i, count):
                    word = words[j]
                    if word == _AND and letters:
                        continue
                    if word not in tokens:
                        break
                    letters += word
                    if len(letters) > self._longest:
                        break
                    if letters in self.expansions:
                        best = (j + 1, self.expansions[letters])
            if best:
                i, expansion = best
                out.extend(expansion)
            else:
                out.append(words[i])
                i += 1
        return out


@cache
def abbreviations() -> Abbreviations:
    with open(DATA, encoding="utf-8") as f:
        return Abbreviations([(r["abbreviation"], r["expansion"]) for r in csv.DictReader(f)])
