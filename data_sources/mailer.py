"""The Ministry's mail server as the sender of reminders and the digest: `[smtp]` in secrets, the standard library's
smtplib and email. Nothing sends without `[smtp]`.

Errors: one message the server refuses is a MailRefused (the next may go); a wrong user or password, or a server
that cannot be reached, is a MailStopped (nothing more is tried). Both carry the server's answer.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from email_validator import EmailNotValidError, validate_email

from campaign.errors import CampaignError, MailRefused, MailStopped
from data_sources.secret_tables import check_table

SECURITY = ("starttls", "ssl", "none")
KEYS = ("host", "port", "security", "user", "password", "from", "cafile", "timeout")


@dataclass(frozen=True)
class SmtpSettings:
    """[smtp] in secrets: where and how to send, and the From address."""

    host: str
    port: int
    security: str  # starttls (port 587), ssl (port 465), none (a relay inside the Ministry's network only)
    user: str
    password: str
    sender: str  # the From address
    cafile: str = ""  # the Ministry's own certificate authority, when its server's certificate is signed by it
    timeout: float = 20.0

    @property
    def domain(self) -> str:
        return self.sender.rsplit("@", 1)[-1]


def smtp_settings(table: Mapping | None) -> SmtpSettings | None:
    """The settings from secrets' `[smtp]` table; None without one; a CampaignError saying what to fix."""
    if not table:
        return None
    check_table("smtp", table, KEYS, ("host", "from"), "Follow-up, 'Sending reminders'")
    security = str(table.get("security", "starttls")).lower()
    if security not in SECURITY:
        raise CampaignError(
            f"[smtp] security = {security!r}: use one of {', '.join(SECURITY)}",
            f"[smtp] security = {security!r}: hãy dùng một trong {', '.join(SECURITY)}",
        )
    try:
        sender = validate_email(str(table["from"]), check_deliverability=False).normalized
        port = int(table.get("port", 465 if security == "ssl" else 587))
    except (EmailNotValidError, ValueError, TypeError) as exc:
        raise CampaignError(
            f"[smtp] in secrets: {exc}; give 'from' as one plain address and 'port' as a number",
            f"[smtp] trong secrets: {exc}; 'from' phải là một địa chỉ email, 'port' là một số",
        ) from None
    if not (str(table.get("user", "")) + str(table.get("password", ""))).isascii():
        # smtplib sends AUTH in ASCII only: such a password would fail at the first email, not here.
        raise CampaignError(
            "[smtp] user and password must be plain ASCII (no accents): smtplib cannot send others; ask for an ASCII password",
            "[smtp] user và password chỉ được dùng ký tự ASCII (không dấu): smtplib không gửi được ký tự khác; hãy xin mật khẩu không dấu",
        )
    return SmtpSettings(
        host=str(table["host"]),
        port=port,
        security=security,
        user=str(table.get("user", "")),
        password=str(table.get("password", "")),
        sender=sender,
        cafile=str(table.get("cafile", "")),
        timeout=float(table.get("timeout", 20)),
    )


def plain_message(settings: SmtpSettings, to: tuple[str, ...], subject: str, body: str) -> EmailMessage:
    """A text email as it goes: From, To, Subject (UTF-8, encoded for the headers), Date, a Message-ID of ours."""
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = ", ".join(to)
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=settings.domain)
    message.set_content(body, charset="utf-8")
    return message


def _answer(exc: Exception) -> str:
    """The server's own words: its code and message, or what the network said."""
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"{exc.smtp_code} {text}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{address}: {code} {text.decode('utf-8', 'replace') if isinstance(text, bytes) else text}"
            for address, (code, text) in exc.recipients.items()
        )
    return f"{type(exc).__name__}: {exc}"


class SmtpMailer:
    """One connection to the server for one press of the button (`with SmtpMailer(settings) as mailer:`)."""

    def __init__(self, settings: SmtpSettings):
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpMailer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.settings.cafile or None)

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        try:
            if s.security == "ssl":
                smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=self._context())
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
                if s.security == "starttls":
                    smtp.starttls(context=self._context())
            if s.user:
                smtp.login(s.user, s.password)
        except smtplib.SMTPAuthenticationError as exc:
            raise MailStopped(
                f"the mail server refused the user or password in [smtp] ({_answer(exc)}); fix them in secrets",
                f"máy chủ thư từ chối tài khoản hoặc mật khẩu trong [smtp] ({_answer(exc)}); hãy sửa trong secrets",
                _answer(exc),
            ) from None
        except (OSError, smtplib.SMTPException, ssl.SSLError) as exc:
            raise MailStopped(
                f"cannot reach the mail server {s.host}:{s.port} ({_answer(exc)}); check [smtp] host, port and security",
                f"không kết nối được máy chủ thư {s.host}:{s.port} ({_answer(exc)}); hãy kiểm tra host, port, security trong [smtp]",
                _answer(exc),
            ) from None
        return smtp

    def send_message(self, message: EmailMessage) -> str:
        """Send a composed message on this connection (opened at the first); returns its Message-ID."""
        if self._smtp is None:
            self._smtp = self._connect()
        try:
            self._smtp.send_message(message)
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
            raise MailRefused(
                f"the mail server did not take the email to {message['To']} ({_answer(exc)})",
                f"máy chủ thư không nhận thư gửi {message['To']} ({_answer(exc)})",
                _answer(exc),
            ) from None
        except (TimeoutError, OSError, smtplib.SMTPException) as exc:
            self._smtp = None
            raise MailStopped(
                f"the mail server stopped answering ({_answer(exc)}); the rest was not sent, press again later",
                f"máy chủ thư ngừng trả lời ({_answer(exc)}); các thư còn lại chưa gửi, hãy bấm gửi lại sau",
                _answer(exc),
            ) from None
        return str(message["Message-ID"])

    def send(self, to: tuple[str, ...], subject: str, body: str) -> str:
        """One plain-text email (desk.Sender): its Message-ID."""
        return self.send_message(plain_message(self.settings, to, subject, body))

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (OSError, smtplib.SMTPException):
                pass
            self._smtp = None
