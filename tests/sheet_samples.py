"""One small response sheet, rendered the ways it reaches us: Sheets API values, published CSV, exported XLSX.

Times are wall-clock in the sheet's zone (a Google Form writes them so). The same answers in each
rendering must give the same report: that is what the source tests check.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl

from campaign.config import Config

FIELD_ORDER = (
    "timestamp",
    "email",
    "agency_code",
    "agency_name",
    "reporter",
    "phone",
    "activities",
    "banner",
    "article",
    "webinar",
    "participants",
    "itu_session",
    "evidence",
    "notes",
)
SERIAL_ORIGIN = dt.datetime(1899, 12, 30)
SHEET_KEY = "1mRbCaoCaoNgayVienThong2021xYzAbCdEfGhIjKlMn"
SHEET_TITLE = "Báo cáo hưởng ứng Ngày 17/5/2021 (Câu trả lời)"


def sample_answers(config: Config) -> list[dict]:
    """Eight rows: on time, late, a resubmission, a blank row, an unknown name, numbers as text, a formula."""
    label = {a.key: a.label_vi for a in config.activities}
    return [
        {
            "timestamp": dt.datetime(2021, 5, 17, 9, 15, 0),
            "email": "vanthu@hanoi.gov.vn",
            "agency_code": "P01",
            "agency_name": "Sở Thông tin và Truyền thông thành phố Hà Nội",
            "reporter": "Nguyễn Văn An",
            "phone": "0912 345 678",
            "activities": f"{label['rally']}, {label['article']}",
            "article": 12,
            "participants": 350,
            "evidence": "https://hanoi.gov.vn/tin-tuc/ngay-17-5",
        },
        {
            "timestamp": dt.datetime(2021, 5, 20, 14, 2, 33),
            "email": "sotttt.hanam@gmail.com",
            "agency_name": "Sở TT&TT Hà Nam",
            "reporter": "Trần Thị Lan",
            "phone": "0226 385 2701",
            "activities": label["webinar"],
            "webinar": 2,
            "participants": "khoảng 200",
        },
        {},
        {
            "timestamp": dt.datetime(2021, 6, 3, 23, 59, 59),
            "agency_name": "SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH CAO BẰNG",
            "reporter": "Hoàng Minh Dũng",
            "activities": f"{label['banner']}, Cuộc thi ảnh chuyển đổi số",
            "banner": 40,
            "notes": '=HYPERLINK("https://vi.wikipedia.org")',
        },
        {
            "timestamp": dt.datetime(2021, 6, 4, 8, 30, 0),
            "agency_code": "P02",
            "agency_name": "Sở Thông tin và Truyền thông tỉnh Hà Giang",
            "reporter": "Vũ Quốc Hùng",
            "activities": label["itu_session"],
            "itu_session": 1,
            "evidence": "javascript:alert(1) https://hagiang.gov.vn/a",
        },
        {
            "timestamp": dt.datetime(2021, 5, 25, 10, 0, 0),
            "email": "vanthu@hanoi.gov.vn",
            "agency_code": "P01",
            "agency_name": "Sở Thông tin và Truyền thông thành phố Hà Nội",
            "reporter": "Nguyễn Văn An",
            "activities": f"{label['rally']}, {label['article']}, {label['banner']}",
            "banner": "25 băng rôn",
            "article": 15,
            "participants": "1.200",
        },
        {
            "timestamp": dt.datetime(2021, 5, 28, 16, 45, 10),
            "email": "vhtt.donganh@gmail.com",
            "agency_name": "Phòng Văn hóa - Thông tin huyện Đông Anh",
            "activities": label["article"],
            "article": 3,
        },
    ]


def sample_roster_rows() -> list[list]:
    """A roster tab of three agencies, as the Sheets API returns it (codes typed as text)."""
    return [
        ["code", "name", "group", "email", "phone", "aliases", "name_en", "province_code"],
        ["P01", "Sở Thông tin và Truyền thông thành phố Hà Nội", "province", "vanthu@hanoi.gov.vn", "", "", "", "01"],
        ["P02", "Sở Thông tin và Truyền thông tỉnh Hà Giang", "province", "", "", "", "", "02"],
        [
            "P35",
            "Sở Thông tin và Truyền thông tỉnh Hà Nam",
            "province",
            "sotttt.hanam@gmail.com",
            "",
            "Sở TT&TT Hà Nam",
            "",
            "35",
        ],
    ]


def header(config: Config) -> list[str]:
    return [config.fields[key].header for key in FIELD_ORDER]


def serial(moment: dt.datetime) -> float:
    """A wall-clock time as a Sheets day serial (days since 1899-12-30, the fraction is the time of day)."""
    return (moment - SERIAL_ORIGIN).total_seconds() / 86400


def sheet_values(config: Config, answers: list[dict]) -> list[list]:
    """What values:batchGet returns (UNFORMATTED_VALUE, SERIAL_NUMBER): ragged rows, trailing blanks left out."""
    rows = [header(config)]
    for answer in answers:
        row = [serial(v) if isinstance(v, dt.datetime) else v for v in (answer.get(k, "") for k in FIELD_ORDER)]
        while row and row[-1] == "":
            row.pop()
        rows.append(row)
    while rows and not rows[-1]:
        rows.pop()
    return rows


def csv_bytes(config: Config, answers: list[dict]) -> bytes:
    """The tab as 'Publish to web → CSV' or 'Download → CSV' gives it (Vietnamese locale: dd/mm/yyyy)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header(config))
    for answer in answers:
        writer.writerow(
            [
                v.strftime("%d/%m/%Y %H:%M:%S") if isinstance(v, dt.datetime) else v
                for v in (answer.get(k, "") for k in FIELD_ORDER)
            ]
        )
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(config: Config, answers: list[dict], roster: list[list] | None = None) -> bytes:
    """The sheet as 'Download → Microsoft Excel (.xlsx)' gives it: the response tab, and the roster tab if any."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = config.sheet.responses_tab
    sheet.append(header(config))
    for r, answer in enumerate(answers, start=2):
        for c, key in enumerate(FIELD_ORDER, start=1):
            value = answer.get(key, "")
            if value != "":
                cell = sheet.cell(row=r, column=c, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text an agency typed, even when it starts with '=': not a formula
    if roster is not None:
        tab = book.create_sheet(config.sheet.roster_tab)
        for row in roster:
            tab.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
