"""The Mailbox page's tables and lines: every email of the period with what was done with it, the agency and why,
its attachments. Pure; every text from an email stays text (the page puts it in tables and st.text, never Markdown)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from campaign.config import Config
from campaign.mail_candidates import TO_DO, Attachment, Candidate
from presentation.formats import fmt_date, fmt_time
from presentation.labels import t

# The agency and the subject first after the moment and the state: what a phone's width shows.
THUMBNAIL_WIDTH = 120  # px on the page
MAILBOX_COLUMNS = ("received", "state", "agency", "subject", "sender", "why", "timeliness", "files")


def size_text(size: int) -> str:
    """A size as people read it: 820 B, 14 KB, 3,2 MB."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")


def why_text(found: Candidate, names: Mapping[str, str], lang: str) -> str:
    """Why the email is matched to its agency, or why not, in words."""
    return t(f"mail_why_{found.why}", lang, choices=", ".join(found.choices), forwarded=found.forwarded_from)


def sender_text(found: Candidate) -> str:
    return f"{found.sender_name} <{found.sender}>" if found.sender_name else found.sender


def agency_text(found: Candidate, names: Mapping[str, str]) -> str:
    return f"{found.agency_code} — {names.get(found.agency_code, '')}" if found.agency_code else ""


def attachment_line(a: Attachment, lang: str) -> str:
    """One attachment as text: its name, type, size, and for a PDF its pages and signature."""
    parts = [a.name, a.content_type, size_text(a.size)]
    if a.pages is not None:
        parts.append(t("mail_pages", lang, pages=a.pages))
    if a.kind == "pdf":
        parts.append(t("mail_signed" if a.signed else "mail_unsigned", lang))
    if a.problem:
        parts.append(t("mail_file_problem", lang, problem=a.problem))
    return " · ".join(parts)


def attachments_table(found: Candidate, lang: str) -> pd.DataFrame:
    rows = [
        {
            t("mail_col_file", lang): a.name,
            t("mail_col_kind", lang): t(f"mail_kind_{a.kind}", lang),
            t("mail_col_type", lang): a.content_type,
            t("mail_col_size", lang): size_text(a.size),
            t("mail_col_pages", lang): "" if a.pages is None else str(a.pages),
            t("mail_col_signed", lang): t("mail_signed", lang) if a.signed else "",
        }
        for a in found.attachments
    ]
    return pd.DataFrame(rows, dtype=object)


def mailbox_table(found: Iterable[Candidate], states: Mapping[str, str], names: Mapping[str, str], lang: str) -> pd.DataFrame:
    """One row per email, newest first as given: when it arrived, what was done with it, the agency and why."""
    rows = []
    for c in found:
        files = ", ".join(a.name for a in c.attachments)
        if not c.complete:
            files = t("mail_too_big", lang, size=size_text(c.size))
        rows.append(
            {
                "received": f"{fmt_date(c.received)} {fmt_time(c.received)}",
                "state": t(f"mail_state_{states[c.message_id]}", lang),
                "timeliness": t(f"status_{c.timeliness}", lang) if c.timeliness else "",
                "agency": agency_text(c, names),
                "why": why_text(c, names, lang),
                "sender": sender_text(c),
                "subject": c.subject,
                "files": files,
            }
        )
    frame = pd.DataFrame(rows, columns=list(MAILBOX_COLUMNS), dtype=object)
    return frame.rename(columns={k: t(f"mail_col_{k}", lang) for k in MAILBOX_COLUMNS})


def choice_label(found: Candidate, state: str, lang: str) -> str:
    """An email in the picker: its moment, what was done, who sent it and its subject (text, cut)."""
    subject = found.subject if len(found.subject) <= 70 else found.subject[:69] + "…"
    return (
        f"{fmt_date(found.received)} {fmt_time(found.received)} · {t(f'mail_state_{state}', lang)} · {found.sender} · {subject}"
    )


def suggestions_line(found: Candidate, config: Config, lang: str) -> str:
    """The quantities the email states, by the activity's short name: '' when none."""
    names = {**config.quantity_labels(lang), "participants": t("participants", lang)}
    return ", ".join(f"{names.get(k, k)}: {v}" for k, v in found.suggestions.items())


def waiting_count(states: Mapping[str, str]) -> int:
    """How many emails wait to be recorded (what leaders see)."""
    return sum(1 for s in states.values() if s == TO_DO)


def with_waiting(table: pd.DataFrame, waiting: Mapping[str, int], lang: str) -> pd.DataFrame:
    """The follow-up table with 'đã gửi email, chưa ghi nhận' beside each agency whose email waits to be recorded
    (the coordinator never chases an agency that has written); unchanged when none waits."""
    if table.empty or not any(code in waiting for code in table["code"]):
        return table
    cells = table["code"].map(lambda code: t("mail_waiting_cell", lang, count=waiting[code]) if code in waiting else "")
    return table.assign(mail_waiting=cells)
