"""Reports received by email: rows of the response sheet like any other, with source = email."""

from __future__ import annotations

import pandas as pd

from campaign.columns import FIRST_DATA_ROW
from campaign.config import Config
from campaign.issues import concat_issues
from campaign.normalise import Normalised, normalise_responses
from campaign.store import EMAIL_REPORTS, StoreData

FORM, EMAIL = "form", "email"
# An emailed report's row number: far past any sheet row (limits.max_rows), so the two never meet; shown as E1, E2 …
# in entry order (row_label), never as a sheet row.
EMAIL_ROW_BASE = 1_000_000_000


def row_label(row: object) -> str:
    """What a person is shown for a row: the sheet's row number, or E1, E2 … for the reports entered from email."""
    number = int(row)
    return f"E{number - EMAIL_ROW_BASE + 1}" if number >= EMAIL_ROW_BASE else str(number)


def email_responses(email_reports: pd.DataFrame, config: Config, roster: pd.DataFrame) -> pd.DataFrame:
    """Emailed reports as rows of the response sheet (the Form's headers), so the engine reads them the same way.

    The agency is named by its roster code; the moment received is an ISO time with its offset.
    """
    f = config.fields
    names = dict(zip(roster["code"], roster["name"]))
    quantity = [a.quantity_field for a in config.quantity_activities] + ["participants"]
    table = {
        f["timestamp"].header: email_reports["received_at"],
        f["agency_code"].header: email_reports["agency_code"],
        f["agency_name"].header: email_reports["agency_code"].map(lambda c: names.get(c, "")),
        f["activities"].header: email_reports["activities"],
        **{f[k].header: email_reports[k] if k in email_reports else "" for k in quantity if k in f},
        f["evidence"].header: email_reports["evidence"],
        f["notes"].header: email_reports["notes"],
    }
    return pd.DataFrame(table, dtype=object).reset_index(drop=True)


def with_emailed(
    norm: Normalised, store: StoreData | None, config: Config, roster: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(rows, issues): the sheet's rows (source = form) and the store's emailed reports after them (source = email).

    An emailed report's row is its place in the email-reports log past EMAIL_ROW_BASE (shown E1, E2 …); its issues
    name that log's tab in the column, so the page can say where each flagged cell is.
    """
    rows = norm.rows.assign(source=FORM)
    reports = store[EMAIL_REPORTS] if store is not None and EMAIL_REPORTS in store.tables else None
    if reports is None or reports.empty:
        return rows, norm.issues
    tab = config.store.tabs[EMAIL_REPORTS].title if config.store else "email"
    emailed = normalise_responses(email_responses(reports, config, roster), config, tab, config.campaign.timezone)
    offset = EMAIL_ROW_BASE - FIRST_DATA_ROW  # E1 for the first entry
    issues = emailed.issues.assign(column=tab + ": " + emailed.issues["column"].astype(str), row=emailed.issues["row"] + offset)
    both = pd.concat([rows, emailed.rows.assign(source=EMAIL, row=emailed.rows["row"] + offset)], ignore_index=True)
    return both, concat_issues([norm.issues, issues])
