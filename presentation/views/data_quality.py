"""Data quality: where every row went, names not in the roster and cells to check. (pure functions of a Report, no Streamlit)."""

from __future__ import annotations

import pandas as pd

from campaign import export, metrics
from campaign.emailed import row_label
from campaign.hints import hint_text
from campaign.matching import unmatched_hint
from campaign.model import Report
from campaign.status import CATEGORIES
from presentation.formats import fmt_int
from presentation.labels import coded, t


def accounting_sentence(accounting: dict[str, int], lang: str) -> str:
    """'65 rows read = 58 counted + 1 superseded + 4 unmatched + 2 blank' (undated, after as-of when there are any)."""
    always = ("counted", "superseded", "unmatched", "blank")
    terms = [
        f"{fmt_int(accounting[f'rows_{c}'], lang)} {coded('category', c, lang)}"
        for c in CATEGORIES
        if c in always or accounting[f"rows_{c}"]
    ]
    return t("accounting", lang, rows_read=fmt_int(accounting["rows_read"], lang), terms=" + ".join(terms))


def unmatched_table(report: Report, lang: str) -> pd.DataFrame:
    """Rows no roster agency was found for: the name as typed, the email, and the closest roster names (or why
    there can be none, in the page's language)."""
    subs = report.submissions
    rows = subs[subs["category"] == "unmatched"]
    said = [hint_text(unmatched_hint(s, r), lang) for s, r in zip(rows["suggestions"], rows["reason"])]
    return pd.DataFrame(
        {
            "row": rows["row"].map(row_label),
            "typed_name": rows["agency_name"],
            "email": rows["email"],
            "suggestions": pd.Series(said, index=rows.index, dtype=object),
        }
    ).reset_index(drop=True)


def issues_table(report: Report, lang: str) -> pd.DataFrame:
    """Flagged cells with their sheet row, the issue in words, the value as typed and what to do, in the page's
    language (campaign.hints writes each hint out; what a role may see of them is campaign.privacy's to decide,
    in the Context)."""
    issues = export.data_quality_table(report, lang=lang)
    issues = issues[issues["issue"] != "unmatched_name"]
    return pd.DataFrame(
        {
            "row": issues["row"].map(str),  # the sheet's row, or E1, E2 … for a report entered from an email
            "column": issues["column"],
            "issue": issues["issue"].map(lambda i: coded("issue", i, lang)),
            "value": issues["value"],
            "suggestion": issues["suggestion"],
        }
    ).reset_index(drop=True)


def link_sentence(report: Report, lang: str) -> str:
    """'Of 90 answers, 12 came through the agency's own link (code matched), 5 by email, 73 by a typed name.'"""
    ways = metrics.answers_by_way(report)
    return t(
        "answers_by_way",
        lang,
        answers=fmt_int(sum(ways.values()), lang),
        code=fmt_int(ways["code"], lang),
        email=fmt_int(ways["email"], lang),
        typed=fmt_int(ways["typed"], lang),
    )
