"""Synthetic but realistic campaigns at three sizes: a ministry's, a province's, every commune's.

Names follow the real patterns ("Ủy ban nhân dân xã … huyện … tỉnh …") over the 63 real provinces, with
invented district and commune names. Responses carry the messiness of real answers: names without
diacritics or abbreviated, resubmissions, blank rows, bad quantities, a few names nobody can place.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from campaign.config import Config
from campaign.names import fold_diacritics
from campaign.roster import ROSTER_COLUMNS, read_default_roster

_SYLLABLES = (
    "An Bình Châu Đông Hòa Hưng Long Phú Tân Thạnh Thuận Vĩnh Xuân Yên Hiệp Lộc Mỹ Nghĩa Phước Quang Sơn Thành "
    "Trung Tiến Hải Lạc Minh Nam Bắc Tây Hợp Kim Lâm Đức Thái Hoàng Khánh Lợi Phong Thịnh Định Cường Thắng Hà "
    "Thủy Cẩm Ngọc Hồng Đồng Lương Trà Văn"
).split()


@dataclass(frozen=True)
class Size:
    name: str
    agencies: int
    rows: int


SIZES = {
    "ministry": Size("ministry", 126, 200),
    "province": Size("province", 1_000, 5_000),
    "commune": Size("commune", 10_600, 100_000),
}


def _place_names(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    names = []
    while len(names) < count:
        name = f"{rng.choice(_SYLLABLES)} {rng.choice(_SYLLABLES)}"
        if name not in taken and name.split()[0] != name.split()[1]:
            taken.add(name)
            names.append(name)
    return names


def make_roster(config: Config, size: Size, seed: int = 17) -> list[dict]:
    """The expected agencies: the real 2021 roster for the ministry size, synthetic local ones above it."""
    if size.name == "ministry":
        return read_default_roster(config.campaign.roster).to_dict("records")
    rng = random.Random(seed)
    provinces = read_default_roster(config.campaign.roster)
    provinces = provinces[provinces["group"] == "province"]
    rows = []
    per_province = size.agencies // len(provinces) + 1
    for _, p in provinces.iterrows():
        province = p["name"].replace("Sở Thông tin và Truyền thông ", "")  # "tỉnh Hà Giang"
        if size.name == "province":
            for i, district in enumerate(_place_names(rng, per_province, set())):
                rows.append(_agency(f"{p['code']}-{i:03d}", f"Ủy ban nhân dân huyện {district} {province}", "district", p))
        else:
            districts = _place_names(rng, max(1, per_province // 15), set())
            for d, district in enumerate(districts):
                for c, commune in enumerate(_place_names(rng, per_province // len(districts) + 1, set())):
                    code = f"{p['code']}-{d:02d}-{c:03d}"
                    rows.append(_agency(code, f"Ủy ban nhân dân xã {commune} huyện {district} {province}", "commune", p))
    rng.shuffle(rows)
    return rows[: size.agencies]


def _agency(code: str, name: str, group: str, province) -> dict:
    return {
        "code": code,
        "name": name,
        "group": group,
        "email": f"{code.lower()}@bench.example",
        "phone": "",
        "aliases": "",
        "name_en": "",
        "province_code": province["province_code"],
    }


def _variant(rng: random.Random, name: str) -> str:
    r = rng.random()
    if r < 0.4:
        return name
    if r < 0.55:
        return fold_diacritics(name)
    if r < 0.7:
        return name.replace("Ủy ban nhân dân", "UBND").replace("Thông tin và Truyền thông", "TT&TT")
    if r < 0.8:
        return name.replace("tỉnh ", "").replace("thành phố ", "TP. ")
    if r < 0.9:
        return name.upper()
    if r < 0.97:
        words = name.split()
        i = rng.randrange(len(words))
        if len(words[i]) > 3:  # a typo in one word
            words[i] = words[i][:-1]
        return " ".join(words)
    return rng.choice(["Phòng Văn hóa - Thông tin", "Trung tâm Văn hóa", "Ban Tuyên giáo"]) + f" {rng.randint(1, 999)}"


def make_responses(config: Config, roster: list[dict], rows: int, seed: int = 29) -> list[list[str]]:
    """A response sheet as text rows (header first), like a CSV export of a Vietnamese-locale sheet."""
    rng = random.Random(seed)
    f = config.fields
    header = [field.header for field in f.values()]
    labels = [a.label_vi for a in config.activities if a.key != "other"]
    start = dt.datetime(2021, 5, 3, 7, 0)
    out = [header]
    for _ in range(rows):
        if rng.random() < 0.01:
            out.append([""] * len(header) if rng.random() < 0.5 else [" "] * len(header))
            continue
        agency = rng.choice(roster)
        moment = start + dt.timedelta(minutes=rng.randint(0, 60 * 24 * 40))
        qty = lambda: rng.choice(["", str(rng.randint(1, 50)), "khoảng 20", "1.200", "10-12", "nhiều", "15 bài"])  # noqa: E731
        values = {
            "timestamp": moment.strftime("%d/%m/%Y %H:%M:%S"),
            "email": agency["email"] if rng.random() < 0.3 else f"user{rng.randint(1, 99999)}@gmail.example",
            "agency_code": agency["code"] if rng.random() < 0.2 else "",
            "agency_name": _variant(rng, agency["name"]),
            "reporter": "Nguyễn Văn An",
            "phone": "0912 345 678",
            "activities": ", ".join(rng.sample(labels, rng.randint(1, 4))),
            "banner": qty(),
            "article": qty(),
            "webinar": qty(),
            "participants": qty(),
            "itu_session": qty(),
            "evidence": f"https://drive.google.com/open?id={rng.randint(1, 10**9)}",
            "notes": "",
        }
        out.append([values.get(key, "") for key in f])
    return out


def write_campaign(config: Config, size: Size, folder: Path) -> tuple[Path, Path]:
    """Write roster.csv and responses.csv for one size; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    roster = make_roster(config, size)
    roster_path = folder / f"{size.name}_roster.csv"
    with roster_path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, ROSTER_COLUMNS)
        writer.writeheader()
        writer.writerows({k: r.get(k, "") for k in ROSTER_COLUMNS} for r in roster)
    responses_path = folder / f"{size.name}_responses.csv"
    with responses_path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(make_responses(config, roster, size.rows))
    return roster_path, responses_path


def size_arguments(argv: list[str] | None = None) -> tuple[argparse.Namespace, Path, Path]:
    """The options of one size's measuring process (--size, --folder, --repeat) and its two files."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", required=True, choices=list(SIZES))
    parser.add_argument("--folder", type=Path, default=Path("bench/out"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    return args, args.folder / f"{args.size}_responses.csv", args.folder / f"{args.size}_roster.csv"
