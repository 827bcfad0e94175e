"""Submissions: every sheet row as the page shows it, searchable, with the evidence links. (pure functions of a Report, no Streamlit)."""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from campaign import status
from campaign.emailed import row_label
from campaign.model import Report
from campaign.names import fold_diacritics
from presentation.labels import coded, t
from presentation.views.columns import activity_labels, agency_name_map

_HTTP = re.compile(r"^https?://", re.IGNORECASE)


MAX_EVIDENCE_COLUMNS = 3


def evidence_columns(evidence: pd.Series, lang: str) -> pd.DataFrame:
    """The ';'-joined links split into up to MAX_EVIDENCE_COLUMNS columns; only http(s) links are kept."""
    links = evidence.fillna("").map(lambda s: [u for u in s.split(";") if _HTTP.match(u.strip())])
    return pd.DataFrame(
        {
            t("col_evidence", lang, n=i + 1): links.map(lambda ls, i=i: ls[i].strip() if len(ls) > i else None)
            for i in range(MAX_EVIDENCE_COLUMNS)
        },
        index=evidence.index,
    )


def submissions_table(report: Report, lang: str) -> pd.DataFrame:
    """Every sheet row as the Submissions page shows it (column names are codes; the page labels them)."""
    subs = report.submissions
    config = report.config
    names = agency_name_map(report, lang)
    labels = {"": "", **{s: coded("status", s, lang) for s in ("on_time", "late")}}
    timeliness = pd.Series(status.timeliness(subs["submitted_at"], config.deadline), index=subs.index).map(labels)
    table = pd.DataFrame(
        {
            "row": subs["row"].map(row_label),
            "submitted_at": subs["submitted_at"],
            "category": subs["category"].map(lambda c: coded("category", c, lang)),
            "timeliness": timeliness,
            "source": subs["source"].map(lambda s: t(f"row_source_{s}", lang)) if "source" in subs else "",
            "agency_code": subs["agency_code"],
            "agency": subs["agency_code"].map(lambda c: names.get(c, "")),
            "typed_name": subs["agency_name"],
            "match": subs["match"].map(lambda m: coded("match", m, lang)),
            "email": subs["email"],
            "reporter": subs["reporter"],
            "phone": subs["phone"],
            "activities": activity_labels(subs["activities"], config, lang),
            "other": subs["other_text"],
        }
    )
    for a in config.quantity_activities:
        table[a.quantity_field] = subs[a.quantity_field]
    table["participants"] = subs["participants"]
    table["notes"] = subs["notes"]
    table = pd.concat([table, evidence_columns(subs["evidence"], lang)], axis=1)
    table["category_code"] = subs["category"]
    return table.reset_index(drop=True)


def _searchable(value: object) -> str:
    return fold_diacritics(str(value)).lower() if isinstance(value, str) else ""


def filter_submissions(table: pd.DataFrame, query: str, categories: Iterable[str]) -> pd.DataFrame:
    """Rows in the chosen categories whose name, code or email (if shown) contains the query (case and accents ignored)."""
    chosen = list(categories)
    keep = table["category_code"].isin(chosen) if chosen else pd.Series(True, index=table.index)
    needle = _searchable(query.strip())
    if needle:
        # Only the columns the viewer sees: a leader cannot find rows by an address hidden from them.
        searched = [c for c in ("agency_code", "agency", "typed_name", "email") if c in table.columns]
        hay = table[searched].map(_searchable).agg(" ".join, axis=1)
        keep &= hay.str.contains(needle, regex=False)
    return table[keep].reset_index(drop=True)


def agencies_with_submissions(report: Report) -> list[str]:
    """Codes of the agencies that have any matched row, in roster order."""
    found = set(report.submissions["agency_code"]) - {""}
    return [c for c in report.prepared.roster["code"] if c in found]


def agency_history(table: pd.DataFrame, code: str) -> pd.DataFrame:
    """One agency's rows, oldest first."""
    rows = table[table["agency_code"] == code]
    return rows.sort_values(["submitted_at"], na_position="last", kind="stable").reset_index(drop=True)  # rows in order
