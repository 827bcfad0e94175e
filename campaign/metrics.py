"""Numbers for leaders and ITU, computed from a Report (optionally for some groups of agencies only)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from campaign.activities import has_activity
from campaign.match_kinds import CODE, EMAIL
from campaign.model import Report
from campaign.status import CATEGORIES, STATUSES


def agencies_in(report: Report, groups: Iterable[str] | None) -> pd.DataFrame:
    """The roster agencies of these groups (all of them for None or no groups), with their status."""
    agencies = report.agencies
    if groups:
        agencies = agencies[agencies["group"].isin(list(groups))]
    return agencies


def rows_in(report: Report, groups: Iterable[str] | None) -> np.ndarray:
    """Which sheet rows a group filter keeps: those matched to an agency of the groups, and every row matched
    to no agency (unmatched, blank: they belong to no group, so no filter hides them)."""
    codes = report.submissions["agency_code"]
    if not groups:
        return np.ones(len(codes), dtype=bool)
    return ((codes == "") | codes.isin(agencies_in(report, groups)["code"])).to_numpy(dtype=bool)


def accounting_in(report: Report, groups: Iterable[str] | None) -> dict[str, int]:
    """The row accounting of the rows the filter keeps: rows_read is still the sum of the categories."""
    if not groups:
        return dict(report.accounting)
    category = report.submissions["category"][rows_in(report, groups)]
    return {"rows_read": len(category), **{f"rows_{c}": int((category == c).sum()) for c in CATEGORIES}}


def participants(report: Report, groups: Iterable[str] | None = None) -> tuple[int, int]:
    """(agencies whose counted report gives participants, total participants)."""
    given = counted_reports(report, groups)["participants"].dropna()
    return int((given > 0).sum()), int(given.sum())


def counted_reports(report: Report, groups: Iterable[str] | None = None) -> pd.DataFrame:
    """The report that counts for each agency that reported (its latest), within the groups."""
    subs = report.submissions
    counted = subs[subs["category"] == "counted"]
    # Compared as Python strings: pandas' isin on a pyarrow string column makes a pyarrow scalar of every value.
    codes = agencies_in(report, groups)["code"].to_numpy(dtype=object)
    return counted[pd.Series(counted["agency_code"].to_numpy(dtype=object), dtype=object).isin(codes).to_numpy(dtype=bool)]


def _rates(expected: int, on_time: int, late: int) -> dict:
    reported = on_time + late
    return {
        "agencies_expected": expected,
        "agencies_reported": reported,
        "agencies_on_time": on_time,
        "agencies_late": late,
        "agencies_missing": expected - reported,
        "reporting_rate": reported / expected if expected else 0.0,
        # Share of all expected agencies that reported before the deadline.
        "on_time_rate": on_time / expected if expected else 0.0,
    }


def summary(report: Report, groups: Iterable[str] | None = None) -> dict:
    """Expected, reported, on time, late, missing, the two rates and total participants."""
    agencies = agencies_in(report, groups)
    counts = agencies["status"].value_counts()
    out = _rates(len(agencies), int(counts.get("on_time", 0)), int(counts.get("late", 0)))
    out["participants"] = int(counted_reports(report, groups)["participants"].fillna(0).sum())
    return out


def by_group(report: Report, groups: Iterable[str] | None = None) -> pd.DataFrame:
    """One row per group of agencies, with the same indicators as the summary."""
    agencies = agencies_in(report, groups)
    table = pd.crosstab(agencies["group"], agencies["status"]).reindex(columns=list(STATUSES), fill_value=0)
    rows = [{"group": g, **_rates(int(r.sum()), int(r["on_time"]), int(r["late"]))} for g, r in table.iterrows()]
    return pd.DataFrame(rows, columns=["group", *_rates(0, 0, 0)])


def burnup(report: Report, groups: Iterable[str] | None = None) -> pd.DataFrame:
    """Agencies reported per day, cumulative, per group: date, group, reported (one row per day and group)."""
    config = report.config
    agencies = agencies_in(report, groups)
    first = agencies.dropna(subset=["first_submitted_at"])
    days = first["first_submitted_at"].dt.tz_convert(config.campaign.timezone).dt.tz_localize(None).dt.normalize()
    deadline_day = config.deadline.tz_localize(None).normalize()
    end = max([deadline_day, *([days.max()] if len(days) else [])])
    if report.as_of is not None:
        end = min(end, report.as_of.tz_localize(None).normalize())
    start = min([pd.Timestamp(config.campaign.period_start), *([days.min()] if len(days) else [])])
    calendar = pd.date_range(start, end, freq="D")
    group_names = sorted(agencies["group"].unique())
    daily = pd.crosstab(days, first["group"]).reindex(index=calendar, columns=group_names, fill_value=0)
    cumulative = daily.cumsum()
    cumulative.index.name = "date"
    return cumulative.reset_index().melt(id_vars="date", var_name="group", value_name="reported")


def activity_matrix(counted: pd.DataFrame, config) -> pd.DataFrame:
    """Counted reports × activity keys: True where the agency did it (ticked it, or gave a positive quantity)."""
    done = {}
    for a in config.activities:
        did = has_activity(counted["activities"], a.key)
        if a.quantity_field:
            did = did | (counted[a.quantity_field].fillna(0) > 0).to_numpy(dtype=bool)
        done[a.key] = did
    return pd.DataFrame(done, index=counted.index, columns=[a.key for a in config.activities])


def activities(report: Report, groups: Iterable[str] | None = None) -> pd.DataFrame:
    """Per activity key: agencies that did it (ticked, or gave a positive quantity) and the total quantity."""
    counted = counted_reports(report, groups)
    done = activity_matrix(counted, report.config)
    rows = []
    for a in report.config.activities:
        quantity = int(counted[a.quantity_field].fillna(0).sum()) if a.quantity_field else None
        rows.append(
            {
                "activity": a.key,
                "label_en": a.label_en,
                "label_vi": a.label_vi,
                "agencies": int(done[a.key].sum()),
                "quantity": quantity,
            }
        )
    frame = pd.DataFrame(rows)
    frame["quantity"] = frame["quantity"].astype("Int64")
    return frame


def provinces(report: Report) -> pd.DataFrame:
    """Each provincial Department's status, keyed by province code (for the map)."""
    agencies = report.agencies
    rows = agencies[agencies["province_code"] != ""]
    return rows[["province_code", "code", "name", "name_en", "status", "first_submitted_at"]].reset_index(drop=True)


def most_active(report: Report, groups: Iterable[str] | None = None, top: int = 5) -> pd.DataFrame:
    """The agencies with the most kinds of activity (ties: the lower code first): code, activities (a count), keys."""
    counted = counted_reports(report, groups)
    done = activity_matrix(counted, report.config)
    table = pd.DataFrame(
        {
            "code": counted["agency_code"].to_numpy(),
            "activities": done.sum(axis=1).to_numpy(dtype=int),
            "keys": [";".join(k for k in done.columns if row[k]) for _, row in done.iterrows()],
        }
    )
    table = table[table["activities"] > 0]
    return table.sort_values(["activities", "code"], ascending=[False, True], kind="stable").head(top).reset_index(drop=True)


def answers_by_way(report: Report) -> dict[str, int]:
    """The Form's answers (blank rows aside) by how they were matched: through the agency's own link (its code),
    by the sender's email, or by the name typed (matched, decided, or not placed): the last should shrink."""
    subs = report.submissions
    form = subs[(subs["source"] == "form") & ~subs["blank"]]
    match = form["match"]
    return {
        "code": int((match == CODE).sum()),
        "email": int((match == EMAIL).sum()),
        "typed": int((~match.isin([CODE, EMAIL])).sum()),
    }
