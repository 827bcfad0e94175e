"""The urging letter (công văn đôn đốc) to the agencies that have not reported, as of a chosen moment.

Every phrase is campaign.toml's ([documents.letter]); what only a person knows (the original letter's number and
date, the signer) comes in `inputs` (campaign/document_inputs.py). A sentence is printed only when it applies: the
late agencies' sentence only when late agencies are addressed. The date line is left for the registry unless a
date is given, and the signer is never also among "Nơi nhận".
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable

import pandas as pd

from campaign import document_inputs, metrics
from campaign.config import Config
from campaign.document_inputs import DocumentInputs
from campaign.errors import InputError
from campaign.names import fold_name
from campaign.report import Report
from documents import layout, qr
from documents.text import date_line, fill, name, placeholders


def document_config(config: Config):
    """The [documents] settings, or an error saying where they go."""
    if config.documents is None:
        raise InputError(
            f"{config.source_path or 'campaign.toml'}: no [documents] table; copy it from the project's campaign.toml",
            f"{config.source_path or 'campaign.toml'}: thiếu mục [documents]; hãy chép mục này từ campaign.toml của dự án",
        )
    return config.documents


def recipients(report: Report, groups: Iterable[str] | None = None, include_late: bool = False) -> pd.DataFrame:
    """The agencies the letter goes to: missing as of the report's moment (and late ones, as an option), within the
    groups; in the config's group order, then by code. Columns: code, name, group, status."""
    config = report.config
    agencies = metrics.agencies_in(report, groups)
    wanted = ["missing", "late"] if include_late else ["missing"]
    chosen = agencies[agencies["status"].isin(wanted)]
    order = {g: i for i, g in enumerate(config.groups)}
    chosen = chosen.assign(_order=chosen["group"].map(lambda g: order.get(g, len(order))))
    chosen = chosen.sort_values(["_order", "group", "code"], kind="stable")
    return chosen[["code", "name", "group", "status"]].reset_index(drop=True)


def _check_deadline(day: dt.date, new_deadline: dt.date, dated: bool) -> None:
    if new_deadline <= day:
        what_en = "the letter's date" if dated else "the day of the figures"
        what_vi = "ngày của công văn" if dated else "ngày của số liệu"
        raise InputError(
            f"the new deadline {new_deadline:%d/%m/%Y} must come after {what_en} {day:%d/%m/%Y}; choose a later day",
            f"hạn mới {new_deadline:%d/%m/%Y} phải sau {what_vi} {day:%d/%m/%Y}; hãy chọn ngày muộn hơn",
        )


def cc_without_signer(cc: Iterable[str], signer: str) -> list[str]:
    """'Nơi nhận' without the line that names the signer (accents and case aside): the signer is not a recipient."""
    key = fold_name(signer)
    return [line for line in cc if not key or key not in fold_name(line)]


def build_letter(
    report: Report,
    moment: pd.Timestamp,
    new_deadline: dt.date,
    *,
    groups: Iterable[str] | None = None,
    include_late: bool = False,
    letter_day: dt.date | None = None,
    inputs: DocumentInputs | None = None,
    to: pd.DataFrame | None = None,
) -> bytes:
    """The letter as DOCX bytes. `letter_day`: its date (None: left for the registry). `inputs`: what the coordinator
    typed (default: campaign.toml's values). `to`: the recipients (default: `recipients(report, groups, include_late)`)."""
    config = report.config
    docs = document_config(config)
    text = docs.letter
    inputs = inputs or document_inputs.defaults(config)
    _check_deadline(letter_day or moment.date(), new_deadline, letter_day is not None)
    to = recipients(report, groups, include_late) if to is None else to
    if to.empty:
        raise InputError(
            "no agency is missing at this moment: there is nobody to send the letter to",
            "không còn đơn vị nào chưa báo cáo tại thời điểm này: không có nơi nhận công văn",
        )
    values = placeholders(
        config,
        moment,
        "vi",
        summary=metrics.summary(report, groups),
        by_group=metrics.by_group(report, groups),
        inputs=inputs,
        groups=groups,
        document_day=letter_day,
        new_deadline=new_deadline,
        recipients=len(to),
    )
    doc = layout.new_document(docs.font)
    layout.header_block(
        doc, [(docs.issuer, True)], fill(text.number, values), fill(text.subject, values), docs, date_line(config, letter_day)
    )
    names = [name(n) for n in to["name"]]
    annex = len(names) > text.annex_after
    layout.recipients_block(doc, text.to_label, [fill(text.annex_recipient, values)] if annex else names)
    with_late = bool((to["status"] == "late").any())
    paragraphs = [
        text.body_intro,
        text.status_with_late if with_late else text.status_missing,
        text.request,
        *([text.late_request] if with_late else []),
        text.contact,
    ]
    for paragraph in paragraphs:
        layout.body(doc, fill(paragraph, values))
    qr.add_agency_link(doc, config, to, report.prepared.raw.is_demo)  # a letter to one agency: its own link, as QR
    layout.body(doc, fill(text.closing, values), after=12)
    signer = plain_signer(inputs.letter_signer_name)
    cc = cc_without_signer([fill(c, values) for c in text.cc], signer)
    layout.signature_block(doc, text.cc_label, cc, [fill(line, values) for line in inputs.letter_signer_title], signer)
    if annex:
        _annex(doc, report, to, values, with_late)
    return layout.to_bytes(doc)


