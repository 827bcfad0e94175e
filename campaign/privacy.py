"""What a role may see of a table: the one gate every page and download passes on its way out of the dashboard.

Personal data is what campaign.toml marks: the form fields with `personal = true` and the [privacy] columns
(the roster's contacts, the links that reach them, the chase log's contact). The coordinator sees everything;
anyone else sees no personal column, and no issue about a personal cell (its value is the personal datum).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from campaign.config import Config

SEES_PERSONAL = frozenset({"coordinator"})  # the roles that may see personal data (campaign.access.ROLES)
ISSUE_COLUMNS = ("column", "issue", "value")  # a table with these lists flagged cells: `column` is the sheet's header


def sees_personal(role: str | None) -> bool:
    return role in SEES_PERSONAL


def personal_columns(config: Config) -> frozenset[str]:
    """Column codes that name or reach a person, in any table the dashboard builds: the personal form fields, the
    [privacy] columns and the coordinator's store columns marked personal ([store.<tab>] personal)."""
    store = frozenset(c for tab in config.store.tabs.values() for c in tab.personal) if config.store else frozenset()
    return frozenset(config.personal_fields) | frozenset(config.privacy.personal_columns) | store


def personal_headers(config: Config, headers: Mapping[str, str] | None = None) -> frozenset[str]:
    """The sheet's headers of the personal fields: as the sheet has them (`headers`: key → header found) and as
    configured (header and aliases). An issue about a cell under one of them is personal."""
    keys = config.personal_fields
    found = {headers[k] for k in keys if k in (headers or {})}
    return frozenset(found | {s for k in keys for s in config.fields[k].spellings})


def visible(frame: pd.DataFrame, config: Config, role: str | None, headers: Mapping[str, str] | None = None) -> pd.DataFrame:
    """What `role` may see of `frame`: all of it for the coordinator; for anyone else, the frame without personal
    columns and, if it is an issue table, without the rows about personal cells. The frame itself is never changed."""
    if sees_personal(role):
        return frame
    hidden = personal_columns(config)
    out = frame.drop(columns=[c for c in frame.columns if c in hidden])
    if all(c in out.columns for c in ISSUE_COLUMNS):
        out = out[~out["column"].isin(personal_headers(config, headers))].reset_index(drop=True)
    return out


def may_have(file: str, config: Config, role: str | None) -> bool:
    """Whether `role` may download `file` (a name of [privacy] personal_files is the coordinator's)."""
    return sees_personal(role) or file not in config.privacy.personal_files


def visible_tables(
    tables: Mapping[str, pd.DataFrame], config: Config, role: str | None, headers: Mapping[str, str] | None = None
) -> dict[str, pd.DataFrame]:
    """`visible` for each of several tables (the export files)."""
    return {name: visible(frame, config, role, headers) for name, frame in tables.items()}
