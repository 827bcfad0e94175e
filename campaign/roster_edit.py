"""Editing the roster in the app: what changed, and whether it may be saved (pure, no I/O)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

import pandas as pd
from email_validator import EmailNotValidError, validate_email

from campaign.names import fold_name
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


# A code is what ties every report to its agency: plain letters, digits, '-' and '_' only (no space, no hidden mark).
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


def _code_key(code: str) -> str:
    """Two codes a person cannot tell apart are the same code (case, width, hidden marks, '-' and '_' aside)."""
    return re.sub(r"[-_\s]", "", fold_name(unicodedata.normalize("NFKC", code)))


def validate_roster(edited: pd.DataFrame, base: pd.DataFrame | None = None) -> list[tuple[str, str]]:
    """(English, Vietnamese) for each problem that stops a save: empty, duplicate, invisible or look-alike codes, an
    existing agency's code changed or removed, empty names, bad emails. `base` is the roster the edit started from."""
    rows = _text(edited)
    rows = rows[(rows != "").any(axis=1)]
    problems: list[tuple[str, str]] = []
    if base is not None:
        kept = set(rows["code"])
        gone = [c for c in _text(base)["code"] if c and c not in kept]
        if gone:
            listed = ", ".join(gone)
            problems.append(
                (
                    f"The code of {listed} was changed or removed: an agency's code never changes (its reports are tied "
                    "to it); add the new agency as a new row, and put a date under 'Retired' for the old one",
                    f"Mã {listed} đã bị sửa hoặc xóa: mã của đơn vị không được đổi (các báo cáo gắn với mã); hãy thêm đơn vị "
                    "mới ở một dòng mới, và ghi ngày vào cột 'Ngừng theo dõi' của đơn vị cũ",
                )
            )
        known = {_code_key(c): c for c in _text(base)["code"] if c}
        for code in rows["code"]:
            twin = known.get(_code_key(code))
            if code and code not in known.values() and twin is not None:
                problems.append(
                    (
                        f"The new code {code!r} looks like the existing {twin}: give the new agency a code of its own",
                        f"Mã mới {code!r} trông giống mã {twin} đã có: hãy đặt cho đơn vị mới một mã khác",
                    )
                )
    odd = [c for c in rows["code"] if c and not _CODE.fullmatch(c)]
    if odd:
        problems.append(
            (
                f"Code(s) {', '.join(map(repr, odd))} hold spaces, hidden or other characters: use letters, digits, '-' or '_'",
                f"Mã {', '.join(map(repr, odd))} chứa dấu cách, ký tự ẩn hoặc ký tự khác: chỉ dùng chữ, số, '-' hoặc '_'",
            )
        )
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
