"""Sample sheets as code: the Google Form's headers and labels, a small roster, and hand-made response sheets.

Shared by the unit, golden-file, CLI and app tests. Every person, email and phone number is invented
(emails use the reserved `.example` domain). Strings are written out as the Form writes them, not read
from campaign.toml, so a test also notices when the config drifts from the real Form.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from campaign.model import RawTables

# The header row of "Câu trả lời biểu mẫu 1", in the Form's order; short keys for writing rows below.
HEADERS = {
    "timestamp": "Dấu thời gian",
    "email": "Địa chỉ email",
    "agency_code": "Mã đơn vị",
    "agency_name": "Tên cơ quan, đơn vị",
    "reporter": "Người báo cáo",
    "phone": "Số điện thoại",
    "activities": "Các hoạt động đã triển khai",
    "banner": "Số băng rôn, pano, áp phích",
    "article": "Số bài viết, tin đăng",
    "webinar": "Số hội thảo, tọa đàm trực tuyến",
    "participants": "Số người tham dự",
    "itu_session": "Số phiên họp ITU đã tham gia",
    "evidence": "Minh chứng (văn bản, hình ảnh, video)",
    "notes": "Ghi chú",
}

# The checkbox labels on the Form (several contain commas themselves).
LABELS = {
    "action_programme": "Ban hành chương trình hành động về chuyển đổi số",
    "ict_initiative": "Thúc đẩy sáng kiến phát triển viễn thông/ICT",
    "rally": "Tổ chức mít-tinh kỷ niệm",
    "webinar": "Tổ chức hội thảo chuyên đề trên nền tảng số",
    "article": "Viết bài, đăng tin trên phương tiện thông tin đại chúng, trang tin của cơ quan",
    "itu_session": "Tham gia phiên họp trực tuyến của ITU",
    "banner": "Treo băng rôn, pano, áp phích",
}

# 4 June 2021 00:00 +07:00, the deadline, as a Vietnamese-locale sheet shows times around it.
LAST_ON_TIME = "03/06/2021 23:59:59"
FIRST_LATE = "04/06/2021 00:00:00"


def ticked(*keys: str, other: str = "") -> str:
    """A checkbox answer as Google Forms writes it: ticked labels (Form order) joined by ', ', then the "Khác" text."""
    parts = [LABELS[k] for k in LABELS if k in keys]
    return ", ".join(parts + ([other] if other else []))


def serial(moment: dt.datetime) -> float:
    """A wall-clock time as a Google Sheets serial number (days since 1899-12-30), as the API returns it."""
    return (moment - dt.datetime(1899, 12, 30)) / dt.timedelta(days=1)


def responses(*rows: dict, headers: dict[str, str] = HEADERS) -> pd.DataFrame:
    """A response sheet: one dict per row keyed by the short keys; cells not given are empty."""
    for row in rows:
        unknown = set(row) - set(headers)
        assert not unknown, f"unknown columns {unknown}"
    return pd.DataFrame([[row.get(k, "") for k in headers] for row in rows], columns=list(headers.values()), dtype=object)


SMALL_ROSTER = pd.DataFrame(
    [
        ["P01", "Sở Thông tin và Truyền thông thành phố Hà Nội", "province", "vanthu@stttt-hanoi.example", "", "", "01"],
        ["P31", "Sở Thông tin và Truyền thông thành phố Hải Phòng", "province", "", "", "", "31"],
        ["P35", "Sở Thông tin và Truyền thông tỉnh Hà Nam", "province", "vanthu@stttt-hanam.example", "", "", "35"],
        ["P42", "Sở Thông tin và Truyền thông tỉnh Hà Tĩnh", "province", "", "", "", "42"],
        ["P79", "Sở Thông tin và Truyền thông thành phố Hồ Chí Minh", "province", "", "", "Sở TT&TT TP.HCM", "79"],
        ["G18", "Bộ Y tế", "ministry", "", "", "", ""],
        ["MIC-CVT", "Cục Viễn thông", "mic_unit", "", "", "VNTA", ""],
        ["VNPT", "Tập đoàn Bưu chính Viễn thông Việt Nam", "enterprise", "", "", "VNPT", ""],
    ],
    columns=["code", "name", "group", "email", "phone", "aliases", "province_code"],
)


def sheet(*rows: dict, roster: pd.DataFrame | None = SMALL_ROSTER, timezone: str | None = None) -> RawTables:
    """RawTables for hand-made rows (the small roster unless told; None = the campaign's 126 agencies)."""
    return RawTables(
        responses=responses(*rows),
        agencies=None if roster is None else roster.copy(),
        timezone=timezone,
        source="sheets.py",
        roster_source="SMALL_ROSTER",
    )


# The golden sheet: every rule the exports must show, one row each. Sheet row = position + 2.
# Expected outcome per row (checked by eye in tests/golden/*.csv):
GOLDEN_ROWS: list[dict] = [
    # row 2: Hà Nội by code, on time; superseded by row 10 (its figures must not be counted)
    {
        "timestamp": "17/05/2021 10:23:45",
        "email": "nguyenvanan@gmail.example",
        "agency_code": "P01",
        "agency_name": "Sở TT&TT Hà Nội",
        "reporter": "Nguyễn Văn An",
        "phone": "0912 345 678",
        "activities": ticked("article", "banner"),
        "banner": "1.200",
        "article": "15 bài",
        "evidence": "https://drive.google.com/open?id=hn1, https://drive.google.com/open?id=hn2",
    },
    # row 3: Hà Nam by roster email, time as a Sheets serial number; "khoảng 300" participants (approximate)
    {
        "timestamp": serial(dt.datetime(2021, 5, 20, 14, 0, 0)),
        "email": "VanThu@STTTT-HaNam.example",
        "agency_name": "Sở Thông tin và Truyền thông Hà Nam",
        "reporter": "Trần Thị Bình",
        "activities": ticked("rally", "webinar"),
        "webinar": "2",
        "participants": "khoảng 300",
    },
    # row 4: blank; row 5: only white space
    {},
    {"timestamp": "  ", "agency_name": "\t", "notes": " \u00a0 "},
    # row 6: a district office, not a roster agency
    {"timestamp": "18/05/2021 09:00:00", "agency_name": "Phòng Thông tin", "activities": ticked("rally")},
    # row 7: a Department with no province: nobody can tell which; a javascript: link
    {
        "timestamp": "19/05/2021 15:30:00",
        "agency_name": "Sở Thông tin và Truyền thông",
        "activities": ticked("article"),
        "article": "3",
        "evidence": "javascript:alert(1)",
    },
    # row 8: Hà Tĩnh by name, the last on-time second; only a "Khác" answer (with a comma); "nhiều" sessions
    {
        "timestamp": LAST_ON_TIME,
        "agency_name": "Sở TTTT tỉnh Hà Tĩnh",
        "activities": ticked(other="Cuộc thi ảnh, video về chuyển đổi số"),
        "itu_session": "nhiều",
    },
    # row 9: Hải Phòng by name, the first late second; "10-12" banners (several numbers)
    {
        "timestamp": FIRST_LATE,
        "agency_name": "Sở TT&TT TP. Hải Phòng",
        "activities": ticked("action_programme", "banner"),
        "banner": "10-12",
    },
    # row 10: Hà Nội again, later and late, as an XLSX datetime: its figures count, its timeliness does not
    {
        "timestamp": dt.datetime(2021, 6, 5, 8, 0, 0),
        "agency_name": "SỞ THÔNG TIN VÀ TRUYỀN THÔNG HÀ NỘI",
        "activities": ticked("article"),
        "article": "20",
        "evidence": "https://drive.google.com/open?id=hn3",
    },
    # row 11: Bộ Y tế, but the timestamp cannot be read: undated, so Bộ Y tế stays missing
    {"timestamp": "hôm qua", "agency_name": "Bộ Y tế", "activities": ticked("article"), "article": "4"},
    # row 12: Cục Viễn thông typed without diacritics and with a hidden zero-width space; a date without a time
    {
        "timestamp": "25/05/2021",
        "agency_name": "Cuc Vien\u200b thong",
        "activities": ticked("itu_session"),
        "itu_session": "3",
        "notes": '=HYPERLINK("http://evil.example","bấm vào đây")',
    },
    # row 13: VNPT by alias, late; 50 banners without ticking "Treo băng rôn"
    {
        "timestamp": "06/06/2021 16:45:00",
        "agency_name": "VNPT",
        "activities": ticked("rally"),
        "banner": "50",
        "participants": "1.500",
        "notes": "+84 912 000 111 là số liên hệ",
    },
    # row 14: Hồ Chí Minh with a typo: the clearly-best fuzzy match; 5 articles without the tick
    {
        "timestamp": "02/06/2021 08:15:00",
        "agency_name": "Sở TT&TT TP Hồ Chí Min",
        "activities": ticked("action_programme", "ict_initiative"),
        "article": "5",
    },
    # row 15: a formula typed as a name: unmatched, and escaped in every export
    {"timestamp": "20/05/2021 08:00:00", "agency_name": "=1+1", "activities": ticked("rally")},
]


def golden_raw() -> RawTables:
    return sheet(*GOLDEN_ROWS)


def write_files(folder, rows) -> tuple:
    """The response sheet as a CSV exported from Sheets (`rows` through `responses`) and the small roster as CSV
    (with a BOM, as Excel saves it), in `folder`: (responses path, roster path)."""
    answers = folder / "cau_tra_loi.csv"
    responses(*rows).to_csv(answers, index=False, encoding="utf-8")
    roster = folder / "danh_sach.csv"
    SMALL_ROSTER.to_csv(roster, index=False, encoding="utf-8-sig")
    return answers, roster
