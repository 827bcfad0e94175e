"""The pipeline: raw tables → normalised, matched rows (once per data load) → status as of a moment."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from campaign.config import Config
from campaign.emailed import with_emailed
from campaign.limits import within_limits
from campaign.matching import Matcher, reason_text
from campaign.model import Prepared, RawTables, Report
from campaign.normalise import concat_issues, has_activity, issue_frame, normalise_responses
from campaign.resolve import apply_resolutions
from campaign.roster import clean_roster, read_default_roster
from campaign.status import CATEGORIES, agency_status, categorise_rows
from campaign.store import RESOLUTIONS, active_roster, apply_roster_edits, effective_resolutions


def prepare(raw: RawTables, config: Config) -> Prepared:
    """Normalise every row and match it to the roster (the expensive part, done once).

    Within the size limits ([limits]; the CLI and the dashboard alike): more rows than max_rows is refused before
    the expensive part, a cell longer than max_cell_chars is cut and flagged.
    """
    raw, cut = within_limits(raw, config)
    if raw.agencies is not None:
        roster = clean_roster(raw.agencies, raw.roster_source)
    else:
        roster = read_default_roster(config.campaign.roster)
    store = raw.store
    # The coordinator's roster edits (SQLite store) over the source's roster; retired agencies are not expected.
    roster = active_roster(apply_roster_edits(roster, store.tables.get("roster") if store else None))
    norm = normalise_responses(raw.responses, config, raw.source, raw.timezone)
    rows, norm_issues = with_emailed(norm, store, config, roster)
    matcher = Matcher(roster, config.matching.min_score, config.matching.min_margin)
    matched = matcher.match(rows["agency_code"], rows["email"], rows["agency_name"])
    rows = rows.rename(columns={"agency_code": "agency_code_typed"})
    rows = pd.concat([rows, matched], axis=1)
    rows = apply_resolutions(rows, effective_resolutions(store[RESOLUTIONS]) if store else {}, roster["code"])
    rows.loc[rows["blank"], ["agency_code", "match"]] = ["", "none"]
    live = ~rows["blank"].to_numpy()
    name_col = norm.headers.get("agency_name", config.fields["agency_name"].header)
    unmatched = live & (rows["match"] == "none").to_numpy()
    fuzzy = live & (rows["match"] == "fuzzy").to_numpy()
    # A name matched by reading it (not as the roster spells it) says why, so the coordinator can check it.
    reasons = rows["reason"].map(reason_text)
    read = live & (rows["match"] == "name").to_numpy() & (reasons != "").to_numpy()
    matched_to = rows["agency_code"] + " " + rows["agency_code"].map(matcher.names).astype(object).fillna("")
    why = ("matched by " + reasons + ": " + matched_to + "; check it").where(
        reasons != "", "matched to " + matched_to + "; check it"
    )
    issues = concat_issues(
        [
            norm_issues,
            issue_frame(
                rows["row"],
                unmatched,
                name_col,
                "unmatched_name",
                rows["agency_name"],
                rows["suggestions"].where(rows["suggestions"] != "", "add the name as an alias in the roster"),
            ),
            issue_frame(rows["row"], fuzzy, name_col, "fuzzy_match", rows["agency_name"], why),
            issue_frame(rows["row"], read, name_col, "read_match", rows["agency_name"], why),
            cut,
        ]
    )
    return Prepared(config=config, roster=roster, rows=rows, issues=issues, headers=norm.headers, raw=raw)


def evaluate(prepared: Prepared, as_of: dt.datetime | pd.Timestamp | str | None = None) -> Report:
    """Categories, statuses and the row accounting as they stood at `as_of` (None: everything)."""
    config = prepared.config
    as_of_ts = config.local(as_of) if as_of is not None else None
    rows = prepared.rows.copy()
    rows["category"] = categorise_rows(rows, as_of_ts)
    agencies = agency_status(prepared.roster, rows, config.deadline)
    issues = concat_issues([prepared.issues, _quantity_without_tick(rows, prepared)])
    accounting = {"rows_read": len(rows), **{f"rows_{c}": int((rows["category"] == c).sum()) for c in CATEGORIES}}
    return Report(
        config=config,
        as_of=as_of_ts,
        submissions=rows,
        agencies=agencies,
        issues=issues.sort_values(["row", "column"], kind="stable").reset_index(drop=True),
        accounting=accounting,
        prepared=prepared,
    )


def build_report(raw: RawTables, config: Config, as_of=None) -> Report:
    return evaluate(prepare(raw, config), as_of)


def _quantity_without_tick(rows: pd.DataFrame, prepared: Prepared) -> pd.DataFrame:
    """A positive quantity for an activity the counted report did not tick: counted as done, flagged."""
    counted = rows[rows["category"] == "counted"]
    found = []
    for activity in prepared.config.quantity_activities:
        qty = counted[activity.quantity_field]
        hit = (qty.fillna(0) > 0).to_numpy(dtype=bool) & ~has_activity(counted["activities"], activity.key)
        header = prepared.headers.get(activity.quantity_field, prepared.config.fields[activity.quantity_field].header)
        found.append(
            issue_frame(
                counted["row"],
                hit,
                header,
                "quantity_without_tick",
                qty.astype(str),
                f"counted as '{activity.key}'; tick it on the form",
            )
        )
    return concat_issues(found)
