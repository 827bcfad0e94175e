"""The department's mailbox in the app: `[inbox]` in secrets, read through the shared read cache (one IMAP session
per TTL for every viewer, the last good list kept on failure), each email a candidate with what was done with it."""

from __future__ import annotations

import dataclasses
import datetime as dt

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from campaign import desk
from campaign.errors import CampaignError
from campaign.mail_candidates import Candidate, candidates, mail_status, not_reports, waiting_by_agency
from campaign.store import EMAIL_REPORTS, MAIL_MARKS
from dashboard import reads


@dataclasses.dataclass(frozen=True)
class Mailbox:
    """What the pages show of the mailbox: the emails (newest first), each one's state, the read's moment and error."""

    found: tuple[Candidate, ...]
    states: dict[str, str]  # Message-ID → TO_DO / RECORDED / NOT_A_REPORT
    read_at: dt.datetime | None
    left_out: int
    error: CampaignError | None
    stale: bool

    def waiting(self) -> dict[str, int]:
        """Per agency, its emails still to do."""
        recorded = frozenset(m for m, s in self.states.items() if s == "recorded")
        marked = frozenset(m for m, s in self.states.items() if s == "not_a_report")
        return waiting_by_agency(self.found, recorded, marked)


def inbox_settings():
    """The mailbox from secrets' [inbox] (data_sources/mailbox.py), None without one; a CampaignError when wrong.
    Its password goes to the reader only, never to a page."""
    from data_sources.mailbox import inbox_settings as parse

    try:
        table = st.secrets.get("inbox")
    except StreamlitSecretNotFoundError:
        return None
    return parse(dict(table) if table else None)


def inbox_configured() -> bool:
    """Whether secrets have an [inbox] table (right or wrong: a wrong one is said by the read)."""
    try:
        return bool(st.secrets.get("inbox"))
    except StreamlitSecretNotFoundError:
        return False


@st.cache_resource(show_spinner=False, max_entries=4)
def _candidates(read_key: str, roster_key: str, _mails, _roster, _config) -> tuple[Candidate, ...]:
    """The emails of one read as candidates against one roster (the matcher is built once per pair)."""
    return tuple(candidates(_mails, _roster, _config))


def mailbox(ctx, refresh: bool = False) -> Mailbox | None:
    """The mailbox as of the last read (read now when due); None when no [inbox] is configured. A wrong [inbox]
    is shown as the read's error."""
    from data_sources.mailbox import read_mailbox

    config = ctx.config
    try:
        settings = inbox_settings()
    except CampaignError as exc:
        return Mailbox((), {}, None, 0, exc, False)
    if settings is None:
        return None
    ttl = config.sheet.cache_ttl_seconds
    outcome = reads.cache().read(settings.identity, lambda: read_mailbox(settings, config), ttl, refresh=refresh, pinned=True)
    read = outcome.data
    if read is None:
        return Mailbox((), {}, None, 0, outcome.error, False)
    roster = ctx.report.prepared.roster
    found = _candidates(read.read_at.isoformat(), ctx.data_key, read.mails, roster, config)
    store = ctx.report.prepared.raw.store
    tables = store.tables if store is not None else {}
    recorded = desk.recorded_refs(tables.get(EMAIL_REPORTS))
    marked = not_reports(tables.get(MAIL_MARKS))
    states = {c.message_id: mail_status(c, recorded, marked) for c in found}
    return Mailbox(found, states, read.read_at, read.left_out, outcome.error, outcome.stale)
