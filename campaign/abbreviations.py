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
        # Part written out, part abbreviated ("Khoa học và CN", "LĐTB và Xã hội"): the letters of the abbreviated
        # pieces → (the words of the pieces written out, the words of the abbreviated ones).
        self._after: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
        self._before: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
        tokens: set[str] = set()
        for abbreviation, expansion in rows:
            pieces = [_NOT_LETTERS.sub("", fold_diacritics(p).lower()) for p in _PIECES.split(abbreviation)]
            letters = "".join(pieces)
            if letters in self.expansions:
                raise ValueError(f"abbreviation listed twice: {abbreviation}")
            words = self.expansions[letters] = tuple(fold_name(expansion).split())
            # Every run of neighbouring pieces is a word the abbreviation may be typed in ("ldtb", "tbxh").
            tokens.update("".join(pieces[i:j]) for i in range(len(pieces)) for j in range(i + 1, len(pieces) + 1))
            groups = _groups(pieces, words)
            for k in range(1, len(groups)):
                head, tail = sum(groups[:k], ()), sum(groups[k:], ())
                self._after.setdefault("".join(pieces[k:]), []).append((head, tail))
                self._before.setdefault("".join(pieces[:k]), []).append((tail, head))
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
            runs = []  # (end, letters) of the runs of pieces starting here
            if words[i] in tokens:
                letters = ""
                for j in range(i, count):
                    word = words[j]
                    if word == _AND and letters:
                        continue
                    if word not in tokens or len(letters) + len(word) > self._longest:
                        break
                    letters += word
                    runs.append((j + 1, letters))
            found = self._whole(runs) or self._mixed(runs, out, words)
            if found:
                i, expansion = found
                out.extend(expansion)
            else:
                out.append(words[i])
                i += 1
        return out

    def _whole(self, runs: list[tuple[int, str]]) -> tuple[int, tuple[str, ...]] | None:
        for end, letters in reversed(runs):
            if letters in self.expansions:
                return end, self.expansions[letters]
        return None

    def _mixed(self, runs: list[tuple[int, str]], before: list[str], words: list[str]) -> tuple[int, tuple[str, ...]] | None:
        """The longest run of pieces whose other pieces are written out right before or right after it."""
        typed_before = tuple(w for w in before[-8:] if w != _AND)
        for end, letters in reversed(runs):
            for head, tail in self._after.get(letters, ()):
                if typed_before[-len(head) :] == head:
                    return end, tail
            after = tuple(w for w in words[end : end + 8] if w != _AND)
            for tail, head in self._before.get(letters, ()):
                if after[: len(tail)] == tail:
                    return end, head
        return None


def _groups(pieces: list[str], words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The expansion's words piece by piece, when each letter of a piece is the first letter of one word
    ("nn", "ptnt" → nông nghiệp, phát triển nông thôn); [] when the letters are not the words' initials."""
    content = [w for w in words if w != _AND]
    groups, at = [], 0
    for piece in pieces:
        group = tuple(content[at : at + len(piece)])
        if "".join(w[0] for w in group) != piece:
            return []
        groups.append(group)
        at += len(piece)
    return groups if at == len(content) else []


@cache
def abbreviations() -> Abbreviations:
    with open(DATA, encoding="utf-8") as f:
        return Abbreviations([(r["abbreviation"], r["expansion"]) for r in csv.DictReader(f)])
