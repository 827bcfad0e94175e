"""Turning the raw response sheet into one tidy row per sheet row, and listing what looks wrong.

The orchestration only: the column helpers are campaign.columns, the data-quality table campaign.issues, and each
cell is read by its own parser (campaign.timestamps, .activities, .quantities, .evidence).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from campaign.activities import split_activities
from campaign.columns import (
    FIRST_DATA_ROW,
    blank_rows,
    cell_text,
    find_headers,
    map_distinct,
    map_distinct_parts,
    text_column,
)
from campaign.config import Config
from campaign.errors import InputError
from campaign.evidence import evidence_columns
from campaign.hints import Hint
from campaign.issues import concat_issues, issue_frame
from campaign.names import strip_hidden
from campaign.quantities import quantity_flag
from campaign.timestamps import parse_timestamps


@dataclass(frozen=True)
class Normalised:
    rows: pd.DataFrame  # one row per sheet row, the vocabulary below
    issues: pd.DataFrame  # campaign.issues.ISSUE_COLUMNS: row, column, issue, value, hint
    headers: dict[str, str]  # field key -> the header found in the sheet


def normalise_responses(
    raw: pd.DataFrame, config: Config, source: str = "responses", source_timezone: str | None = None
) -> Normalised:
    """Tidy every row of the response sheet; nothing is dropped (blank rows are marked blank)."""
    if raw.shape[1] == 0:
        raise InputError(
            f"{source}: the response sheet is empty (no header row); check the file or tab",
            f"{source}: bảng câu trả lời trống (không có dòng tiêu đề); hãy kiểm tra tệp hoặc trang tính",
        )
    headers = find_headers(list(raw.columns), config, source)
    n = len(raw)
    positions = {label: i for i, label in enumerate(raw.columns)}
    issues: list[pd.DataFrame] = []

    def column(key: str) -> pd.Series:
        if key not in headers:
            return pd.Series([None] * n, index=raw.index, dtype=object)
        return raw.iloc[:, positions[headers[key]]]

    def label(key: str) -> str:
        return str(headers.get(key, config.fields[key].header))

    rows = pd.DataFrame({"row": np.arange(FIRST_DATA_ROW, FIRST_DATA_ROW + n), "blank": blank_rows(raw)}, index=raw.index)
    live = ~rows["blank"].to_numpy()

    def flag(mask: np.ndarray, key: str, issue: str, values, hints) -> None:
        issues.append(issue_frame(rows["row"], mask & live, label(key), issue, values, hints))

    ts_col = column("timestamp")
    rows["submitted_at"] = parse_timestamps(ts_col, config, source_timezone)
    rows["timestamp_raw"] = text_column(ts_col)
    for key in ("email", "agency_code", "agency_name", "reporter", "phone", "notes"):
        rows[key] = text_column(column(key))

    unreadable = rows["submitted_at"].isna().to_numpy()
    flag(unreadable, "timestamp", "unreadable_timestamp", rows["timestamp_raw"], Hint("timestamp_format"))
    hidden = map_distinct(column("agency_name"), lambda v: isinstance(v, str) and strip_hidden(v)[1]).to_numpy(dtype=bool)
    flag(hidden, "agency_name", "hidden_characters_removed", rows["agency_name"], None)

    # Activities: ticked checkboxes, and the "Khác" free text.
    labels = [(a.label_vi, a.key) for a in config.activities if a.key != "other"]
    rows["activities"], rows["other_text"] = map_distinct_parts(
        column("activities"), lambda v: (lambda t: (";".join(t[0]), t[1]))(split_activities(cell_text(v), labels)), 2
    )

    for key in [a.quantity_field for a in config.quantity_activities] + ["participants"]:
        col = column(key)
        number, problem, hint = map_distinct_parts(col, lambda v: quantity_flag(v, config.limits.max_quantity), 3)
        rows[key] = pd.array(number, dtype="Int64")
        problem = problem.to_numpy(dtype=object)
        shown = text_column(col)  # once per column, for both issues
        for issue in ("approximate_quantity", "rejected_quantity"):
            flag(problem == issue, key, issue, shown, hint)

    links, bad = evidence_columns(column("evidence"))
    rows["evidence"] = links
    flag(bad.to_numpy(dtype=object) != "", "evidence", "non_http_link", bad, Hint("only_http"))

    return Normalised(rows=rows, issues=concat_issues(issues), headers={k: str(v) for k, v in headers.items()})
