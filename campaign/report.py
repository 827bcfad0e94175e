"""The pipeline: raw tables → normalised, matched rows (once per data load) → status as of a moment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from campaign.activities import has_activity
from campaign.columns import map_distinct
from campaign.config import Config
from campaign.emailed import with_emailed
from campaign.hints import Hint
from campaign.issues import concat_issues, issue_frame
from campaign.limits import within_limits
from campaign.match_kinds import CODE, FUZZY, NAME, NONE
from campaign.matching import matcher_for, reason_hint, unmatched_hint
from campaign.model import Prepared, RawTables, Report
from campaign.normalise import normalise_responses
from campaign.resolve import apply_resolutions
from campaign.roster import roster_as_stored
from campaign.status import CATEGORIES, agency_status, categorise_rows
from campaign.store import RESOLUTIONS, effective_resolutions


def prepare(raw: RawTables, config: Config, index_folder: Path | None = None) -> Prepared:
    """Normalise every row and match it to the roster (the expensive part, done once).

    Within the size limits ([limits]; the CLI and the dashboard alike): more rows than max_rows is refused before
    the expensive part, a cell longer than max_cell_chars is cut and flagged. The matcher's index is built once per
    roster (matching.matcher_for), kept on disk in `index_folder` if given.
    """
    raw, cut = within_limits(raw, config)
    store = raw.store
    roster = roster_as_stored(raw, config, expected_only=True)  # the coordinator's edits in; the retired not expected
    norm = normalise_responses(raw.responses, config, raw.source, raw.timezone)
    rows, norm_issues = with_emailed(norm, store, config, roster)
    matcher = matcher_for(roster, config.matching.min_score, config.matching.min_margin, index_folder)
    matched = matcher.match(rows["agency_code"], rows["email"], rows["agency_name"])
    rows = rows.rename(columns={"agency_code": "agency_code_typed"})
    rows = pd.concat([rows, matched], axis=1)
    rows = apply_resolutions(rows, effective_resolutions(store[RESOLUTIONS]) if store else {}, roster["code"])
    rows.loc[rows["blank"], ["agency_code", "match"]] = ["", NONE]
    live = ~rows["blank"].to_numpy()
    name_col = norm.headers.get("agency_name", config.fields["agency_name"].header)
    unmatched = live & (rows["match"] == NONE).to_numpy()
    fuzzy = live & (rows["match"] == FUZZY).to_numpy()
    # A name matched by reading it (not as the roster spells it) says why, so the coordinator can check it.
    reasons = map_distinct(rows["reason"], reason_hint).to_numpy(dtype=object)
    read = live & (rows["match"] == NAME).to_numpy() & pd.notna(reasons)
    # The code wins, as always; a typed name that clearly names another agency is said, with both named.
    by_code = live & (rows["match"] == CODE).to_numpy()
    other = np.full(len(rows), "", dtype=object)
    if by_code.any():
        other[by_code] = matcher.disagreements(rows["agency_code"][by_code], rows["agency_name"][by_code])
    disagree = other != ""

    def named(code: str) -> str:
        return f"{code} {matcher.names.get(code, '')}"

    def why(i: int) -> Hint:
        """Which agency a name was taken for ('P51 Sở …'), and why when it was read rather than spelled."""
        code = rows["agency_code"].iat[i]
        agency = f"{code} {matcher.names.get(code, '')}"
        return Hint("matched_by", (reasons[i], agency)) if reasons[i] is not None else Hint("matched_to", (agency,))

    issues = concat_issues(
        [
            norm_issues,
            issue_frame(
                rows["row"],
                unmatched,
                name_col,
                "unmatched_name",
                rows["agency_name"],
                _per_row(unmatched, lambda i: unmatched_hint(rows["suggestions"].iat[i], rows["reason"].iat[i]) or ADD_ALIAS),
            ),
            issue_frame(rows["row"], fuzzy, name_col, "fuzzy_match", rows["agency_name"], _per_row(fuzzy, why)),
            issue_frame(rows["row"], read, name_col, "read_match", rows["agency_name"], _per_row(read, why)),
            issue_frame(
                rows["row"],
                disagree,
                name_col,
                "code_name_disagree",
                rows["agency_name"],
                _per_row(disagree, lambda i: Hint("code_name_disagree", (named(rows["agency_code"].iat[i]), named(other[i])))),
            ),
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


def build_report(raw: RawTables, config: Config, as_of=None, index_folder: Path | None = None) -> Report:
    return evaluate(prepare(raw, config, index_folder), as_of)


ADD_ALIAS = Hint("add_alias")  # an unmatched name with no agency to suggest and no reason why


def _per_row(mask: np.ndarray, make) -> np.ndarray:
    """make(i) for the rows under mask, None elsewhere (those rows raise no issue)."""
    out = np.full(len(mask), None, dtype=object)
    for i in np.flatnonzero(mask):
        out[i] = make(i)
    return out


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
                Hint("tick_activity", (activity.key,)),
            )
        )
    return concat_issues(found)
