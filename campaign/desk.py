"""The coordinator's desk as a service: each action a plain function over plain values and a store.

Record a report received by email, decide what a typed name means, log a contact with an agency, change the roster.
The app's forms (dashboard/forms/) only gather the values and show the result; the command line, a background job
and a test call the same functions. A store is anything with the two methods of `data_sources.store.Store` that an
action needs (`append(kind, entry)`, `save_roster(base, changed, by)`); the domain never imports it.

An entry's id belongs to its content: the same content saved again (a retry after Google's answer was lost) keeps
its id and is read once, and a changed form is a new entry with a new id. `nonce` is the form's own token, kept
until a save succeeds, so the same words typed again later for a new contact are a new entry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

import pandas as pd

from campaign.config import Config
from campaign.errors import CampaignError, MailRefused
from campaign.match_kinds import FUZZY, NONE, NOT_ON_ROSTER, RESOLVED
from campaign.names import fold_name, strip_hidden
from campaign.roster_edit import changed_rows, validate_roster
from campaign.store import (
    AGENCY,
    CHASES,
    DOCUMENT_SETTINGS,
    EMAIL_FAILED,
    EMAIL_REPORTS,
    LINK_CHECKS,
    MAIL_MARKS,
    NOT_A_REPORT,
    REPORT_PHOTOS,
    RESOLUTIONS,
    UNDO,
    StoreData,
    cell_word,
    new_id,
    now_iso,
)

# The typed names the coordinator may decide on: unmatched, matched by a near spelling, or already decided.
DECIDABLE = (NONE, FUZZY, RESOLVED, NOT_ON_ROSTER)


class EntryStore(Protocol):
    def read(self) -> StoreData: ...

    def append(self, kind: str, entry: dict) -> None: ...

    def save_roster(self, base: pd.DataFrame, changed: pd.DataFrame, by: str) -> int: ...


class TooManyEntries(CampaignError):
    """The day's entries are at [limits] max_entries_per_day: nothing was saved."""


class RosterInvalid(CampaignError):
    """A roster change that may not be saved (empty or duplicate codes, empty names, bad addresses)."""

    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__("; ".join(en for en, _ in problems), "; ".join(vi for _, vi in problems))
        self.problems = problems


def new_nonce() -> str:
    """A form's token: kept across retries of one save, replaced after it succeeds."""
    return new_id()


