"""`python -m campaign letter …` and `python -m campaign final-report …`: the documents from the command line, with
the same source options as `report`. What only a person knows (the original letter's number and date,
the signer, the proposals) is what the coordinator saved on the Export page (the store), or these options over it;
what is still missing is said on stderr, and the document is written with dots in its place.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from campaign.document_inputs import DocumentInputs, resolve
from campaign.errors import CampaignError, InputError
from campaign.export import document_name
from campaign.store import DOCUMENT_SETTINGS
from cli.sources import read_report, source_options
from presentation.labels import t

if TYPE_CHECKING:
    import pandas as pd

    from campaign.report import Report


# Each command's options for what only a person knows: document input key → option.
LETTER_INPUTS = {
    "original_number": "--original-number",
    "original_date": "--original-date",
    "letter_signer_title": "--signer-title",
    "letter_signer_name": "--signer-name",
}
REPORT_INPUTS = {
    "original_number": "--original-number",
    "original_date": "--original-date",
    "report_signer_title": "--signer-title",
    "report_signer_name": "--signer-name",
    "itu_signer_title": "--signer-title-en",
    "proposals": "--proposals",
}


def add(sub) -> None:
    """The two subcommands, with --config, --responses, --sheet, --as-of, … as for `report`."""
    letter = sub.add_parser("letter", help="write the urging letter (công văn đôn đốc) to the agencies still missing, as DOCX")
    source_options(letter)
    _group_option(letter)
    letter.add_argument("--new-deadline", required=True, help="the new deadline the letter asks for (YYYY-MM-DD)")
    letter.add_argument("--date", help="the letter's date (YYYY-MM-DD; default: left blank for the registry to fill in)")
    letter.add_argument("--include-late", action="store_true", help="also write to the agencies that reported late")
    letter.add_argument("--per-agency", action="store_true", help="one letter per agency, in a ZIP of DOCX named by code")
    _original_options(letter)
    letter.add_argument(
        "--signer-title",
        action="append",
        help="the signing authority, one line each (repeat: --signer-title 'KT. BỘ TRƯỞNG' --signer-title 'THỨ TRƯỞNG')",
    )
    letter.add_argument("--signer-name", help="who signs the letter (default: as saved on the Export page, else campaign.toml's)")
    letter.add_argument("--out", type=Path, required=True, help="folder to write the DOCX (or ZIP) file into")
    final = sub.add_parser("final-report", help="write the report on results (Vietnamese) and the report for ITU (English)")
    source_options(final)
    _group_option(final)
    final.add_argument(
        "--date",
        help="the reports' date (YYYY-MM-DD; default: the report on results leaves it blank for the registry, the ITU report takes the day of the figures)",
    )
    _original_options(final)
    final.add_argument(
        "--signer-title", action="append", help="the report's signing authority, one line each (repeat for several)"
    )
    final.add_argument("--signer-name", help="who signs the two reports (the head of the department)")
    final.add_argument("--signer-title-en", help="the signer's title in English, for the ITU report")
    final.add_argument("--proposals", help="the proposals of section IV (one paragraph a line)")
    final.add_argument("--proposals-file", type=Path, help="the proposals of section IV, read from a UTF-8 text file")
    final.add_argument("--out", type=Path, required=True, help="folder to write the two DOCX files into")
    letter.set_defaults(run=lambda args: run(args, write_letter))
    final.set_defaults(run=lambda args: run(args, write_final_report))


def run(args: argparse.Namespace, write) -> int:
    """The urging letter, or the report on results and the report for ITU (documents/)."""
    _, report, moment, groups = read_report(args)
    for path in write(args, report, moment, groups):
        print(path)
    return 0


def _original_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--original-number", help="the number of the original letter asking for the reports (e.g. 1234/BTTTT-HTQT)"
    )
    parser.add_argument("--original-date", help="the original letter's date (YYYY-MM-DD)")


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


def document_inputs(args: argparse.Namespace, report: Report, options: dict[str, str]) -> DocumentInputs:
    """campaign.toml's values, over them what the coordinator saved (the store), over that the options given."""
    given = {key: getattr(args, option.lstrip("-").replace("-", "_"), None) for key, option in options.items()}
    if "original_date" in given:
        given["original_date"] = _day(given["original_date"], "--original-date")
    if getattr(args, "proposals_file", None):
        try:
            given["proposals"] = args.proposals_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(
                f"--proposals-file {args.proposals_file}: cannot read it ({exc}); give a UTF-8 text file",
                f"--proposals-file {args.proposals_file}: không đọc được tệp ({exc}); hãy dùng tệp văn bản UTF-8",
            ) from None
    store = report.prepared.raw.store
    saved = store.tables.get(DOCUMENT_SETTINGS) if store is not None else None
    return resolve(report.config, saved, given)


def say_missing(inputs: DocumentInputs, documents: tuple[str, ...], options: dict[str, str]) -> None:
    """One line on stderr per document that still lacks something: what, and the option that gives it."""
    for document in documents:
        missing = inputs.missing(document)
        if not missing:
            continue
        items = {lang: "; ".join(f"{t(f'input_{key}', lang)} ({options[key]})" for key in missing) for lang in ("en", "vi")}
        en = t("inputs_missing", "en", document=t(f"document_{document}", "en"), items=items["en"])
        vi = t("inputs_missing", "vi", document=t(f"document_{document}", "vi"), items=items["vi"])
        print(f"note: {en} / chú ý: {vi}", file=sys.stderr)


def write_letter(args: argparse.Namespace, report: Report, moment: pd.Timestamp, groups: list[str] | None) -> list[Path]:
    from documents.letter import build_letter, letters_zip

    new_deadline = _day(args.new_deadline, "--new-deadline")
    letter_day = _day(args.date, "--date")
    inputs = document_inputs(args, report, LETTER_INPUTS)
    options = {"groups": groups, "include_late": args.include_late, "letter_day": letter_day, "inputs": inputs}
    if args.per_agency:
        data = letters_zip(report, moment, new_deadline, **options)
        written = [_write(args.out, document_name(report.config, "letters", moment.date()), data)]
    else:
        data = build_letter(report, moment, new_deadline, **options)
        written = [_write(args.out, document_name(report.config, "letter", moment.date()), data)]
    say_missing(inputs, ("letter",), LETTER_INPUTS)
    return written


def _photos(report: Report) -> tuple:
    """The photos chosen on the Evidence page, with the pictures the app kept beside the store (none: no page)."""
    from data_sources.thumbnails import photos_for_report, thumbnail_dir

    store = report.config.store
    folder = thumbnail_dir(store.path(demo=report.prepared.raw.is_demo)) if store is not None else None
    return photos_for_report(report, folder)


def write_final_report(args: argparse.Namespace, report: Report, moment: pd.Timestamp, groups: list[str] | None) -> list[Path]:
    """Both reports, their eight charts through one Chromium."""
    from documents.charts import ChartRenderer
    from documents.final_report import build_final_report, build_itu_report

    day = _day(args.date, "--date")
    inputs = document_inputs(args, report, REPORT_INPUTS)
    options = {"groups": groups, "report_day": day, "inputs": inputs, "photos": _photos(report)}
    with ChartRenderer() as renderer:
        final = build_final_report(report, moment, renderer=renderer, **options)
        itu = build_itu_report(report, moment, renderer=renderer, **options)
    names = (("final", final), ("itu", itu))
    written = [_write(args.out, document_name(report.config, name, moment.date()), data) for name, data in names]
    say_missing(inputs, ("final", "itu"), REPORT_INPUTS)
    return written
