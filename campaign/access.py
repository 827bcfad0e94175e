"""Who may see what: password hashes, allow-lists and roles. Plain values in, decisions out (no secrets read here)."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import secrets
import sqlite3
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path

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


class Throttle:
    """Password tries, counted for the whole deployment (every session of every process), per client address.

    A try is refused *before* its password is hashed (so guessing costs the server nothing and slows nobody) when
    - the address failed recently: it waits failure_delay(failures) seconds after its last try (1, 2, 4, … 30);
    - the address failed `lockout_after` times in a row: locked out for `lockout_seconds`;
    - the server saw `per_minute` *failed* checks in the last minute, and this address is one that has failed.
    A first try from an address that has not failed is never refused: guessing from many addresses cannot keep the
    coordinator, typing the right password, out. A lockout stops that address only. A leader's sign-in does not
    forget the address's failures (they may be guesses at the coordinator's password); a coordinator's does.

    The state lives in an SQLite file (`path`) that every process of a deployment opens, so N processes give no
    more guesses than one; without a path, in this process's memory. admit() says how many seconds are left to wait
    (0: the try may go ahead).
    """

    def __init__(
        self,
        per_minute: int = 10,
        lockout_after: int = 10,
        lockout_seconds: float = 900.0,
        path: str | Path | None = None,
    ):
        self.per_minute = per_minute
        self.lockout_after = lockout_after
        self.lockout_seconds = lockout_seconds
        self.path = Path(path) if path else None
        self._lock = threading.Lock()
        self._memory = None if self.path else sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        with self._db() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS addresses "
                "(address TEXT PRIMARY KEY, failures INTEGER, last_try REAL, locked_until REAL)"
            )
            db.execute("CREATE TABLE IF NOT EXISTS failed_checks (at REAL)")

    @contextlib.contextmanager
    def _db(self):
        """One transaction: this process's lock, and SQLite's write lock for the other processes."""
        with self._lock:
            if self._memory is not None:
                db = self._memory
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
                db.execute("PRAGMA journal_mode = WAL")
            try:
                db.execute("BEGIN IMMEDIATE")
                try:
                    yield db
                    db.execute("COMMIT")
                except BaseException:
                    db.execute("ROLLBACK")
                    raise
            finally:
                if db is not self._memory:
                    db.close()

    @staticmethod
    def _record(db, address: str) -> tuple[int, float, float]:
        row = db.execute("SELECT failures, last_try, locked_until FROM addresses WHERE address = ?", (address,)).fetchone()
        return row if row else (0, float("-inf"), float("-inf"))

    def _wait(self, db, failures: int, last_try: float, locked_until: float, now: float) -> float:
        wait = max(locked_until - now, last_try + failure_delay(failures) - now, 0.0)
        if failures:  # the server-wide cap on failed checks holds back only addresses that have failed
            recent = db.execute("SELECT at FROM failed_checks WHERE at > ? ORDER BY at", (now - 60,)).fetchall()
            if len(recent) >= self.per_minute:
                wait = max(wait, recent[len(recent) - self.per_minute][0] + 60 - now)
        return wait

    def admit(self, address: str, now: float) -> float:
        """0.0 and the try is counted, or the seconds to wait before this address may try again."""
        with self._db() as db:
            failures, last_try, locked_until = self._record(db, address)
            wait = self._wait(db, failures, last_try, locked_until, now)
            if wait > 0:
                return wait
            db.execute(
                "INSERT INTO addresses (address, failures, last_try, locked_until) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (address) DO UPDATE SET last_try = excluded.last_try",
                (address, failures, now, locked_until),
            )
            return 0.0

    def failed(self, address: str, now: float) -> float:
        """Count a wrong password; the seconds until this address may try again."""
        with self._db() as db:
            failures, last_try, locked_until = self._record(db, address)
            failures += 1
            last_try = max(last_try, now) if last_try != float("-inf") else now
            if failures >= self.lockout_after:
                locked_until = now + self.lockout_seconds
            db.execute(
                "INSERT OR REPLACE INTO addresses (address, failures, last_try, locked_until) VALUES (?, ?, ?, ?)",
                (address, failures, last_try, locked_until),
            )
            db.execute("INSERT INTO failed_checks (at) VALUES (?)", (now,))
            db.execute("DELETE FROM failed_checks WHERE at <= ?", (now - 60,))
            # Forget addresses that could try again anyway (an hour after their last try, not locked).
            db.execute("DELETE FROM addresses WHERE last_try < ? AND locked_until < ?", (now - 3600, now))
            return max(locked_until - now, last_try + failure_delay(failures) - now, 0.0)

    def succeeded(self, address: str, role: str) -> None:
        """A right password: the coordinator's forgets the address's failures; a leader's does not."""
        if role != ROLES[0]:
            return
        with self._db() as db:
            db.execute("DELETE FROM addresses WHERE address = ?", (address,))


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
