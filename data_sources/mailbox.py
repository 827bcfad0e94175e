"""The department's mailbox as a source: `[inbox]` in secrets, read with imapclient, read-only.

One IMAP session per read. The folder is opened with EXAMINE (select_folder(readonly=True)) and every fetch is a
BODY.PEEK, so no flag changes, nothing is marked read; the reader never sends STORE, EXPUNGE, COPY, MOVE or APPEND and
never answers anyone. Bounded: the emails of the campaign's days only ([mailbox] in campaign.toml), the newest
`max_messages` of them, the whole message only under `max_message_mb` and within `max_total_mb` for the read (a
larger one, or one past the budget, is listed from its headers), and a socket timeout on every answer.

Errors: anything that stops the read (the server out of reach, a wrong password, a missing folder, a timeout) is a
SourceError saying what to do, in both languages; the app then shows the last good list.
"""

from __future__ import annotations

import datetime as dt
import ssl
from collections.abc import Mapping
from dataclasses import dataclass

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError, LoginError

from campaign.config import Config
from campaign.errors import CampaignError, SourceError
from campaign.mail_candidates import Mail
from data_sources.secret_tables import check_table

SECURITY = ("ssl", "starttls", "none")
KEYS = ("host", "port", "security", "user", "password", "folder", "cafile")
LOOPBACK = ("127.0.0.1", "localhost", "::1")
BATCH = 50  # messages per FETCH: a few large answers rather than one huge one


@dataclass(frozen=True)
class InboxSettings:
    """[inbox] in secrets: where the department's mailbox is, and the account that reads it."""

    host: str
    port: int
    security: str  # ssl (port 993), starttls (port 143), none (this machine only: tests)
    user: str
    password: str
    folder: str = "INBOX"
    cafile: str = ""  # the Ministry's own certificate authority, when its server's certificate is signed by it

    @property
    def identity(self) -> tuple:
        """What names this mailbox in the read cache (never the password)."""
        return ("inbox", self.host, self.port, self.user, self.folder)


def inbox_settings(table: Mapping | None) -> InboxSettings | None:
    """The settings from secrets' `[inbox]` table; None without one; a CampaignError saying what to fix."""
    if not table:
        return None
    check_table("inbox", table, KEYS, ("host", "user", "password"), "'The mailbox'")
    security = str(table.get("security", "ssl")).lower()
    host = str(table["host"]).strip()
    if security not in SECURITY or (security == "none" and host not in LOOPBACK):
        # A password in clear over the network: refused; "none" is for a server on this machine.
        raise CampaignError(
            f"[inbox] security = {security!r}: use ssl (port 993) or starttls (port 143); none only for {LOOPBACK[0]}",
            f"[inbox] security = {security!r}: hãy dùng ssl (cổng 993) hoặc starttls (cổng 143); none chỉ cho {LOOPBACK[0]}",
        )
    try:
        port = int(table.get("port", 993 if security == "ssl" else 143))
    except (TypeError, ValueError):
        raise CampaignError("[inbox] port must be a number", "[inbox] port phải là một số") from None
    return InboxSettings(
        host=host,
        port=port,
        security=security,
        user=str(table["user"]),
        password=str(table["password"]),
        folder=str(table.get("folder", "INBOX")) or "INBOX",
        cafile=str(table.get("cafile", "")),
    )


@dataclass(frozen=True)
class MailboxRead:
    """One read: the emails (newest first), how many of the period were left out by max_messages, when."""

    mails: tuple[Mail, ...]
    left_out: int
    read_at: dt.datetime


