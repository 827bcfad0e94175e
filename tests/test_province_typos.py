"""A province name typed with one slip (a letter dropped, added, changed, or two swapped) never puts a Department
under another province it is not closer to: it is placed in the right one or left for the coordinator (#9).

A slip can make another province's name ("Hậ Giang" is Hà Giang once the marks are folded; "àH Giang" is one letter
from An Giang): then that province is what was typed, and the engine may read it so. What it must never do is pick a
province farther from the typing than the intended one, or pick one of two equally close."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

from campaign.config import load_config
from campaign.matching import Matcher
from campaign.names import fold_name
from campaign.places import provinces
from campaign.roster import read_default_roster

CONFIG = load_config()
ROSTER = read_default_roster(CONFIG.campaign.roster)
MATCHER = Matcher(ROSTER, CONFIG.matching.min_score, CONFIG.matching.min_margin)
PROVINCE_OF = dict(zip(ROSTER["code"], ROSTER["province_code"].fillna("")))
NAMES = sorted((p.code, p.name) for p in provinces().values())
FOLDED = {code: fold_name(name) for code, name in NAMES}
LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạéèẻẽẹíìỉĩịóòỏõọúùủũụýỳỷỹỵ "


@st.composite
def one_slip(draw) -> tuple[str, str]:
    """(the province's code, its name with one edit), as people type it."""
    code, name = draw(st.sampled_from(NAMES))
    at = draw(st.integers(0, len(name) - 1))
    kind = draw(st.sampled_from(["drop", "add", "change", "swap"]))
    letter = draw(st.sampled_from(LETTERS))
    if kind == "drop":
        typed = name[:at] + name[at + 1 :]
    elif kind == "add":
        typed = name[:at] + letter + name[at:]
    elif kind == "change":
        typed = name[:at] + letter + name[at + 1 :]
    else:
        typed = name[:at] + name[at + 1 : at + 2] + name[at] + name[at + 2 :]
    return code, typed


@settings(max_examples=600, deadline=None)
@given(slip=one_slip(), prefix=st.sampled_from(["Sở Thông tin và Truyền thông", "Sở TT&TT", "Sở TTTT tỉnh", "STTTT"]))
def test_a_province_typed_with_one_slip_is_never_another_province(slip, prefix):
    code, typed = slip
    found = MATCHER.match(pd.Series([""]), pd.Series([""]), pd.Series([f"{prefix} {typed}"])).iloc[0]
    placed = PROVINCE_OF.get(found["agency_code"], "")
    if placed and placed != code:
        meant, taken = (Levenshtein.distance(fold_name(typed), FOLDED[c]) for c in (code, placed))
        assert taken < meant, (typed, FOLDED[code], FOLDED[placed])


def test_every_province_typed_right_is_its_department():
    for code, name in NAMES:
        found = MATCHER.match(pd.Series([""]), pd.Series([""]), pd.Series([f"Sở TT&TT {name}"])).iloc[0]
        assert PROVINCE_OF.get(found["agency_code"]) == code, name
