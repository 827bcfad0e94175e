"""What the commands that read a source share: its options (--config, each source's own, --as-of), and the report
they make (the coordinator's store included, as in the app)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from campaign.config import load_config
from campaign.errors import CampaignError
from campaign.moments import parse_as_of
from campaign.report import build_report
from data_sources.factory import cli_options, open_source, spec_from


def source_options(parser: argparse.ArgumentParser) -> None:
    """Where the answers come from and the moment: the same for `report`, `letter` and `final-report`."""
    parser.add_argument("--config", type=Path, help="campaign TOML file (default: campaign.toml)")
    for option in cli_options():  # each kind of source's own options (data_sources/factory.py: SOURCES)
        parser.add_argument(option.flag, type=Path if option.path else str, help=option.help)
    parser.add_argument(
        "--as-of",
        help="status as it stood at this moment, in the campaign's time zone: dd/mm/yyyy, dd/mm/yyyy HH:MM[:SS], "
        "yyyy-mm-dd[THH:MM[:SS]] (a day or minute counts to its end), a time with its offset as the exports write it (yyyy-mm-ddTHH:MM:SS+07:00), or 'deadline' (the last moment before it)",
    )


def read_report(args):
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
    report = build_report(raw, config, as_of=as_of, index_folder=index_folder(config))
    moment = report.as_of if report.as_of is not None else pd.Timestamp(raw.read_at or pd.Timestamp.now("UTC"))
    groups = groups_of(getattr(args, "group", None), report)
    return config, report, moment.tz_convert(config.campaign.timezone), groups


def index_folder(config) -> Path | None:
    """Where the matcher's index of a roster is kept between runs: the store's folder, when there is one."""
    if config.store is None:
        return None
    folder = config.store.path().parent
    return folder if folder.is_dir() else None


def groups_of(chosen: list[str] | None, report) -> list[str] | None:
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


def announce_demo(report) -> None:
    """Demo figures never pass for a real sheet: said on stderr (campaign_summary says source = demo)."""
    if report.prepared.raw.is_demo:
        print(
            "note: no --responses, --sheet or --csv-url given: these are the built-in DEMO figures, not a real sheet "
            "(campaign_summary says source = demo) / chú ý: chưa chỉ ra nguồn dữ liệu: đây là số liệu MẪU",
            file=sys.stderr,
        )
