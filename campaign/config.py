"""The campaign config: one TOML file per campaign, read into dataclasses shaped like its tables.

Each table of campaign.toml is a dataclass below and each key one field of it, with its default there and nowhere
else: adding a setting is adding one line to its table's dataclass. A key the file has and no dataclass knows is
refused with the nearest known name (a typo is never silently a default), and a value of the wrong kind or outside
its choices is refused with what is accepted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
import os
import re
import string
import tomllib
import types
import typing
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

from campaign.bilingual import Bilingual
from campaign.errors import InputError
from campaign.store import KINDS, store_columns

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = PROJECT_ROOT / "campaign.toml"


# --- [documents]: the words and fields of the documents the Ministry sends -----------------------------------------
# The urging letter (công văn đôn đốc), the report on results to the Minister and the English report for ITU are built
# by the top-level `documents` package from these texts only: every sentence, heading, caption and column header is
# here, with placeholders ({year}, {theme_vi}, {deadline} …) that the document fills; `check_placeholders` checks them
# when the config is read. The coordinator and the original letter are in [campaign]: the reminder email names them too.

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
    "photo_credit": frozenset({"agency"}),  # under each photo chosen for the reports (issue #25)
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
    # The page of photos the coordinator chose (Minh chứng page), after the signature; none chosen: no page.
    heading_photos: str = "PHỤ LỤC: HÌNH ẢNH TIÊU BIỂU"
    photo_credit: str = "Ảnh: {agency}"


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
    # The page of photos the coordinator chose, with their English captions; none chosen: no page.
    photos_heading: str = "Photos"
    photo_credit: str = "Photo: {agency}"


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


@dataclass(frozen=True)
class CampaignSettings:
    """[campaign]"""

    name_vi: str
    name_en: str
    timezone: str
    period_start: dt.date
    period_end: dt.date
    deadline: dt.datetime  # on time means strictly before it; a time without an offset is in `timezone`
    roster: Path  # relative to the TOML file
    short_title: str = ""  # the browser tab's title (the Vietnamese name when empty)
    slug: str = "campaign"  # the start of the file names the dashboard gives: lowercase letters, digits and '-'
    theme_vi: str = ""
    theme_en: str = ""
    date_order: Literal["dmy", "mdy"] = "dmy"  # how text timestamps are written: 17/05/2021 or 5/17/2021
    requester_vi: str = ""
    requester_en: str = ""
    contact_email: str = ""  # where reports are emailed: the coordinator's address
    # The coordinator at the requester, named in the reminder email and the documents.
    coordinator_title: str = ""  # how the letters address them: "Anh", "Chị", "Ông", "Bà"
    coordinator_name: str = ""
    coordinator_phone: str = ""
    # The original letter asking for the reports, cited by the reminder and the documents; blank until known.
    original_letter_number: str = ""
    original_letter_date: dt.date | None = None

    @property
    def year(self) -> int:
        """The campaign's year, its period's: `{year}` in the config's texts."""
        return self.period_start.year

    @property
    def name(self) -> Bilingual:
        return Bilingual(self.name_vi, self.name_en)

    @property
    def requester(self) -> Bilingual:
        return Bilingual(self.requester_vi, self.requester_en)


@dataclass(frozen=True)
class SheetSettings:
    """[sheet]"""

    responses_tab: str = "Câu trả lời biểu mẫu 1"
    responses_tab_aliases: tuple[str, ...] = ()
    roster_tab: str = "Danh sách đơn vị"
    cache_ttl_seconds: int = 300  # one read of the sheet per this many seconds, shared by every viewer
    # Evidence links to Google Drive checked through the Drive API (read-only drive.readonly scope, the same service
    # account): name, type, size, thumbnail, and whether the Ministry can open each file. Off: an ordinary link check.
    drive_evidence: bool = False


@dataclass(frozen=True)
class Limits:
    """[limits]: what is accepted from a source (the sheet is filled by a public form)."""

    max_rows: int = 100_000  # a sheet with more rows is refused, before it is read in full
    max_cell_chars: int = 5_000  # longer cells are cut and flagged
    max_quantity: int = 10_000_000  # a larger quantity is no count and a data-quality flag
    # Untrusted files, parsed in a child process (data_sources/bounded.py). The defaults admit the bench's
    # commune-scale campaign (100,000 rows of the form's 14 columns, a 36 MB CSV).
    max_columns: int = 200
    max_file_mb: float = 50.0
    max_unzipped_mb: float = 500.0  # an XLSX's members, inflated, all together
    max_zip_ratio: float = 100.0  # a member may inflate at most this many times (a zip bomb: thousands)
    parse_memory_mb: int = 1024  # the child's address space (RLIMIT_AS), interpreter and libraries included
    parse_seconds: float = 30.0  # wall clock for one parse, start of the child included
    # Entries the coordinator's desk saves in one day (the campaign's calendar), all kinds together: a bound on what
    # a stolen password or a stuck script can write into the store. Reminders sent in a batch are not counted.
    max_entries_per_day: int = 1_000


@dataclass(frozen=True)
class Matching:
    """[matching]: a typed name is matched fuzzily only to a clear winner."""

    min_score: float = 90.0  # rapidfuzz ratio, 0-100
    min_margin: float = 5.0  # over the runner-up


@dataclass(frozen=True)
class Privacy:
    """[privacy]: columns that name or reach a person besides the form fields marked `personal` (campaign/privacy.py)."""

    personal_columns: tuple[str, ...] = ("email", "phone", "mailto")
    personal_files: tuple[str, ...] = ()  # downloads that carry personal data as a whole (the urging letter)


@dataclass(frozen=True)
class Field:
    """[fields.<key>]: a question of the form."""

    key: str = field(metadata={"toml": False})  # the table's own name
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    personal: bool = False  # names or reaches a person: only the coordinator sees it

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.header, *self.aliases)


@dataclass(frozen=True)
class Activity:
    """[[activities]]: a checkbox of the form."""

    key: str
    label_vi: str
    label_en: str
    quantity_field: str | None = None
    # Its name where room is short (the overview's tiles, a table's column): the label itself when empty.
    short_vi: str = ""
    short_en: str = ""
    # A sentence for the report to the Minister and one for the report for ITU, printed when agencies did it
    # ({activity_agencies} agencies, {activity_quantity} in total): leave empty for none.
    document_note_vi: str = ""
    document_note_en: str = ""

    @property
    def label(self) -> Bilingual:
        return Bilingual(self.label_vi, self.label_en)

    def short(self, lang: str) -> str:
        """The short name in the language ('Bài viết, tin đăng'), or the label when the config gives none."""
        short = self.short_vi if lang == "vi" else self.short_en
        return short or self.label.get(lang)


STORE_PATH_ENV = "CAMPAIGN_STORE_PATH"