def entry_id(kind: str, content: Mapping[str, object], nonce: str) -> str:
    """The id of an entry: its kind, its content (not when it was saved) and the form's token, hashed."""
    text = json.dumps([kind, nonce, sorted((k, str(v)) for k, v in content.items())], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _require_who(by: str) -> None:
    """Every entry says who made it: the signed-in address, or the name the coordinator typed."""
    if not by.strip():
        raise CampaignError(
            "Type your name into 'Entered by' before saving: it is written into the store with what you save",
            "Hãy nhập tên của bạn vào ô 'Người nhập' trước khi lưu: tên này được ghi cùng nội dung bạn lưu",
        )


# Control characters (a line break stays) are no text a person typed; in a CSV or the sheet they only do harm.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")


def clean_text(value: str, limit: int) -> str:
    """Typed text as the store keeps it: hidden and control characters out, cut at `limit` characters ([limits]
    max_cell_chars: what a sheet cell may hold here), with '…' to show the cut."""
    text = _CONTROL.sub(" ", strip_hidden(value)[0]).strip()
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"


def _entry(kind: str, content: dict, nonce: str, config: Config) -> dict:
    """The entry as the store keeps it: its id, its content (text cleaned and bounded, codes written as Vietnamese
    words), when it was saved."""
    _require_who(str(content.get("by", "")))
    limit = config.limits.max_cell_chars
    content = {k: clean_text(v, limit) if isinstance(v, str) else v for k, v in content.items()}
    cells = {k: cell_word(k, v) if isinstance(v, str) else v for k, v in content.items()}
    return {"id": entry_id(kind, content, nonce), **cells, "at": now_iso(config.tz)}


class AlreadyRecorded(CampaignError):
    """An email already recorded (its Message-ID is an entry's email_ref): one email is recorded once."""

    def __init__(self, email_ref: str):
        super().__init__(
            f"This email ({email_ref}) is already recorded; open Submissions to change what was entered",
            f"Thư này ({email_ref}) đã được ghi nhận; hãy mở trang Báo cáo để xem nội dung đã nhập",
        )


# An email's Message-ID (<…@…>): what identifies one email. A reference typed by hand (a subject, "V/v …") may be
# the same for two reports and identifies nothing.
_MESSAGE_ID = re.compile(r"^<[^<>\s]+@[^<>\s]+>$")


def recorded_refs(email_reports: pd.DataFrame | None) -> frozenset[str]:
    """The Message-IDs of the emails the store's emailed reports were recorded from."""
    if email_reports is None or email_reports.empty or "email_ref" not in email_reports:
        return frozenset()
    return frozenset(r for r in email_reports["email_ref"].astype(str).str.strip() if _MESSAGE_ID.match(r))


# --- the entries ----------------------------------------------------------------------------------------------


def email_report(
    config: Config,
    *,
    agency_code: str,
    received_at: dt.datetime,
    ticked: Iterable[str] = (),
    other: str = "",
    quantities: Mapping[str, int | None] | None = None,
    evidence: str = "",
    notes: str = "",
    email_ref: str = "",
    recorded: Iterable[str] = (),
    by: str,
    nonce: str,
) -> dict:
    """A report received by email, as the store keeps it: the activities in the form's Vietnamese words.

    `recorded`: the email references already in the store (recorded_refs); an email among them is refused
    (AlreadyRecorded), so the same email pressed twice, by one coordinator or two, is one entry."""
    if _MESSAGE_ID.match(email_ref.strip()) and email_ref.strip() in set(recorded):
        raise AlreadyRecorded(email_ref.strip())
    if not agency_code:
        raise CampaignError("Choose the agency that sent the report", "Hãy chọn đơn vị đã gửi báo cáo")
    labels = {a.key: a.label_vi for a in config.activities}
    strange = [k for k in ticked if k not in labels]
    if strange:
        raise CampaignError(f"Unknown activity {strange[0]!r}", f"Không có hoạt động {strange[0]!r}")
    activities = ", ".join([labels[k] for k in ticked] + ([other.strip()] if other.strip() else []))
    quantity_keys = [a.quantity_field for a in config.quantity_activities] + ["participants"]
    given = dict(quantities or {})
    unknown = sorted(set(given) - set(quantity_keys))
    if unknown:
        raise CampaignError(f"Unknown quantity {unknown[0]!r}", f"Không có số liệu {unknown[0]!r}")
    content = {
        "received_at": received_at.isoformat(),
        "agency_code": agency_code,
        "activities": activities,
        **{k: int(given[k]) if given.get(k) is not None else "" for k in quantity_keys},
        "evidence": evidence.strip(),
        "notes": notes.strip(),
        "email_ref": email_ref.strip(),
        "by": by,
    }
    return _entry(EMAIL_REPORTS, content, nonce, config)


def resolution(config: Config, *, name_key: str, typed_name: str, agency_code: str, by: str, nonce: str) -> dict:
    """The coordinator's decision on a typed name: an agency's code, or NOT_ON_ROSTER."""
    decision = NOT_ON_ROSTER if agency_code == NOT_ON_ROSTER else AGENCY
    content = {
        "name_key": name_key,
        "typed_name": typed_name,
        "decision": decision,
        "agency_code": "" if decision == NOT_ON_ROSTER else agency_code,
        "by": by,
    }
    return _entry(RESOLUTIONS, content, nonce, config)


def undo_resolution(config: Config, *, name_key: str, typed_name: str, by: str, nonce: str) -> dict:
    content = {"name_key": name_key, "typed_name": typed_name, "decision": UNDO, "agency_code": "", "by": by}
    return _entry(RESOLUTIONS, content, nonce, config)


def chase(
    config: Config,
    *,
    agency_code: str,
    contacted_at: dt.datetime,
    channel: str,
    contact: str = "",
    note: str = "",
    promised: dt.date | None = None,
    by: str,
    nonce: str,
) -> dict:
    """One contact with an agency (a call, an email, a letter …) for the chase log."""
    if not agency_code:
        raise CampaignError("Choose the agency you contacted", "Hãy chọn đơn vị đã liên hệ")
    content = {
        "agency_code": agency_code,
        "contacted_at": contacted_at.isoformat(),
        "channel": channel,
        "contact": contact.strip(),
        "note": note.strip(),
        "promised_date": promised.isoformat() if promised else "",
        "by": by,
    }
    return _entry(CHASES, content, nonce, config)


def mail_mark(config: Config, *, message_id: str, subject: str = "", undo: bool = False, by: str, nonce: str) -> dict:
    """The coordinator's word on an email of the mailbox: it is no report (or, undone, it is to do again)."""
    if not message_id.strip():
        raise CampaignError("This email has no identifier to mark", "Thư này không có mã để đánh dấu")
    content = {"message_id": message_id.strip(), "subject": subject, "decision": UNDO if undo else NOT_A_REPORT, "by": by}
    return _entry(MAIL_MARKS, content, nonce, config)


def document_settings(config: Config, values, *, by: str, nonce: str) -> dict:
    """What only a person knows for the documents (campaign.document_inputs.DocumentInputs), as one entry."""
    return _entry(DOCUMENT_SETTINGS, values.as_text() | {"by": by}, nonce, config)


def link_check(
    config: Config,
    *,
    url: str,
    checked_on: dt.date,
    state: str,
    status: int | None,
    content_type: str,
    final_url: str,
    detail: str,
    by: str,
) -> dict:
    """What the link check found for one link on one day (one entry per link per day: the day is the nonce)."""
    content = {
        "url": url,
        "checked_on": checked_on.isoformat(),
        "state": state,
        "status": "" if status is None else str(status),
        "content_type": content_type[:100],
        "final_url": final_url,
        "detail": detail[:300],
        "by": by,
    }
    return _entry(LINK_CHECKS, content, checked_on.isoformat(), config)


def report_photo(config: Config, *, url: str, chosen: bool, caption_vi: str, caption_en: str, by: str, nonce: str) -> dict:
    """A photo chosen for the reports (or taken out again), with its caption in each language."""
    if chosen and not (caption_vi.strip() and caption_en.strip()):
        raise CampaignError(
            "Write the caption in both languages (who, what, when) before choosing the photo for the reports",
            "Hãy viết chú thích bằng cả hai thứ tiếng (ai, làm gì, khi nào) trước khi chọn ảnh cho báo cáo",
        )
    content = {"url": url, "chosen": "x" if chosen else "", "caption_vi": caption_vi, "caption_en": caption_en, "by": by}
    return _entry(REPORT_PHOTOS, content, nonce, config)


# --- the actions ----------------------------------------------------------------------------------------------


def record(store: EntryStore, kind: str, entry: dict, *, per_day: int | None = None, saved: StoreData | None = None) -> None:
    """Append one entry; raises the store's error (StoreWriteError …) when it did not happen, and TooManyEntries
    (nothing written) when the store already holds `per_day` entries saved on the entry's day. `saved`: the store as
    last read (the app's, refreshed after each save), so that counting costs the Sheets API no extra read."""
    if per_day is not None:
        day = str(entry.get("at", ""))[:10]
        saved = saved if saved is not None else store.read()
        today = sum(int(table["at"].astype(str).str.startswith(day).sum()) for table in saved.tables.values() if "at" in table)
        if day and today >= per_day:
            raise TooManyEntries(
                f"{today} entries were already saved on {day}, the most a day allows (max_entries_per_day = {per_day} "
                "in campaign.toml's [limits]); nothing was saved. Save it tomorrow, or ask the administrator to raise it",
                f"Hôm nay ({day}) đã lưu {today} mục, mức tối đa cho một ngày (max_entries_per_day = {per_day} trong "
                "[limits] của campaign.toml); chưa lưu gì. Hãy lưu vào ngày mai, hoặc nhờ người quản trị nâng mức này",
            )
    store.append(kind, entry)


def change_roster(store: EntryStore, base: pd.DataFrame, edited: pd.DataFrame, by: str) -> int:
    """Save what changed between the roster as read (`base`) and as edited; 0 when nothing did.

    Raises RosterInvalid (nothing saved) for a roster that may not be saved, and the store's RosterConflict when
    someone else saved the same rows since `base` was read.
    """
    _require_who(by)
    problems = validate_roster(edited, base)
    if problems:
        raise RosterInvalid(problems)
    changed = changed_rows(base, edited)
    if changed.empty:
        return 0
    return store.save_roster(base, changed, by)


# --- what the desk looks at -------------------------------------------------------------------------------------


def resolution_candidates(report) -> pd.DataFrame:
    """One row per typed name the coordinator may decide on: unmatched, close-name, or already decided."""
    subs = report.submissions
    live = subs[~subs["blank"] & (subs["source"] == "form") & subs["match"].isin(DECIDABLE)]
    live = live[live["agency_name"] != ""]
    if live.empty:
        return pd.DataFrame(columns=["name_key", "typed_name", "rows", "match", "agency_code", "suggestions"])
    keys = live["agency_name"].map(fold_name)
    grouped = live.assign(name_key=keys).groupby("name_key", sort=False)
    return pd.DataFrame(
        {
            "typed_name": grouped["agency_name"].first(),
            "rows": grouped["row"].apply(lambda r: ", ".join(str(int(x)) for x in r)),
            "match": grouped["match"].first(),
            "agency_code": grouped["agency_code"].first(),
            "suggestions": grouped["suggestions"].first(),
        }
    ).reset_index()


def suggested_codes(row: Mapping, roster_codes: Iterable[str]) -> list[str]:
    """The agencies to offer first for a typed name: its near match, then the matcher's suggestions, on the roster."""
    listed = [part.strip().split(" ", 1)[0] for part in str(row.get("suggestions") or "").split(";") if part.strip()]
    first = [row["agency_code"]] if row.get("match") == FUZZY else []
    known = set(roster_codes)
    return [c for c in dict.fromkeys(first + listed) if c in known]


# --- reminders the app sends --------------------------------------------------------------------------------------

# Why an agency is not emailed now: it reported, it has no address to write to, it was emailed too recently. One
# CONTACTED otherwise (a call, a letter) within the hours is not chosen by default, but may be chosen.
REPORTED, NO_EMAIL, RECENT, CONTACTED = "reported", "no_email", "recent", "contacted"


class Sender(Protocol):
    """What sends one email (data_sources/mailer.py): returns its Message-ID, raises MailRefused / MailStopped."""

    def send(self, to: tuple[str, ...], subject: str, body: str) -> str: ...


@dataclass(frozen=True)
class ReminderEmail:
    """One reminder exactly as it will go: the agency, its addresses, the subject and the body."""

    code: str
    to: tuple[str, ...]
    subject: str
    body: str


@dataclass
class SendResult:
    """What one press did: the agencies emailed, those that failed with the server's answer, and why it stopped."""

    sent: list[tuple[str, str]] = field(default_factory=list)  # (code, Message-ID)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (code, the server's answer)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (code, REPORTED / NO_EMAIL / RECENT) at the press
    # What stopped the send: a wrong password, a server out of reach (MailStopped), or a store that did not save
    stopped: CampaignError | None = None


def last_contacted(chases: pd.DataFrame | None, channel: str | None = None) -> dict[str, pd.Timestamp]:
    """Per agency code, when it was last contacted (by `channel` only, if given); a reminder that never left
    (EMAIL_FAILED) is no contact."""
    if chases is None or chases.empty:
        return {}
    kept = chases[chases["channel"] == channel] if channel else chases[chases["channel"] != EMAIL_FAILED]
    when = pd.to_datetime(kept["contacted_at"], errors="coerce", utc=True, format="ISO8601")
    return when.groupby(kept["agency_code"]).max().dropna().to_dict()


def reminder_plan(
    agencies: pd.DataFrame,
    chases: pd.DataFrame | None,
    now: dt.datetime,
    min_hours_between: float,
    has_address: Callable[[str], bool],
) -> pd.DataFrame:
    """Which agencies to remind now, and why not the others: one row per agency (code, status, last_emailed,
    reason: '' to remind, REPORTED, NO_EMAIL, RECENT or CONTACTED), in the order given.

    Only an agency missing at this moment is reminded (one that reported, late or not, never is); one emailed
    less than `min_hours_between` hours ago is RECENT (the coordinator may override that, agency by agency); one
    contacted otherwise within those hours is CONTACTED (not chosen by default)."""
    last = last_contacted(chases, "email")
    contacted = last_contacted(chases)
    since = pd.Timestamp(now).tz_convert("UTC") - pd.Timedelta(hours=min_hours_between)

    def reason(code: str, status: str, email: str) -> str:
        if status != "missing":
            return REPORTED
        if not has_address(email):
            return NO_EMAIL
        if code in last and last[code] > since:
            return RECENT
        return CONTACTED if code in contacted and contacted[code] > since else ""

    emails = agencies["email"].fillna("") if "email" in agencies else pd.Series("", index=agencies.index)
    return pd.DataFrame(
        {
            "code": agencies["code"].to_numpy(),
            "status": agencies["status"].to_numpy(),
            "last_emailed": [last.get(c, pd.NaT) for c in agencies["code"]],
            "reason": [reason(c, s, e) for c, s, e in zip(agencies["code"], agencies["status"], emails)],
        }
    )


def to_send(plan: pd.DataFrame, chosen: Iterable[str], overridden: Iterable[str] = (), limit: int | None = None) -> list[str]:
    """The chosen agencies the plan lets go now (RECENT ones only when overridden), at most `limit`, in plan order."""
    chosen, overridden = set(chosen), set(overridden)
    free = plan["reason"].isin(["", CONTACTED])
    ok = plan["code"].isin(chosen) & (free | ((plan["reason"] == RECENT) & plan["code"].isin(overridden)))
    codes = list(plan.loc[ok, "code"])
    return codes[:limit] if limit is not None else codes


def email_sent(config: Config, *, agency_code: str, sent_at: dt.datetime, to: Iterable[str], message_id: str, by: str) -> dict:
    """The chase-log entry of a reminder the server took: channel email, to whom, when, its Message-ID."""
    note = f"Thư nhắc gửi từ ứng dụng; Message-ID: {message_id}"
    return chase(
        config,
        agency_code=agency_code,
        contacted_at=sent_at,
        channel="email",
        contact=", ".join(to),
        note=note,
        by=by,
        nonce=message_id,
    )


def email_failed(config: Config, *, agency_code: str, tried_at: dt.datetime, to: Iterable[str], answer: str, by: str) -> dict:
    """The chase-log entry of a reminder the server did not take, with its answer (never counted as a contact)."""
    note = f"Không gửi được: {answer}"
    return chase(
        config,
        agency_code=agency_code,
        contacted_at=tried_at,
        channel=EMAIL_FAILED,
        contact=", ".join(to),
        note=note,
        by=by,
        nonce=new_nonce(),
    )


def send_reminders(
    config: Config,
    emails: Iterable[ReminderEmail],
    sender: Sender,
    store: EntryStore,
    *,
    by: str,
    pause_seconds: float = 0.0,
    clock: Callable[[], dt.datetime] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> SendResult:
    """Send each reminder, pausing between two, and log each in the chase log as it goes (a sent one with its
    Message-ID, a refused one with the server's answer); stop at the first error that stops the send (a wrong
    password, a server out of reach), logged too. The caller has already cut the list to `max_per_send`."""
    _require_who(by)
    clock = clock or (lambda: dt.datetime.now(config.tz))
    result = SendResult()
    for i, email in enumerate(emails):
        if i and pause_seconds:
            sleep(pause_seconds)
        at = clock()
        try:
            message_id = sender.send(email.to, email.subject, email.body)
        except MailRefused as exc:
            answer = exc.answer or exc.en
            result.failed.append((email.code, answer))
            record(store, CHASES, email_failed(config, agency_code=email.code, tried_at=at, to=email.to, answer=answer, by=by))
            if exc.stops_the_send:
                result.stopped = exc
                break
            continue
        result.sent.append((email.code, message_id))
        try:
            record(
                store, CHASES, email_sent(config, agency_code=email.code, sent_at=at, to=email.to, message_id=message_id, by=by)
            )
        except CampaignError as exc:  # sent but not logged: no further email goes out unlogged
            result.stopped = exc
            break
    return result
