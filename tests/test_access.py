"""Password hashes, allow-lists and roles (the pure part of sign-in)."""

import subprocess
import sys
from pathlib import Path

from campaign.access import failure_delay, hash_password, role_for, verify_password

ROOT = Path(__file__).resolve().parent.parent
ALLOW = {"coordinator": ["dntuyen@mic.gov.vn"], "leader": ["mic.gov.vn", "@chinhphu.vn", "bo.truong@gmail.com"]}


def test_a_hashed_password_verifies_and_a_wrong_one_does_not():
    encoded = hash_password("Ngày 17/5 năm 2021!", iterations=1000)
    assert encoded.startswith("pbkdf2_sha256$1000$")
    assert "17/5" not in encoded
    assert verify_password("Ngày 17/5 năm 2021!", encoded)
    assert not verify_password("Ngay 17/5 nam 2021!", encoded)
    assert not verify_password("", encoded)


def test_two_hashes_of_one_password_differ_by_their_salt():
    assert hash_password("mat-khau-dai-du", iterations=1000) != hash_password("mat-khau-dai-du", iterations=1000)


def test_a_malformed_or_foreign_hash_never_admits_anyone():
    for encoded in ("", "plaintext", "md5$1$abc$def", "pbkdf2_sha256$x$y$z", "pbkdf2_sha256$1000$!!$!!"):
        assert not verify_password("plaintext", encoded)


def test_failed_tries_wait_longer_and_longer_up_to_a_limit():
    delays = [failure_delay(n) for n in range(0, 10)]
    assert delays[:5] == [0, 1, 2, 4, 8]
    assert delays == sorted(delays) and max(delays) == 30


def test_the_coordinator_is_named_by_address_and_leaders_by_domain():
    assert role_for("dntuyen@mic.gov.vn", ALLOW) == "coordinator"
    assert role_for("DNTuyen@MIC.gov.vn ", ALLOW) == "coordinator"
    assert role_for("thu.truong@mic.gov.vn", ALLOW) == "leader"
    assert role_for("vu.truong@chinhphu.vn", ALLOW) == "leader"
    assert role_for("bo.truong@gmail.com", ALLOW) == "leader"


def test_strangers_lookalike_domains_and_subdomains_are_refused():
    for email in ("someone@gmail.com", "x@evilmic.gov.vn", "x@mic.gov.vn.evil.com", "x@sub.mic.gov.vn", "", None, "mic.gov.vn"):
        assert role_for(email, ALLOW) is None, email


def test_hash_password_prints_a_hash_that_verifies_and_never_the_password():
    out = subprocess.run(
        [sys.executable, "-m", "campaign", "hash-password"],
        input="mat-khau-bi-mat-2021\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    encoded = out.stdout.strip()
    assert "mat-khau-bi-mat-2021" not in out.stdout
    assert verify_password("mat-khau-bi-mat-2021", encoded)


def test_hash_password_refuses_a_short_password_in_one_line():
    out = subprocess.run(
        [sys.executable, "-m", "campaign", "hash-password"], input="ngan\n", capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert out.returncode == 2
    assert len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr
