"""The data-quality table: one row per flagged cell (its sheet row, column, issue code, value, suggestion)."""

from __future__ import annotations

import numpy as np
import pandas as pd

ISSUE_COLUMNS = ["row", "column", "issue", "value", "suggestion"]


def issue_frame(row_numbers: pd.Series, mask, column: str, issue: str, values, suggestions) -> pd.DataFrame:
    """Data-quality rows for the sheet rows under mask; values and suggestions per row, or one text for all."""
    mask = np.asarray(mask, dtype=bool)
    pick = lambda v: v if isinstance(v, str) else np.asarray(v, dtype=object)[mask]  # noqa: E731
    return pd.DataFrame(
        {
            "row": np.asarray(row_numbers)[mask],
            "column": column,
            "issue": issue,
            "value": pick(values),
            "suggestion": pick(suggestions),
        },
        columns=ISSUE_COLUMNS,
    )


def concat_issues(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """One data-quality table from several (empty ones skipped: concat warns about their dtypes)."""
    frames = [f for f in frames if not f.empty]
    return pd.concat(frames, ignore_index=True)[ISSUE_COLUMNS] if frames else pd.DataFrame(columns=ISSUE_COLUMNS)
