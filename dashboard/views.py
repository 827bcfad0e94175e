"""What the pages show, computed from a Report: sentences, tiles and tables (pure functions, no Streamlit)."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import pandas as pd

from campaign import export, metrics, status
from campaign.config import Config
from campaign.model import Report
from campaign.names import fold_diacritics
from campaign.roster import split_multi
from campaign.status import CATEGORIES
from dashboard.formats import fmt_date, fmt_datetime, fmt_int, fmt_pct, fmt_time
from dashboard.labels import TEXT, coded, suggestion_text, t

DEMO_FORM_URL = "https://forms.example/bao-cao-ngay-17-5-2021"  # the demo's invented form link (campaign.toml has none)
# A plain address only: anything else from a sheet is not put into a mailto: link.
_EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}$")
_HTTP = re.compile(r"^https?://", re.IGNORECASE)
MAX_EVIDENCE_COLUMNS = 3


ITU_HEADERS = {
    "label_en": "Indicator",
    "agencies": "Agencies",
    "agencies_expected": "Agencies expected",
    "quantity_asked": "Quantity asked",
    "quantity": "Quantity",
}
ITU_SECTIONS = {"activity": "Activity", "participants": "Participants", "group": "Agencies reported, by group"}


def itu_display(itu: pd.DataFrame) -> pd.DataFrame:
    """The ITU summary as the Export page shows it: English headers, numbers grouped (1,292), empty where none."""
    number = lambda v: fmt_int(v, "en")  # noqa: E731
    return pd.DataFrame(
        {
            "Section": itu["section"].map(ITU_SECTIONS).fillna(itu["section"]),
            ITU_HEADERS["label_en"]: itu["label_en"],
            ITU_HEADERS["agencies"]: itu["agencies"].map(number),
            ITU_HEADERS["agencies_expected"]: itu["agencies_expected"].map(number),
            ITU_HEADERS["quantity_asked"]: itu["quantity_asked"].map({"yes": "Yes", "no": "No"}).fillna(""),
            ITU_HEADERS["quantity"]: itu["quantity"].astype(object).map(number),
        }
    ).reset_index(drop=True)


@dataclass(frozen=True)
class Frames:
    """Every number and table the pages show for one report, group filter and data load."""

    summary: Mapping
    by_group: pd.DataFrame
    burnup: pd.DataFrame
    activities: pd.DataFrame
    provinces: pd.DataFrame
    agencies: pd.DataFrame  # roster agencies of the chosen groups, with status


def build_frames(report: Report, groups: Iterable[str] | None = None) -> Frames:
    groups = list(groups) if groups else None
    agencies = metrics.agencies_in(report, groups).reset_index(drop=True)
    return Frames(
        summary=MappingProxyType(metrics.summary(report, groups)),  # shared by sessions: read-only
        by_group=metrics.by_group(report, groups),
        burnup=metrics.burnup(report, groups),
        activities=metrics.activities(report, groups),
        provinces=metrics.provinces(report),
        agencies=agencies,
    )


def due(config: Config) -> pd.Timestamp:
    """The last minute on time, as people say it: a deadline "before 4 June" is due 03/06/2021 23:59."""
    return config.deadline - pd.Timedelta(minutes=1)


def is_closed(config: Config, moment: pd.Timestamp) -> bool:
    return moment >= config.deadline


def headline(summary: dict, moment: pd.Timestamp, lang: str, *, closed: bool = False, final: bool = False) -> str:
    """The sentence a leader quotes in a report: "as of …" while open or for a chosen moment, the round's result
    once it has closed (`final`). Zero reads naturally; before the deadline (not `closed`) nobody can be late yet,
    so lateness is left out."""
    late = summary["agencies_late"]
    missing = summary["agencies_missing"]
    if late:
        late_text = t("headline_late", lang, n=fmt_int(late, lang))
    else:
        late_text = t("headline_late_none", lang) if closed or final else ""
    if missing == 0:
        missing_text = t("headline_missing_none", lang)
    else:
        missing_text = t("headline_missing", lang, n=fmt_int(missing, lang))
    return t(
        "headline_final" if final else "headline",
        lang,
        time=fmt_time(moment),
        date=fmt_date(moment),
        reported=fmt_int(summary["agencies_reported"], lang),
        expected=fmt_int(summary["agencies_expected"], lang),
        rate=fmt_pct(summary["reporting_rate"], lang),
        late=late_text,
        missing=missing_text,
    )


def deadline_state(summary: dict, config: Config, lang: str) -> str:
    """What stood at the deadline, beside the final picture: 'Đến hạn 03/06/2021 (23:59): 83/126 đơn vị … đúng hạn'."""
    expected = summary["agencies_expected"]
    on_time = summary["agencies_on_time"]
    last = due(config)
    return t(
        "deadline_state",
        lang,
        date=fmt_date(last),
        time=fmt_time(last),
        on_time=fmt_int(on_time, lang),
        expected=fmt_int(expected, lang),
        rate=fmt_pct(on_time / expected if expected else 0.0, lang),
    )


def countdown(config: Config, moment: pd.Timestamp) -> int | None:
    """Calendar days from `moment` to the last day on time (0 on that day); None once the deadline has passed."""
    here = config.local(moment)
    if is_closed(config, here):
        return None
    return (due(config).date() - here.date()).days


def deadline_tile(config: Config, moment: pd.Timestamp, lang: str) -> tuple[str, str] | None:
    """('Hạn chót', 'hôm nay, 23:59' / 'ngày mai, 23:59' / 'còn 5 ngày') while open; None once closed."""
    days = countdown(config, moment)
    if days is None:
        return None
    time = fmt_time(due(config))
    if days == 0:
        value = t("deadline_today", lang, time=time)
    elif days == 1:
        value = t("deadline_tomorrow", lang, time=time)
    else:
        value = t("deadline_in_days", lang, n=fmt_int(days, lang))
    return t("tile_deadline", lang), value


def tiles(summary: dict, config: Config, moment: pd.Timestamp, lang: str) -> list[tuple[str, str]]:
    """(label, value) for the overview's tiles, in order; the countdown only while the campaign is open."""
    out = [
        (t("tile_expected", lang), fmt_int(summary["agencies_expected"], lang)),
        (t("tile_reported", lang), fmt_int(summary["agencies_reported"], lang)),
        (t("tile_on_time", lang), fmt_int(summary["agencies_on_time"], lang)),
        (t("tile_late", lang), fmt_int(summary["agencies_late"], lang)),
        (t("tile_missing", lang), fmt_int(summary["agencies_missing"], lang)),
        (t("tile_rate", lang), fmt_pct(summary["reporting_rate"], lang)),
    ]
    countdown_tile = deadline_tile(config, moment, lang)
    return out + [countdown_tile] if countdown_tile else out


