"""The words and fields of the documents the Ministry sends (campaign.toml [documents]): next year changes config, not code.

The urging letter (công văn đôn đốc), the report on results to the Minister and the English report for ITU are built
by the top-level `documents` package; this module only reads and checks their settings (pure, like all of campaign/).
"""

from __future__ import annotations

import string
from dataclasses import dataclass, fields

# The placeholders a letter's or report's text may use; each document fills them all.
PLACEHOLDERS = frozenset(
    {
        "campaign",
        "campaign_en",
        "theme",
        "theme_en",
        "period_start",
        "period_end",
        "deadline",
        "new_deadline",
        "original_number",
        "original_date",
        "requester",
        "coordinator",
        "coordinator_name",
        "coordinator_phone",
        "coordinator_email",
        "as_of_time",
        "as_of_date",
        "agencies",
    }
)


@dataclass(frozen=True)
class LetterText:
    """The urging letter (công văn đôn đốc): every fixed phrase, in the order it appears."""

    number: str
    subject: str
    to_label: str
    annex_recipient: str
    annex_after: int
    body_intro: str
    status_missing: str
    status_with_late: str
    request: str
    contact: str
    closing: str
    cc_label: str
    cc: tuple[str, ...]
    signer_authority: tuple[str, ...]
    signer_name: str
    annex_title: str
    annex_subtitle: str
    annex_columns: tuple[str, ...]
    missing_label: str
    late_label: str


@dataclass(frozen=True)
class ReportText:
    """The report on results to the Minister (báo cáo kết quả): cover block, addressees and signature."""

    issuer_parent: str
    issuer: str
    number: str
    title: str
    subtitle: str
    to_label: str
    to: tuple[str, ...]
    cc_label: str
    cc: tuple[str, ...]
    signer_authority: tuple[str, ...]
    signer_name: str
    proposals_placeholder: str


@dataclass(frozen=True)
class ItuText:
    """The one-page English report for ITU."""

    title: str
    sender: str
    source: str


@dataclass(frozen=True)
class DocumentConfig:
    issuer: str
    national_title: str
    motto: str
    place: str
    font: str
    original_number: str
    original_date: str
    coordinator_title: str
    coordinator_name: str
    coordinator_phone: str
    coordinator_email: str
    letter: LetterText
    report: ReportText
    itu: ItuText


def _strings(table: dict, cls: type, where: str) -> dict:
    """The table's values for the dataclass's fields: lists become tuples; unknown or missing keys are refused."""
    names = {f.name: f.type for f in fields(cls)}
    unknown = sorted(set(table) - set(names) - {"letter", "report", "itu"})
    if unknown:
        raise ValueError(f"{where}.{unknown[0]} (unknown setting)")
    out = {}
    for name, kind in names.items():
        if name in ("letter", "report", "itu"):
            continue
        value = table[name] if name in table else _missing(where, name)
        if "tuple" in str(kind):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ValueError(f"{where}.{name} (a list of texts)")
            value = tuple(value)
        elif kind in ("int", int):
            if not isinstance(value, int) or isinstance(value, bool):
                raise ValueError(f"{where}.{name} (a whole number)")
        elif not isinstance(value, str):
            raise ValueError(f"{where}.{name} (a text)")
        for text in value if isinstance(value, tuple) else (value,):
            _check_placeholders(text, f"{where}.{name}")
        out[name] = value
    return out


def _missing(where: str, name: str):
    raise KeyError(f"{where}.{name}")


def _check_placeholders(text: object, where: str) -> None:
    if not isinstance(text, str):
        return
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        raise ValueError(f"{where} (unbalanced {{ }}; write {{{{ for a brace)") from None
    for _, name, _, _ in parsed:
        if name is not None and name not in PLACEHOLDERS:
            raise ValueError(f"{where}: {{{name}}} (placeholders: {', '.join(sorted(PLACEHOLDERS))})")


def parse_documents(table: dict) -> DocumentConfig:
    """campaign.toml [documents] with its [documents.letter], [documents.report] and [documents.itu] tables."""
    return DocumentConfig(
        **_strings(table, DocumentConfig, "documents"),
        letter=LetterText(**_strings(table["letter"], LetterText, "documents.letter")),
        report=ReportText(**_strings(table["report"], ReportText, "documents.report")),
        itu=ItuText(**_strings(table["itu"], ItuText, "documents.itu")),
    )
