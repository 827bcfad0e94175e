"""Matching a submission to a roster agency: code, then email, then name, then a clearly-best fuzzy name."""

from __future__ import annotations

import re
from collections import defaultdict

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from campaign.names import fold_name
from campaign.normalise import map_distinct
from campaign.roster import split_multi

SUGGESTION_CUTOFF = 60  # fuzzy score below which a roster name is not worth suggesting
_CHUNK = 512
_TOP = 8  # choices looked at per name: an agency has at most a few spellings  # query names per cdist block: bounds the score matrix for very large rosters
# A code is followed by a space, " - ", ":" or "|"; a plain hyphen can belong to the code itself (MIC-VBC).
_CODE_SPLIT = re.compile(r"\s*[–—:|]\s*|\s+-\s+|\s+")
# Words in this share of roster names or more ("sở thông tin và truyền thông", "ủy ban nhân dân xã") say nothing
# about which agency is meant; fuzzy scores are taken on the rest, where "Hà Nam" and "Hà Nội" differ.
COMMON_WORD_SHARE = 0.15
MIN_DISTINCT_CHARS = 3
# ...and the whole name must still resemble the agency's: "Sở Hà Nội" is not the Department of Hà Nội.
MIN_WHOLE_SCORE = 80


class Matcher:
    """Looks up typed codes, emails and names against one roster; built once per roster."""

    def __init__(self, roster: pd.DataFrame, min_score: float = 90, min_margin: float = 5):
        self.min_score = min_score
        self.min_margin = min_margin
        self.names = dict(zip(roster["code"], roster["name"]))
        self.codes = {code.upper(): code for code in roster["code"]}
        self.emails = _unique_index(
            (email.lower(), code) for code, emails in zip(roster["code"], roster["email"]) for email in split_multi(emails)
        )
        keys: list[tuple[str, str]] = []
        for code, name, aliases in zip(roster["code"], roster["name"], roster["aliases"]):
            for spelling in (name, *split_multi(aliases)):
                key = fold_name(spelling)
                if key:
                    keys.append((key, code))
        self.by_name = _unique_index(keys)
        # Fuzzy choices: the distinctive part of every key, with every agency it may name (ambiguous ones included).
        # Shares are counted per agency: an agency's aliases repeating its own words ("Hồ Chí Minh") make them no commoner.
        words_of: dict[str, set[str]] = defaultdict(set)
        for key, code in keys:
            words_of[code].update(key.split())
        share: dict[str, int] = defaultdict(int)
        for words in words_of.values():
            for word in words:
                share[word] += 1
        self._common = {w for w, n in share.items() if n >= max(2, COMMON_WORD_SHARE * len(words_of))}
        self._keys_of: dict[str, list[str]] = defaultdict(list)
        choice_codes: dict[str, set[str]] = defaultdict(set)
        for key, code in keys:
            self._keys_of[code].append(key)
            distinct = self._distinctive(key)
            if distinct:
                choice_codes[distinct].add(code)
        self._choices = list(choice_codes)
        self._whole_keys = list({key: None for key, _ in keys})
        self._whole_codes = defaultdict(set)
        for key, code in keys:
            self._whole_codes[key].add(code)
        self._choice_codes = [sorted(choice_codes[k]) for k in self._choices]

    def _distinctive(self, key: str) -> str:
        return " ".join(w for w in key.split() if w not in self._common)

    def match_code(self, value: str) -> str | None:
        text = value.strip().upper()
        if not text:
            return None
        if text in self.codes:
            return self.codes[text]
        # A dropdown answer like "P01 - Sở TT&TT Hà Nội": the code is the first part.
        first = _CODE_SPLIT.split(text, maxsplit=1)[0]
        return self.codes.get(first)

    def match_email(self, value: str) -> str | None:
        return self.emails.get(value.strip().lower()) if value else None

    def match(self, codes: pd.Series, emails: pd.Series, names: pd.Series) -> pd.DataFrame:
        """Per row: agency_code ('' if none), match (code/email/name/fuzzy/none), score, suggestions."""
        # Values here are cell text already ('' for an empty cell).
        code_hit = self._lookup(codes, str.upper, self.codes, self.match_code)
        email_hit = self._lookup(emails, str.lower, self.emails, self.match_email)
        folded = map_distinct(names, fold_name)
        name_hit = {key: self.by_name.get(key) for key in folded.unique()}
        fuzzy = self._fuzzy([k for k, c in name_hit.items() if c is None and k])

        def by_name(key: str) -> tuple:
            if name_hit.get(key):
                return name_hit[key], "name", 100.0, ""
            if key in fuzzy:
                code, score, suggestions = fuzzy[key]
                return code or "", "fuzzy" if code else "none", score, suggestions
            return "", "none", np.nan, ""

        named = map_distinct(folded, by_name)
        out_code = np.array([t[0] for t in named], dtype=object)
        out_how = np.array([t[1] for t in named], dtype=object)
        out_score = np.array([t[2] for t in named], dtype=float)
        out_sugg = np.array([t[3] for t in named], dtype=object)
        # A code beats an email, which beats a name: the earlier rule wins.
        for hit, how in ((email_hit, "email"), (code_hit, "code")):
            found = hit.notna().to_numpy()
            out_code[found], out_how[found], out_score[found], out_sugg[found] = (
                hit[found].to_numpy(dtype=object),
                how,
                np.nan,
                "",
            )
        return pd.DataFrame(
            {"agency_code": out_code, "match": out_how, "score": out_score, "suggestions": out_sugg}, index=names.index
        )

    @staticmethod
    def _lookup(values: pd.Series, case, index: dict[str, str], slow) -> pd.Series:
        """Exact hits through a vectorised dict lookup; only the distinct leftovers take the slow path."""
        text = values.astype("str").str.strip()
        text = text.str.upper() if case is str.upper else text.str.lower()
        hit = text.map(index).astype(object)
        rest = (hit.isna() & (text.fillna("") != "")).to_numpy()
        if rest.any():
            hit[rest] = map_distinct(values[rest], lambda v: slow(v) if isinstance(v, str) else None).to_numpy(dtype=object)
        return hit

    def _fuzzy(self, queries: list[str]) -> dict[str, tuple[str | None, float, str]]:
        """For each leftover name: the clearly-best agency or None, its score, and suggestions."""
        result: dict[str, tuple[str | None, float, str]] = {}
        if not queries or not self._choices:
            return result
        distinct = {q: self._distinctive(q) for q in queries}
        usable = [q for q in queries if len(distinct[q].replace(" ", "")) >= MIN_DISTINCT_CHARS]
        for query in queries:
            if len(distinct[query].replace(" ", "")) < MIN_DISTINCT_CHARS:
                result[query] = (None, float("nan"), self._suggest_whole(query))
        for start in range(0, len(usable), _CHUNK):
            block = usable[start : start + _CHUNK]
            scores = process.cdist(
                [distinct[q] for q in block],
                self._choices,
                scorer=fuzz.ratio,
                score_cutoff=SUGGESTION_CUTOFF,
                dtype=np.uint8,
                workers=-1,
            )
            for query, row in zip(block, scores):
                result[query] = self._decide(query, row)
        return result

    def _suggest_whole(self, query: str) -> str:
        """Suggestions for a name too generic to match ("Sở TT&TT Hà"): the closest whole roster names."""
        best = process.extract(query, self._whole_keys, scorer=fuzz.ratio, score_cutoff=SUGGESTION_CUTOFF, limit=6)
        ranked: dict[str, float] = {}
        for key, score, _ in best:
            for code in sorted(self._whole_codes[key]):
                ranked.setdefault(code, score)
        return "; ".join(f"{code} {self.names[code]} ({score:.0f})" for code, score in list(ranked.items())[:3])

    def _decide(self, query: str, row: np.ndarray) -> tuple[str | None, float, str]:
        # The few best choices are enough to rank the best agency and its runner-up.
        top = np.argpartition(row, -_TOP)[-_TOP:] if len(row) > _TOP else np.arange(len(row))
        hits = top[row[top] > 0]
        per_code: dict[str, float] = {}
        for j in hits:
            for code in self._choice_codes[j]:
                per_code[code] = max(per_code.get(code, 0.0), float(row[j]))
        if not per_code:
            return None, float("nan"), ""
        ranked = sorted(per_code.items(), key=lambda kv: (-kv[1], kv[0]))
        best_code, best = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        suggestions = "; ".join(f"{code} {self.names[code]} ({score:.0f})" for code, score in ranked[:3])
        if best >= self.min_score and best - runner_up >= self.min_margin:
            whole = max(fuzz.ratio(query, key) for key in self._keys_of[best_code])
            if whole >= MIN_WHOLE_SCORE:
                return best_code, best, suggestions
        return None, best, suggestions


def _unique_index(pairs) -> dict[str, str]:
    """key → code for keys that name exactly one agency; a shared key names nobody."""
    seen: dict[str, set[str]] = defaultdict(set)
    for key, code in pairs:
        seen[key].add(code)
    return {key: next(iter(codes)) for key, codes in seen.items() if len(codes) == 1}
