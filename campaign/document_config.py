"""The words and fields of the documents the Ministry sends (campaign.toml [documents]): next year changes config, not code.

The urging letter (công văn đôn đốc), the report on results to the Minister and the English report for ITU are built
by the top-level `documents` package; these dataclasses are read by campaign/config.py like every other table, and
`check_placeholders` checks their texts (pure, like all of campaign/). The coordinator and the original letter are in
[campaign]: the reminder email names them too.
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
    letter: LetterText
    report: ReportText
    itu: ItuText


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


def check_placeholders(documents: DocumentConfig) -> None:
    """Every text of [documents] uses only the placeholders a document fills (ValueError naming the first that is not)."""
    for part, where in (
        (documents, "documents"),
        (documents.letter, "documents.letter"),
        (documents.report, "documents.report"),
        (documents.itu, "documents.itu"),
    ):
        for f in fields(part):
            value = getattr(part, f.name)
            for text in value if isinstance(value, tuple) else (value,):
                _check_placeholders(text, f"{where}.{f.name}")
