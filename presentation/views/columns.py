"""Column names in the reader's language, for every page's tables. (pure functions of a Report, no Streamlit)."""

from __future__ import annotations

import pandas as pd

from campaign.config import Config
from campaign.model import Report
from presentation.labels import TEXT, t


def activity_labels(keys: pd.Series, config: Config, lang: str) -> pd.Series:
    names = {a.key: a.label_vi if lang == "vi" else a.label_en for a in config.activities}
    return keys.map(lambda joined: "; ".join(names.get(k, k) for k in joined.split(";") if k))


def agency_name_map(report: Report, lang: str = "vi") -> dict[str, str]:
    roster = report.prepared.roster
    return dict(zip(roster["code"], agency_names(roster, lang)))


# Column code → label key, for every table the pages show.
COLUMN_LABELS = {
    "code": "col_code",
    "name": "col_name",
    "group": "col_group",
    "status": "col_status",
    "email": "col_email",
    "phone": "col_phone",
    "last_submitted_at": "col_last",
    "first_submitted_at": "col_first",
    "submissions": "col_submissions",
    "mailto": "col_mailto",
    "form_link": "col_form_link",
    "row": "col_row",
    "submitted_at": "col_submitted_at",
    "category": "col_category",
    "timeliness": "col_timeliness",
    "agency_code": "col_agency_code",
    "agency": "col_agency",
    "typed_name": "col_typed_name",
    "match": "col_match",
    "activities": "col_activities",
    "other": "col_other",
    "notes": "col_notes",
    "mail_waiting": "col_mail_waiting",
    "reporter": "col_reporter",
    "column": "col_column",
    "issue": "col_issue",
    "value": "col_value",
    "suggestion": "col_suggestion",
    "suggestions": "col_suggestions",
    "participants": "participants",
    # the coordinator's store (issue #10)
    "contacts": "col_contacts",
    "last_contact": "col_last_contact",
    "contacted_at": "col_contacted_at",
    "channel": "col_channel",
    "contact": "col_contact",
    "note": "col_note",
    "promised_date": "col_promised_date",
    "by": "col_by",
    "source": "col_source",
    "aliases": "col_aliases",
    "retired": "col_retired",
}


def labelled(frame: pd.DataFrame, lang: str, config: Config | None = None) -> pd.DataFrame:
    """The frame with column headers in the language (with the config, quantity columns by their activity's short name)."""
    quantities = config.quantity_labels(lang) if config is not None else {}

    def label(column: str) -> str:
        key = COLUMN_LABELS.get(column)
        if key in TEXT:
            return t(key, lang)
        return quantities.get(column, column)

    return frame.rename(columns=label)


def agency_names(agencies: pd.DataFrame, lang: str) -> pd.Series:
    """Agency names in the language: English uses the roster's name_en where it has one."""
    names = agencies["name"].fillna("")
    if lang == "vi" or "name_en" not in agencies.columns:
        return names
    english = agencies["name_en"].fillna("").astype(str).str.strip()
    return english.where(english != "", names)
