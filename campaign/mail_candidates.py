"""Emails read from the department's mailbox, each as a report candidate: when it arrived, who sent it, the agency it
is matched to and why, its attachments, the quantities its text states.

Pure: the mailbox is read by data_sources/mailbox.py, which hands over plain `Mail` values. Mail is hostile input:
every message is parsed in its own try, and one that cannot be read is a candidate with a problem, never lost.
Nothing here guesses an agency: one address, one domain of one agency, or the Form's name matcher with its own rule.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import hashlib
import io
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr

import pandas as pd

from campaign.config import Config
from campaign.matching import Matcher
from campaign.names import fold_name
from campaign.roster import split_multi
from campaign.status import timeliness
from campaign.store import NOT_A_REPORT

# Why an email is matched to its agency (or not): the page says it in words (presentation/labels.py "mail_why_…").
BY_ADDRESS, BY_DOMAIN, BY_FORWARDED, BY_SUBJECT, BY_TEXT = "address", "domain", "forwarded", "subject", "text"
BY_SENDER_NAME = "sender_name"
MANY_AT_DOMAIN, NAMES_DISAGREE, UNKNOWN = "domain_many", "names_disagree", "unknown"
# Webmail domains: many agencies write from them, so the domain says nothing of who wrote.
PUBLIC_DOMAINS = frozenset(
    {"gmail.com", "yahoo.com", "yahoo.com.vn", "outlook.com", "hotmail.com", "live.com", "icloud.com", "mail.ru", "zoho.com"}
)
MAX_DOMAIN_AGENCIES = 10  # a domain more agencies write from than this (a shared host) says nothing of who wrote
TEXT_LINES = 8  # lines of the body read for an agency's name (the letter's heading and signature come first)
MAX_TEXT_CHARS = 4_000  # of the body kept for the page (and read for quantities)
MAX_PDF_PAGES_READ = 2_000  # a PDF claiming more pages is counted no further
THUMBNAIL_PX = 160  # a picture's thumbnail fits this square
MAX_PICTURE_PIXELS = 40_000_000  # a picture claiming more (a decompression bomb, or a poster scan) gets no thumbnail

_AUTO_SUBJECT = re.compile(r"tự động trả lời|trả lời tự động|automatic reply|auto[- ]?reply|out of (the )?office", re.I)
_FORWARD_SUBJECT = re.compile(r"^\s*(fwd?|tr|tb|chuyển tiếp)\s*:", re.I)
_REPLY_SUBJECT = re.compile(r"^\s*(re|trả lời|tl)\s*:", re.I)
# The lines a mail program puts above a forwarded message, then its "From:" line.
_FORWARD_MARK = re.compile(
    r"(-{3,}\s*(forwarded message|original message|thư chuyển tiếp|thư gốc)\s*-{3,}|^\s*begin forwarded message:)", re.I | re.M
)
_FROM_LINE = re.compile(r"^\s*(?:from|từ|người gửi)\s*:\s*(.+)$", re.I | re.M)
_SIGNATURE = re.compile(rb"/ByteRange\s*\[")
_TAGS = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]*>", re.I | re.S)
_NUMBER_WORDS = re.compile(r"(?<![\d/.,:-])(\d{1,6})(?![\d/.,:-]\d)\s+((?:[^\W\d_]+\s*){1,3})", re.U)


@dataclass(frozen=True)
class Mail:
    """One message as the mailbox gave it: its number there, when the server received it (INTERNALDATE), its size,
    its header block, and the whole message when it was under the size bound (None for a larger one)."""

    uid: int
    received: dt.datetime
    size: int
    header: bytes
    body: bytes | None = None


@dataclass(frozen=True)
class Attachment:
    name: str
    content_type: str
    size: int
    pages: int | None = None  # a PDF's page count, when it could be read
    signed: bool = False  # a PDF with a signature dictionary (/ByteRange): "có chữ ký số"
    problem: str = ""  # why it could not be read (the page shows it as text)
    thumbnail: bytes | None = None  # a picture's small copy, drawn again as PNG (the original never reaches a browser)

    @property
    def kind(self) -> str:
        """image, video, pdf or file: how the page shows it."""
        main = self.content_type.split("/")[0]
        if self.content_type == "application/pdf" or self.name.lower().endswith(".pdf"):
            return "pdf"
        return main if main in ("image", "video") else "file"


@dataclass(frozen=True)
class Candidate:
    """One email as a report candidate."""

    message_id: str  # the Message-ID (or, for one without, a stable id made from its header)
    uid: int
    received: pd.Timestamp  # INTERNALDATE, in campaign time
    date_header: str  # what the sender's Date: said, beside it
    timeliness: str  # on_time / late, by `received`
    sender: str  # the address
    sender_name: str
    subject: str
    agency_code: str = ""  # '' when no agency is certain
    choices: tuple[str, ...] = ()  # agencies to pick from (a domain several agencies write from, names that disagree)
    why: str = UNKNOWN  # BY_ADDRESS … (see above)
    not_a_report: str = ""  # "auto_reply" for an automatic answer
    reply: bool = False  # an answer to an email (our reminder, often)
    forwarded_from: str = ""  # the address in a forwarded message's headers
    attachments: tuple[Attachment, ...] = ()
    suggestions: dict[str, int] = field(default_factory=dict)  # quantity field (or participants) → the number stated
    text: str = ""  # the body as plain text, bounded (HTML stripped of its tags, never rendered)
    size: int = 0
    complete: bool = True  # False: larger than the bound, read from its headers only
    problem: str = ""  # why (part of) it could not be read


# --- reading one message -----------------------------------------------------------------------------------------


def _header(msg: EmailMessage, name: str) -> str:
    """A header's decoded text ('' when absent or undecodable)."""
    try:
        value = msg.get(name)
        return " ".join(str(value).split()) if value is not None else ""
    except Exception:  # noqa: BLE001 - a malformed header is no header
        return ""


def _addresses(value: str) -> list[tuple[str, str]]:
    return [(name, addr.strip().lower()) for name, addr in getaddresses([value]) if "@" in addr]


def message_id(msg: EmailMessage, header: bytes) -> str:
    """The Message-ID, or one made from the header block (the same at every read) for an email without one."""
    found = _header(msg, "Message-ID").strip()
    return found if found else f"<{hashlib.sha256(header).hexdigest()[:32]}@no-message-id>"


def is_auto_reply(msg: EmailMessage, subject: str) -> bool:
    """An automatic answer (RFC 3834 Auto-Submitted, the X-Autoreply family, an out-of-office subject)."""
    auto = _header(msg, "Auto-Submitted").lower()
    if auto and auto != "no":
        return True
    if any(_header(msg, h) for h in ("X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress-Reply")):
        return True
    return _header(msg, "Precedence").lower() == "auto_reply" or bool(_AUTO_SUBJECT.search(subject))


def _text_of(part: EmailMessage) -> str:
    try:
        content = part.get_content()
    except Exception:  # noqa: BLE001 - an unknown charset or a broken transfer encoding: the raw bytes as text
        payload = part.get_payload(decode=True) or b""
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else str(payload)
    return content if isinstance(content, str) else ""


def plain_text(msg: EmailMessage) -> str:
    """The body as plain text: the text/plain part, or the HTML one with its tags (and scripts) taken out."""
    body = msg.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    text = _text_of(body)
    if body.get_content_subtype() == "html":
        text = _TAGS.sub(" ", text)
        text = re.sub(r"&nbsp;?", " ", text)
        text = re.sub(r"[ \t]+", " ", text)
    text = "\n".join(line.strip() for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", text).strip()[:MAX_TEXT_CHARS]


def pdf_facts(data: bytes) -> tuple[int | None, bool, str]:
    """(pages, signed, problem) of a PDF: its page count (pypdf), and whether it holds a signature dictionary."""
    signed = bool(_SIGNATURE.search(data))
    try:
        from pypdf import PdfReader

        pages = len(PdfReader(io.BytesIO(data), strict=False).pages)
    except Exception as exc:  # noqa: BLE001 - a broken PDF is listed with why
        return None, signed, f"PDF: {type(exc).__name__}"
    return (pages if pages <= MAX_PDF_PAGES_READ else None), signed, ""


def thumbnail(data: bytes) -> bytes | None:
    """A picture's thumbnail as PNG (Pillow), None for one that cannot be read or claims too many pixels."""
    try:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PICTURE_PIXELS:
                return None
            image.draft("RGB", (THUMBNAIL_PX, THUMBNAIL_PX))  # a JPEG is decoded at a fraction of its size
            image.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX))
            out = io.BytesIO()
            image.convert("RGB").save(out, format="PNG")
            return out.getvalue()
    except Exception:  # noqa: BLE001 - a broken picture is listed without its thumbnail
        return None


