"""The campaign config: one TOML file per campaign."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from campaign.document_config import DocumentConfig, parse_documents
from campaign.errors import InputError
from campaign.store import ReminderSettings, StoreSettings, parse_reminder, parse_store

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = PROJECT_ROOT / "campaign.toml"


@dataclass(frozen=True)
class Field:
    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    personal: bool = False

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.header, *self.aliases)


@dataclass(frozen=True)
class Activity:
    key: str
    label_vi: str
    label_en: str
    quantity_field: str | None = None


@dataclass(frozen=True)
class Config:
    name_vi: str
    name_en: str
    theme_vi: str
    theme_en: str
    timezone: str
    period_start: dt.date
    period_end: dt.date
    deadline: dt.datetime
    roster_path: Path
    responses_tab: str
    roster_tab: str
    fields: dict[str, Field]
    activities: tuple[Activity, ...]
    groups: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (vi, en)
    responses_tab_aliases: tuple[str, ...] = ()
    date_order: str = "dmy"
    cache_ttl_seconds: int = 300
    max_rows: int = 100_000  # a sheet with more rows is refused by the dashboard (campaign.toml [limits])
    max_cell_chars: int = 5_000  # longer cells are cut and flagged by the dashboard
    # Untrusted files (data_sources/bounded.py): None takes that module's default.
    max_columns: int | None = None
    max_file_mb: float | None = None
    max_unzipped_mb: float | None = None
    max_zip_ratio: float | None = None
    parse_memory_mb: int | None = None
    parse_seconds: float | None = None
    max_quantity: int = 10_000_000  # a larger quantity is no count and a data-quality flag
    min_score: float = 90.0
    min_margin: float = 5.0
    requester_vi: str = ""
    requester_en: str = ""
    contact_email: str = ""
    documents: DocumentConfig | None = None  # [documents]: the letter and reports (documents/ package)
    store: StoreSettings | None = None  # [store]: the coordinator's tabs / SQLite file (campaign/store.py)
    reminder: ReminderSettings = field(default_factory=ReminderSettings)  # [reminder]
    source_path: Path | None = field(default=None, compare=False)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def quantity_activities(self) -> tuple[Activity, ...]:
        return tuple(a for a in self.activities if a.quantity_field)

    def group_label(self, key: str, lang: str = "vi") -> str:
        """A group's name in the language; the key itself for a group the config does not name."""
        vi, en = self.groups.get(key, (key, key))
        return vi if lang == "vi" else en

    @property
    def personal_fields(self) -> tuple[str, ...]:
        return tuple(k for k, f in self.fields.items() if f.personal)


def load_config(path: str | Path | None = None) -> Config:
    """Read a campaign TOML file (the 2021 campaign when no path is given)."""
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
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(
            f"{path}: missing or wrong setting {exc}; compare with campaign.toml",
            f"{path}: thiếu hoặc sai thiết lập {exc}; hãy so với campaign.toml",
        ) from None


_FILE_LIMITS = ("max_columns", "max_file_mb", "max_unzipped_mb", "max_zip_ratio", "parse_memory_mb", "parse_seconds")


def _parse(data: dict, path: Path) -> Config:
    c = data["campaign"]
    sheet = data.get("sheet", {})
    matching = data.get("matching", {})
    limits = data.get("limits", {})
    deadline = c["deadline"]
    if not isinstance(deadline, dt.datetime):
        raise ValueError("campaign.deadline (a date-time with offset)")
    tz = ZoneInfo(c["timezone"])
    if deadline.tzinfo is None:
        deadline = deadline.replace(tzinfo=tz)
    fields = {
        key: Field(
            key=key,
            header=f["header"],
            aliases=tuple(f.get("aliases", ())),
            required=bool(f.get("required", False)),
            personal=bool(f.get("personal", False)),
        )
        for key, f in data["fields"].items()
    }
    activities = tuple(Activity(a["key"], a["label_vi"], a["label_en"], a.get("quantity_field")) for a in data["activities"])
    for a in activities:
        if a.quantity_field and a.quantity_field not in fields:
            raise ValueError(f"activities.{a.key}.quantity_field = {a.quantity_field!r} (no such field)")
    roster = Path(c["roster"])
    if not roster.is_absolute():
        roster = path.resolve().parent / roster
    return Config(
        name_vi=c["name_vi"],
        name_en=c["name_en"],
        theme_vi=c.get("theme_vi", ""),
        theme_en=c.get("theme_en", ""),
        timezone=c["timezone"],
        period_start=c["period_start"],
        period_end=c["period_end"],
        deadline=deadline,
        roster_path=roster,
        responses_tab=sheet.get("responses_tab", "Câu trả lời biểu mẫu 1"),
        responses_tab_aliases=tuple(sheet.get("responses_tab_aliases", ())),
        roster_tab=sheet.get("roster_tab", "Danh sách đơn vị"),
        cache_ttl_seconds=int(sheet.get("cache_ttl_seconds", 300)),
        max_rows=int(limits.get("max_rows", Config.max_rows)),
        max_cell_chars=int(limits.get("max_cell_chars", Config.max_cell_chars)),
        **{k: limits[k] for k in _FILE_LIMITS if k in limits},
        max_quantity=int(limits.get("max_quantity", Config.max_quantity)),
        fields=fields,
        activities=activities,
        groups={k: (g["vi"], g["en"]) for k, g in data.get("groups", {}).items()},
        date_order=c.get("date_order", "dmy"),
        min_score=float(matching.get("min_score", 90)),
        min_margin=float(matching.get("min_margin", 5)),
        requester_vi=c.get("requester_vi", ""),
        requester_en=c.get("requester_en", ""),
        contact_email=c.get("contact_email", ""),
        documents=parse_documents(data["documents"]) if "documents" in data else None,
        store=parse_store(data.get("store", {}), path, _quantity_keys(activities, fields)),
        reminder=parse_reminder(data.get("reminder", {})),
        source_path=path,
    )


def _quantity_keys(activities, fields) -> tuple[str, ...]:
    """The fields an emailed report carries a number for: each activity's quantity, then participants."""
    keys = tuple(a.quantity_field for a in activities if a.quantity_field)
    return keys + (("participants",) if "participants" in fields else ())
