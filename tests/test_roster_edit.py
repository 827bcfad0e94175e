"""The roster grid's save (campaign/roster_edit.py): what changed, and what stops a save, in both languages."""

from __future__ import annotations

import pandas as pd

from campaign.roster_edit import changed_rows, validate_roster
from tests.sheets import SMALL_ROSTER


def _roster() -> pd.DataFrame:
    return SMALL_ROSTER.copy().assign(email="", phone="", contact="", retired="")


def test_a_clean_roster_has_no_problem_and_no_change():
    roster = _roster()
    assert validate_roster(roster) == []
    assert changed_rows(roster, roster).empty


def test_an_edited_contact_and_an_added_agency_are_the_rows_to_write():
    base = _roster()
    edited = base.copy()
    edited.loc[0, "phone"] = "024 3943 7326"
    added = pd.DataFrame([{"code": "X99", "name": "Đơn vị mới", "group": "mic_unit"}])
    edited = pd.concat([edited, added, pd.DataFrame([{}])], ignore_index=True)  # the grid's empty last row
    rows = changed_rows(base, edited)
    assert list(rows["code"]) == [base.loc[0, "code"], "X99"]
    assert rows.loc[0, "phone"] == "024 3943 7326" and rows.loc[1, "name"] == "Đơn vị mới"


def test_duplicate_and_empty_codes_and_empty_names_stop_the_save():
    edited = _roster()
    first = edited.loc[0, "code"]
    edited.loc[1, "code"] = first
    edited.loc[2, "code"] = ""
    edited.loc[3, "name"] = "  "
    problems = validate_roster(edited)
    english = " | ".join(en for en, _ in problems)
    vietnamese = " | ".join(vi for _, vi in problems)
    assert f"Duplicate code(s) {first}" in english and f"Mã bị trùng {first}" in vietnamese
    assert "1 row(s) have no code" in english and "1 dòng chưa có mã" in vietnamese
    assert f"No name for {edited.loc[3, 'code']}" in english and "Chưa có tên đơn vị" in vietnamese
    assert len(problems) == 3


def test_a_bad_address_among_several_is_named_and_good_ones_pass():
    edited = _roster()
    edited.loc[0, "email"] = "vanthu@mic.gov.vn; khong-phai-email"
    edited.loc[1, "email"] = "a@donvi.gov.vn;b@donvi.gov.vn"
    problems = validate_roster(edited)
    assert len(problems) == 1
    en, vi = problems[0]
    assert "'khong-phai-email' is not an email address" in en and "không phải địa chỉ email" in vi
