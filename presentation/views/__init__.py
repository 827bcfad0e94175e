"""What the pages show, computed from a Report: sentences, tiles and tables (pure functions, no Streamlit).

One module per page (what a role may see of a table is campaign/privacy.py's to decide, in the Context), and
`columns` for the column names every page's tables share. Pages write `views.<name>`: the names are gathered here.
"""

from presentation.views.columns import COLUMN_LABELS, activity_labels, agency_name_map, agency_names, labelled
from presentation.views.data_quality import accounting_sentence, issues_table, link_sentence, unmatched_table
from presentation.views.export import ITU_HEADERS, ITU_SECTIONS, export_labels, itu_display
from presentation.views.followup import (
    FOLLOWUP_MAIN,
    chase_log_table,
    emails_line,
    followup_table,
    mailto,
    reminder,
    reminder_emails,
    reminder_line,
    roster_with_links,
    thanks,
    valid_emails,
    with_chases,
)
from presentation.views.overview import (
    Frames,
    build_frames,
    countdown,
    deadline_state,
    deadline_tile,
    due,
    freshness,
    headline,
    is_closed,
    just_reported,
    quantity_tiles,
    status_counts_by_group,
    tiles,
)
from presentation.views.submissions import (
    MAX_EVIDENCE_COLUMNS,
    agencies_with_submissions,
    agency_history,
    evidence_columns,
    filter_submissions,
    submissions_table,
)

__all__ = [
    "COLUMN_LABELS",
    "FOLLOWUP_MAIN",
    "Frames",
    "ITU_HEADERS",
    "ITU_SECTIONS",
    "MAX_EVIDENCE_COLUMNS",
    "accounting_sentence",
    "activity_labels",
    "agencies_with_submissions",
    "agency_history",
    "agency_name_map",
    "agency_names",
    "build_frames",
    "chase_log_table",
    "countdown",
    "deadline_state",
    "deadline_tile",
    "due",
    "emails_line",
    "evidence_columns",
    "export_labels",
    "filter_submissions",
    "followup_table",
    "freshness",
    "headline",
    "is_closed",
    "issues_table",
    "link_sentence",
    "itu_display",
    "just_reported",
    "labelled",
    "mailto",
    "quantity_tiles",
    "reminder",
    "reminder_emails",
    "reminder_line",
    "roster_with_links",
    "thanks",
    "status_counts_by_group",
    "submissions_table",
    "tiles",
    "unmatched_table",
    "valid_emails",
    "with_chases",
]