def _failed(settings: InboxSettings, exc: BaseException) -> SourceError:
    where = f"{settings.host}:{settings.port}"
    answer = " ".join(str(exc).split())[:300] or type(exc).__name__
    if isinstance(exc, LoginError) or "authenticat" in answer.lower():
        return SourceError(
            f"The mailbox {where} refused the user or password ({answer}); check [inbox] user and password "
            "(an app password if the account has two-step sign-in)",
            f"Hộp thư {where} từ chối tên đăng nhập hoặc mật khẩu ({answer}); hãy kiểm tra [inbox] user và password "
            "(mật khẩu ứng dụng nếu tài khoản bật xác minh hai bước)",
        )
    return SourceError(
        f"The mailbox {where} could not be read ({answer}); check that IMAP is enabled and the server is reachable, "
        "then press Refresh",
        f"Không đọc được hộp thư {where} ({answer}); hãy kiểm tra IMAP đã bật và máy chủ truy cập được, rồi bấm Làm mới",
    )


def _connect(settings: InboxSettings, timeout: float) -> IMAPClient:
    context = ssl.create_default_context(cafile=settings.cafile or None)
    client = IMAPClient(settings.host, port=settings.port, ssl=settings.security == "ssl", ssl_context=context, timeout=timeout)
    if settings.security == "starttls":
        client.starttls(context)
    return client


def read_mailbox(settings: InboxSettings, config: Config, clock=None) -> MailboxRead:
    """The emails of the campaign's days, newest first, read-only and bounded ([mailbox] in campaign.toml)."""
    bounds = config.mailbox
    first, last = bounds.days(config.campaign)
    max_bytes = int(bounds.max_message_mb * 1024 * 1024)
    try:
        client = _connect(settings, bounds.timeout_seconds)
    except (OSError, IMAPClientError, ValueError) as exc:  # TimeoutError and ssl.SSLError are OSErrors
        raise _failed(settings, exc) from None
    try:
        client.normalise_times = False  # INTERNALDATE with its own offset, not turned into this machine's time
        client.login(settings.user, settings.password)
        client.select_folder(settings.folder, readonly=True)  # EXAMINE: nothing in the folder can change
        uids = client.search(["SINCE", first, "BEFORE", last + dt.timedelta(days=1)])
        facts = {}
        for start in range(0, len(uids), BATCH * 10):
            facts.update(client.fetch(uids[start : start + BATCH * 10], ["INTERNALDATE", "RFC822.SIZE"]))
        newest = sorted(facts, key=lambda uid: (facts[uid][b"INTERNALDATE"], uid), reverse=True)
        kept = newest[: bounds.max_messages]
        small, budget = set(), int(bounds.max_total_mb * 1024 * 1024)
        for uid in kept:  # newest first, each under the bound, all together under the read's budget
            size = int(facts[uid][b"RFC822.SIZE"])
            if size <= max_bytes and size <= budget:
                small.add(uid)
                budget -= size
        headers, bodies = {}, {}
        for start in range(0, len(kept), BATCH):
            chunk = kept[start : start + BATCH]
            for uid, data in client.fetch(chunk, ["BODY.PEEK[HEADER]"]).items():
                headers[uid] = data.get(b"BODY[HEADER]") or b""
            wanted = [uid for uid in chunk if uid in small]
            if wanted:
                for uid, data in client.fetch(wanted, ["BODY.PEEK[]"]).items():
                    bodies[uid] = data.get(b"BODY[]")
    except (OSError, IMAPClientError, ValueError) as exc:  # TimeoutError and ssl.SSLError are OSErrors
        raise _failed(settings, exc) from None
    finally:
        try:
            client.logout()
        except Exception:  # noqa: BLE001, S110 - the read is over either way; a dead connection cannot log out
            pass
    mails = tuple(
        Mail(
            uid=int(uid),
            received=_aware(facts[uid][b"INTERNALDATE"]),
            size=int(facts[uid][b"RFC822.SIZE"]),
            header=headers.get(uid, b""),
            body=bodies.get(uid),
        )
        for uid in kept
    )
    now = (clock or (lambda: dt.datetime.now(dt.UTC)))()
    return MailboxRead(mails, len(newest) - len(kept), now)


def _aware(moment: dt.datetime) -> dt.datetime:
    """INTERNALDATE always carries its zone; should a server leave it out, it is read as UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