def agency_names(agencies: pd.DataFrame, lang: str) -> pd.Series:
    """Agency names in the language: English uses the roster's name_en where it has one."""
    names = agencies["name"].fillna("")
    if lang == "vi" or "name_en" not in agencies.columns:
        return names
    english = agencies["name_en"].fillna("").astype(str).str.strip()
    return english.where(english != "", names)


def just_reported(agencies: pd.DataFrame, seen: Iterable[str], lang: str) -> list[str]:
    """Names of the agencies that have reported and were not among `seen` (codes), in roster order."""
    reported = agencies[agencies["status"].isin(["on_time", "late"]) & ~agencies["code"].isin(list(seen))]
    return agency_names(reported, lang).tolist()


def quantity_tiles(frames: Frames, config: Config, lang: str) -> list[tuple[str, str]]:
    """(label, total) for each activity with a quantity, and participants."""
    table = frames.activities.set_index("activity")
    out = [
        (
            t(f"qty_{a.quantity_field}", lang)
            if f"qty_{a.quantity_field}" in TEXT
            else (a.label_vi if lang == "vi" else a.label_en),
            fmt_int(table.at[a.key, "quantity"], lang),
        )
        for a in config.quantity_activities
    ]
    out.append((t("participants", lang), fmt_int(frames.summary["participants"], lang)))
    return out