@dataclass(frozen=True)
class TabSpec:
    """One store tab: its title in the Sheet and the header of each column (key → header, in order)."""

    kind: str = field(metadata={"toml": False})  # the table's own name
    title: str
    headers: dict[str, str]
    personal: tuple[str, ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(self.headers)

    @property
    def header_row(self) -> list[str]:
        return list(self.headers.values())


@dataclass(frozen=True)
class StoreSettings:
    """[store] in campaign.toml: the SQLite file and the tabs (one per kind of entry)."""

    sqlite_path: Path
    tabs: dict[str, TabSpec] = field(metadata={"toml_name": "<kind>"})  # [store.resolutions], [store.chases] …

    def path(self, demo: bool = False) -> Path:
        """The SQLite file (CAMPAIGN_STORE_PATH overrides the config); the demo's own file beside it."""
        path = Path(os.environ.get(STORE_PATH_ENV) or self.sqlite_path).expanduser()
        return path.with_name(f"{path.stem}-demo{path.suffix}") if demo else path


@dataclass(frozen=True)
class FormSettings:
    """[form]: the Google Form, and the question that carries an agency's code (its own pre-filled link)."""

    url: str = ""  # the Form's address (…/viewform); empty: the reminder asks for the report by email only
    # The "Mã đơn vị" question's entry id, from Google Forms → ⋮ → "Get pre-filled link" (entry.1234567890);
    # empty: every agency gets the plain link and types its name.
    agency_code_entry: str = ""


@dataclass(frozen=True)
class ReminderSettings:
    """[reminder]: reminders the app sends by email ([smtp] in secrets), bounded."""

    min_hours_between: float = 24.0  # an agency is never emailed twice within this (unless overridden for it)
    max_per_send: int = 50  # emails per press of the button; the rest at the next press
    pause_seconds: float = 2.0  # between two emails, so the Ministry's server never sees a burst


@dataclass(frozen=True)
class DigestSettings:
    """[digest]: the days the leaders' morning digest is sent (python -m campaign digest --send, the systemd timer)."""

    first_day: dt.date | None = None  # empty: period_start
    last_day: dt.date | None = None  # empty: a week after the deadline

    def days(self, campaign: CampaignSettings) -> tuple[dt.date, dt.date]:
        """(first, last): the days a digest goes out, both included."""
        deadline = campaign.deadline.date() if isinstance(campaign.deadline, dt.datetime) else campaign.deadline
        return self.first_day or campaign.period_start, self.last_day or deadline + dt.timedelta(days=7)


@dataclass(frozen=True)
class MailboxSettings:
    """[mailbox]: the department's mailbox read as a source ([inbox] in secrets), read-only and bounded."""

    weeks_after_deadline: float = 4.0  # emails are read from period_start to this long after the deadline
    max_messages: int = 500  # the newest this many of the period are read; the page says when more were left
    max_message_mb: float = 30.0  # a larger email is listed from its headers only
    max_total_mb: float = 300.0  # whole emails fetched per read, newest first; past it, the older are headers only
    timeout_seconds: float = 30.0  # the IMAP connection's socket timeout

    def days(self, campaign: CampaignSettings) -> tuple[dt.date, dt.date]:
        """(first, last): the days whose emails are read, both included."""
        deadline = campaign.deadline.date() if isinstance(campaign.deadline, dt.datetime) else campaign.deadline
        return campaign.period_start, deadline + dt.timedelta(weeks=self.weeks_after_deadline)


def parse_store(
    data: dict, config_path: Path, quantity_keys: tuple[str, ...], field_headers: dict[str, str] | None = None
) -> StoreSettings | None:
    """[store] → StoreSettings (None without a [store] table: the coordinator's store is then off);
    every tab must name a header for each of its columns, and no other. A column that is also a question of the
    form (the emailed report's activities, quantities, evidence…) takes the form's header unless the tab names one,
    so a new activity type needs no line here."""
    if not data:
        return None
    sqlite = Path(data.get("sqlite_path", "store/campaign.sqlite")).expanduser()
    if not sqlite.is_absolute():
        sqlite = config_path.resolve().parent / sqlite
    tabs = {}
    for kind in KINDS:
        tab = data.get(kind)
        if not isinstance(tab, dict):
            raise ValueError(f"store.{kind} (a table with title and headers)")
        wanted = store_columns(kind, quantity_keys)
        headers = {k: h for k, h in (field_headers or {}).items() if k in wanted} | dict(tab["headers"])
        if set(headers) != set(wanted):
            missing, unknown = sorted(set(wanted) - set(headers)), sorted(set(headers) - set(wanted))
            raise ValueError(f"store.{kind}.headers (missing {missing}, unknown {unknown})")
        if len(set(headers.values())) != len(headers):
            raise ValueError(f"store.{kind}.headers (two columns with one header)")
        personal = tuple(tab.get("personal", ()))
        if not set(personal) <= set(wanted):
            raise ValueError(f"store.{kind}.personal (unknown column)")
        tabs[kind] = TabSpec(kind, str(tab["title"]), {k: str(headers[k]) for k in wanted}, personal)
    return StoreSettings(sqlite_path=sqlite, tabs=tabs)


@dataclass(frozen=True)
class Config:
    """The whole file: one field per table."""

    campaign: CampaignSettings
    fields: dict[str, Field]
    activities: tuple[Activity, ...]
    sheet: SheetSettings = field(default_factory=SheetSettings)
    limits: Limits = field(default_factory=Limits)
    matching: Matching = field(default_factory=Matching)
    privacy: Privacy = field(default_factory=Privacy)
    groups: dict[str, Bilingual] = field(default_factory=dict)  # [groups.<key>] vi, en
    # [documents]: the letter and reports (documents/ package); its texts' placeholders checked by _parse
    documents: DocumentConfig | None = None
    # [store]: the coordinator's tabs / SQLite file (campaign/store.py); read by _parse (its columns follow the activities)
    store: StoreSettings | None = field(default=None, metadata={"late": True})
    form: FormSettings = field(default_factory=FormSettings)  # [form]
    reminder: ReminderSettings = field(default_factory=ReminderSettings)  # [reminder]
    digest: DigestSettings = field(default_factory=DigestSettings)  # [digest]
    mailbox: MailboxSettings = field(default_factory=MailboxSettings)  # [mailbox]
    source_path: Path | None = field(default=None, compare=False, metadata={"toml": False})

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.campaign.timezone)

    def local(self, moment: dt.datetime | pd.Timestamp | str) -> pd.Timestamp:
        """A moment in campaign time: one with a zone is converted, one without is read as campaign time."""
        ts = pd.Timestamp(moment)
        return ts.tz_localize(self.campaign.timezone) if ts.tzinfo is None else ts.tz_convert(self.campaign.timezone)

    @property
    def deadline(self) -> pd.Timestamp:
        """The deadline in campaign time (on time means strictly before it)."""
        return self.local(self.campaign.deadline)

    @property
    def quantity_activities(self) -> tuple[Activity, ...]:
        return tuple(a for a in self.activities if a.quantity_field)

    def quantity_labels(self, lang: str) -> dict[str, str]:
        """Each quantity field's short name in the language (its activity's), for tiles and table columns."""
        return {a.quantity_field: a.short(lang) for a in self.quantity_activities}

    def group_label(self, key: str, lang: str = "vi") -> str:
        """A group's name in the language; the key itself for a group the config does not name."""
        return self.groups.get(key, Bilingual(key, key)).get(lang)

    @property
    def personal_fields(self) -> tuple[str, ...]:
        return tuple(k for k, f in self.fields.items() if f.personal)


