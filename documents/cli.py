"""`python -m campaign letter …` and `python -m campaign final-report …`: the documents from the command line.

The command line (cli.py) adds these subcommands with the same source options as `report`, builds the report, and
calls `write_letter` or `write_final_report` here.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from campaign.errors import CampaignError, InputError
from campaign.export import document_name

if TYPE_CHECKING:
    import pandas as pd

    from campaign.report import Report


def add_commands(sub, source_options) -> None:
    """The two subcommands; `source_options(parser)` adds --config, --responses, --sheet, --as-of, … as for `report`."""
    letter = sub.add_parser("letter", help="write the urging letter (công văn đôn đốc) to the agencies still missing, as DOCX")
    source_options(letter)
    _group_option(letter)
    letter.add_argument("--new-deadline", required=True, help="the new deadline the letter asks for (YYYY-MM-DD)")
    letter.add_argument("--date", help="the letter's date (YYYY-MM-DD; default: the day of --as-of, or today)")
    letter.add_argument("--include-late", action="store_true", help="also write to the agencies that reported late")
    letter.add_argument("--per-agency", action="store_true", help="one letter per agency, in a ZIP of DOCX named by code")
    letter.add_argument("--out", type=Path, required=True, help="folder to write the DOCX (or ZIP) file into")
    final = sub.add_parser("final-report", help="write the report on results (Vietnamese) and the report for ITU (English)")
    source_options(final)
    _group_option(final)
    final.add_argument("--date", help="the report's date (YYYY-MM-DD; default: the day of --as-of, or today)")
    final.add_argument("--out", type=Path, required=True, help="folder to write the two DOCX files into")


def _group_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--group", action="append", help="only this group of agencies (repeat for several; default: all)")


def _day(value: str | None, option: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(
            f"{option} {value!r} is not a date; write it as yyyy-mm-dd",
            f"{option} {value!r} không phải ngày; hãy viết dạng yyyy-mm-dd (năm-tháng-ngày)",
        ) from None


def _write(folder: Path, name: str, data: bytes) -> Path:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        path.write_bytes(data)
    except OSError as exc:
        raise CampaignError(
            f"{folder}: cannot write the document there ({exc.strerror}); choose another --out folder",
            f"{folder}: không ghi được văn bản vào đó ({exc.strerror}); hãy chọn thư mục --out khác",
        ) from None
    return path


def write_letter(args: argparse.Namespace, report: Report, moment: pd.Timestamp, groups: list[str] | None) -> list[Path]:
    from documents.letter import build_letter, letters_zip

    new_deadline = _day(args.new_deadline, "--new-deadline")
    letter_day = _day(args.date, "--date") or moment.date()
    options = {"groups": groups, "include_late": args.include_late, "letter_day": letter_day}
    if args.per_agency:
        data = letters_zip(report, moment, new_deadline, **options)
        return [_write(args.out, document_name(report.config, "letters", letter_day), data)]
    data = build_letter(report, moment, new_deadline, **options)
    return [_write(args.out, document_name(report.config, "letter", letter_day), data)]


def write_final_report(args: argparse.Namespace, report: Report, moment: pd.Timestamp, groups: list[str] | None) -> list[Path]:
    """Both reports, their eight charts through one Chromium."""
    from documents.charts import ChartRenderer
    from documents.final_report import build_final_report, build_itu_report

    day = _day(args.date, "--date") or moment.date()
    with ChartRenderer() as renderer:
        final = build_final_report(report, moment, groups=groups, renderer=renderer, report_day=day)
        itu = build_itu_report(report, moment, groups=groups, renderer=renderer)
    return [_write(args.out, document_name(report.config, name, day), data) for name, data in (("final", final), ("itu", itu))]
