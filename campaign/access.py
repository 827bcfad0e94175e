"""Who may see what: password hashes, allow-lists and roles. Plain values in, decisions out (no secrets read here)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Iterable, Mapping

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


def role_for(email: str | None, allow: Mapping[str, Iterable[str]]) -> str | None:
    """The role an email address has under an allow-list {role: [addresses or domains]}; None if none.

    "mic.gov.vn" or "@mic.gov.vn" admits every address of that domain (not of its subdomains).
    """
    if not email or "@" not in email:
        return None
    address = email.strip().lower()
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


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)