def setting_keys(cls: type | None = None, where: str = "") -> list[str]:
    """Every key campaign.toml may hold, as 'table.key' ('fields.<key>.header', 'store.<kind>.title'), read off the
    dataclasses above: README's "Settings" lists exactly these (tests/test_settings_docs.py)."""
    cls = cls or Config
    hints = typing.get_type_hints(cls)
    keys: list[str] = []
    for f in dataclasses.fields(cls):
        if not f.metadata.get("toml", True):
            continue
        key = _join(where, f.metadata.get("toml_name", f.name))
        kind = hints[f.name]
        if typing.get_origin(kind) in (typing.Union, types.UnionType):
            kind = next(a for a in typing.get_args(kind) if a is not type(None))
        origin, args = typing.get_origin(kind), typing.get_args(kind)
        if dataclasses.is_dataclass(kind):
            keys += setting_keys(kind, key)
        elif origin is tuple and args and dataclasses.is_dataclass(args[0]):  # [[activities]]
            keys += setting_keys(args[0], key)
        elif origin is dict and dataclasses.is_dataclass(args[1]):
            keys += setting_keys(args[1], key if "toml_name" in f.metadata else f"{key}.<key>")
        else:
            keys.append(key)
    return keys


def load_config(path: str | Path | None = None) -> Config:
    """Read a campaign TOML file (campaign.toml when no path is given)."""
    path = Path(path) if path else DEFAULT_CONFIG
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            f"{path}: config file not found; pass --config with a campaign TOML file",
            f"{path}: không tìm thấy tệp cấu hình; hãy chỉ ra tệp TOML bằng --config",
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(
            f"{path}: not a valid TOML file ({exc}); fix the file",
            f"{path}: tệp TOML không hợp lệ ({exc}); hãy sửa tệp",
        ) from None
    try:
        return _parse(data, path)
    except _Refused as exc:
        raise InputError(
            f"{path}: {exc.en}; compare with campaign.toml",
            f"{path}: {exc.vi}; hãy so với campaign.toml",
        ) from None


class _Refused(Exception):
    def __init__(self, en: str, vi: str):
        super().__init__(en)
        self.en, self.vi = en, vi


# [campaign] texts that may name the year as {year}, so next year's file changes its dates, not its words.
CAMPAIGN_TEXTS = ("name_vi", "name_en", "short_title", "slug", "roster")


