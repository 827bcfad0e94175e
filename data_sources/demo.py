"""The built-in demo: a fictitious but realistic response sheet for the 2021 roster.

Every name of a person, email address and phone number here is invented (emails use the reserved
`.example` domain). Deterministic: the same data on every run, so tests and screenshots agree.
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
from campaign.roster import read_default_roster
from campaign.store import CHASES, EMAIL_REPORTS, RESOLUTIONS
from data_sources.base import Source

if TYPE_CHECKING:
    from data_sources.sqlite_store import SqliteStore
SEED = 2021
DEMO_RESOLVED_NAME = "Sở TTTT T.Quang"

_SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
_MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Quốc", "Hải", "Thanh", "Ngọc"]
_GIVEN = ["An", "Bình", "Chi", "Dũng", "Hà", "Hùng", "Lan", "Long", "Mai", "Nam", "Phương", "Quân", "Trang", "Tuấn"]


def demo_roster(config: Config) -> pd.DataFrame:
    """The default roster with invented contacts, so the follow-up page has someone to write to."""
    roster = read_default_roster(config.campaign.roster)
    rng = random.Random(SEED)
    roster["email"] = [f"{code.lower()}@bao-cao-mau.example" for code in roster["code"]]
    roster["phone"] = [f"09{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}" for _ in roster["code"]]
    people = random.Random(SEED + 1)
    roster["contact"] = [
        f"{people.choice(['Anh', 'Chị'])} {people.choice(_SURNAMES)} {people.choice(_MIDDLE)} {people.choice(_GIVEN)}"
        for _ in roster["code"]
    ]
    return roster


def demo_responses(config: Config, roster: pd.DataFrame) -> pd.DataFrame:
    """About 70% of agencies report; some late, a few twice; names typed every which way; messy numbers."""
    rng = random.Random(SEED)
    f = config.fields
    labels = {a.key: a.label_vi for a in config.activities}
    tz = config.tz
    deadline = config.campaign.deadline.astimezone(tz).replace(tzinfo=None)
    codes = list(roster["code"])
    rng.shuffle(codes)
    reporters = codes[: round(len(codes) * 0.7)]
    late = set(reporters[:5])
    resubmit = set(reporters[5:10])
    by_code = roster.set_index("code")
    records: list[dict] = []

    def stamp(moment: dt.datetime, date_only: bool = False) -> str:
        return moment.strftime("%d/%m/%Y") if date_only else moment.strftime("%d/%m/%Y %H:%M:%S")

    def answer(code: str, moment: dt.datetime, variant: int) -> dict:
        agency = by_code.loc[code]
        keys = rng.sample(
            ["action_programme", "ict_initiative", "rally", "webinar", "article", "itu_session", "banner"], rng.randint(1, 5)
        )
        if rng.random() < 0.5 and "article" not in keys:
            keys.append("article")
        ticked = [labels[k] for k in labels if k in keys]
        if rng.random() < 0.12:
            ticked.append(rng.choice(["Cuộc thi ảnh chuyển đổi số", "Phát động tuần lễ chuyển đổi số, chia sẻ trên mạng xã hội"]))
        qty = lambda k, lo, hi: _messy(rng, rng.randint(lo, hi)) if k in keys else ""  # noqa: E731
        evidence = ", ".join(f"https://drive.google.com/open?id=demo{code}{i}" for i in range(rng.randint(0, 3)))
        return {
            f["timestamp"].header: stamp(moment, date_only=variant == 3),
            f["email"].header: agency["email"] if rng.random() < 0.6 else f"nguoibaocao{rng.randint(1, 999)}@gmail.example",
            f["agency_code"].header: code if rng.random() < 0.3 else "",
            f["agency_name"].header: _name_variant(rng, agency["name"], agency["aliases"]),
            f["reporter"].header: f"{rng.choice(_SURNAMES)} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)}",
            f["phone"].header: agency["phone"],
            f["activities"].header: ", ".join(ticked),
            f["banner"].header: qty("banner", 2, 60),
            f["article"].header: qty("article", 1, 40),
            f["webinar"].header: qty("webinar", 1, 4),
            f["participants"].header: _messy(rng, rng.randint(20, 1500)) if "webinar" in keys or "rally" in keys else "",
            f["itu_session"].header: qty("itu_session", 1, 3),
            f["evidence"].header: evidence,
            f["notes"].header: "" if rng.random() < 0.8 else "Đã gửi kèm công văn qua email.",
        }

    start = dt.datetime(2021, 5, 6, 8, 0)
    for code in reporters:
        if code in late:
            moment = deadline + dt.timedelta(hours=rng.randint(1, 24 * 6), minutes=rng.randint(0, 59))
        else:
            moment = start + dt.timedelta(minutes=rng.randint(0, int((deadline - start).total_seconds() // 60) - 60))
        records.append(answer(code, moment, rng.randint(0, 12)))
        if code in resubmit:
            records.append(answer(code, moment + dt.timedelta(days=rng.randint(1, 3), hours=rng.randint(1, 8)), 0))

    records.sort(key=lambda r: dt.datetime.strptime(r[f["timestamp"].header][:10], "%d/%m/%Y"))
    # What a real sheet also holds: names nobody can place, and rows left blank.
    empty = {k: "" for k in records[0]}
    stray = dict(records[3])
    stray[f["agency_name"].header] = "Phòng Văn hóa - Thông tin huyện Đông Anh"
    stray[f["email"].header] = "vhtt.donganh@bao-cao-mau.example"
    stray[f["agency_code"].header] = ""
    generic = dict(records[10])
    generic[f["agency_name"].header] = "Sở Thông tin và Truyền thông"
    generic[f["email"].header] = "sotttt@gmail.example"
    generic[f["agency_code"].header] = ""
    generic[f["evidence"].header] = "javascript:alert(1)"
    records[20:20] = [stray]
    records[35:35] = [empty]
    records[50:50] = [generic, dict(empty)]
    # A name the matcher cannot place: the demo store's resolution says it is Tuyên Quang's (demo_store_entries).
    short = dict(records[30])
    short[f["agency_name"].header] = DEMO_RESOLVED_NAME
    short[f["email"].header] = "vanphong.sotttt@gmail.example"
    short[f["agency_code"].header] = ""
    records.append(short)
    return pd.DataFrame(records, dtype=object)


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


def demo_store_entries(config: Config) -> list[tuple[str, dict]]:
    """What the demo's store starts with: a resolved name, two chases, one report received by email."""
    tz = config.tz
    at = lambda *a: dt.datetime(*a, tzinfo=tz).isoformat()  # noqa: E731
    labels = {a.key: a.label_vi for a in config.activities}
    return [
        (
            RESOLUTIONS,
            {
                "id": "demo-resolution-1",
                "name_key": fold_name_key(DEMO_RESOLVED_NAME),
                "typed_name": DEMO_RESOLVED_NAME,
                "decision": "agency",
                "agency_code": "P08",
                "by": "Đào Ngọc Tuyền (mẫu)",
                "at": at(2021, 6, 1, 9, 30),
            },
        ),
        (
            CHASES,
            {
                "id": "demo-chase-1",
                "agency_code": "P15",
                "contacted_at": at(2021, 6, 1, 10, 0),
                "channel": "phone",
                "contact": "Chị Nguyễn Thu Hà (văn thư)",
                "note": "Đơn vị hẹn gửi báo cáo qua email",
                "promised_date": "2021-06-03",
                "by": "Đào Ngọc Tuyền (mẫu)",
                "at": at(2021, 6, 1, 10, 5),
            },
        ),
        (
            CHASES,
            {
                "id": "demo-chase-2",
                "agency_code": "P22",
                "contacted_at": at(2021, 6, 2, 14, 0),
                "channel": "email",
                "contact": "p22@bao-cao-mau.example",
                "note": "Gửi lại công văn và đường dẫn biểu mẫu",
                "promised_date": "",
                "by": "Đào Ngọc Tuyền (mẫu)",
                "at": at(2021, 6, 2, 14, 2),
            },
        ),
        (
            EMAIL_REPORTS,
            {
                "id": "demo-email-1",
                "received_at": at(2021, 6, 3, 16, 20),
                "agency_code": "P14",
                "activities": ", ".join([labels["article"], labels["banner"]]),
                "article": 6,
                "banner": 12,
                "evidence": "https://drive.google.com/open?id=demoP14email",
                "notes": "Báo cáo gửi qua email, có công văn kèm theo",
                "email_ref": "V/v báo cáo kết quả hưởng ứng Ngày 17/5 - Sở TT&TT Sơn La",
                "by": "Đào Ngọc Tuyền (mẫu)",
                "at": at(2021, 6, 3, 16, 45),
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
        for kind, entry in demo_store_entries(config):
            store.append(kind, entry)
        store.mark_seeded()
    return store


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
