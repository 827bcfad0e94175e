"""The one place a data source is built from what a person named: used by the command line and the app."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from campaign.config import Config
from data_sources.base import Source


def open_source(
    config: Config,
    *,
    sheet: str | None = None,
    credentials: Mapping | str | Path | None = None,
    csv_url: str | None = None,
    timezone: str | None = None,
    responses: Path | bytes | None = None,
    responses_name: str | None = None,
    agencies: Path | bytes | None = None,
    agencies_name: str | None = None,
    store_writes: bool = False,
) -> Source:
    """A Google Sheet (key or URL, with a service-account key as a mapping or a JSON file), a sheet published as CSV
    (its wall-clock `timezone`, default the campaign's), response and roster files (paths or bytes), else the demo.

    `store_writes`: the Sheet's own tabs may be written (the coordinator's store; the read-write scope is asked).
    Each adapter is imported only when chosen (gspread and requests are slow to import and absent from the demo's path).
    """
    if sheet:
        from data_sources.gsheets import GoogleSheetSource, credentials_from_file

        if not isinstance(credentials, Mapping):
            credentials = credentials_from_file(credentials)
        return GoogleSheetSource(config, sheet, credentials, writes=store_writes)
    if csv_url:
        from data_sources.published import PublishedCsvSource

        return PublishedCsvSource(config, csv_url, timezone=timezone)
    if responses is not None:
        from data_sources.files import FileSource

        return FileSource(config, responses, responses_name, agencies, agencies_name)
    from data_sources.demo import DemoSource

    return DemoSource(config)