def plain_signer(signer: str) -> str:
    """The signer's name as printed (blank: dots, for a name still to be written)."""
    return name(signer) or "…"


def _annex(doc, report: Report, to: pd.DataFrame, values: dict, with_late: bool) -> None:
    """'Danh sách kèm theo': the recipients by group, numbered, with their status. The header row is repeated on each
    page, no row is split, and a group's heading stays with its first agency."""
    config = report.config
    text = config.documents.letter
    layout.page_break(doc)
    title = text.annex_title_with_late if with_late else text.annex_title
    layout.para(doc, fill(title, values), bold=True, align=layout.CENTER, after=0, keep_with_next=True)
    layout.para(doc, fill(text.annex_subtitle, values), size=13, italic=True, align=layout.CENTER, after=12, keep_with_next=True)
    widths = (1.3, 10.7, 4.5)
    table = layout.grid(doc, 1, widths, borders=True)
    for j, header in enumerate(text.annex_columns[:3]):
        layout.para(
            table.rows[0].cells[j], fill(header, values), size=13, bold=True, align=layout.CENTER, after=0, keep_with_next=True
        )
    status_label = {"missing": text.missing_label, "late": text.late_label}
    number = 0
    for group, part in to.groupby("group", sort=False):
        row = table.add_row()
        cell = row.cells[0].merge(row.cells[-1])
        label = config.group_label(group, "vi")
        layout.para(
            cell,
            f"{name(label)} ({len(part)})",
            size=13,
            bold=True,
            align=layout.LEFT,
            after=0,
            line_spacing=1.0,
            keep_with_next=True,
        )
        for agency, status in zip(part["name"], part["status"]):
            number += 1
            cells = table.add_row().cells
            layout.para(cells[0], str(number), size=13, align=layout.CENTER, after=0, line_spacing=1.0)
            layout.para(cells[1], name(agency), size=13, align=layout.LEFT, after=0, line_spacing=1.0)
            layout.para(
                cells[2], fill(status_label.get(status, status), values), size=13, align=layout.LEFT, after=0, line_spacing=1.0
            )
    layout.repeat_header(table)
    layout.keep_rows_whole(table)


_SAFE_FILE = re.compile(r"[^A-Za-z0-9._-]+")


def letters_zip(
    report: Report,
    moment: pd.Timestamp,
    new_deadline: dt.date,
    *,
    groups: Iterable[str] | None = None,
    include_late: bool = False,
    letter_day: dt.date | None = None,
    inputs: DocumentInputs | None = None,
) -> bytes:
    """One letter per agency, in a ZIP of DOCX files named by agency code (a code unsafe as a file name is made safe)."""
    to = recipients(report, groups, include_late)
    options = {"letter_day": letter_day, "inputs": inputs, "groups": groups}
    if to.empty:
        build_letter(report, moment, new_deadline, to=to, **options)  # raises the 'nobody' message
    buffer = io.BytesIO()
    used: set[str] = set()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(len(to)):
            one = to.iloc[[i]]
            stem = _SAFE_FILE.sub("_", str(one["code"].iloc[0])).strip("._")[:60] or f"agency-{i + 1}"
            while stem in used:
                stem += "_"
            used.add(stem)
            archive.writestr(f"{stem}.docx", build_letter(report, moment, new_deadline, to=one, **options))
    return buffer.getvalue()
