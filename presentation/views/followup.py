"""Follow-up: who to remind, their addresses, the reminder email and its link. (pure functions of a Report, no Streamlit)."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterable

import pandas as pd

from campaign.config import Config
from campaign.desk import ReminderEmail
from campaign.form_links import agency_link
from campaign.model import Report
from campaign.roster import split_multi
from campaign.store import CHANNELS, CHASES, EMAIL_FAILED, chase_summary
from presentation.formats import fmt_date, fmt_datetime, fmt_time
from presentation.labels import coded, t
from presentation.views.columns import agency_names
from presentation.views.overview import Frames

# A plain address only: anything else from a sheet is not put into a mailto: link.
_EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}$")


# The follow-up table's first columns, all a phone shows: who, where they stand, and the reminder to send.
FOLLOWUP_MAIN = ("name", "status", "mailto")


def followup_table(
    frames: Frames,
    report: Report,
    statuses: Iterable[str],
    lang: str,
    draft_lang: str | None = None,
    thank_late: bool = False,
) -> pd.DataFrame:
    """Agencies with the chosen statuses: name, status, mailto link first, then code, group, email, phone and
    the last submission ('—' for none; no cell is ever None).

    The mailto link opens the reminder in `draft_lang` (the page's language by default), greeting the agency by
    its name in that language. Only an agency that has not reported at this moment is reminded: one that reported
    late gets no link, or with `thank_late` a thank-you.
    """
    draft_lang = draft_lang or lang
    config = report.config
    chosen = frames.agencies[frames.agencies["status"].isin(list(statuses))]
    order = {s: i for i, s in enumerate(("missing", "late", "on_time"))}
    chosen = chosen.sort_values(["status", "group", "code"], key=lambda c: c.map(order) if c.name == "status" else c)
    demo = report.prepared.raw.is_demo
    thanks_subject, thanks_body = thanks(config, draft_lang)
    greeting = t("reminder_agency", draft_lang)

    def link(emails: str, name: str, status: str, code: str) -> str:
        if status == "missing":  # the reminder with the agency's own pre-filled link
            subject, body = reminder(config, draft_lang, report.as_of, demo, code)
            return mailto(emails, subject, body.replace(greeting, name, 1))
        if status == "late" and thank_late:
            return mailto(emails, thanks_subject, thanks_body.replace(greeting, name, 1))
        return ""

    table = pd.DataFrame(
        {
            "name": agency_names(chosen, lang),
            "status": chosen["status"].map(lambda s: coded("status", s, lang)),
            # '' when the agency has no valid address: no link at all.
            "mailto": [
                link(emails, name, status, code)
                for emails, name, status, code in zip(
                    chosen["email"].fillna(""), agency_names(chosen, draft_lang), chosen["status"], chosen["code"]
                )
            ],
            "code": chosen["code"],
            "form_link": chosen["code"].map(lambda code: agency_link(config, code, demo)),
            "group": chosen["group"].map(lambda g: config.group_label(g, lang)),
            "email": chosen["email"].fillna(""),
            "phone": chosen["phone"].fillna(""),
            "last_submitted_at": chosen["last_submitted_at"].map(lambda ts: fmt_datetime(ts) or "—"),
        }
    ).reset_index(drop=True)
    return table


def reminder_line(frames: Frames, codes: Iterable[str]) -> str:
    """The addresses to remind among these agencies (in their order): only those not reported at this moment."""
    agencies = frames.agencies.set_index("code")
    missing = [c for c in codes if c in agencies.index and agencies.at[c, "status"] == "missing"]
    return emails_line(agencies.loc[missing, "email"].fillna(""))


def thanks(config: Config, lang: str) -> tuple[str, str]:
    """(subject, body) of the thank-you to an agency that reported after the deadline."""
    c = config.campaign
    campaign = c.name.get(lang)
    contact = t("reminder_contact", lang, name=c.coordinator_name, phone=c.coordinator_phone, email=c.contact_email)
    subject = t("thanks_subject", lang, campaign=campaign)
    body = t(
        "thanks_body",
        lang,
        agency=t("reminder_agency", lang),
        requester=c.requester_vi if lang == "vi" else c.requester_en,
        campaign=campaign,
        contact=contact if c.coordinator_name else c.contact_email,
    )
    return subject, body


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


def reminder(
    config: Config, lang: str, moment: pd.Timestamp | None = None, demo: bool = False, code: str = ""
) -> tuple[str, str]:
    """(subject, body) of the reminder email; the body greets 'Quý đơn vị' until a name is put in.

    Before the deadline it asks for the report before it; at `moment` after it, it says the report is overdue
    and asks for it urgently. Both cite the original letter and give the form link ([form] in campaign.toml):
    with an agency's `code`, its own pre-filled link.
    """
    campaign = config.campaign.name.get(lang)
    deadline = config.deadline
    overdue = config.local(moment if moment is not None else pd.Timestamp.now(tz="UTC")) >= deadline
    due = fmt_time(deadline) + " " + fmt_date(deadline)
    c = config.campaign
    letter = (
        t("reminder_letter_number", lang, number=c.original_letter_number)
        if c.original_letter_number
        else t("reminder_letter", lang)
    )
    if c.original_letter_date:
        letter += t("reminder_letter_date", lang, date=c.original_letter_date.strftime("%d/%m/%Y"))
    email = c.contact_email
    form = agency_link(config, code, demo)
    how = t("reminder_how_form", lang, form=form, email=email) if form else t("reminder_how_email", lang, email=email)
    contact = (
        t("reminder_contact", lang, name=c.coordinator_name, phone=c.coordinator_phone, email=email)
        if c.coordinator_name
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


def with_chases(table: pd.DataFrame, report: Report, moment: pd.Timestamp, not_since_days: int = 0) -> pd.DataFrame:
    """The follow-up table with each agency's number of contacts and the last one (as the page writes moments);
    with `not_since_days`, only the agencies not contacted in that many days before `moment`."""
    store = report.prepared.raw.store
    summary = chase_summary(store[CHASES] if store is not None else None, table["code"]).set_index("code")
    out = table.copy()
    at = list(out.columns).index("last_submitted_at") + 1 if "last_submitted_at" in out else len(out.columns)
    out.insert(at, "contacts", out["code"].map(summary["contacts"]).fillna(0).astype(int))
    out.insert(at + 1, "last_contact", out["code"].map(summary["last_contact"]).dt.tz_convert(report.config.campaign.timezone))
    if not_since_days:
        since = moment - pd.Timedelta(days=not_since_days)
        out = out[out["last_contact"].isna() | (out["last_contact"] < since)].reset_index(drop=True)
    out["last_contact"] = out["last_contact"].map(lambda ts: fmt_datetime(ts) or "—")
    return out


CHASE_LOG_COLUMNS = ("contacted_at", "code", "name", "channel", "contact", "note", "promised_date", "by")


def chase_log_table(report: Report, lang: str) -> pd.DataFrame:
    """Every recorded contact, newest first, with the agency's name and the channel in the page's language."""
    store = report.prepared.raw.store
    if store is None or store[CHASES].empty:
        return pd.DataFrame(columns=list(CHASE_LOG_COLUMNS))
    names = dict(zip(report.prepared.roster["code"], report.prepared.roster["name"]))
    log = store[CHASES]
    contacted = pd.to_datetime(log["contacted_at"], errors="coerce", utc=True, format="ISO8601")
    table = pd.DataFrame(
        {
            "contacted_at": contacted.dt.tz_convert(report.config.campaign.timezone),
            "code": log["agency_code"],
            "name": log["agency_code"].map(lambda c: names.get(c, "")),
            "channel": log["channel"].map(lambda c: t(f"channel_{c}", lang) if c in (*CHANNELS, EMAIL_FAILED) else c),
            "contact": log["contact"],
            "note": log["note"],
            "promised_date": log["promised_date"],
            "by": log["by"],
        }
    )
    return table.sort_values("contacted_at", ascending=False, na_position="last", kind="stable").reset_index(drop=True)


def roster_with_links(roster: pd.DataFrame, config: Config, demo: bool = False) -> pd.DataFrame:
    """The roster for a mail merge or a printed list: each agency with its own pre-filled link."""
    out = roster[[c for c in ("code", "name", "group", "email", "phone") if c in roster.columns]].copy()
    out["group"] = out["group"].map(lambda g: config.group_label(g, "vi"))
    out["form_link"] = out["code"].map(lambda code: agency_link(config, code, demo))
    return out.reset_index(drop=True)


def reminder_emails(
    agencies: pd.DataFrame, codes: Iterable[str], config: Config, lang: str, moment: pd.Timestamp | None, demo: bool = False
) -> list[ReminderEmail]:
    """Each chosen agency's reminder exactly as the app emails it: to its valid addresses, greeting it by name, with
    its own link and the deadline (the same text as its "Soạn thư" link)."""
    by_code = agencies.set_index("code")
    greeting = t("reminder_agency", lang)
    out = []
    for code in codes:
        row = by_code.loc[code]
        name = agency_names(by_code.loc[[code]].reset_index(), lang).iloc[0]
        subject, body = reminder(config, lang, moment, demo, code)
        out.append(
            ReminderEmail(code, tuple(valid_emails(str(row.get("email") or ""))), subject, body.replace(greeting, name, 1))
        )
    return out
