"""The words and fields of the documents the Ministry sends (campaign.toml [documents]): next year changes config, not code.

The urging letter (công văn đôn đốc), the report on results to the Minister and the English report for ITU are built
by the top-level `documents` package from these texts only: every sentence, heading, caption and column header is
here, with placeholders ({year}, {theme_vi}, {deadline} …) that the document fills. These dataclasses are read by
campaign/config.py like every other table, and `check_placeholders` checks their texts when the config is read (pure,
like all of campaign/). The coordinator and the original letter are in [campaign]: the reminder email names them too.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, fields

# The placeholders every document text may use; each document fills them all, in its own language (a Vietnamese
# document writes 4/6/2021 and 1.259, the English one 4 June 2021 and 1,259).
PLACEHOLDERS = frozenset(
    {
        "year",  # the campaign's year (of period_start)
        "campaign_vi",
        "campaign_en",
        "theme_vi",
        "theme_en",
        "period_start",
        "period_end",
        "deadline",  # the day named in "trước ngày …": the last day on time
        "new_deadline",  # the urging letter's new deadline
        "original_number",  # the original letter's number and date: typed by the coordinator (dots until then)
        "original_date",
        "requester_vi",
        "requester_en",
        "coordinator",  # title and name, as the letters address them: "Anh Đào Ngọc Tuyền"
        "coordinator_name",
        "coordinator_phone",
        "coordinator_email",
        "as_of_time",  # the moment the figures stand at: 09:00
        "as_of_date",  # its day as the dashboard writes it: 04/06/2021 (4 June 2021 in English)
        "as_of_day",  # its day as a letter writes it: 4/6/2021
        "document_date",  # the document's own date: "ngày 05 tháng 6 năm 2021", or left for the registry
        "recipients",  # how many agencies the letter goes to
        "expected",  # agencies asked to report, reported, on time, late, missing, the reporting rate (in the scope)
        "reported",
        "on_time",
        "late",
        "missing",
        "rate",
        "participants",
        "expected_by_group",  # "Sở TT&TT các tỉnh, thành phố (63); …"
        "scope",  # the groups chosen, when the documents are for some groups only
    }
)
# Texts about one item of a list: the global placeholders and these.
ITEM_PLACEHOLDERS = {
    "activity_note": frozenset({"activity_agencies", "activity_quantity"}),  # [[activities]] document_note_vi/_en
    "most_active_item": frozenset({"agency", "count", "activities"}),
    "other_more": frozenset({"more"}),
    "story": frozenset({"agency", "group", "count", "activities", "reported_on"}),
    "story_people": frozenset({"people"}),
    "story_link": frozenset({"link"}),
}


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
    late_request: str  # only when agencies that reported late are among the recipients
    contact: str
    closing: str
    cc_label: str
    cc: tuple[str, ...]
    signer_authority: tuple[str, ...]
    signer_name: str
    annex_title: str
    annex_title_with_late: str
    annex_subtitle: str
    annex_columns: tuple[str, ...]
    missing_label: str
    late_label: str


@dataclass(frozen=True)
class ReportText:
    """The report on results to the Minister (báo cáo kết quả): every heading, sentence and caption."""

    issuer_parent: str
    issuer: str
    number: str
    title: str
    subtitle: str
    to_label: str
    to: tuple[str, ...]
    as_of_line: str
    scope_line: str
    heading_campaign: str
    campaign_intro: str
    campaign_agencies: str
    heading_results: str
    heading_reporting: str
    group_columns: tuple[str, ...]
    total_label: str
    caption_burnup: str
    caption_groups: str
    heading_activities: str
    activity_columns: tuple[str, ...]
    caption_activities: str
    heading_participants: str
    participants_line: str
    heading_highlights: str
    most_active: str
    most_active_item: str
    other_intro: str
    other_more: str
    heading_provinces: str
    caption_map: str
    heading_missing: str
    all_reported: str
    heading_proposals: str
    proposals_placeholder: str  # printed while the coordinator has not written the proposals
    cc_label: str
    cc: tuple[str, ...]
    signer_authority: tuple[str, ...]
    signer_name: str = ""  # the head of the department: typed by the coordinator on the Export page


@dataclass(frozen=True)
class ItuText:
    """The English report for ITU: addressee, sender, every sentence, the success stories and the signature."""

    addressee_label: str
    addressee: tuple[str, ...]
    sender: tuple[str, ...]
    contact: str  # the coordinator's contacts: only in the copy of a viewer who may see them
    date_line: str
    title: str
    theme_line: str
    intro: str
    groups_heading: str
    group_columns: tuple[str, ...]
    total_label: str
    activities_heading: str
    activity_columns: tuple[str, ...]
    participants_line: str
    stories_heading: str
    stories_intro: str
    story: str
    story_people: str
    story_link: str
    source: str
    sign_for: str
    signer_title: str  # under the signer's name (the report's signer): typed over on the Export page if it differs
    caption_burnup: str
    caption_groups: str
    caption_activities: str
    caption_map: str


@dataclass(frozen=True)
class DocumentConfig:
    issuer: str
    national_title: str
    motto: str
    place: str
    font: str
    undated: str  # the date line's words left for the registry, who dates a document when it numbers it
    letter: LetterText
    report: ReportText
    itu: ItuText


def check_text(text: object, where: str, extra: frozenset[str] = frozenset()) -> None:
    """A text uses only the placeholders a document fills (ValueError naming it and the known ones otherwise)."""
    if not isinstance(text, str):
        return
    known = PLACEHOLDERS | extra
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        raise ValueError(f"{where} (unbalanced {{ }}; write {{{{ for a brace)") from None
    for _, name, spec, conversion in parsed:
        if name is not None and (name not in known or spec or conversion):
            raise ValueError(f"{where}: {{{name}}} (placeholders: {', '.join(sorted(known))})")


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
            extra = ITEM_PLACEHOLDERS.get(f.name, frozenset())
            for text in value if isinstance(value, tuple) else (value,):
                check_text(text, f"{where}.{f.name}", extra)
