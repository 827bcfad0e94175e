"""The roster: the agencies expected to report."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from campaign.columns import name_key, text_column
from campaign.errors import InputError
from campaign.store import active_roster, apply_roster_edits

ROSTER_COLUMNS = ("code", "name", "group", "email", "phone", "aliases", "name_en", "province_code", "contact", "retired")
# "contact": the person to reach at the agency; "retired": not empty for an agency no longer expected to report.
REQUIRED_ROSTER_COLUMNS = ("code", "name", "group")


def split_multi(value: str) -> list[str]:
    """'a; b;' → ['a', 'b'] (roster emails and aliases are ';'-separated)."""
    return [part.strip() for part in value.split(";") if part.strip()]


def clean_roster(raw: pd.DataFrame, source: str = "roster") -> pd.DataFrame:
    """Check and tidy a roster table: text columns, stripped, no duplicate or empty codes."""
    columns = {name_key(c): c for c in raw.columns}
    missing = [c for c in REQUIRED_ROSTER_COLUMNS if c not in columns]
    if missing:
        found = ", ".join(str(c) for c in raw.columns) or "(none)"
        raise InputError(
            f"{source}: roster column(s) {', '.join(missing)} not found; found: {found}",
            f"{source}: không thấy cột {', '.join(missing)} trong danh sách đơn vị; các cột có: {found}",
        )
    out = pd.DataFrame(
        {col: text_column(raw[columns[col]]).to_numpy() if col in columns else [""] * len(raw) for col in ROSTER_COLUMNS},
        dtype=object,
    )
    out = out[(out != "").any(axis=1)].reset_index(drop=True)
    if (out["code"] == "").any():
        row = int(out.index[out["code"] == ""][0]) + 2
        raise InputError(
            f"{source}: row {row} has no code; every agency needs a unique code",
            f"{source}: dòng {row} không có mã đơn vị; mỗi đơn vị cần một mã riêng",
        )
    dupes = out["code"][out["code"].duplicated()].unique().tolist()
    if dupes:
        raise InputError(
            f"{source}: duplicate agency code(s) {', '.join(dupes)}; give each agency its own code",
            f"{source}: mã đơn vị bị trùng {', '.join(dupes)}; mỗi đơn vị cần một mã riêng",
        )
    out["email"] = out["email"].str.lower()
    return out


def read_default_roster(path: Path) -> pd.DataFrame:
    """The roster CSV named in the campaign config."""
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(
            f"{path}: roster file not found; check 'roster' in the campaign config",
            f"{path}: không tìm thấy tệp danh sách đơn vị; hãy kiểm tra mục 'roster' trong tệp cấu hình",
        ) from None
    return clean_roster(raw, str(path))


def roster_as_stored(raw, config, *, expected_only: bool = False) -> pd.DataFrame:
    """The roster as the store knows it now: the source's (or the campaign's file), with the coordinator's edits
    over it; retired agencies kept unless `expected_only` (report.prepare counts only the expected)."""
    roster = (
        clean_roster(raw.agencies, raw.roster_source) if raw.agencies is not None else read_default_roster(config.campaign.roster)
    )
    edited = apply_roster_edits(roster, raw.store.tables.get("roster") if raw.store is not None else None)
    return active_roster(edited) if expected_only else edited
