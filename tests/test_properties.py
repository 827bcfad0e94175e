"""Property tests over generated messy sheets: no row lost, each row in one category, no guessed agency.

Every generated row knows what it means (which agency, if any, and when); the expected statuses are worked
out from that, independently of the engine, and compared with the report.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaign.config import load_config
from campaign.model import RawTables
from campaign.report import build_report
from campaign.roster import read_default_roster
from campaign.status import CATEGORIES
from tests.sheets import responses, serial, ticked

CONFIG = load_config()
ROSTER = read_default_roster(CONFIG.campaign.roster).assign(email=lambda r: r["code"].str.lower() + "@donvi.example")
AGENCIES = list(ROSTER.itertuples(index=False))
BY_CODE = {a.code: a for a in AGENCIES}
PROVINCES = [n.split(" tỉnh ")[-1].split(" thành phố ")[-1] for n in ROSTER.loc[ROSTER["group"] == "province", "name"]]
DEADLINE = pd.Timestamp(CONFIG.campaign.deadline)
WALL = dt.timezone(dt.timedelta(hours=7))  # Asia/Ho_Chi_Minh has had no daylight saving since 1975
START = dt.datetime(2021, 5, 1)
END = dt.datetime(2021, 6, 15)

PROPERTY_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def strip_marks(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


# Spellings that must match the agency by name (each checked against the whole roster in test_matching's spirit).
VARIANTS = (
    lambda a: a.name,
    lambda a: a.name.replace("Thông tin và Truyền thông", "TT&TT"),
    lambda a: a.name.replace("Thông tin và Truyền thông", "TTTT").replace("thành phố ", "TP. "),
    lambda a: a.name.upper(),
    lambda a: strip_marks(a.name),
    lambda a: a.aliases.split(";")[0] if a.aliases else a.name,
    lambda a: unicodedata.normalize("NFD", a.name),
    lambda a: a.name.replace("tỉnh ", "").replace("Thông tin và Truyền thông", "Thông tin & Truyền thông"),
    lambda a: "  " + a.name.lower() + " .",
)

# Names of agencies that are not in the roster: another level of government, another sector, or made-up words.
OTHER_LEVELS = (
    "UBND tỉnh {p}",
    "Ủy ban nhân dân thành phố {p}",
    "UBND huyện {p}",
    "Phòng Văn hóa và Thông tin huyện {p}",
    "Phòng Văn hóa - Thông tin thành phố {p}",
    "Phòng Thông tin {p}",
    "Sở Y tế {p}",
    "Sở Tư pháp tỉnh {p}",
    "Sở Giáo dục và Đào tạo {p}",
    "Đài Phát thanh và Truyền hình {p}",
    "Công an tỉnh {p}",
    "Trung tâm Văn hóa {p}",
    "Bưu điện tỉnh {p}",
    "Báo {p}",
)
NOT_ROSTER_WORDS = ("Hợp tác xã", "Trường", "Mầm non", "Hoa Sen", "Bệnh viện", "Đa khoa", "Làng nghề", "Gốm", "Công ty TNHH")
NOT_ROSTER_WORDS += ("Minh Phát", "An Khang", "Thủy sản", "Chợ", "Xã", "Phường", "Hội Nông dân", "Đoàn Thanh niên")
GENERIC = ("Sở Thông tin và Truyền thông", "Phòng Thông tin", "Sở TT&TT", "So TTTT tinh", "UBND", "")
GENERIC += ("Văn phòng Sở TT&TT", "Thanh tra Sở", "Công an tỉnh", "Văn phòng Sở", "Sở", "Bộ", "Bộ TT&TT")
# Another kind of body with a roster agency's words: "Bộ Y tế" → "Sở Y tế (Hà Nam)", "Cục Viễn thông" → "Chi cục Viễn thông".
KIND_SWAPS = (
    ("Bộ ", "Sở "),
    ("Bộ ", "Công an "),
    ("Cục ", "Chi cục "),
    ("Cục ", "Tổng cục "),
    ("Vụ ", "Phòng "),
    ("Trung tâm ", "Chi nhánh "),
    ("Tập đoàn ", "Công ty "),
    ("Tổng công ty ", "Chi nhánh "),
    ("Sở Thông tin và Truyền thông", "Sở Y tế"),
    ("Sở Thông tin và Truyền thông", "Sở Tư pháp"),
    ("Sở Thông tin và Truyền thông", "Công an"),
    ("Sở Thông tin và Truyền thông", "Văn phòng Sở"),
)
SWAPPABLE = [(a.name, old, new) for a in AGENCIES for old, new in KIND_SWAPS if a.name.startswith(old) and old.strip() != "Sở"]
# A roster unit's name under another parent, or in another province: the parent or place decides, never the unit.
UNDER_OTHERS = (
    "Vụ Hợp tác quốc tế - Sở Y tế {p}",
    "Trung tâm Ứng cứu khẩn cấp không gian mạng tỉnh {p}",
    "Trung tâm Thông tin tỉnh {p}",
    "Văn phòng - Sở Tư pháp {p}",
    "Thanh tra Sở Xây dựng tỉnh {p}",
    "Cục Viễn thông - Sở TT&TT",
    "Ban Quản lý Lăng - Sở Nội vụ {p}",
)


@dataclass
class Row:
    cells: dict
    agency: str | None  # the agency the row truly identifies (None: nobody, or a non-roster name only)
    moment: dt.datetime | None  # wall-clock time in Hà Nội; None when the timestamp is unreadable or the row blank
    blank: bool = False


moments = st.datetimes(min_value=START, max_value=END).map(lambda m: m.replace(microsecond=0))


@st.composite
def timestamp_cells(draw):
    """(cell as some source writes it, the moment it means or None)."""
    moment = draw(moments)
    kind = draw(st.sampled_from(["text", "serial", "datetime", "date", "bad", "bad", "empty"]))
    if kind == "text":
        return moment.strftime("%d/%m/%Y %H:%M:%S"), moment
    if kind == "serial":
        return serial(moment), moment
    if kind == "datetime":
        return moment, moment
    if kind == "date":
        day = moment.replace(hour=0, minute=0, second=0)
        return day.strftime("%d/%m/%Y"), day
    if kind == "bad":
        return draw(st.sampled_from(["hôm qua", "31/02/2021 10:00:00", "17/05/2021 25:61:00", "N/A"])), None
    return "", None


@st.composite
def non_roster_names(draw):
    kind = draw(st.integers(0, 4))
    if kind == 0:
        return draw(st.sampled_from(OTHER_LEVELS)).format(p=draw(st.sampled_from(PROVINCES)))
    if kind == 1:
        return " ".join(draw(st.lists(st.sampled_from(NOT_ROSTER_WORDS), min_size=1, max_size=4)))
    if kind == 2:
        name, old, new = draw(st.sampled_from(SWAPPABLE))
        swapped = name.replace(old, new, 1)
        return draw(st.sampled_from([swapped, f"{swapped} {draw(st.sampled_from(PROVINCES))}", strip_marks(swapped)]))
    if kind == 3:
        return draw(st.sampled_from(UNDER_OTHERS)).format(p=draw(st.sampled_from(PROVINCES)))
    return draw(st.sampled_from(GENERIC))


def filled(draw, stamp, name, **ids) -> dict:
    return {
        "timestamp": stamp,
        "agency_name": name,
        "activities": ticked(*draw(st.lists(st.sampled_from(["rally", "article", "banner"]), max_size=2))),
        "article": draw(st.sampled_from(["", "12", "1.200", "khoảng 300", "10-12", "-3"])),
        **ids,
    }


@st.composite
def rows(draw, earlier: list[str]):
    kind = draw(st.sampled_from(["name", "variant", "code", "email", "again", "stranger", "stranger", "blank", "spaces"]))
    if kind == "blank":
        return Row({}, None, None, blank=True)
    if kind == "spaces":
        return Row(
            {"timestamp": " ", "agency_name": "\t", "notes": draw(st.sampled_from(["", "  ", "\u00a0"]))}, None, None, True
        )
    stamp, moment = draw(timestamp_cells())
    if kind == "stranger":
        # Only a name that is not in the roster; the email and code cells say nothing either.
        ids = {"email": draw(st.sampled_from(["", "vanthu@gmail.example", "P00@donvi.example"]))}
        ids["agency_code"] = draw(st.sampled_from(["", "X99", "P00", "Sở"]))
        return Row(filled(draw, stamp, draw(non_roster_names()), **ids), None, moment)
    if kind == "again" and earlier:
        agency = BY_CODE[draw(st.sampled_from(earlier))]
    else:
        agency = draw(st.sampled_from(AGENCIES))
    if kind in ("name", "again"):
        return Row(filled(draw, stamp, agency.name), agency.code, moment)
    if kind == "variant":
        return Row(filled(draw, stamp, draw(st.sampled_from(VARIANTS))(agency)), agency.code, moment)
    # By code or roster email: the typed name may even be another agency's, and must not win.
    decoy = draw(st.sampled_from([draw(non_roster_names()), draw(st.sampled_from(AGENCIES)).name]))
    if kind == "code":
        code = draw(st.sampled_from([agency.code, agency.code.lower(), f"{agency.code} - {agency.name}"]))
        return Row(filled(draw, stamp, decoy, agency_code=code), agency.code, moment)
    email = draw(st.sampled_from([agency.email, agency.email.upper()]))
    return Row(filled(draw, stamp, decoy, email=email), agency.code, moment)


@st.composite
def sheets(draw):
    made: list[Row] = []
    for _ in range(draw(st.integers(0, 25))):
        made.append(draw(rows([r.agency for r in made if r.agency])))
    as_of = draw(st.none() | moments)
    return made, as_of


def report_for(made: list[Row], as_of: dt.datetime | None):
    raw = RawTables(responses=responses(*[r.cells for r in made]), agencies=ROSTER.copy(), source="hypothesis")
    return build_report(raw, CONFIG, as_of=None if as_of is None else as_of.replace(tzinfo=WALL))


def check_accounting(made: list[Row], report) -> None:
    """rows_read is the number of sheet rows and the sum of the categories; each row has one category."""
    acc = report.accounting
    subs = report.submissions
    assert acc["rows_read"] == len(made) == len(subs)
    assert acc["rows_read"] == sum(acc[f"rows_{c}"] for c in CATEGORIES)
    assert list(subs["row"]) == list(range(2, len(made) + 2))
    assert subs["category"].isin(CATEGORIES).all()
    assert [c == "blank" for c in subs["category"]] == [r.blank for r in made]
    assert [c == "undated" for c in subs["category"]] == [not r.blank and r.moment is None for r in made]


def check_no_guess(made: list[Row], report) -> None:
    """A row whose only identification is a name not in the roster is matched to nobody; others to their agency."""
    for r, (_, sub) in zip(made, report.submissions.iterrows()):
        if r.agency is None:
            assert sub["agency_code"] == "", f"row {sub['row']} {sub['agency_name']!r} matched {sub['agency_code']}"
        else:
            assert sub["agency_code"] == r.agency, f"row {sub['row']} {sub['agency_name']!r}"


def check_statuses(made: list[Row], report, as_of: dt.datetime | None) -> None:
    """Statuses and counted rows, worked out from what each generated row means."""
    firsts: dict[str, dt.datetime] = {}
    latest: dict[str, tuple[dt.datetime, int]] = {}
    for i, r in enumerate(made):
        if r.agency is None or r.moment is None or (as_of is not None and r.moment > as_of):
            continue
        firsts[r.agency] = min(firsts.get(r.agency, r.moment), r.moment)
        latest[r.agency] = max(latest.get(r.agency, (r.moment, i + 2)), (r.moment, i + 2))
    deadline = DEADLINE.tz_convert(WALL).tz_localize(None).to_pydatetime()
    expected = {a: "missing" for a in ROSTER["code"]}
    expected |= {a: "on_time" if first < deadline else "late" for a, first in firsts.items()}
    agencies = report.agencies.set_index("code")
    assert agencies["status"].to_dict() == expected
    assert {a: int(agencies.loc[a, "counted_row"]) for a in latest} == {a: row for a, (_, row) in latest.items()}
    assert report.accounting["rows_counted"] == len(latest)


@PROPERTY_SETTINGS
@given(sheets())
def test_every_row_lands_in_exactly_one_category_and_rows_read_is_their_sum(sheet):
    made, as_of = sheet
    check_accounting(made, report_for(made, as_of))


@PROPERTY_SETTINGS
@given(sheets())
def test_a_name_not_in_the_roster_never_marks_an_agency_as_reported(sheet):
    made, as_of = sheet
    report = report_for(made, as_of)
    check_no_guess(made, report)
    check_statuses(made, report, as_of)
