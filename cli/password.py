"""`python -m campaign hash-password`: a password's hash for .streamlit/secrets.toml, never the password."""

from __future__ import annotations

import sys

from campaign.errors import CampaignError


def add(sub) -> None:
    sub.add_parser(
        "hash-password", help="print a password hash for .streamlit/secrets.toml ([access] password_hash)"
    ).set_defaults(run=lambda args: run())


def run() -> int:
    """Ask for a password twice (or read one line from a pipe) and print its hash, never the password."""
    import getpass

    from campaign.access import hash_password

    if sys.stdin.isatty():
        password = getpass.getpass("Mật khẩu / Password: ")
        if getpass.getpass("Nhập lại / Again: ") != password:
            raise CampaignError("the two passwords differ; try again", "hai mật khẩu không khớp; hãy thử lại")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if len(password) < 12:
        raise CampaignError("use a password of at least 12 characters", "hãy dùng mật khẩu dài ít nhất 12 ký tự")
    print(hash_password(password))
    return 0