def attachments(msg: EmailMessage) -> list[Attachment]:
    """Every attached file (a part with a file name, or one that is no text of the body), with its type and size."""
    found = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        name = part.get_filename() or ""
        ctype = part.get_content_type()
        if not name and (part.get_content_maintype() == "text" or part.get_content_disposition() != "attachment"):
            if part.get_content_maintype() not in ("image", "video", "application", "audio"):
                continue
        try:
            data = part.get_payload(decode=True) or b""
        except Exception:  # noqa: BLE001
            data = b""
        pages, signed, problem, small = None, False, "", None
        if ctype == "application/pdf" or name.lower().endswith(".pdf"):
            pages, signed, problem = pdf_facts(data)
        elif part.get_content_maintype() == "image":
            small = thumbnail(data)
        label = " ".join(str(name).split()) or "(không tên)"
        found.append(Attachment(label, ctype, len(data), pages, signed, problem, small))
    return found


def forwarded_sender(msg: EmailMessage, text: str) -> str:
    """The address a forwarded report came from: an attached message's From, or the From line under the
    forwarding mark in the text ('' when none)."""
    for part in msg.walk():
        if part.get_content_type() == "message/rfc822":
            try:
                inner = part.get_content()
                found = _addresses(_header(inner, "From"))
            except Exception:  # noqa: BLE001
                found = []
            if found:
                return found[0][1]
    mark = _FORWARD_MARK.search(text)
    if mark:
        line = _FROM_LINE.search(text, mark.end())
        if line:
            addr = parseaddr(line.group(1).replace("[mailto:", "<").replace("]", ">"))[1]
            if "@" in addr:
                return addr.strip().lower()
            emails = re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", line.group(1))
            if emails:
                return emails[0].lower()
    return ""


# --- the agency ------------------------------------------------------------------------------------------------


class Roster:
    """The roster's addresses and domains, and the Form's name matcher, built once per read."""

    def __init__(self, roster: pd.DataFrame, config: Config):
        self.matcher = Matcher(roster, config.matching.min_score, config.matching.min_margin)
        self.by_domain: dict[str, set[str]] = defaultdict(set)
        for code, emails in zip(roster["code"], roster["email"]):
            for address in split_multi(emails):
                domain = address.rsplit("@", 1)[-1].strip().lower()
                if domain and domain not in PUBLIC_DOMAINS:
                    self.by_domain[domain].add(code)
        self.by_domain = {d: codes for d, codes in self.by_domain.items() if len(codes) <= MAX_DOMAIN_AGENCIES}

    def by_address(self, address: str) -> tuple[str, tuple[str, ...]]:
        """(agency, choices) by an address, then its domain: one agency, or several to pick from."""
        code = self.matcher.match_email(address)
        if code:
            return code, ()
        codes = self.by_domain.get(address.rsplit("@", 1)[-1], set())
        return (next(iter(codes)), ()) if len(codes) == 1 else ("", tuple(sorted(codes)))

    def by_name(self, texts: Iterable[str]) -> tuple[str, tuple[str, ...]]:
        """(agency, disagreeing agencies) from pieces of text read by the Form's matcher: one agency only when every
        piece that names an agency names the same one."""
        codes = []
        for text in texts:
            for piece in re.split(r"\s+[-–—|]\s+|[:;\n]", text):
                piece = piece.strip(" .,")
                if len(fold_name(piece)) < 4:
                    continue
                hit = self.matcher.read_name(piece)
                if hit.code and not hit.fuzzy:
                    codes.append(hit.code)
        found = tuple(dict.fromkeys(codes))
        return (found[0], ()) if len(found) == 1 else ("", found)


def _agency(
    roster: Roster, sender: str, forwarded: str, subject: str, text: str, sender_name: str = ""
) -> tuple[str, tuple[str, ...], str]:
    """(agency, choices, why): a forwarded report's own sender first, then the sender, then the names read: the
    name the sender's mail program shows ("Sở TT&TT Hà Nội <stttt@…>"), the subject, the first lines."""
    many: tuple[str, ...] = ()
    for address, why in ((forwarded, BY_FORWARDED), (sender, BY_ADDRESS)):
        if not address:
            continue
        code, choices = roster.by_address(address)
        if code:
            exact = roster.matcher.match_email(address) == code
            return code, (), why if (why == BY_FORWARDED or exact) else BY_DOMAIN
        many = many or choices
    lines = [line for line in text.splitlines() if line.strip()][:TEXT_LINES]
    named = [sender_name] if sender_name.strip() and not forwarded else []  # a forward's display name is the forwarder's
    subject_read = [_FORWARD_SUBJECT.sub("", _REPLY_SUBJECT.sub("", subject))]
    for pieces, why in ((named, BY_SENDER_NAME), (subject_read, BY_SUBJECT), (lines, BY_TEXT)):
        if not pieces:
            continue
        code, disagree = roster.by_name(pieces)
        if code and (not many or code in many):
            return code, (), why
        if disagree:
            return "", tuple(sorted(set(disagree) | set(many))), NAMES_DISAGREE
    return "", many, MANY_AT_DOMAIN if many else UNKNOWN


# --- quantities -------------------------------------------------------------------------------------------------

PARTICIPANT_WORDS = ("nguoi", "dai bieu", "luot nguoi", "can bo", "participants", "people")


def quantity_words(config: Config) -> dict[str, list[str]]:
    """Each quantity field's words (its activity's labels, folded), and participants' own."""
    words = {
        a.quantity_field: [fold_name(t) for t in (a.label_vi, a.short_vi, a.label_en, a.short_en) if t]
        for a in config.quantity_activities
    }
    words["participants"] = list(PARTICIPANT_WORDS)
    return words


def suggest_quantities(text: str, config: Config) -> dict[str, int]:
    """Quantities the text states ("treo 20 băng rôn", "đăng 15 bài"): a number, then words that belong to one
    quantity's activity only. Suggestions for the coordinator, never filled in by themselves; the first stated wins."""
    fields = quantity_words(config)
    found: dict[str, int] = {}
    for number, after in _NUMBER_WORDS.findall(text):
        value = int(number)
        if 1900 <= value <= 2100:  # a year
            continue
        words = fold_name(after).split()
        for size in range(min(len(words), 3), 0, -1):
            phrase = f" {' '.join(words[:size])} "
            owners = {k for k, texts in fields.items() if any(phrase in f" {t} " for t in texts)}
            if len(owners) == 1:
                found.setdefault(owners.pop(), value)
                break
            if len(owners) > 1:
                break
    return found


# --- the candidate -------------------------------------------------------------------------------------------------


