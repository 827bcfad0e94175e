"""Who may see what: password hashes, allow-lists and roles. Plain values in, decisions out (no secrets read here)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 600_000  # OWASP's 2023 figure for PBKDF2-HMAC-SHA256
ROLES = ("coordinator", "leader")  # the first that admits a person wins: a coordinator also sees everything


def hash_password(password: str, iterations: int = ITERATIONS, salt: bytes | None = None) -> str:
    """'pbkdf2_sha256$600000$<salt>$<hash>' (base64): what goes into secrets, never the password."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return "$".join((ALGORITHM, str(iterations), _b64(salt), _b64(digest)))


def verify_password(password: str, encoded: str) -> bool:
    """True if the password matches the hash; compared in constant time; False for a malformed hash."""
    try:
        algorithm, iterations, salt, expected = encoded.strip().split("$")
        if algorithm != ALGORITHM:
            return False
        digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), _unb64(salt), int(iterations))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, _unb64(expected))


def failure_delay(failures: int) -> float:
    """Seconds to wait before answering after this many failed tries in a session: 0, 1, 2, 4, … up to 30."""
    return 0.0 if failures <= 0 else float(min(2 ** (failures - 1), 30))


def parse_address(email: str | None) -> str | None:
    """The address in lower case if it is one plain mailbox (one @, no quotes, no comments, no display name,
    a domain with a dot), else None. Parsed by email-validator without looking the domain up."""
    if not isinstance(email, str):
        return None
    text = email.strip(" ")  # spaces around it only: a line break or tab inside the claim is refused
    if text.count("@") != 1 or any(c in text for c in "\"'()<>,;:[]\\ \t\r\n"):
        return None
    try:
        parsed = validate_email(text, check_deliverability=False, allow_quoted_local=False, allow_domain_literal=False)
    except EmailNotValidError:
        return None
    return parsed.normalized.lower()


def role_for(email: str | None, allow: Mapping[str, Iterable[str]]) -> str | None:
    """The role an email address has under an allow-list {role: [addresses or domains]}; None if none.

    "mic.gov.vn" or "@mic.gov.vn" admits every address of that domain (not of its subdomains). An address that is
    not one plain mailbox (two @, quotes, a display name) is refused before the list is looked at.
    """
    address = parse_address(email)
    if address is None:
        return None
    domain = address.rsplit("@", 1)[1]
    for role in ROLES:
        for entry in allow.get(role, ()):
            entry = str(entry).strip().lower()
            if not entry:
                continue
            if "@" in entry.lstrip("@"):
                if address == entry:
                    return role
            elif domain == entry.lstrip("@"):
                return role
    return None


def email_trusted(claims: Mapping, trusted_providers: Iterable[str] = (), provider: str | None = None) -> bool:
    """Whether the identity token vouches for its address: `email_verified` must be true, unless the provider
    is listed in [access] trusted_providers (e.g. a Microsoft Entra tenant, whose tokens often omit the claim)."""
    if claims.get("email_verified") is True:
        return True
    trusted = {str(p).strip().lower() for p in trusted_providers}
    issuer = str(claims.get("iss") or "").strip().lower()
    return claims.get("email_verified") is None and bool(trusted & {issuer, str(provider or "").lower()} - {""})


@dataclass
class _Address:
    failures: int = 0
    last_try: float = float("-inf")
    locked_until: float = float("-inf")


