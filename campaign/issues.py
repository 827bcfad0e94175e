"""The data-quality table: one row per flagged cell (its sheet row, column, issue code, value as typed, hint)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from campaign.hints import Hint

# hint: what to do, a campaign.hints.Hint (a code and its parameters) or None; export.data_quality_table writes it
# out as the `suggestion` text, in English for data_quality.csv and in the reader's language on the page.
ISSUE_COLUMNS = ["row", "column", "issue", "value", "hint"]


def issue_frame(
    row_numbers: pd.Series, mask, column: str, issue: str, values, hints: Hint | None | np.ndarray | pd.Series
) -> pd.DataFrame:
    """Data-quality rows for the sheet rows under mask: the values per row (or one text for all), the hints per row
    (or one Hint, or None, for all)."""
    mask = np.asarray(mask, dtype=bool)
    at = np.flatnonzero(mask)

    def pick(v):  # only the flagged cells of a column are converted (a column of a big sheet is 100,000 cells)
        if isinstance(v, str):
            return v
        return np.asarray(v.iloc[at] if isinstance(v, pd.Series) else np.asarray(v, dtype=object)[mask], dtype=object)

    if hints is None or isinstance(hints, Hint):
        one = np.empty(int(mask.sum()), dtype=object)
        one[:] = hints
        hints = one
    else:
        hints = pick(hints)
    return pd.DataFrame(
        {
            "row": np.asarray(row_numbers)[mask],
            "column": column,
            "issue": issue,
            "value": pick(values),
            "hint": hints,
        },
        columns=ISSUE_COLUMNS,
    )


def concat_issues(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """One data-quality table from several (empty ones skipped: concat warns about their dtypes)."""
    frames = [f for f in frames if not f.empty]
    return pd.concat(frames, ignore_index=True)[ISSUE_COLUMNS] if frames else pd.DataFrame(columns=ISSUE_COLUMNS)