def accounting_sentence(accounting: dict[str, int], lang: str) -> str:
    """'65 rows read = 58 counted + 1 superseded + 4 unmatched + 2 blank' (undated, after as-of when there are any)."""
    always = ("counted", "superseded", "unmatched", "blank")
    terms = [
        f"{fmt_int(accounting[f'rows_{c}'], lang)} {coded('category', c, lang)}"
        for c in CATEGORIES
        if c in always or accounting[f"rows_{c}"]
    ]
    return t("accounting", lang, rows_read=fmt_int(accounting["rows_read"], lang), terms=" + ".join(terms))


def _activity_labels(keys: pd.Series, config: Config, lang: str) -> pd.Series:
    names = {a.key: a.label_vi if lang == "vi" else a.label_en for a in config.activities}
    return keys.map(lambda joined: "; ".join(names.get(k, k) for k in joined.split(";") if k))


def _agency_names(report: Report, lang: str = "vi") -> dict[str, str]:
    roster = report.prepared.roster
    return dict(zip(roster["code"], agency_names(roster, lang)))


# The follow-up table's first columns, all a phone shows: who, where they stand, and the reminder to send.
FOLLOWUP_MAIN = ("name", "status", "mailto")


def followup_table(
    frames: Frames, report: Report, statuses: Iterable[str], lang: str, draft_lang: str | None = None
) -> pd.DataFrame:
    """Agencies with the chosen statuses: name, status, mailto link first, then code, group, email, phone and
    the last submission ('—' for none; no cell is ever None).

    The mailto link opens the reminder in `draft_lang` (the page's language by default), greeting the agency by
    its name in that language.
    """
    draft_lang = draft_lang or lang
    config = report.config
    chosen = frames.agencies[frames.agencies["status"].isin(list(statuses))]
    order = {s: i for i, s in enumerate(("missing", "late", "on_time"))}
    chosen = chosen.sort_values(["status", "group", "code"], key=lambda c: c.map(order) if c.name == "status" else c)
    subject, body = reminder(config, draft_lang, report.as_of, report.prepared.raw.is_demo)
    greeting = t("reminder_agency", draft_lang)
    table = pd.DataFrame(
        {
            "name": agency_names(chosen, lang),
            "status": chosen["status"].map(lambda s: coded("status", s, lang)),
            # '' when the agency has no valid address: no link at all.
            "mailto": [
                mailto(emails, subject, body.replace(greeting, name, 1))
                for emails, name in zip(chosen["email"].fillna(""), agency_names(chosen, draft_lang))
            ],
            "code": chosen["code"],
            "group": chosen["group"].map(lambda g: config.group_label(g, lang)),
            "email": chosen["email"].fillna(""),
            "phone": chosen["phone"].fillna(""),
            "last_submitted_at": chosen["last_submitted_at"].map(lambda ts: fmt_datetime(ts) or "—"),
        }
    ).reset_index(drop=True)
    return table


def valid_emails(cell: str) -> list[str]:
    """The plain addresses in a roster cell ('a@x; b@y'); anything else is left out."""
    return [e for e in split_multi(cell or "") if _EMAIL.match(e)]


def emails_line(emails: Iterable[str]) -> str:
    """All addresses, each once, in one ';'-separated line (what Outlook's To field takes)."""
    seen: dict[str, None] = {}
    for cell in emails:
        for e in valid_emails(cell):
            seen.setdefault(e.lower(), None)
    return "; ".join(seen)


