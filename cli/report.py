"""`python -m campaign report`: the five CSV files for a response sheet."""

from __future__ import annotations

from pathlib import Path

from campaign.errors import CampaignError
from campaign.export import write_csvs
from cli.sources import announce_demo, read_report, source_options


def add(sub) -> None:
    rep = sub.add_parser("report", help="write the five CSV files for a response sheet")
    source_options(rep)
    rep.add_argument(
        "--group",
        action="append",
        metavar="KEY",
        help="only these groups of agencies (repeatable; keys of [groups] in the campaign TOML), as the dashboard's filter",
    )
    rep.add_argument("--out", type=Path, required=True, help="folder to write the CSV files into")
    rep.set_defaults(run=run)


def run(args) -> int:
    _, report, _, groups = read_report(args)
    try:
        written = write_csvs(report, args.out, groups)
    except OSError as exc:
        raise CampaignError(
            f"{args.out}: cannot write the CSV files there ({exc.strerror}); choose another --out folder",
            f"{args.out}: không ghi được tệp CSV vào đó ({exc.strerror}); hãy chọn thư mục --out khác",
        ) from None
    for path in written:
        print(path)
    announce_demo(report)
    return 0