def candidate(mail: Mail, roster: Roster, config: Config) -> Candidate:
    """One email as a report candidate; one that cannot be read is a candidate with a problem, never lost."""
    received = config.local(mail.received)
    when = timeliness(pd.Series([received]), config.deadline)[0]
    raw = mail.body if mail.body is not None else mail.header
    try:
        msg = email.message_from_bytes(raw, policy=email.policy.default)
    except Exception as exc:  # noqa: BLE001 - hostile bytes: the candidate says so
        ident = f"<{hashlib.sha256(mail.header).hexdigest()[:32]}@no-message-id>"
        return Candidate(ident, mail.uid, received, "", when, "", "", "", problem=f"{type(exc).__name__}", size=mail.size)
    subject = _header(msg, "Subject")
    sender_name, sender = (_addresses(_header(msg, "From")) or [("", "")])[0]
    problems = []
    text, files, forwarded = "", [], ""
    if mail.body is not None:
        for step in ("text", "files", "forwarded"):
            try:
                if step == "text":
                    text = plain_text(msg)
                elif step == "files":
                    files = attachments(msg)
                else:
                    forwarded = forwarded_sender(msg, text)
            except Exception as exc:  # noqa: BLE001 - what could be read is kept; the rest is named
                problems.append(f"{step}: {type(exc).__name__}")
    if getattr(msg, "defects", None):
        problems.append("MIME: " + ", ".join(sorted({type(d).__name__ for d in msg.defects}))[:200])
    forwarded = forwarded if forwarded != sender else ""
    code, choices, why = _agency(roster, sender, forwarded, subject, text, sender_name)
    return Candidate(
        message_id=message_id(msg, mail.header),
        uid=mail.uid,
        received=received,
        date_header=_header(msg, "Date"),
        timeliness=when,
        sender=sender,
        sender_name=sender_name,
        subject=subject,
        agency_code=code,
        choices=choices,
        why=why,
        not_a_report="auto_reply" if is_auto_reply(msg, subject) else "",
        reply=bool(_header(msg, "In-Reply-To")) or bool(_REPLY_SUBJECT.match(subject)),
        forwarded_from=forwarded,
        attachments=tuple(files),
        suggestions=suggest_quantities(f"{subject}\n{text}", config) if text or subject else {},
        text=text,
        size=mail.size,
        complete=mail.body is not None,
        problem="; ".join(problems),
    )


def candidates(mails: Iterable[Mail], roster: pd.DataFrame, config: Config) -> list[Candidate]:
    """Every email as a candidate, newest first."""
    known = Roster(roster, config)
    return sorted((candidate(m, known, config) for m in mails), key=lambda c: (c.received, c.uid), reverse=True)


# --- what the coordinator has done with each email ----------------------------------------------------------------

RECORDED, TO_DO = "recorded", "to_do"  # and NOT_A_REPORT (campaign/store.py)
MAIL_STATUSES = (TO_DO, RECORDED, NOT_A_REPORT)


def not_reports(marks: pd.DataFrame | None) -> frozenset[str]:
    """The Message-IDs the coordinator said are no report: the latest mark per email (an undo takes it back)."""
    if marks is None or marks.empty:
        return frozenset()
    ordered = marks.assign(_n=range(len(marks))).sort_values(["at", "_n"], kind="stable")
    latest = dict(zip(ordered["message_id"], ordered["decision"]))
    return frozenset(m for m, decision in latest.items() if m and decision == NOT_A_REPORT)


def mail_status(found: Candidate, recorded: frozenset[str], marked: frozenset[str]) -> str:
    """RECORDED (an emailed report keeps its Message-ID), NOT_A_REPORT (said so, or an automatic reply) or TO_DO."""
    if found.message_id in recorded:
        return RECORDED
    if found.message_id in marked or found.not_a_report:
        return NOT_A_REPORT
    return TO_DO


def waiting_by_agency(found: Iterable[Candidate], recorded: frozenset[str], marked: frozenset[str]) -> dict[str, int]:
    """Per agency, its emails still to do: an agency that has written is not chased."""
    counts: dict[str, int] = defaultdict(int)
    for c in found:
        if c.agency_code and mail_status(c, recorded, marked) == TO_DO:
            counts[c.agency_code] += 1
    return dict(counts)


def evidence_text(found: Candidate) -> str:
    """What the emailed-report form's evidence holds for an email: its subject, sender and attachments' names."""
    files = [
        a.name + (" (có chữ ký số)" if a.signed else "") + (f" ({a.pages} trang)" if a.pages else "") for a in found.attachments
    ]
    lines = [f"Email: {found.subject} — {found.sender}"]
    if files:
        lines.append("Tệp đính kèm: " + "; ".join(files))
    return "\n".join(lines)


def recording_values(found: Candidate) -> dict:
    """The emailed-report form, filled from an email: the agency (when certain), the moment the server received it,
    the subject and attachments as evidence, its Message-ID. Quantities are not filled: they are suggestions."""
    return {
        "agency_code": found.agency_code or None,
        "received_at": found.received.to_pydatetime(),
        "evidence": evidence_text(found),
        "email_ref": found.message_id,
    }
