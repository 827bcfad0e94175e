"""The command line: `python -m campaign <command> …` (campaign/__main__.py enters here), one module per command.

Each command module has `add(sub)`, which adds its subcommand(s) with their options and sets `run`. Bad input: one
line on stderr, exit status 2, no traceback.
"""

from __future__ import annotations

import argparse
import sys

if {"--responses", "--agencies", "--csv-url"} & set(sys.argv[1:]):  # a file to parse: its forkserver starts now
    from data_sources import forkserver

    forkserver.start()

from campaign.errors import CampaignError  # noqa: E402 - after the forkserver's start, on purpose
from cli import check_config, digest, documents, password, report  # noqa: E402

COMMANDS = (report, documents, digest, password, check_config)  # in the order `--help` lists them


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m campaign", description="Campaign reporting: who reported, on time or late.")
    sub = top.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add(sub)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except CampaignError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
