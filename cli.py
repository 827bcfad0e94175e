"""The command line (`python -m campaign …`, through campaign/__main__.py). Bad input: one line on stderr, exit status 2, no traceback."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from campaign.config import load_config
from campaign.errors import CampaignError
from campaign.export import write_csvs
from campaign.moments import parse_as_of
from campaign.report import build_report
from data_sources.factory import cli_options, open_source, spec_from


def _source_options(parser: argparse.ArgumentParser) -> None:
    """Where the answers come from and the moment: the same for `report`, `letter` and `final-report`."""
    parser.add_argument("--config", type=Path, help="campaign TOML file (default: campaign.toml)")
    for option in cli_options():  # each kind of source's own options (data_sources/factory.py: SOURCES)
        parser.add_argument(option.flag, type=Path if option.path else str, help=option.help)
    parser.add_argument(
        "--as-of",
        help="status as it stood at this moment, in the campaign's time zone: dd/mm/yyyy, dd/mm/yyyy HH:MM[:SS], "
        "yyyy-mm-dd[THH:MM[:SS]] (a day or minute counts to its end), a time with its offset as the exports write it (yyyy-mm-ddTHH:MM:SS+07:00), or 'deadline' (the last moment before it)",
    )


def _parser() -> argparse.ArgumentParser:
    from documents.cli import add_commands

    parser = argparse.ArgumentParser(prog="python -m campaign", description="Campaign reporting: who reported, on time or late.")
    sub = parser.add_subparsers(dest="command", required=True)
    rep = sub.add_parser("report", help="write the five CSV files for a response sheet")
    _source_options(rep)
    rep.add_argument(
        "--group",
        action="append",
        metavar="KEY",
        help="only these groups of agencies (repeatable; keys of [groups] in the campaign TOML), as the dashboard's filter",
    )
    rep.add_argument("--out", type=Path, required=True, help="folder to write the CSV files into")
    add_commands(sub, _source_options)
    digest = sub.add_parser(
        "digest",
        help="the leaders' morning digest as an email: written to an .eml file, or sent with --send ([smtp] in secrets)",
    )
    _source_options(digest)
    digest.add_argument("--to", action="append", required=True, metavar="ADDRESS", help="a recipient (repeatable)")
    digest.add_argument("--lang", choices=("vi", "en"), default="vi", help="the digest's language (default: vi)")
    digest.add_argument("--send", action="store_true", help="send it (only between [digest] first_day and last_day)")
    digest.add_argument("--out", type=Path, help="the .eml file to write without --send (default: ./<slug>_digest_<day>.eml)")
    digest.add_argument(
        "--secrets", type=Path, default=Path(".streamlit/secrets.toml"), help="the secrets file with [smtp] (for --send)"
    )
    sub.add_parser("hash-password", help="print a password hash for .streamlit/secrets.toml ([access] password_hash)")
    check = sub.add_parser(
        "check-config",
        help="list what is wrong in a campaign TOML and what is still to fill in (exit 0 ready, 1 to fill in, 2 wrong)",
    )
    check.add_argument(
        "--config", type=Path, help="campaign TOML file (default: $CAMPAIGN_CONFIG, as the app, else campaign.toml)"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "report":
            return _report(args)
        if args.command in ("letter", "final-report"):
            return _document(args)
        if args.command == "digest":
            return _digest(args)
        if args.command == "hash-password":
            return _hash_password()
        if args.command == "check-config":
            return _check_config(args)
    except CampaignError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def _check_config(args) -> int:
    """The config's readiness (campaign/readiness.py), read as the app reads it; the exit status says where it stands."""
    import os

    from campaign.readiness import as_text, check_config

    readiness = check_config(args.config or os.environ.get("CAMPAIGN_CONFIG") or None)
    print(as_text(readiness))
    return readiness.status


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


def _read_report(args):
    """(config, report, moment, groups) for the source options: the moment is --as-of, or when the data was read."""
    import pandas as pd

    config = load_config(args.config)
    if args.agencies and not args.responses:
        raise CampaignError("--agencies needs --responses", "--agencies cần đi kèm --responses")
    as_of = parse_as_of(args.as_of, config) if args.as_of is not None else None
    from data_sources.stores import read_with_store

    source = open_source(config, spec_from({o.setting: getattr(args, o.setting) for o in cli_options()}))
    # The coordinator's store too: resolutions and emailed reports count here as in the app.
    raw = read_with_store(source, config)
    report = build_report(raw, config, as_of=as_of)
    moment = report.as_of if report.as_of is not None else pd.Timestamp(raw.read_at or pd.Timestamp.now("UTC"))
    groups = _groups(getattr(args, "group", None), report)
    return config, report, moment.tz_convert(config.campaign.timezone), groups