def _parse(data: dict, path: Path) -> Config:
    config = _build(Config, data, "", path)
    campaign = _fill_campaign(config.campaign)
    config = dataclasses.replace(config, campaign=campaign)
    try:
        zone = ZoneInfo(campaign.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise _Refused(
            f"campaign.timezone = {campaign.timezone!r} is no time zone; use an IANA name like 'Asia/Ho_Chi_Minh'",
            f"campaign.timezone = {campaign.timezone!r} không phải múi giờ; hãy dùng tên IANA như 'Asia/Ho_Chi_Minh'",
        ) from None
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", campaign.slug):
        raise _Refused(
            f"campaign.slug = {campaign.slug!r} is not accepted; use lowercase letters, digits and '-', like 'wtisd{{year}}'",
            f"campaign.slug = {campaign.slug!r} không hợp lệ; hãy dùng chữ thường không dấu, chữ số và '-', như 'wtisd{{year}}'",
        )
    if campaign.deadline.tzinfo is None:
        config = dataclasses.replace(
            config, campaign=dataclasses.replace(campaign, deadline=campaign.deadline.replace(tzinfo=zone))
        )
    _check_form_and_reminder(config)
    for a in config.activities:
        if a.quantity_field and a.quantity_field not in config.fields:
            raise _Refused(
                f"[[activities]] {a.key}: quantity_field = {a.quantity_field!r} is no [fields] table "
                f"(known: {', '.join(config.fields)})",
                f"[[activities]] {a.key}: quantity_field = {a.quantity_field!r} không có trong [fields] "
                f"(có: {', '.join(config.fields)})",
            )
    # An emailed report carries a number for each activity's quantity, then participants: the store's columns.
    quantities = tuple(a.quantity_field for a in config.activities if a.quantity_field)
    quantities += ("participants",) if "participants" in config.fields else ()
    if config.documents is not None:
        _read(check_placeholders, config.documents)
    for a in config.activities:
        for note in ("document_note_vi", "document_note_en"):
            check = functools.partial(
                check_text, where=f"[[activities]] {a.key}.{note}", extra=ITEM_PLACEHOLDERS["activity_note"]
            )
            _read(check, getattr(a, note))
    headers = {k: f.header for k, f in config.fields.items()}
    store_table = dict(data.get("store", {}))
    if isinstance(store_table.get("sqlite_path"), str):  # each campaign's entries in a file of its own: {year}
        store_table["sqlite_path"] = _fill_text(store_table["sqlite_path"], "store.sqlite_path", campaign.year)
    store = _read(lambda table: parse_store(table, path, quantities, headers), store_table)
    return dataclasses.replace(config, store=store)


def _check_form_and_reminder(config: Config) -> None:
    entry = config.form.agency_code_entry.strip()
    if entry and not re.fullmatch(r"(entry\.)?\d+", entry):
        raise _Refused(
            f"form.agency_code_entry = {entry!r} is no entry id; copy it from the pre-filled link, like 'entry.1234567890'",
            f"form.agency_code_entry = {entry!r} không phải mã câu hỏi; hãy chép từ đường dẫn điền sẵn, như 'entry.1234567890'",
        )
    url = config.form.url.strip()
    if url and not re.match(r"https?://", url):
        raise _Refused(
            f"form.url = {url!r} is no web address; copy the Form's link (https://docs.google.com/forms/…/viewform)",
            f"form.url = {url!r} không phải địa chỉ web; hãy chép đường dẫn biểu mẫu (https://docs.google.com/forms/…/viewform)",
        )
    r = config.reminder
    for name, value, least in (("max_per_send", r.max_per_send, 1), ("min_hours_between", r.min_hours_between, 0)):
        if value < least:
            raise _Refused(
                f"reminder.{name} = {value}: expected at least {least}", f"reminder.{name} = {value}: cần ít nhất {least}"
            )
    if not 0 <= r.pause_seconds <= 60:
        raise _Refused(
            f"reminder.pause_seconds = {r.pause_seconds}: expected 0 to 60",
            f"reminder.pause_seconds = {r.pause_seconds}: cần từ 0 đến 60",
        )


def _fill_campaign(campaign: CampaignSettings) -> CampaignSettings:
    """[campaign]'s texts with {year} filled in (a brace is written {{ )."""
    filled = {}
    for name in CAMPAIGN_TEXTS:
        value = _fill_text(str(getattr(campaign, name)), f"campaign.{name}", campaign.year)
        filled[name] = Path(value) if name == "roster" else value
    return dataclasses.replace(campaign, **filled)


def _fill_text(text: str, where: str, year: int) -> str:
    try:
        return text.format(year=year)
    except (KeyError, IndexError, ValueError) as exc:
        raise _Refused(
            f"{where} = {text!r}: {exc} is no placeholder here; use {{year}} (write {{{{ for a brace)",
            f"{where} = {text!r}: {exc} không phải chỗ điền; hãy dùng {{year}} (viết {{{{ cho dấu ngoặc)",
        ) from None


def _build(cls: type, table: object, where: str, path: Path, **given):
    """An instance of dataclass `cls` from a TOML table: unknown keys, missing keys and wrong values refused."""
    if not isinstance(table, dict):
        raise _Refused(f"{_name(where)} must be a table", f"{_name(where, 'vi')} phải là một bảng")
    names = [f.name for f in dataclasses.fields(cls) if f.metadata.get("toml", True) and f.name not in given]
    for key in table:
        if key not in names:
            near = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
            hint_en = f"; did you mean {near[0]!r}?" if near else f" (known: {', '.join(names)})"
            hint_vi = f"; có phải là {near[0]!r}?" if near else f" (các khoá: {', '.join(names)})"
            raise _Refused(
                f"unknown setting {key!r} in {_name(where)}{hint_en}",
                f"thiết lập lạ {key!r} trong {_name(where, 'vi')}{hint_vi}",
            )
    hints = typing.get_type_hints(cls)
    values = dict(given)
    for f in dataclasses.fields(cls):
        if f.name in given or not f.metadata.get("toml", True) or f.metadata.get("late"):
            continue
        if f.name in table and "read" in f.metadata:  # a table with its own reader
            values[f.name] = _read(f.metadata["read"], table[f.name])
        elif f.name in table:
            values[f.name] = _value(hints[f.name], table[f.name], _join(where, f.name), path)
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise _Refused(f"missing setting {_join(where, f.name)!r}", f"thiếu thiết lập {_join(where, f.name)!r}")
    if cls is Config:
        values["source_path"] = path
    return cls(**values)


def _read(reader, table):
    try:
        return reader(table)
    except (KeyError, TypeError, ValueError) as exc:
        raise _Refused(f"missing or wrong setting {exc}", f"thiếu hoặc sai thiết lập {exc}") from None


def _value(kind, value, where: str, path: Path):
    """`value` from the file as the type `kind` says, or refused saying what is accepted."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        return _value(next(a for a in args if a is not type(None)), value, where, path)
    if dataclasses.is_dataclass(kind):
        return _build(kind, value, where, path)
    if origin is Literal:
        if value not in args:
            raise _Refused(
                f"{where} = {value!r} is not accepted; use one of {', '.join(map(repr, args))}",
                f"{where} = {value!r} không hợp lệ; hãy dùng một trong {', '.join(map(repr, args))}",
            )
        return value
    if origin is tuple:
        if not isinstance(value, list):
            raise _wrong(where, value, "a list")
        return tuple(_value(args[0], v, f"{where}[{i}]", path) for i, v in enumerate(value))
    if origin is dict:
        if not isinstance(value, dict):
            raise _wrong(where, value, "a table")
        item = args[1]
        if item is Field:
            return {k: _build(Field, v, _join(where, k), path, key=k) for k, v in value.items()}
        return {k: _value(item, v, _join(where, k), path) for k, v in value.items()}
    if kind is Path:
        p = Path(_value(str, value, where, path))
        return p if p.is_absolute() else path.resolve().parent / p
    if kind is dt.datetime:
        if not isinstance(value, dt.datetime):
            raise _wrong(where, value, "a date-time with offset, yyyy-mm-ddThh:mm:ss+07:00 (no quotes)")
        return value
    if kind is dt.date:
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise _wrong(where, value, "a date, yyyy-mm-dd (no quotes)")
        return value
    if kind is bool:
        if not isinstance(value, bool):
            raise _wrong(where, value, "true or false")
        return value
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _wrong(where, value, "a whole number")
        return value
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _wrong(where, value, "a number")
        return float(value)
    if kind is str:
        if not isinstance(value, str):
            raise _wrong(where, value, "text in quotes")
        return value
    raise TypeError(f"campaign/config.py: no reader for {kind!r} ({where})")  # a programming error, not the file's


def _wrong(where: str, value, accepted: str) -> _Refused:
    vi = {
        "a list": "một danh sách",
        "a table": "một bảng",
        "true or false": "true hoặc false",
        "a whole number": "một số nguyên",
        "a number": "một số",
        "text in quotes": "chuỗi trong ngoặc kép",
    }.get(accepted, accepted)
    return _Refused(f"{where} = {value!r}: expected {accepted}", f"{where} = {value!r}: cần {vi}")


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _name(where: str, lang: str = "en") -> str:
    return f"[{where}]" if where else ("the file" if lang == "en" else "tệp")
