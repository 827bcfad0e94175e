"""The roster grid's save (campaign/roster_edit.py): what changed, and what stops a save, in both languages."""

from __future__ import annotations

import pandas as pd
import pytest

from campaign.roster import read_default_roster
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


def test_an_existing_agencys_code_is_never_changed_or_removed(config):
    roster = read_default_roster(config.campaign.roster)
    renamed = roster.copy()
    renamed.loc[0, "code"] = "P01X"  # 'renaming' would leave P01 missing for ever and add an agency
    problems = validate_roster(renamed, roster)
    assert any("P01" in en and "never changes" in en for en, _ in problems)
    assert any("không được đổi" in vi for _, vi in problems)
    assert any("P01" in en for en, _ in validate_roster(roster.iloc[1:], roster))  # removed


@pytest.mark.parametrize("code", ["P\u200b01", "p01", "P-01", "Ｐ０１", "P 01"])
def test_a_new_code_hidden_or_like_an_existing_one_is_refused(config, code):
    roster = read_default_roster(config.campaign.roster)
    added = pd.concat([roster, pd.DataFrame([{**roster.iloc[0].to_dict(), "code": code, "name": "Đơn vị mới"}])])
    problems = validate_roster(added, roster)
    assert problems and all(p for p in problems)
    assert any("P01" in en or "hidden" in en for en, _ in problems), problems


def test_a_new_code_of_its_own_is_accepted(config):
    roster = read_default_roster(config.campaign.roster)
    added = pd.concat([roster, pd.DataFrame([{**roster.iloc[0].to_dict(), "code": "X_NEW-1", "name": "Đơn vị mới"}])])
    assert validate_roster(added, roster) == []
