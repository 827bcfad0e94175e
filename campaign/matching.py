"""Matching a submission to a roster agency: code, then email, then the name as typed, then the name as read.

Reading a name: what **kind** of body it is ("Sở", "Bộ", "Chi cục"; "Department", "Group"), in which **domain**
(the words that are left: "Thông tin và Truyền thông", "Y tế"), of which **place** (a province, read from
anywhere in the name). Abbreviations of administrative words are read as their words first ("Bộ NN&PTNT", "VP CP":
campaign/abbreviations.py). Kind and place must agree with the agency's; only the domain may be a near spelling.
A name that fits two agencies, names two provinces, or sits equally close to two provinces, is not matched: close
counts the letters' edits (two swapped letters are one) and, for a name typed with marks, each mark that is not the
province's ("Kiền Giang" is as close to Kiên Giang as to Tiền Giang).
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import re
import sys
import tempfile
import threading
import unicodedata
from collections import OrderedDict, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Levenshtein

from campaign import kinds
from campaign.abbreviations import abbreviations
from campaign.columns import map_distinct
from campaign.hints import Hint
from campaign.names import fold_diacritics, fold_name, strip_hidden, telex_word, tone_key
from campaign.places import finder, provinces, syllables
from campaign.roster import split_multi

SUGGESTION_CUTOFF = 60  # fuzzy score below which a roster name is not worth suggesting
# A code is followed by a space, " - ", ":" or "|"; a plain hyphen can belong to the code itself (MIC-VBC).
_CODE_SPLIT = re.compile(r"\s*[–—:|]\s*|\s+-\s+|\s+")
# A code typed at the start of the name: "P51 - Sở TT&TT Quảng Ngãi", "P51. Sở …", "[P51] …".
_CODE_IN_NAME = re.compile(r"^\W*([A-Za-z0-9][A-Za-z0-9_.-]{0,19}?)[\])]?(?:\s*[-–—:|.)]\s*|\s+)(.+)$", re.S)
# Parts of a name: text between " - ", commas, slashes, brackets…; a hyphen inside a word ("BR-VT") is no separator.
_SEPARATOR = re.compile(r"\s+[-–—]+\s*|\s*[-–—]+\s+|[–—,;/|:\[\]{}]")
_BRACKET = re.compile(r"\(([^()]*)\)")
_WEB_ADDRESS = re.compile(r"(?:https?://)?(?:www\.)?([a-z0-9-]+)(?:\.(?:com|gov|org|net|edu|info))?\.vn\b/?")
# Words that carry no meaning in a domain: "Sở Thông tin và Truyền thông" = "Sở Thông tin Truyền thông".
_FILLERS = frozenset({"va", "and", "of", "the", "cua", "thuoc", "province", "city"})
# A part made only of these says nothing about the agency: "(báo cáo)", "- lần 2", "(bổ sung)".
_NOISE = frozenset({"bao", "cao", "bc", "lan", "bo", "sung", "gui", "ve", "viec", "ket", "qua", "kem", "theo", "report", "dot"})
_VIETNAM = "vietnam"
_NORMAL_WORDS = _FILLERS | {"viet", "vn", "vietnam"}  # words _normal changes


@dataclass
class Body:
    """One body named in a name: its kind (None if the name says none) and its domain words."""

    kind: str | None
    words: list[str]

    @property
    def domain(self) -> str:
        return " ".join(self.words)


@dataclass
class Reading:
    """What a typed name says."""

    bodies: list[Body]
    places: set[str]
    place_words: dict[str, str]  # province code → the words that named it
    alternatives: list[str] = field(default_factory=list)  # bracket contents: "(VNPT)"
    near: dict[str, str] = field(default_factory=dict)  # province code → a near spelling that named it too
    host_only: bool = False  # the name is the campaign's own ministry
    text: str = ""  # the name as typed


@dataclass
class Hit:
    code: str | None  # None: not matched
    fuzzy: bool = False
    score: float = float("nan")
    reason: tuple = ()  # (code, *params) of why
    why_not: tuple = ()  # for an unmatched name: (code, *params)
    kind: str | None = None
    place: str | None = None
    domain: str = ""
    rivals: tuple[str, ...] = ()  # for a place tie: the provinces equally close


class Matcher:
    """Looks up typed codes, emails and names against one roster; built once per roster."""

    def __init__(self, roster: pd.DataFrame, min_score: float = 90, min_margin: float = 5, host: str | None = None) -> None:
        self.min_score = min_score
        self.min_margin = min_margin
        self.names = dict(zip(roster["code"], roster["name"]))
        self.codes = {code.upper(): code for code in roster["code"]}
        self.emails = _unique_index(
            (email.lower(), code) for code, emails in zip(roster["code"], roster["email"]) for email in split_multi(emails)
        )
        self.places = finder()
        self._abbreviations = abbreviations()
        aliases_of = {c: split_multi(a) for c, a in zip(roster["code"], roster["aliases"])}
        english_of = dict(zip(roster["code"], roster["name_en"] if "name_en" in roster else [""] * len(roster)))
        keys: list[tuple[str, str]] = []
        fold_of: dict[str, str] = {}
        for code, name in zip(roster["code"], roster["name"]):
            for spelling in (name, *aliases_of[code]):
                key = fold_of[spelling] = fold_name(spelling)
                if key:
                    keys.append((key, code))
        self.by_name = _unique_index(keys)
        self._fold_of = fold_of  # every roster spelling's key: a name typed as the roster spells it is not folded again
        # Every word the roster or the provinces spell: a Telex-looking word that is one of these is left alone.
        self._vocabulary = {w for key, _ in keys for w in key.split()}
        self._vocabulary |= {w for e in english_of.values() if e for w in fold_name(e).split()}
        self._vocabulary |= set(self.places.words) | {w for k in kinds.VIETNAMESE for w in k.split()}
        self._vocabulary |= set(_FILLERS)
        # Roster words a brand is typed in pieces of ("Mobi Fone", "Viet tel", "VN Post"): the pieces are joined.
        self._joined = frozenset(w for w in self._vocabulary if len(w) >= 5 and w not in self.places.words)
        # The same words with their marks: a Telex repair must give one of them, tone and all ("haj" is "hạ", no word).
        accented = [*self.names.values(), *(a for al in aliases_of.values() for a in al)]
        accented += [p.name for p in provinces().values()] + list(kinds.VIETNAMESE.values())
        words = {w for text in accented for w in unicodedata.normalize("NFC", text).lower().split()}
        self._marked = {tone_key(w) for w in words}  # per distinct word: the roster repeats a few hundred words
        self._host: str | None = None
        self._known_parents: set[tuple[str, str]] = set()
        # Readings of every spelling: (kind, place, domain) → {(code, source)}.
        readings: list[tuple[str, str | None, str | None, str, str]] = []  # code, kind, place, domain, source
        spellings: list[tuple[str, str, str]] = []
        for code, name in zip(roster["code"], roster["name"]):
            spellings.append((code, name, "name"))
            spellings += [(code, alias, "alias") for alias in aliases_of[code]]
            if english_of.get(code):
                spellings.append((code, english_of[code], "english"))
        first = [(code, self._read(text, fold_of.get(text)), source) for code, text, source in spellings]
        self._host = _domain_of(self._read(host), "bo") if host else _derive_host(first, self)
        # With the host known, read again what names a Bộ: "Trung tâm Thông tin Bộ TT&TT" is the host's unit.
        read = [
            (code, self._read(text) if " bo " in f" {fold_of.get(text) or fold_name(text)} " else reading, source, text)
            for (code, text, source), (_, reading, _) in zip(spellings, first)
        ]
        for code, reading, source, _text in read:
            bodies = self._settle(reading)
            if not bodies or len(reading.places) > 1:
                continue
            place = next(iter(reading.places), None)
            body = bodies[0]
            domain = body.domain
            readings.append((code, body.kind, place, domain, source))
            self._known_parents.add((body.kind or "", domain))
            for alternative in reading.alternatives:  # "… Group (VNPT)": the acronym on its own
                alt = self._settle(self._read(alternative))
                if len(alt) == 1:
                    readings.append((code, alt[0].kind, place, alt[0].domain, "acronym"))
            if body.words and body.words[-1] == _VIETNAM and len(body.words) > 1:
                readings.append((code, body.kind, place, " ".join(body.words[:-1]), "no_vietnam"))
            # Initials of a national body ("BYT"); a local one's are nobody's ("STTTT" is folded as a word already).
            if source != "english" and place is None and len(body.words) <= 6:
                for initials in _initialisms(body):
                    if initials not in self._vocabulary and initials not in self.places.forms:
                        readings.append((code, None, place, initials, "initialism"))
        self._exact: dict[tuple, set[tuple[str, str]]] = defaultdict(set)
        self._any_kind: dict[tuple, set[tuple[str, str]]] = defaultdict(set)
        self.kinds_of: dict[str, set[str]] = defaultdict(set)
        self.place_of: dict[str, str | None] = {}
        group_rows: dict[tuple, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self._domain_words: dict[str | None, set[str]] = defaultdict(set)
        for code, kind, place, domain, source in readings:
            self._exact[(kind, place, domain)].add((code, source))
            self._any_kind[(place, domain)].add((code, source))
            if kind:
                self.kinds_of[code].add(kind)
            if source == "name":
                self.place_of[code] = place
            if domain:
                group_rows[(kind, place)][domain].add(code)
                self._domain_words[kind].update(domain.split())
        # Words of a kind's domains that are in no province name: a province's typo is looked for around them.
        self._not_places_of = {k: frozenset(w - self.places.words) for k, w in self._domain_words.items()}
        # Fuzzy choices per (kind, place): a typo is looked for only among bodies of the same kind and place.
        self._groups = {g: (list(d), [sorted(c) if len(c) > 1 else list(c) for c in d.values()]) for g, d in group_rows.items()}
        self.roster_kinds = {kind for _, kind, *_ in readings if kind}
        self._placed_kinds = {kind for _, kind, place, *_ in readings if kind and place}
        self._unplaced_kinds = {kind for _, kind, place, *_ in readings if kind and not place}
        self._whole_keys = list(dict.fromkeys(key for key, _ in keys))
        self._whole_codes: dict[str, set[str]] = defaultdict(set)
        for key, code in keys:
            self._whole_codes[key].add(code)
        self._pools: dict[tuple, list[str]] | None = None  # built for the first unmatched name
        self._placed_domain_set: frozenset | None = None
        self._own: dict[str, set[str]] | None = None

    # --- codes and emails -------------------------------------------------------------------------------------

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

    def disagreements(self, codes: pd.Series, names: pd.Series) -> np.ndarray:
        """Per row matched by its code: the agency its typed name clearly names when that is another ('' else).

        A name typed as one of the code's own spellings, or close to one (a typo of it), is never read again: only
        a name unlike the code's agency is read, with the same rules as any name, and only a clear answer counts."""
        out = np.full(len(codes), "", dtype=object)
        own = self._own_keys()
        unlike: dict[int, str] = {}  # row → a name unlike its code's agency, to read
        judged: dict[tuple[str, str], bool] = {}  # (code, name) → unlike: an agency types its name the same way often
        for i, (code, name) in enumerate(zip(codes.to_numpy(dtype=object), names.to_numpy(dtype=object))):
            if not code or not isinstance(name, str):
                continue
            is_unlike = judged.get((code, name))
            if is_unlike is None:
                key = self._fold_of.get(name) or fold_name(name)
                mine = own.get(code, ())
                is_unlike = bool(key) and key not in mine and not any(fuzz.ratio(key, k) >= _SAME_AGENCY for k in mine)
                judged[(code, name)] = is_unlike
            if is_unlike:
                unlike[i] = name
        if not unlike:
            return out
        distinct = list(dict.fromkeys(unlike.values()))
        blank = pd.Series([""] * len(distinct))
        read = self._match(blank, blank, pd.Series(distinct))  # one pass over every distinct name, as for any rows
        named = {
            name: code if how in ("name", "fuzzy") else ""
            for name, code, how in zip(distinct, read["agency_code"], read["match"])
        }
        for i, name in unlike.items():
            if named[name] and named[name] != codes.iat[i]:
                out[i] = named[name]
        return out

    def _own_keys(self) -> dict[str, set[str]]:
        """code → the folded keys of its spellings (built once)."""
        if self._own is None:
            self._own = defaultdict(set)
            for key, code in self.by_name.items():
                if code:  # a spelling two agencies share names neither
                    self._own[code].add(key)
        return self._own

    def match(self, codes: pd.Series, emails: pd.Series, names: pd.Series) -> pd.DataFrame:
        """Per row: agency_code ('' if none), match (code/email/name/fuzzy/none), score, suggestions, reason.

        reason is () for a code, an email or a name typed as the roster spells it, else (reason code, *parameters):
        why the name was taken for the agency, or why it was not (see REASONS, WHY_NOT).
        """
        with _gc_paused():
            return self._match(codes, emails, names)

    def _match(self, codes: pd.Series, emails: pd.Series, names: pd.Series) -> pd.DataFrame:
        code_hit = self._lookup(codes, str.upper, self.codes, self.match_code)
        email_hit = self._lookup(emails, str.lower, self.emails, self.match_email)
        # A code beats an email, which beats a name: only the rows neither placed have their name read.
        by_name = (code_hit.isna() & email_hit.isna()).to_numpy()
        # Per distinct name as typed (separators and brackets matter to reading it, so not per folded key).
        positions, distinct = pd.factorize(names[by_name], use_na_sentinel=True)
        width = len(distinct) + 1  # the last: a missing cell (code -1)
        out_code = np.full(width, "", dtype=object)
        out_how = np.full(width, "none", dtype=object)
        out_score = np.full(width, np.nan)
        out_sugg = np.full(width, "", dtype=object)
        out_reason = np.empty(width, dtype=object)
        out_reason[:] = [()] * width
        fold_of = self._fold_of
        for i, text in enumerate(np.asarray(distinct, dtype=object)):
            key = fold_of[text] if text in fold_of else fold_name(text)
            code = self.by_name.get(key)
            if code and text not in fold_of and not self._marks_agree(text, code):
                code = None  # read, to say which provinces it is as close to
            if code:
                out_code[i], out_how[i], out_score[i] = code, "name", 100.0
            elif key:
                hit = self.read_name(text, key)
                out_score[i], out_reason[i] = hit.score, hit.reason or hit.why_not
                if hit.code:
                    out_code[i], out_how[i] = hit.code, "fuzzy" if hit.fuzzy else "name"
                else:
                    out_sugg[i] = self._suggest(text, hit)
        # Every row: the name's reading where it was read; the rows a code or an email placed are set below.
        rows = np.full(len(names), -1, dtype=np.intp)
        rows[by_name] = positions
        out_code, out_how, out_score, out_sugg, out_reason = (
            a[rows] for a in (out_code, out_how, out_score, out_sugg, out_reason)
        )
        for hit, how in ((email_hit, "email"), (code_hit, "code")):
            found = hit.notna().to_numpy()
            out_code[found], out_how[found], out_score[found], out_sugg[found] = (
                hit[found].to_numpy(dtype=object),
                how,
                np.nan,
                "",
            )
            for i in np.flatnonzero(found):
                out_reason[i] = ()
        return pd.DataFrame(
            {
                "agency_code": out_code,
                "match": out_how,
                "score": out_score,
                "suggestions": out_sugg,
                "reason": out_reason,
            },
            index=names.index,
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

    # --- reading a name ---------------------------------------------------------------------------------------

    def _read(self, text: object, key: str | None = None) -> Reading:
        """Kinds, domains and places of a name, before anything is looked up (key: its fold_name, if known)."""
        if not isinstance(text, str):
            return Reading([], set(), {})
        bodies: list[Body] = []
        places: dict[str, str] = {}
        near: dict[str, str] = {}
        alternatives: list[str] = []
        # One part, every word known: the folded name is already its words (no Telex leftover to repair).
        simple = (
            key is not None
            and "(" not in text
            and not _SEPARATOR.search(text)
            and "hà tỉnh" not in (low := text.lower())
            and ".vn" not in low
            and self._vocabulary.issuperset(key.split())
        )
        if not simple:
            clean, _ = strip_hidden(text)
            clean = unicodedata.normalize("NFC", clean).lower()
            clean = clean.replace("hà tỉnh", "hà tĩnh")  # the tone slip that would drop the province as "tỉnh"
            if ".vn" in clean:  # a web address is its name: "www.vnpost.vn", "vncert.gov.vn"
                clean = _WEB_ADDRESS.sub(r" \1 ", clean)
            alternatives = [a.strip() for a in _BRACKET.findall(clean) if a.strip()]
            clean = _BRACKET.sub(" , ", clean)
        for part in [key] if simple else _SEPARATOR.split(clean):  # type: ignore[list-item]
            words = self._normal(part.split()) if simple else self._words(part)
            if not words:
                continue
            spans = set()
            for found in self.places.exact(words):
                places.setdefault(found.code, " ".join(words[found.start : found.end]))
                spans.update(range(found.start, found.end))
            unknown = set() if simple else {i for i, w in enumerate(words) if i not in spans and w not in self._vocabulary}
            if spans and unknown:
                # A typo next to a place already read ("Thừa Thiên Huêế"): the same province, said once more.
                for found in self.places.near(words, frozenset(), unknown)[0]:
                    if found.code in places and not spans.issuperset(range(found.start, found.end)):
                        spans.update(range(found.start, found.end))
                        near[found.code] = " ".join(words[found.start : found.end])
            if spans:
                words = [w for i, w in enumerate(words) if i not in spans]
            if not words or all(w in _NOISE or w.isdigit() for w in words):
                continue
            self._split_bodies(words, bodies)
        return Reading(bodies, set(places), places, alternatives, near=near, text=text)

    def _place_rivals(self, text: str, code: str, words: list[str] | None = None) -> tuple[str, ...]:
        """The province `code` read from a name (from `words`, its folded words, if given) and the provinces its
        marks make as close ("Kiền Giang": Kiên Giang's letters, Tiền Giang's tone); () when none is."""
        spellings = self.places.marked_text.get(code)
        if not spellings or text.isascii():  # "An Giang", "Kien Giang": no marks to disagree with
            return ()
        lowered = text.lower()
        for spelling in spellings:  # typed as the province spells it (the usual case)
            if spelling in lowered:
                return ()
        lowered = unicodedata.normalize("NFC", lowered)
        for spelling in spellings:
            if spelling in lowered:
                return ()
        typed = syllables(lowered)
        folded = syllables(fold_diacritics(lowered))  # one letter for one: the same words, unmarked
        if len(folded) != len(typed):
            folded = [fold_diacritics(w) for w in typed]
        if words is None:
            spans = [(f.start, f.end) for f in self.places.exact(folded) if f.code == code]
        else:
            spans = [(i, i + len(words)) for i in range(len(typed) - len(words) + 1) if folded[i : i + len(words)] == words]
        for start, end in spans:
            rivals = self.places.marked_rivals(typed[start:end], code)
            if rivals:
                return (code, *rivals)
        return ()

    def _marks_agree(self, text: str, code: str) -> bool:
        """Whether a name that folds to a roster spelling has no marks of another province: "Sở TT&TT Kiền Giang"
        folds to Kiên Giang's Department, and has Tiền Giang's tone."""
        place = self.place_of.get(code)
        return place is None or not self._place_rivals(text, place)

    def _words(self, part: str) -> list[str]:
        """Folded words of one part of a name, Telex leftovers repaired, "VN" and "Việt Nam" one word."""
        fixed = []
        for w in part.split():
            if w.isascii() and w.isalpha() and w not in self._vocabulary and w not in self._abbreviations.tokens:
                repaired = telex_word(w)
                if repaired and tone_key(repaired) in self._marked:
                    w = repaired
            fixed.append(w)
        return self._normal(fold_name(" ".join(fixed)).split())

    def _normal(self, words: list[str]) -> list[str]:
        """Abbreviations expanded ("ptnt"), a brand typed in pieces joined ("mobi fone"), "VN" and "Việt Nam" one
        word, fillers dropped."""
        words = self._abbreviations.expand(words)
        # A brand's pieces are mostly no words of the roster ("mobi", "fone", "tel"): only then are pairs looked at.
        if len(words) > 1 and not self._vocabulary.issuperset(words):
            joined = self._joined
            if any(a + b in joined for a, b in zip(words, words[1:])):
                words = self._join(words)
        if _NORMAL_WORDS.isdisjoint(words):
            return words
        out: list[str] = []
        for w in words:
            if w == "nam" and out and out[-1] == "viet":
                out[-1] = _VIETNAM
            elif w in ("vn", "viet nam", "vietnam"):
                out.append(_VIETNAM)
            elif w not in _FILLERS:
                out.append(w)
        return out

    def _join(self, words: list[str]) -> list[str]:
        out = [words[0]]
        for w in words[1:]:
            if out[-1] + w in self._joined:
                out[-1] += w
            else:
                out.append(w)
        return out

    def _split_bodies(self, words: list[str], bodies: list[Body]) -> None:
        """Append the bodies one part names: a leading kind starts one, and so does a parent inside it
        ("Văn phòng Sở …", "Vụ … Bộ Y tế"); a part with no kind continues the body before it."""
        lead = kinds.leading(words)
        if lead is None:
            english = kinds.english(words)
            if english and not bodies:
                kind, at = english
                bodies.append(Body(kind, words[:at] + words[at + 1 :]))
            elif bodies and not self._names_alone(words):
                bodies[-1].words.extend(words)
            else:
                bodies.append(Body(None, words))
            return
        kind, n = lead
        start = n
        for j in range(n, len(words)):
            if words[j] not in kinds.PARENT_FIRST_WORDS:
                continue
            inner = kinds.leading(words, j)
            if inner is None or inner[0] not in kinds.PARENT_LEVEL:
                continue
            rest = " ".join(words[j + inner[1] :])
            right_after = j == start
            known = (inner[0], rest) in self._known_parents or (inner[0] == "bo" and rest == self._host)
            if right_after or (rest and known):
                bodies.append(Body(kind, words[start:j]))
                kind, start = inner[0], j + inner[1]
        bodies.append(Body(kind, words[start:]))

    def _names_alone(self, words: list[str]) -> bool:
        """Whether a part with no kind is a spelling of its own ("- VNPT"), not the rest of the name before it."""
        exact = getattr(self, "_exact", None)  # (not while the roster itself is read)
        return exact is not None and (None, None, " ".join(words)) in exact

    def _settle(self, reading: Reading) -> list[Body]:
        """The bodies left once the campaign's own ministry is taken as every unit's parent ("Thanh tra Bộ")."""
        out: list[Body] = []
        for body in reading.bodies:
            if body.kind == "bo" and (body.domain == self._host or not body.words) and (out or len(reading.bodies) > 1):
                if out and not out[-1].words:
                    out[-1].words = ["bo"]
                continue
            out.append(body)
        return out

    # --- resolving --------------------------------------------------------------------------------------------

    def read_name(self, text: str, key: str | None = None) -> Hit:
        """The agency a typed name names, with why, or why not."""
        code_typed = _CODE_IN_NAME.match(text.strip()) if isinstance(text, str) else None
        if code_typed and code_typed.group(1).upper() in self.codes:
            code = self.codes[code_typed.group(1).upper()]
            rest_text = code_typed.group(2)
            rest = self._resolve_text(rest_text)
            if rest.code == code:
                return Hit(code, rest.fuzzy, rest.score, ("code_in_name", code), kind=rest.kind, place=rest.place)
            if rest.code:
                return Hit(None, why_not=("code_and_name_disagree", code, rest.code), kind=rest.kind, place=rest.place)
            # "P51 - …": a code set apart from the rest, and the rest says nothing against it.
            # (Not a hyphen right after it: "VNPT-Media" is a company of its own, not VNPT's report.)
            set_apart = not text.strip()[len(code_typed.group(1)) :].startswith((" ", "\t", "-")) or " - " in text
            if set_apart and self._compatible(rest_text, code):
                return Hit(code, reason=("code_in_name", code))
        return self._resolve_text(text, key)

    def _resolve_text(self, text: str, key: str | None = None) -> Hit:
        reading = self._read(text, key)
        if not reading.places:
            self._place_from_brackets(reading)
        main = self._resolve_reading(reading)
        for alternative in reading.alternatives:
            alt = self._resolve_reading(self._read(alternative))
            if alt.code is None:
                continue
            if main.code is None and self._compatible_reading(reading, alt.code):
                main = Hit(alt.code, alt.fuzzy, alt.score, ("acronym", alternative.upper()), kind=alt.kind, place=alt.place)
            elif main.code not in (None, alt.code):
                return Hit(None, why_not=("two_agencies", main.code, alt.code), kind=main.kind, place=main.place)
        return main

    def _place_from_brackets(self, reading: Reading) -> None:
        """A province in brackets, alone or as its People's Committee, is the name's province: "Sở TT&TT (Sơn La)",
        "Sở Thông tin và Truyền thông (UBND tỉnh Sơn La)"."""
        for alternative in reading.alternatives:
            said = self._read(alternative)
            if said.places and all(b.kind == kinds.COMMITTEE and not b.words for b in said.bodies):
                reading.places |= said.places
                reading.place_words.update(said.place_words)

    def _compatible(self, text: str, code: str) -> bool:
        return self._compatible_reading(self._read(text), code)

    def _compatible_reading(self, reading: Reading, code: str) -> bool:
        """Whether what a name says (its kinds, its places) fits an agency it does not spell out."""
        place = self.place_of.get(code)
        if reading.places - ({place} if place else set()):
            return False
        return all(b.kind is None or b.kind in self.kinds_of[code] for b in self._settle(reading))

    def _resolve_reading(self, reading: Reading) -> Hit:
        hit = self._resolve_bodies(reading)
        if hit.code and hit.place in reading.near:
            hit.fuzzy = True
            hit.reason = ("near_place", reading.near[hit.place], provinces()[hit.place].name)
        return hit

    def _resolve_bodies(self, reading: Reading) -> Hit:
        hit = self._resolve_placed(reading)
        if hit.code and hit.place in reading.place_words:  # a place read as spelled: are its marks another's?
            rivals = self._place_rivals(reading.text, hit.place, reading.place_words[hit.place].split())
            if rivals:
                return self._tie(rivals, hit.kind)
        return hit

    def _resolve_placed(self, reading: Reading) -> Hit:
        bodies = self._settle(reading)
        if not bodies:
            host = any(b.kind == "bo" and b.domain == self._host for b in reading.bodies)
            return Hit(None, why_not=("host",) if host else ())
        if len(reading.places) > 1:
            names = [provinces()[c].name for c in sorted(reading.places)]
            return Hit(None, why_not=("two_places", *names), kind=bodies[0].kind)
        place = next(iter(reading.places), None)
        if len(bodies) > 1 and place:
            bodies = self._without_committee(bodies)
        if len(bodies) == 1 and bodies[0].kind == "bo" and bodies[0].domain == self._host:
            return Hit(None, why_not=("host",), kind="bo", place=place)
        if len(bodies) == 1:
            return self._resolve_body(bodies[0], place, reading)
        levels = [kinds.level(b.kind) for b in bodies]
        top = min(levels)
        parents = [b for b, lv in zip(bodies, levels) if lv == top]
        if len(parents) > 1:
            return Hit(None, why_not=("two_bodies",), kind=parents[0].kind, place=place)
        parent = parents[0]
        found = self._resolve_body(parent, place, reading)
        child = next(b for b in bodies if b is not parent)
        if parent.kind in kinds.GOVERNING:
            if found.code:
                found.reason = ("parent", kinds.label(child.kind) or child.domain, _parent_name(parent, place))
            return found
        codes = {found.code} - {None}
        for body in bodies:
            if body is not parent:
                codes |= {self._resolve_body(body, place, reading).code} - {None}
        if len(codes) > 1:
            return Hit(None, why_not=("two_agencies", *sorted(codes)), kind=parent.kind, place=place)
        if found.code:
            found.reason = ("parent", kinds.label(child.kind) or child.domain, _parent_name(parent, place))
        return found

    def _without_committee(self, bodies: list[Body]) -> list[Body]:
        """A province's People's Committee typed around one of its Departments ("UBND tỉnh Lào Cai - Sở TT&TT")
        says only whose Department it is: the Department is the body named."""
        committee = [b for b in bodies if b.kind == kinds.COMMITTEE and not b.words]
        if committee and any(b.kind != kinds.COMMITTEE and b.kind in self._placed_kinds for b in bodies):
            return [b for b in bodies if b.kind != kinds.COMMITTEE]
        return bodies

    def _first_words_hit(self, body: Body) -> Hit | None:
        """A ministry named by the first words of its name ("Bộ Giáo dục"), when no other ministry (nor the
        campaign's own) starts so."""
        words = body.words
        group = self._groups.get((body.kind, None)) if body.kind in kinds.MINISTRY else None
        if not group or not (len(words) >= 2 or len(body.domain) >= 6):
            return None
        start = body.domain + " "
        codes = {code for domain, found in zip(*group) if domain.startswith(start) for code in found}
        if len(codes) != 1 or (self._host or "").startswith(start):
            return None
        return Hit(codes.pop(), score=100.0, reason=("first_words", kinds.label(body.kind), body.domain), kind=body.kind)

    def _resolve_body(self, body: Body, place: str | None, reading: Reading) -> Hit:
        kind = body.kind
        if kind and kind not in self.roster_kinds:
            return Hit(None, why_not=("kind_not_on_roster", kinds.label(kind)), kind=kind, place=place)
        hit = self._exact_hit(body, place) or (None if place else self._first_words_hit(body))
        if hit:
            return hit
        near_place = None
        if place is None and kind in self._placed_kinds:
            # A province is typed at one end of the name: "Sở TT&TT Quang Ngam", "Hà Giag - Sở TT&TT" (spans there only).
            ends = {0, len(body.words) - 1}
            found, ties = self.places.near(body.words, self._not_places_of.get(kind, frozenset()), ends)
            codes = {f.code for f in found}
            if ties or len(codes) > 1:
                return self._tie({c for t in ties for c in t} | codes, kind)
            if codes:
                f = found[0]
                near_place = (body.words[f.start : f.end], f.code)
                body = Body(kind, body.words[: f.start] + body.words[f.end :])
                place = f.code
                hit = self._exact_hit(body, place)
                if hit:
                    hit.fuzzy = True
                    hit.score = 100.0
            elif kind not in self._unplaced_kinds:
                # Nothing but the kind and a domain the roster has in every province ("Sở Thông tin và Truyền
                # thông"): the province is all that is missing, and no suggestion could be more than a guess.
                bare = (kind, body.domain) in self._placed_domains()
                return Hit(None, why_not=("needs_place" if bare else "no_place", kinds.label(kind)), kind=kind)
        hit = hit or self._fuzzy_hit(body, place)
        if hit.code and near_place:
            rivals = self._place_rivals(reading.text, place, near_place[0])  # a near spelling with another's marks
            if rivals:
                return self._tie(rivals, kind)
            hit.reason = ("near_place", " ".join(near_place[0]), provinces()[place].name)
        return hit

    def _placed_domains(self) -> frozenset:
        """(kind, domain) of the roster's agencies that have a province (built once, on first need)."""
        if self._placed_domain_set is None:
            self._placed_domain_set = frozenset((kind, domain) for kind, place, domain in self._exact if kind and place)
        return self._placed_domain_set

    @staticmethod
    def _tie(codes, kind: str | None) -> Hit:
        """Not placed: the name is as close to each of these provinces."""
        codes = tuple(sorted(codes))
        names = sorted(provinces()[c].name for c in codes)
        return Hit(None, why_not=("place_tie", *names), kind=kind, rivals=codes)

    def _exact_hit(self, body: Body, place: str | None) -> Hit | None:
        domain = body.domain
        for words in (body.words, [w for w in body.words if w not in _NOISE]):
            domain = " ".join(words)
            found: set[tuple[str, str]] = set()
            if body.kind:
                found |= self._exact.get((body.kind, place, domain), set())
                found |= {(c, s) for c, s in self._exact.get((None, place, domain), ()) if body.kind in self.kinds_of[c]}
            else:
                # A name with no kind word that a roster spelling with none spells ("VN Post") is that spelling's
                # agency, not one whose name adds a kind word ("Vietnam Post newspaper").
                found |= self._exact.get((None, place, domain), set())
                if len({c for c, _ in found}) != 1:
                    found |= self._any_kind.get((place, domain), set())
            codes = {c for c, _ in found}
            if len(codes) == 1:
                code = codes.pop()
                sources = {s for _, s in found}
                return Hit(code, score=100.0, reason=self._reason(body, place, sources), kind=body.kind, place=place)
            if len(codes) > 1:
                return Hit(None, why_not=("two_agencies", *sorted(codes)), kind=body.kind, place=place)
            if not domain:
                break
        return None

    def _reason(self, body: Body, place: str | None, sources: set[str]) -> tuple:
        if "initialism" in sources and not sources & {"name", "alias"}:
            return ("initialism", body.domain.upper())
        if "english" in sources and not sources & {"name", "alias"}:
            return ("english",)
        if "acronym" in sources and not sources & {"name", "alias"}:
            return ("acronym", body.domain.upper())
        if place:
            return ("place_kind", kinds.label(body.kind) or "—", provinces()[place].name)
        return ("kind_name", kinds.label(body.kind) or "—")

    def _fuzzy_hit(self, body: Body, place: str | None) -> Hit:
        group = self._groups.get((body.kind, place))
        if not group or not body.words:
            return Hit(None, kind=body.kind, place=place)
        # A province word left over in the domain ("Hà Nọi Nam") means the place is in doubt: no near spelling.
        stray = [w for w in body.words if w in self.places.words and w not in self._domain_words[body.kind]]
        if stray:
            return Hit(None, why_not=("place_in_doubt", " ".join(stray)), kind=body.kind, place=place)
        choices, codes = group
        scores = process.extract(body.domain, choices, scorer=fuzz.ratio, score_cutoff=SUGGESTION_CUTOFF, limit=8)
        per_code: dict[str, float] = {}
        # A swap counted as one edit raises a score by at most half of what it lacks (each swap is two of the
        # ratio's edits, made one): below `low` no score can reach the runner-up's least that matters.
        low = 2 * (self.min_score - self.min_margin) - 100
        domain = body.domain
        for choice, score, j in scores:
            if low <= score < 100:
                score = _swaps_as_one(domain, choice, score)
            for code in codes[j]:
                per_code[code] = max(per_code.get(code, 0.0), float(score))
        if not per_code:
            return Hit(None, kind=body.kind, place=place)
        ranked = sorted(per_code.items(), key=lambda kv: (-kv[1], kv[0]))
        best_code, best = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        if best >= self.min_score and best - runner_up >= self.min_margin:
            return Hit(best_code, True, best, ("close_name", f"{best:.0f}"), kind=body.kind, place=place)
        return Hit(None, score=best, kind=body.kind, place=place)

    # --- suggestions ------------------------------------------------------------------------------------------

    def _suggestion_pools(self) -> dict[tuple, list[str]]:
        """Roster spellings by (kind, province), (kind, None) and (None, province)."""
        pools: dict[tuple, list[str]] = defaultdict(list)
        for key in self._whole_keys:
            codes = self._whole_codes[key]
            places = {self.place_of.get(code) for code in codes} - {None}
            for kind in {k for code in codes for k in self.kinds_of[code]}:
                pools[(kind, None)].append(key)
                for place in places:
                    pools[(kind, place)].append(key)
            for place in places:
                pools[(None, place)].append(key)
        return pools

    def _suggest(self, text: str, hit: Hit) -> str:
        """The closest agencies of the name's kind (closest province first); '' when there can be none (the row's
        reason says why: see unmatched_hint)."""
        if hit.why_not and hit.why_not[0] in WHY_NOT:
            return ""
        if self._pools is None:
            self._pools = self._suggestion_pools()
        query = fold_name(text)
        ranked: dict[str, float] = {}
        # The agencies of its kind in its province (or in each province it is as close to) come first, however far
        # their names are.
        first = set(hit.rivals) or ({hit.place} if hit.place else set())
        pools = [(self._pools.get((hit.kind, place), []), 0) for place in sorted(first)]
        pools.append((self._pools.get((hit.kind, None)) or self._whole_keys, SUGGESTION_CUTOFF))
        for pool, cutoff in pools:
            if len(ranked) >= max(3, len(first)):
                break
            for key, score, _ in process.extract(query, pool, scorer=fuzz.ratio, score_cutoff=cutoff, limit=12):
                for code in sorted(self._whole_codes[key]):
                    ranked[code] = max(ranked.get(code, 0.0), score)
        order = sorted(ranked.items(), key=lambda kv: (self.place_of.get(kv[0]) not in first, -kv[1], kv[0]))
        return "; ".join(f"{code} {self.names[code]} ({score:.0f})" for code, score in order[: max(3, len(first))])


# Why a name was taken for an agency, and why none could be: codes of campaign.hints (the reason tuple is the code
# and its parameters), written out in the reader's language there.
REASONS = frozenset(
    {
        "place_kind",
        "kind_name",
        "english",
        "initialism",
        "acronym",
        "code_in_name",
        "parent",
        "near_place",
        "close_name",
        "first_words",
    }
)
# A name this alike to one of its code's spellings is that agency's (a typo, a short form): never read against it.
_SAME_AGENCY = 70
WHY_NOT = frozenset({"kind_not_on_roster", "host", "needs_place"})  # an unmatched name with no agency to suggest, and why


def reason_hint(reason: tuple) -> Hint | None:
    """Why a name was taken for its agency, as a hint ('place + kind (Sở, Quảng Ngãi)'); None for no reason."""
    return Hint(reason[0], tuple(reason[1:])) if reason and reason[0] in REASONS else None


def unmatched_hint(suggestions: str, reason: tuple) -> Hint | None:
    """What to say about a name no agency was found for: the closest agencies, or why there can be none; None
    when there is neither."""
    if suggestions:
        return Hint("closest_names", (suggestions,))
    return Hint(reason[0], tuple(reason[1:])) if reason and reason[0] in WHY_NOT else None


def _parent_name(parent: Body, place: str | None) -> str:
    """ "Sở, Nghệ An"; "Bộ"."""
    return kinds.label(parent.kind) + (f", {provinces()[place].name}" if place else "")


def _domain_of(reading: Reading, kind: str) -> str | None:
    for body in reading.bodies:
        if body.kind == kind:
            return body.domain
    return None


def _derive_host(read: list, matcher: Matcher) -> str | None:
    """The campaign's own ministry: a Bộ that roster spellings name as a parent ("Thanh tra Bộ TT&TT")
    while no agency is that Bộ."""
    own = {r.bodies[0].domain for _, r, _ in read if len(r.bodies) == 1 and r.bodies[0].kind == "bo"}
    named = defaultdict(int)
    for _, r, _ in read:
        for body in r.bodies[1:]:
            if body.kind == "bo" and body.words and body.domain not in own:
                named[body.domain] += 1
    return max(named, key=named.get) if named else None


def _initialisms(body: Body) -> list[str]:
    """'Bộ Y tế' → byt; 'Thông tấn xã Việt Nam' → ttxvn and ttx: the first letters, kind included."""
    head = [w[0] for w in (body.kind or "").split()]
    words = [w for w in body.words if w not in _FILLERS]
    if words and words[-1] == _VIETNAM:
        base = "".join(head + [w[0] for w in words[:-1]])
        out = [base + "vn", base, base + " " + _VIETNAM]
    else:
        out = ["".join(head + [w[0] for w in words])]
    return [i for i in out if len(i.split()[0]) >= 3 and i.replace(" ", "").isalpha()]


def _swaps_as_one(typed: str, choice: str, score: float) -> float:
    """fuzz.ratio's score with two swapped letters counted as one edit, like a letter dropped ("tai cihnh"):
    the ratio counts a swap as two, like a changed letter."""
    saved = Levenshtein.distance(typed, choice) - OSA.distance(typed, choice)
    return score + 100 * saved / (len(typed) + len(choice)) if saved > 0 else score


@contextmanager
def _gc_paused():
    """No cyclic garbage collection while many small objects are made that all live on: a full collection would
    walk every object of the process (the frames included) several times for nothing. Collection resumes after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _unique_index(pairs) -> dict[str, str]:
    """key → code for keys that name exactly one agency; a shared key names nobody."""
    seen: dict[str, set[str]] = defaultdict(set)
    for key, code in pairs:
        seen[key].add(code)
    return {key: next(iter(codes)) for key, codes in seen.items() if len(codes) == 1}


# --- one index per roster -------------------------------------------------------------------------------------------

_MATCHERS: OrderedDict[str, Matcher] = OrderedDict()  # by roster_key: the last few rosters this process matched
_MATCHERS_KEPT = 4
_MATCHERS_LOCK = threading.Lock()
_ROSTER_COLUMNS = ("code", "name", "email", "aliases", "name_en")  # what the index is built from
_CODE_VERSION: str | None = None


def matcher_for(roster: pd.DataFrame, min_score: float = 90, min_margin: float = 5, folder: Path | None = None) -> Matcher:
    """The Matcher of this roster, built once: kept in this process (the app: across runs and sessions) and, with a
    `folder` (the CLI: the store's), on disk, by the roster's content hash. An index read back is the one built:
    its file is named by the roster, the settings and the matching code itself, so a change to any is a new file."""
    key = roster_key(roster, min_score, min_margin)
    with _MATCHERS_LOCK:
        if key in _MATCHERS:
            _MATCHERS.move_to_end(key)
            return _MATCHERS[key]
    path = folder / f"matcher-{key[:32]}.pickle" if folder is not None else None
    matcher = _load(path) if path is not None else None
    if matcher is None:
        matcher = Matcher(roster, min_score, min_margin)
        if path is not None:
            _save(matcher, path)
    with _MATCHERS_LOCK:
        _MATCHERS[key] = matcher
        while len(_MATCHERS) > _MATCHERS_KEPT:
            _MATCHERS.popitem(last=False)
    return matcher


def roster_key(roster: pd.DataFrame, min_score: float, min_margin: float) -> str:
    """A hash of what a Matcher is built from: the roster's spellings, the settings, the code that reads them."""
    digest = hashlib.sha256(f"{_code_version()}|{min_score}|{min_margin}|{len(roster)}".encode())
    for column in _ROSTER_COLUMNS:
        values = roster[column].tolist() if column in roster else []
        digest.update(f"\x1e{column}\x1d".encode())
        digest.update("\x1f".join("\x00" if v is None or v != v else str(v) for v in values).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _code_version() -> str:
    """The domain's own source and data and the interpreter's version: an index pickled by other code is never read."""
    global _CODE_VERSION
    if _CODE_VERSION is None:
        digest = hashlib.sha256(sys.version.encode())
        here = Path(__file__).parent
        for source in sorted([*here.glob("*.py"), *here.glob("data/*.csv")]):  # the province spellings are data
            digest.update(source.read_bytes())
        _CODE_VERSION = digest.hexdigest()
    return _CODE_VERSION


def _load(path: Path) -> Matcher | None:
    """The index pickled at `path` by _save (the store's own folder, written only by this code), or None."""
    try:
        with path.open("rb") as file:
            matcher = pickle.load(file)  # noqa: S301 - a file this program wrote in its own store folder
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
        return None
    return matcher if isinstance(matcher, Matcher) else None


def _save(matcher: Matcher, path: Path) -> None:
    """Pickle the index beside the store, replacing any other roster's (written whole, then renamed into place);
    a folder that cannot be written only means the next run builds it again."""
    try:
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=".matcher-", delete=False) as file:
            pickle.dump(matcher, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(file.name, path)
        for old in path.parent.glob("matcher-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass
