"""The command line (`python -m campaign …`, through campaign/__main__.py). Bad input: one line on stderr, exit status 2, no traceback."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from campaign.config import load_config
from campaign.errors import CampaignError
from campaign.export import write_csvs
from campaign.report import build_report
from data_sources.factory import open_source


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m campaign", description="Campaign reporting: who reported, on time or late.")
    sub = parser.add_subparsers(dest="command", required=True)
    rep = sub.add_parser("report", help="write the five CSV files for a response sheet")
    rep.add_argument("--config", type=Path, help="campaign TOML file (default: campaign.toml)")
    rep.add_argument("--responses", type=Path, help="response sheet as CSV or XLSX")
    rep.add_argument("--agencies", type=Path, help="roster as CSV or XLSX (default: the campaign's roster)")
    rep.add_argument("--sheet", help="Google Sheet key or URL (needs --credentials or GOOGLE_APPLICATION_CREDENTIALS)")
    rep.add_argument("--credentials", type=Path, help="service-account JSON key file")
    rep.add_argument("--csv-url", help="URL of a sheet published to the web as CSV")
    rep.add_argument("--as-of", help="status as it stood at this moment (ISO 8601; campaign time zone if none given)")
    rep.add_argument("--out", type=Path, required=True, help="folder to write the CSV files into")
    sub.add_parser("hash-password", help="print a password hash for .streamlit/secrets.toml ([access] password_hash)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "report":
            return _report(args)
        if args.command == "hash-password":
            return _hash_password()
    except CampaignError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def _hash_password() -> int:
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


def _report(args) -> int:
    config = load_config(args.config)
    if args.agencies and not args.responses:
        raise CampaignError("--agencies needs --responses", "--agencies cần đi kèm --responses")
    as_of = None
    if args.as_of:
        import pandas as pd

        try:
            as_of = pd.Timestamp(args.as_of)
        except ValueError:
            raise CampaignError(
                f"--as-of {args.as_of!r} is not a date-time; write it like 2021-05-31T17:00",
                f"--as-of {args.as_of!r} không phải ngày giờ; hãy viết dạng 2021-05-31T17:00",
            ) from None
    from data_sources.store import read_with_store

    source = open_source(
        config,
        sheet=args.sheet,
        credentials=args.credentials,
        csv_url=args.csv_url,
        responses=args.responses,
        agencies=args.agencies,
    )
    # The coordinator's store too: resolutions and emailed reports count here as in the app.
    report = build_report(read_with_store(source, config), config, as_of=as_of)
    try:
        written = write_csvs(report, args.out)
    except OSError as exc:
        raise CampaignError(
            f"{args.out}: cannot write the CSV files there ({exc.strerror}); choose another --out folder",
            f"{args.out}: không ghi được tệp CSV vào đó ({exc.strerror}); hãy chọn thư mục --out khác",
        ) from None
    for path in written:
        print(path)
    return 0
