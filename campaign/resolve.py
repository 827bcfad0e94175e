"""The coordinator's name resolutions, applied to matched rows: one small step after the matcher.

A resolution says which roster agency a typed name means (kind `resolved`), or that it is no roster agency's
(kind `not_on_roster`: the row is unmatched, a rejected close-name match included). It is consulted before the
name rules' answer counts: it overrides a name, close-name or failed match, never a typed code or a known email.
"""

from __future__ import annotations

import pandas as pd

from campaign.columns import map_distinct
from campaign.match_kinds import BY_NAME, NOT_ON_ROSTER, RESOLVED
from campaign.names import fold_name


def apply_resolutions(rows: pd.DataFrame, resolutions: dict[str, str], roster_codes) -> pd.DataFrame:
    """rows (agency_name, agency_code, match, blank, …) with the resolutions applied; a copy, the rest as it was.

    A resolution naming an agency no longer on the roster is not applied (the row keeps the matcher's answer).
    """
    if not resolutions:
        return rows
    codes = set(roster_codes)
    keys = map_distinct(rows["agency_name"], fold_name)
    decided = keys.map(resolutions).fillna("").to_numpy(dtype=object)
    by_name = rows["match"].isin(BY_NAME).to_numpy() & ~rows["blank"].to_numpy(dtype=bool)
    rejected = by_name & (decided == NOT_ON_ROSTER)
    resolved = by_name & pd.Series(decided).isin(codes).to_numpy()
    if not (rejected.any() or resolved.any()):
        return rows
    out = rows.copy()
    out.loc[resolved, "agency_code"] = decided[resolved]
    out.loc[resolved, "match"] = RESOLVED
    out.loc[rejected, "agency_code"] = ""
    out.loc[rejected, "match"] = NOT_ON_ROSTER
    return out
