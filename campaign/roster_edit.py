"""Editing the roster in the app: what changed, and whether it may be saved (pure, no I/O)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd
from email_validator import EmailNotValidError, validate_email

from campaign.roster import ROSTER_COLUMNS, split_multi

# What the coordinator edits; the rest of a row (name_en, province_code) is kept as it was.
EDITABLE = ("code", "name", "group", "contact", "email", "phone", "aliases", "retired")


def _text(frame: pd.DataFrame) -> pd.DataFrame:
    out = (
        frame.reindex(columns=list(ROSTER_COLUMNS)).astype(object).where(frame.reindex(columns=list(ROSTER_COLUMNS)).notna(), "")
    )
    return out.map(lambda v: str(v).strip())


def changed_rows(base: pd.DataFrame, edited: pd.DataFrame) -> pd.DataFrame:
    """The edited rows that differ from the base (by code), and the added ones; whole rows, text."""
    base_t, edited_t = _text(base), _text(edited)
    edited_t = edited_t[(edited_t != "").any(axis=1)]
    before = {r["code"]: r for r in base_t.to_dict("records")}
    keep = [row != before.get(row["code"]) for row in edited_t.to_dict("records")]
    return edited_t[keep].reset_index(drop=True)


def validate_roster(edited: pd.DataFrame) -> list[tuple[str, str]]:
    """(English, Vietnamese) for each problem that stops a save: empty or duplicate codes, empty names, bad emails."""
    rows = _text(edited)
    rows = rows[(rows != "").any(axis=1)]
    problems: list[tuple[str, str]] = []
    no_code = rows.index[rows["code"] == ""]
    if len(no_code):
        problems.append(
            (
                f"{len(no_code)} row(s) have no code: give every agency a code",
                f"{len(no_code)} dòng chưa có mã: mỗi đơn vị cần một mã",
            )
        )
    dupes = sorted(set(rows["code"][rows["code"].duplicated() & (rows["code"] != "")]))
    if dupes:
        listed = ", ".join(dupes)
        problems.append(
            (f"Duplicate code(s) {listed}: give each agency its own code", f"Mã bị trùng {listed}: mỗi đơn vị cần một mã riêng")
        )
    no_name = rows["code"][rows["name"] == ""].tolist()
    if no_name:
        listed = ", ".join(c or "?" for c in no_name)
        problems.append((f"No name for {listed}: fill in the agency's name", f"Chưa có tên đơn vị cho {listed}: hãy điền tên"))
    for code, cell in zip(rows["code"], rows["email"]):
        for address in split_multi(cell):
            try:
                validate_email(address, check_deliverability=False)
            except EmailNotValidError:
                problems.append(
                    (
                        f"{code}: '{address}' is not an email address; separate several with ';'",
                        f"{code}: '{address}' không phải địa chỉ email; nhiều địa chỉ thì ngăn cách bằng ';'",
                    )
                )
    return problems


def roster_conflicts(base: pd.DataFrame, stored: Mapping[str, Mapping], changed_codes: Iterable[str], columns) -> list[Mapping]:
    """The stored rows among the changed codes that are not what the editor started from (`base`): someone else
    saved them since. A code the editor added that the store already holds counts too. Both stores ask this."""
    mine = {r["code"]: r for r in base.to_dict("records")}
    theirs = []
    for code in changed_codes:
        row = stored.get(code)
        if row is None:
            continue  # never saved elsewhere: what was read is what is stored
        before = mine.get(code)
        if before is None or any(str(row.get(c, "")) != str(before.get(c, "")) for c in columns):
            theirs.append(row)
    return theirs
