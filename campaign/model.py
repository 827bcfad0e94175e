"""What flows between the layers: the raw tables every source returns, the prepared rows and the report.

Adapters (data_sources/) import only this module of the pipeline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from campaign.config import Config
from campaign.store import StoreData


@dataclass(frozen=True)
class RawTables:
    """What every data source returns: the sheet as read, before any interpretation."""

    responses: pd.DataFrame  # header row as column labels, cells as read; row i is sheet row i + 2
    agencies: pd.DataFrame | None = None  # a roster table, or None for the campaign's default roster
    timezone: str | None = None  # the zone of wall-clock times in the source (a Sheet's setting)
    source: str = "responses"  # a name for messages: a file path, a sheet title, "demo"
    roster_source: str = "roster"
    is_demo: bool = False
    read_at: dt.datetime | None = None
    store: StoreData | None = None  # the coordinator's entries (resolutions, emailed reports, chases): campaign/store.py


@dataclass(frozen=True)
class Prepared:
    """Normalised and matched rows: computed once per data load, whatever as_of or filter is asked later."""

    config: Config
    roster: pd.DataFrame
    rows: pd.DataFrame
    issues: pd.DataFrame
    headers: dict[str, str]
    raw: RawTables = field(repr=False)


@dataclass(frozen=True)
class Report:
    """Everything as it stood at `as_of`: submissions with their category, and every agency's status."""

    config: Config
    as_of: pd.Timestamp | None
    submissions: pd.DataFrame
    agencies: pd.DataFrame
    issues: pd.DataFrame
    accounting: dict[str, int]
    prepared: Prepared = field(repr=False)