def _groups(chosen: list[str] | None, report) -> list[str] | None:
    """The --group keys, each a group of the config or the roster; an unknown one lists the known ones."""
    if not chosen:
        return None
    known = list(report.config.groups) + sorted(set(report.agencies["group"]) - set(report.config.groups))
    unknown = [g for g in chosen if g not in known]
    if unknown:
        raise CampaignError(
            f"--group {unknown[0]!r} is not a group; the groups are: {', '.join(known)}",
            f"--group {unknown[0]!r} không phải một nhóm; các nhóm là: {', '.join(known)}",
        )
    return list(dict.fromkeys(chosen))


def _announce_demo(report) -> None:
    """Demo figures never pass for a real sheet: said on stderr (campaign_summary says source = demo)."""
    if report.prepared.raw.is_demo:
        print(
            "note: no --responses, --sheet or --csv-url given: these are the built-in DEMO figures, not a real sheet "
            "(campaign_summary says source = demo) / chú ý: chưa chỉ ra nguồn dữ liệu: đây là số liệu MẪU",
            file=sys.stderr,
        )


def _report(args) -> int:
    _, report, _, groups = _read_report(args)
    try:
        written = write_csvs(report, args.out, groups)
    except OSError as exc:
        raise CampaignError(
            f"{args.out}: cannot write the CSV files there ({exc.strerror}); choose another --out folder",
            f"{args.out}: không ghi được tệp CSV vào đó ({exc.strerror}); hãy chọn thư mục --out khác",
        ) from None
    for path in written:
        print(path)
    _announce_demo(report)
    return 0


def _document(args) -> int:
    """The urging letter, or the report on results and the report for ITU (documents/)."""
    from documents.cli import write_final_report, write_letter

    _, report, moment, groups = _read_report(args)
    write = write_letter if args.command == "letter" else write_final_report
    for path in write(args, report, moment, groups):
        print(path)
    return 0


def _smtp_from(path: Path):
    """[smtp] of the secrets file, for --send."""
    import tomllib

    from data_sources.mailer import smtp_settings

    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("smtp")
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CampaignError(
            f"{path}: cannot read the secrets file ({exc}); pass --secrets with the file that has [smtp]",
            f"{path}: không đọc được tệp secrets ({exc}); hãy chỉ ra tệp có mục [smtp] bằng --secrets",
        ) from None
    settings = smtp_settings(table)
    if settings is None:
        raise CampaignError(
            f"{path}: no [smtp] table: add the mail server (README → 'Sending reminders from the app') or leave out --send",
            f"{path}: không có mục [smtp]: hãy khai báo máy chủ thư (README → 'Sending reminders from the app') hoặc bỏ --send",
        )
    return settings


def _recipients(addresses: list[str]) -> list[str]:
    from email_validator import EmailNotValidError, validate_email

    try:
        return [validate_email(a, check_deliverability=False).normalized for a in addresses]
    except EmailNotValidError as exc:
        raise CampaignError(
            f"--to: {exc}; give one plain address per --to",
            f"--to: địa chỉ không hợp lệ ({exc}); mỗi --to một địa chỉ email",
        ) from None


def _digest(args) -> int:
    """The morning digest: an .eml file to look at, or (with --send, on the campaign's digest days) sent."""
    import pandas as pd

    from documents.charts import ChartRenderer
    from documents.digest import burnup_png, digest_message

    to = _recipients(args.to)
    settings = _smtp_from(args.secrets) if args.send else None
    if args.send:  # before the sheet is read: on a day without a digest the timer costs nothing
        config = load_config(args.config)
        first, last = config.digest.days(config.campaign)
        today = config.local(pd.Timestamp.now(tz="UTC")).date()
        if not first <= today <= last:
            print(
                f"note: {today:%d/%m/%Y} is outside the digest's days ({first:%d/%m/%Y}–{last:%d/%m/%Y}, [digest]): "
                f"nothing sent / ngoài thời gian gửi bản tin: không gửi",
                file=sys.stderr,
            )
            return 0
    config, report, moment, _ = _read_report(args)
    final = args.as_of is None and moment >= config.deadline  # the round's picture once it has closed
    with ChartRenderer() as renderer:
        chart = burnup_png(report, args.lang, renderer)
    sender = (
        settings.sender if settings is not None else (config.campaign.contact_email or f"digest@{config.campaign.slug}.invalid")
    )
    message = digest_message(report, moment, args.lang, sender=sender, to=to, chart=chart, final=final)
    _announce_demo(report)
    if settings is not None:
        from data_sources.mailer import SmtpMailer

        with SmtpMailer(settings) as mailer:
            print(mailer.send_message(message))
        return 0
    out = args.out or Path(f"{config.campaign.slug}_digest_{moment:%Y-%m-%d}.eml")
    try:
        out.write_bytes(bytes(message))
    except OSError as exc:
        raise CampaignError(
            f"{out}: cannot write the email there ({exc.strerror}); choose another --out",
            f"{out}: không ghi được thư vào đó ({exc.strerror}); hãy chọn --out khác",
        ) from None
    print(out)
    return 0
