"""Row categories and each roster agency's status: on time, late or missing."""

from __future__ import annotations

import numpy as np
import pandas as pd

STATUSES = ("on_time", "late", "missing")
# Every sheet row lands in exactly one of these; rows_read is their sum.
CATEGORIES = ("counted", "superseded", "unmatched", "undated", "blank", "after_as_of")


def categorise_rows(rows: pd.DataFrame, as_of: pd.Timestamp | None) -> pd.Series:
    """counted / superseded / unmatched / undated / blank / after_as_of for each row.

    An agency's latest report (by time, then sheet row) is counted; its older ones are superseded.
    """
    cat = np.full(len(rows), "", dtype=object)
    blank = rows["blank"].to_numpy(dtype=bool)
    ts = rows["submitted_at"]
    undated = ~blank & ts.isna().to_numpy()
    after = (
        ~blank & ~undated & (ts > as_of).fillna(False).to_numpy(dtype=bool) if as_of is not None else np.zeros(len(rows), bool)
    )
    matched = rows["agency_code"].to_numpy(dtype=object) != ""
    cat[blank] = "blank"
    cat[undated] = "undated"
    cat[after] = "after_as_of"
    live = cat == ""
    cat[live & ~matched] = "unmatched"
    live = cat == ""
    cat[live] = "superseded"
    if live.any():
        candidates = rows.loc[live, ["agency_code", "submitted_at", "row"]]
        latest = candidates.sort_values(["submitted_at", "row"]).groupby("agency_code", sort=False).tail(1).index
        cat[rows.index.get_indexer(latest)] = "counted"
    return pd.Series(cat, index=rows.index, name="category")


def timeliness(submitted_at: pd.Series, deadline: pd.Timestamp) -> np.ndarray:
    """'on_time' (strictly before the deadline), 'late', or '' for no moment: the one on-time rule."""
    known = submitted_at.notna().to_numpy()
    before = (submitted_at < deadline).fillna(False).to_numpy(dtype=bool)
    return np.where(known, np.where(before, "on_time", "late"), "")


def agency_status(roster: pd.DataFrame, rows: pd.DataFrame, deadline: pd.Timestamp) -> pd.DataFrame:
    """One row per roster agency: status, first and last submission, number of submissions.

    Timeliness comes from the first submission; the figures from the latest (the counted row).
    """
    valid = rows[rows["category"].isin(["counted", "superseded"])]
    grouped = valid.groupby("agency_code")["submitted_at"]
    stats = pd.DataFrame({"first_submitted_at": grouped.min(), "last_submitted_at": grouped.max(), "submissions": grouped.size()})
    out = roster.merge(stats, left_on="code", right_index=True, how="left")
    out["submissions"] = out["submissions"].fillna(0).astype(int)
    out["status"] = np.where(out["first_submitted_at"].isna(), "missing", timeliness(out["first_submitted_at"], deadline))
    counted = rows.loc[rows["category"] == "counted"].set_index("agency_code")
    out["counted_row"] = out["code"].map(counted["row"]).astype("Int64")
    return out.reset_index(drop=True)