class Throttle:
    """Password tries counted across every session of the server, per account and per client address.

    A try is refused *before* its password is hashed (so guessing costs the server nothing and slows nobody) when
    - the account has had `per_minute` tries in the last minute, however many sessions or addresses made them;
    - the address failed recently: it waits failure_delay(failures) seconds after its last try (1, 2, 4, … 30);
    - the address failed `lockout_after` times in a row: locked out for `lockout_seconds`.
    admit() says how many seconds are left to wait (0: the try may go ahead).
    """

    def __init__(
        self, per_minute: int = 10, lockout_after: int = 10, lockout_seconds: float = 900.0, max_addresses: int = 10_000
    ):
        self.per_minute = per_minute
        self.lockout_after = lockout_after
        self.lockout_seconds = lockout_seconds
        self.max_addresses = max_addresses
        self._lock = threading.Lock()
        self._accounts: dict[str, deque[float]] = {}
        self._addresses: dict[str, _Address] = {}

    def admit(self, account: str, address: str, now: float) -> float:
        """0.0 and the try is counted, or the seconds to wait before this address may try this account again."""
        with self._lock:
            record = self._addresses.get(address) or _Address()
            wait = max(record.locked_until - now, record.last_try + failure_delay(record.failures) - now, 0.0)
            window = self._accounts.setdefault(account, deque())
            while window and window[0] <= now - 60:
                window.popleft()
            if len(window) >= self.per_minute:
                wait = max(wait, window[0] + 60 - now)
            if wait > 0:
                return wait
            window.append(now)
            record.last_try = now
            self._remember(address, record, now)
            return 0.0

    def failed(self, address: str, now: float) -> float:
        """Count a wrong password; the seconds until this address may try again."""
        with self._lock:
            record = self._addresses.get(address) or _Address(last_try=now)
            record.failures += 1
            if record.failures >= self.lockout_after:
                record.locked_until = now + self.lockout_seconds
            self._remember(address, record, now)
            return max(record.locked_until - now, record.last_try + failure_delay(record.failures) - now, 0.0)

    def succeeded(self, address: str) -> None:
        with self._lock:
            self._addresses.pop(address, None)

    def _remember(self, address: str, record: _Address, now: float) -> None:
        self._addresses[address] = record
        if len(self._addresses) > self.max_addresses:  # forget addresses that could try again anyway
            horizon = now - 60
            for key in [k for k, r in self._addresses.items() if r.locked_until < now and r.last_try < horizon]:
                del self._addresses[key]


ACCESS_KEYS = {"allow", "allow_anonymous", "password_hash", "leader_password_hash", "trusted_providers"}


def access_problems(auth: Mapping | None, access: Mapping) -> list[tuple[str, str]]:
    """What makes [auth] + [access] contradictory or unusable, as (en, vi) reasons; [] when they are sound.

    Any reason closes the dashboard (fail closed) rather than guessing what the administrator meant."""
    problems = []
    unknown = sorted(set(access) - ACCESS_KEYS)
    if unknown:
        problems.append(
            (f"unknown [access] key(s) {', '.join(unknown)}", f"khóa không hợp lệ trong [access]: {', '.join(unknown)}")
        )
    # A key present but empty (password_hash = "") is a mistake, not a wish for open mode: it closes the dashboard.
    blank = sorted(
        k for k in ACCESS_KEYS & set(access) if access[k] is None or (isinstance(access[k], str) and not access[k].strip())
    )
    if blank:
        problems.append(
            (
                f"[access] {', '.join(blank)} is empty: fill it in or delete the line",
                f"[access] {', '.join(blank)} đang để trống: hãy điền hoặc xóa dòng đó",
            )
        )
    hashes = [k for k in ("password_hash", "leader_password_hash") if str(access.get(k) or "").strip()]
    if auth and hashes:
        problems.append(("both [auth] and a password hash are set: choose one", "có cả [auth] và mật khẩu: hãy chọn một"))
    if "allow_anonymous" in access and not isinstance(access["allow_anonymous"], bool):
        problems.append(("allow_anonymous must be true or false", "allow_anonymous phải là true hoặc false"))
    elif access.get("allow_anonymous") is True and (auth or hashes):
        problems.append(
            (
                "allow_anonymous = true contradicts a sign-in ([auth] or a password hash)",
                "allow_anonymous = true mâu thuẫn với đăng nhập ([auth] hoặc mật khẩu)",
            )
        )
    for key in hashes:
        if not _well_formed(str(access[key])):
            problems.append(
                (
                    f"{key} is not a hash made by `python -m campaign hash-password`",
                    f"{key} không phải mã băm tạo bằng `python -m campaign hash-password`",
                )
            )
    allow = access.get("allow")
    if allow is not None and not isinstance(allow, Mapping):
        problems.append(("[access.allow] must be a table of roles", "[access.allow] phải là bảng theo vai trò"))
    elif allow:
        extra = sorted(set(allow) - set(ROLES))
        if extra:
            problems.append(
                (
                    f"unknown role(s) in [access.allow]: {', '.join(extra)}",
                    f"vai trò không hợp lệ trong [access.allow]: {', '.join(extra)}",
                )
            )
    trusted = access.get("trusted_providers")
    if trusted is not None and (isinstance(trusted, str) or not all(isinstance(p, str) for p in trusted)):
        problems.append(("trusted_providers must be a list of issuers", "trusted_providers phải là danh sách nhà cung cấp"))
    return problems


def _well_formed(encoded: str) -> bool:
    parts = encoded.strip().split("$")
    if len(parts) != 4 or parts[0] != ALGORITHM or not parts[1].isdigit():
        return False
    try:
        return len(_unb64(parts[2])) >= 8 and len(_unb64(parts[3])) == 32
    except ValueError:
        return False


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)
