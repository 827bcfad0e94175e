"""`python -m campaign digest`: the leaders' morning digest as an email, written to an .eml file or sent ([smtp])."""

from __future__ import annotations

import sys
from pathlib import Path

from campaign.config import load_config
from campaign.errors import CampaignError
from cli.sources import announce_demo, read_report, source_options


def add(sub) -> None:
    digest = sub.add_parser(
        "digest",
        help="the leaders' morning digest as an email: written to an .eml file, or sent with --send ([smtp] in secrets)",
    )
    source_options(digest)
    digest.add_argument("--to", action="append", required=True, metavar="ADDRESS", help="a recipient (repeatable)")
    digest.add_argument("--lang", choices=("vi", "en"), default="vi", help="the digest's language (default: vi)")
    digest.add_argument("--send", action="store_true", help="send it (only between [digest] first_day and last_day)")
    digest.add_argument("--out", type=Path, help="the .eml file to write without --send (default: ./<slug>_digest_<day>.eml)")
    digest.add_argument(
        "--secrets", type=Path, default=Path(".streamlit/secrets.toml"), help="the secrets file with [smtp] (for --send)"
    )
    digest.set_defaults(run=run)


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


def run(args) -> int:
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
    config, report, moment, _ = read_report(args)
    final = args.as_of is None and moment >= config.deadline  # the round's picture once it has closed
    with ChartRenderer() as renderer:
        chart = burnup_png(report, args.lang, renderer)
    sender = (
        settings.sender if settings is not None else (config.campaign.contact_email or f"digest@{config.campaign.slug}.invalid")
    )
    message = digest_message(report, moment, args.lang, sender=sender, to=to, chart=chart, final=final)
    announce_demo(report)
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