def reminder(config: Config, lang: str, moment: pd.Timestamp | None = None, demo: bool = False) -> tuple[str, str]:
    """(subject, body) of the reminder email; the body greets 'Quý đơn vị' until a name is put in.

    Before the deadline it asks for the report before it; at `moment` after it, it says the report is overdue
    and asks for it urgently. Both cite the original letter and give the form link ([reminder] in campaign.toml).
    """
    campaign = config.campaign.name.get(lang)
    deadline = config.deadline
    overdue = config.local(moment if moment is not None else pd.Timestamp.now(tz="UTC")) >= deadline
    due = fmt_time(deadline) + " " + fmt_date(deadline)
    settings = config.reminder
    letter = (
        t("reminder_letter_number", lang, number=settings.letter_number) if settings.letter_number else t("reminder_letter", lang)
    )
    if settings.letter_date:
        letter += t("reminder_letter_date", lang, date=settings.letter_date.strftime("%d/%m/%Y"))
    email = settings.coordinator_email or config.campaign.contact_email
    form = settings.form_url or (DEMO_FORM_URL if demo else "")
    how = t("reminder_how_form", lang, form=form, email=email) if form else t("reminder_how_email", lang, email=email)
    contact = (
        t("reminder_contact", lang, name=settings.coordinator_name, phone=settings.coordinator_phone, email=email)
        if settings.coordinator_name
        else email
    )
    subject = t("reminder_subject_overdue" if overdue else "reminder_subject", lang, campaign=campaign)
    body = t(
        "reminder_body_overdue" if overdue else "reminder_body",
        lang,
        agency=t("reminder_agency", lang),
        requester=config.campaign.requester_vi if lang == "vi" else config.campaign.requester_en,
        campaign=campaign,
        deadline=due,
        letter=letter,
        how=how,
        contact=contact,
    )
    return subject, body


def mailto(emails: str, subject: str, body: str) -> str:
    """A mailto: link to the agency's valid addresses; '' when it has none."""
    addresses = valid_emails(emails)
    if not addresses:
        return ""
    query = urllib.parse.urlencode({"subject": subject, "body": body}, quote_via=urllib.parse.quote)
    return "mailto:" + ",".join(urllib.parse.quote(a, safe="@") for a in addresses) + "?" + query


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
    names = _agency_names(report, lang)
    labels = {"": "", **{s: coded("status", s, lang) for s in ("on_time", "late")}}
    timeliness = pd.Series(status.timeliness(subs["submitted_at"], config.deadline), index=subs.index).map(labels)
    table = pd.DataFrame(
        {
            "row": subs["row"],
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
            "activities": _activity_labels(subs["activities"], config, lang),
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
    return rows.sort_values(["submitted_at", "row"], na_position="last").reset_index(drop=True)


def unmatched_table(report: Report) -> pd.DataFrame:
    """Rows no roster agency was found for: the name as typed, the email, and the closest roster names."""
    subs = report.submissions
    rows = subs[subs["category"] == "unmatched"]
    return pd.DataFrame(
        {
            "row": rows["row"],
            "typed_name": rows["agency_name"],
            "email": rows["email"],
            "suggestions": rows["suggestions"],
        }
    ).reset_index(drop=True)


def issues_table(report: Report, lang: str) -> pd.DataFrame:
    """Flagged cells with their sheet row, the issue in words, the value as typed and what to do (what a role
    may see of them is campaign.privacy's to decide, in the Context)."""
    issues = export.data_quality_table(report)
    issues = issues[issues["issue"] != "unmatched_name"]
    return pd.DataFrame(
        {
            "row": issues["row"],
            "column": issues["column"],
            "issue": issues["issue"].map(lambda i: coded("issue", i, lang)),
            "value": issues["value"],
            "suggestion": issues["suggestion"].map(lambda text: suggestion_text(text, lang)),
        }
    ).reset_index(drop=True)


def export_labels(lang: str) -> dict[str, str]:
    return {name: t(f"export_{name}", lang) for name in export.EXPORT_NAMES}


def status_counts_by_group(frames: Frames) -> pd.DataFrame:
    """group × status counts for the stacked bar (the by-group rates table, reshaped)."""
    table = frames.by_group
    return pd.DataFrame(
        {
            "group": table["group"],
            "on_time": table["agencies_on_time"],
            "late": table["agencies_late"],
            "missing": table["agencies_missing"],
            "expected": table["agencies_expected"],
            "reporting_rate": table["reporting_rate"],
        }
    )


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


def labelled(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The frame with column headers in the language (quantity columns by their short names)."""

    def label(column: str) -> str:
        for key in (COLUMN_LABELS.get(column), f"qty_{column}"):
            if key in TEXT:
                return t(key, lang)
        return column

    return frame.rename(columns=label)
