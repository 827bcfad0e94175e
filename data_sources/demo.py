"""The built-in demo: a fictitious but realistic response sheet for the campaign's roster, made from its config.

The agencies are the campaign's roster (a small generated one if its file is not there yet); the answers tick the
configured activities and fill the configured questions around the configured deadline: about 70% report, some
late, a few twice, names typed every which way, messy numbers, a stray and a blank row. Every name of a person,
email address and phone number here is invented (emails use the reserved `.example` domain). Deterministic: the
same data on every run for one config, so tests and screenshots agree.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

import pandas as pd

from campaign.config import Config
from campaign.model import RawTables
from campaign.names import fold_diacritics
from campaign.names import fold_name as fold_name_key
from campaign.roster import clean_roster, read_default_roster
from campaign.store import CHASES, EMAIL_REPORTS, RESOLUTIONS
from data_sources.base import Source

if TYPE_CHECKING:
    from data_sources.sqlite_store import SqliteStore

_SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
_MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Quốc", "Hải", "Thanh", "Ngọc"]
_GIVEN = ["An", "Bình", "Chi", "Dũng", "Hà", "Hùng", "Lan", "Long", "Mai", "Nam", "Phương", "Quân", "Trang", "Tuấn"]

# What the demo knows of some activities, by key: the span of a plausible quantity (others: _SPAN), whether people
# gather for it (the answer then gives a number of participants), and the one agencies add most often.
_SPANS = {"banner": (2, 60), "article": (1, 40), "webinar": (1, 4), "itu_session": (1, 3)}
_SPAN = (1, 10)
_GATHERINGS = frozenset({"webinar", "rally", "training"})
_POPULAR = "article"
_MAX_TICKED = 5
_GENERATED_PER_GROUP = 8  # agencies per group in the roster made up when the campaign's roster file is not there


def demo_seed(config: Config) -> int:
    """The demo's randomness is seeded by the campaign's year: one campaign's demo is the same on every run."""
    return config.campaign.year


def demo_roster(config: Config) -> pd.DataFrame:
    """The campaign's roster (or a generated one) with invented contacts, so the follow-up page has someone to write to."""
    roster = _campaign_roster(config)
    seed = demo_seed(config)
    rng = random.Random(seed)
    roster["email"] = [f"{code.lower()}@bao-cao-mau.example" for code in roster["code"]]
    roster["phone"] = [f"09{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}" for _ in roster["code"]]
    people = random.Random(seed + 1)
    roster["contact"] = [
        f"{people.choice(['Anh', 'Chị'])} {people.choice(_SURNAMES)} {people.choice(_MIDDLE)} {people.choice(_GIVEN)}"
        for _ in roster["code"]
    ]
    return roster


def _campaign_roster(config: Config) -> pd.DataFrame:
    if not config.campaign.roster.exists():  # a new campaign's roster not made yet: check-config says so; the demo runs
        return generated_roster(config)
    return read_default_roster(config.campaign.roster)  # a broken one is refused, as for every source


def generated_roster(config: Config) -> pd.DataFrame:
    """A few invented agencies in each configured group (G1-01, G1-02 … for the first group)."""
    groups = list(config.groups) or ["agency"]
    rows = [
        {
            "code": f"G{g}-{i:02d}",
            "name": f"Đơn vị mẫu {i:02d} – {config.group_label(key, 'vi')}",
            "group": key,
            "name_en": f"Sample agency {i:02d} – {config.group_label(key, 'en')}",
        }
        for g, key in enumerate(groups, start=1)
        for i in range(1, _GENERATED_PER_GROUP + 1)
    ]
    return clean_roster(pd.DataFrame(rows), "demo roster")


def _reporters(config: Config, roster: pd.DataFrame, rng: random.Random) -> list[str]:
    """The agencies that report, in the order they are drawn (the first ones late, the next ones twice)."""
    codes = list(roster["code"])
    rng.shuffle(codes)
    return codes[: round(len(codes) * 0.7)]


def _missing(config: Config, roster: pd.DataFrame) -> list[str]:
    """The agencies that never answer the demo's form, in roster order (the demo's store speaks of them)."""
    reporters = set(_reporters(config, roster, random.Random(demo_seed(config))))
    return [code for code in roster["code"] if code not in reporters] or list(roster["code"])


def _span(key: str) -> tuple[int, int]:
    return _SPANS.get(key, _SPAN)


def demo_responses(config: Config, roster: pd.DataFrame) -> pd.DataFrame:
    """About 70% of agencies report; some late, a few twice; names typed every which way; messy numbers."""
    rng = random.Random(demo_seed(config))
    fields = config.fields
    labels = {a.key: a.label_vi for a in config.activities}
    pool = [a.key for a in config.activities if a.key != "other"]  # "other" is free text, never a tick
    quantity_of = {a.quantity_field: a.key for a in config.quantity_activities}
    tz = config.tz
    deadline = config.campaign.deadline.astimezone(tz).replace(tzinfo=None)
    reporters = _reporters(config, roster, rng)
    late = set(reporters[:5])
    resubmit = set(reporters[5:10])
    by_code = roster.set_index("code")
    records: list[dict] = []

    day = "%d/%m/%Y" if config.campaign.date_order == "dmy" else "%m/%d/%Y"  # as the sheet's locale writes dates

    def stamp(moment: dt.datetime, date_only: bool = False) -> str:
        return moment.strftime(day if date_only else f"{day} %H:%M:%S")

    def answer(code: str, moment: dt.datetime, variant: int) -> dict:
        """One row of the sheet; the random draws in a fixed order (the order of the config's questions)."""
        agency = by_code.loc[code]
        keys = rng.sample(pool, rng.randint(min(1, len(pool)), min(_MAX_TICKED, len(pool))))
        if rng.random() < 0.5 and _POPULAR in pool and _POPULAR not in keys:
            keys.append(_POPULAR)
        ticked = [labels[k] for k in labels if k in keys]
        if rng.random() < 0.12:
            ticked.append(rng.choice(["Cuộc thi ảnh chuyển đổi số", "Phát động tuần lễ chuyển đổi số, chia sẻ trên mạng xã hội"]))
        evidence = ", ".join(f"https://drive.google.com/open?id=demo{code}{i}" for i in range(rng.randint(0, 3)))
        row = {
            "timestamp": stamp(moment, date_only=variant == 3),
            "email": agency["email"] if rng.random() < 0.6 else f"nguoibaocao{rng.randint(1, 999)}@gmail.example",
            "agency_code": code if rng.random() < 0.3 else "",
            "agency_name": _name_variant(rng, agency["name"], agency["aliases"]),
            "reporter": f"{rng.choice(_SURNAMES)} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)}",
            "phone": agency["phone"],
            "activities": ", ".join(ticked),
        }
        for key in fields:  # quantities and participants, in the order of the form
            if key in quantity_of:
                activity = quantity_of[key]
                row[key] = _messy(rng, rng.randint(*_span(activity))) if activity in keys else ""
            elif key == "participants":
                row[key] = _messy(rng, rng.randint(20, 1500)) if _GATHERINGS & set(keys) else ""
        row["evidence"] = evidence
        row["notes"] = "" if rng.random() < 0.8 else "Đã gửi kèm công văn qua email."
        return {f.header: row.get(key, "") for key, f in fields.items()}

    start = dt.datetime.combine(config.campaign.period_start + dt.timedelta(days=5), dt.time(8, 0))
    start = min(start, deadline - dt.timedelta(days=7))  # a period that starts late still has a week of answers
    for code in reporters:
        if code in late:
            moment = deadline + dt.timedelta(hours=rng.randint(1, 24 * 6), minutes=rng.randint(0, 59))
        else:
            moment = start + dt.timedelta(minutes=rng.randint(0, int((deadline - start).total_seconds() // 60) - 60))
        records.append(answer(code, moment, rng.randint(0, 12)))
        if code in resubmit:
            records.append(answer(code, moment + dt.timedelta(days=rng.randint(1, 3), hours=rng.randint(1, 8)), 0))

    header = {key: f.header for key, f in fields.items()}
    records.sort(key=lambda r: dt.datetime.strptime(r[header["timestamp"]][:10], day))
    at = lambda i: records[min(i, len(records) - 1)]  # noqa: E731 - a small roster has fewer rows

    def renamed(row: dict, name: str, email: str) -> dict:
        out = dict(row)
        out.update({header[k]: v for k, v in (("agency_name", name), ("email", email), ("agency_code", "")) if k in header})
        return out

    # What a real sheet also holds: names nobody can place, and rows left blank.
    empty = {k: "" for k in records[0]}
    stray = renamed(at(3), "Phòng Văn hóa - Thông tin huyện Đông Anh", "vhtt.donganh@bao-cao-mau.example")
    generic = renamed(at(10), "Sở Thông tin và Truyền thông", "sotttt@gmail.example")
    if "evidence" in header:
        generic[header["evidence"]] = "javascript:alert(1)"
    records[20:20] = [stray]
    records[35:35] = [empty]
    records[50:50] = [generic, dict(empty)]
    # A name the matcher cannot place: the demo store's resolution says whose it is (demo_store_entries).
    records.append(renamed(at(30), resolved_name(config, roster), "vanphong.sotttt@gmail.example"))
    return pd.DataFrame(records, dtype=object)


def resolved_name(config: Config, roster: pd.DataFrame) -> str:
    """The demo's name that needs the coordinator ('Sở TTTT T.Quang'): a short form of the first missing agency."""
    name = str(roster.set_index("code").at[_missing(config, roster)[0], "name"])
    words = name.replace("Thông tin và Truyền thông", "TTTT").replace("tỉnh ", "").replace("thành phố ", "").split()
    if len(words) >= 3:
        words[-2:] = [f"{words[-2][0]}.{words[-1]}"]
    return " ".join(words)


def _messy(rng: random.Random, n: int) -> str:
    r = rng.random()
    if r < 0.08:
        return f"khoảng {n}"
    if r < 0.14:
        return f"{n} bài" if n < 100 else f"{n:,}".replace(",", ".")
    if r < 0.16:
        return f"{n}-{n + 2}"
    return str(n)


def _name_variant(rng: random.Random, name: str, aliases: str) -> str:
    r = rng.random()
    if r < 0.35:
        return name
    if r < 0.5:
        return name.replace("Thông tin và Truyền thông", "TT&TT")
    if r < 0.6:
        return name.replace("Thông tin và Truyền thông", "TTTT").replace("thành phố ", "TP. ")
    if r < 0.72:
        return fold_diacritics(name)
    if r < 0.8 and aliases:
        return aliases.split(";")[0]
    if r < 0.88:
        return name.upper()
    return name.replace("tỉnh ", "").replace("Thông tin và Truyền thông", "Thông tin & Truyền thông")


def _short_agency(name: str) -> str:
    """'Sở TT&TT Sơn La': an agency's name as a clerk writes it in an email's subject."""
    return name.replace("Thông tin và Truyền thông", "TT&TT").replace("tỉnh ", "").replace("thành phố ", "")


def demo_store_entries(config: Config) -> list[tuple[str, dict]]:
    """What the demo's store starts with, about agencies that never answered the form: a resolved name, two chases
    and one report received by email, in the days before the deadline."""
    roster = demo_roster(config)
    missing = _missing(config, roster)
    resolved, chased, called, emailed = (missing[i % len(missing)] for i in (0, 3, 4, 2))
    names = roster.set_index("code")["name"]
    day = config.campaign.deadline.astimezone(config.tz).date()  # the deadline's day (on time is before it)

    def at(days_before: int, hour: int, minute: int) -> str:
        return dt.datetime.combine(day - dt.timedelta(days=days_before), dt.time(hour, minute), tzinfo=config.tz).isoformat()

    title = config.campaign.short_title or config.campaign.name_vi
    by = f"{config.campaign.coordinator_name or 'Điều phối viên'} (mẫu)"
    # The emailed report: the two activities with the largest numbers (banners, articles), in the form's order.
    counted = sorted(config.quantity_activities, key=lambda a: -_span(a.key)[1])[:2]
    counted = [a for a in config.activities if a in counted] or list(config.activities[:1])
    quantities = {a.quantity_field: n for a, n in zip(counted, (6, 12)) if a.quantity_field}
    return [
        (
            RESOLUTIONS,
            {
                "id": "demo-resolution-1",
                "name_key": fold_name_key(resolved_name(config, roster)),
                "typed_name": resolved_name(config, roster),
                "decision": "agency",
                "agency_code": resolved,
                "by": by,
                "at": at(3, 9, 30),
            },
        ),
        (
            CHASES,
            {
                "id": "demo-chase-1",
                "agency_code": chased,
                "contacted_at": at(3, 10, 0),
                "channel": "phone",
                "contact": "Chị Nguyễn Thu Hà (văn thư)",
                "note": "Đơn vị hẹn gửi báo cáo qua email",
                "promised_date": (day - dt.timedelta(days=1)).isoformat(),
                "by": by,
                "at": at(3, 10, 5),
            },
        ),
        (
            CHASES,
            {
                "id": "demo-chase-2",
                "agency_code": called,
                "contacted_at": at(2, 14, 0),
                "channel": "email",
                "contact": f"{called.lower()}@bao-cao-mau.example",
                "note": "Gửi lại công văn và đường dẫn biểu mẫu",
                "promised_date": "",
                "by": by,
                "at": at(2, 14, 2),
            },
        ),
        (
            EMAIL_REPORTS,
            {
                "id": "demo-email-1",
                "received_at": at(1, 16, 20),
                "agency_code": emailed,
                "activities": ", ".join(a.label_vi for a in counted),
                **quantities,
                "evidence": f"https://drive.google.com/open?id=demo{emailed}email",
                "notes": "Báo cáo gửi qua email, có công văn kèm theo",
                "email_ref": f"V/v báo cáo kết quả hưởng ứng {title} - {_short_agency(names[emailed])}",
                "by": by,
                "at": at(1, 16, 45),
            },
        ),
    ]


def demo_store(config: Config, reset: bool = False) -> SqliteStore:
    """The demo's own SQLite store, seeded on first use (and emptied and seeded again with reset)."""
    from data_sources.sqlite_store import SqliteStore

    store = SqliteStore(config.store.path(demo=True), config)
    if reset:
        store.reset()
    if not store.is_seeded():
        for kind, entry in demo_store_entries(config) + _evidence_entries(config):
            store.append(kind, entry)
        store.mark_seeded()
    return store


def _evidence_entries(config: Config) -> list[tuple[str, dict]]:
    """The demo's link checks, chosen photos and their thumbnails (data_sources/demo_evidence.py)."""
    from data_sources.demo_evidence import demo_evidence_entries, demo_links
    from data_sources.thumbnails import thumbnail_dir

    if "evidence" not in config.fields:
        return []
    roster = demo_roster(config)
    links = demo_links(demo_responses(config, roster), config.fields["evidence"].header)
    day = config.campaign.deadline.astimezone(config.tz).date()
    return demo_evidence_entries(config, links, day, thumbnail_dir(config.store.path(demo=True)))


class DemoSource(Source):
    """The built-in demo data: used when no source is configured; its store is the demo's SQLite file."""

    def __init__(self, config: Config, store: SqliteStore | None = None):
        self.config = config
        self.store = store if store is not None else (demo_store(config) if config.store else None)

    def read(self) -> RawTables:
        roster = demo_roster(self.config)
        return RawTables(
            responses=demo_responses(self.config, roster),
            agencies=roster,
            source="demo",
            roster_source="demo roster",
            is_demo=True,
            read_at=dt.datetime.now(dt.UTC),
            store=self.store.read() if self.store is not None else None,
        )

    def coordinator_store(self) -> SqliteStore | None:
        return self.store
