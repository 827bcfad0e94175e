"""Emails written for the tests (no real mail): each one a kind of message the department's mailbox gets, as bytes,
with the moment the server received it. Shared by the reader's, the candidates' and the page's tests.

The roster they are matched against is the demo's, with a few agencies given their own addresses (`roster`).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime

import pandas as pd
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from campaign.config import Config
from data_sources.demo import demo_roster

VN = dt.timezone(dt.timedelta(hours=7))
ADDRESSES = {
    "P01": "stttt@hanoi.example.vn; vanphong@hanoi.example.vn",
    "P02": "stttt@hagiang.example.vn",
    "P15": "stttt@yenbai.example.vn",
    "P26": "stttt@vinhphuc.example.vn",
    "P04": "stttt@caobang.example.vn",
    "P06": "stttt@backan.example.vn",
    "P79": "stttt@hcm.example.vn",
    "VNPT": "baocao@vnpt.example.vn",
    "VIETTEL": "vanphong@viettel.example.vn",
}
BIG_BOUND_MB = 0.25  # the tests' [mailbox] max_message_mb: the big email is larger, every other one smaller


def roster(config: Config) -> pd.DataFrame:
    """The demo roster with the samples' agencies at their own addresses."""
    frame = demo_roster(config)
    frame["email"] = [ADDRESSES.get(c, e) for c, e in zip(frame["code"], frame["email"])]
    return frame


def pdf(pages: int, signed: bool) -> bytes:
    """A tiny PDF; a signed one holds a signature field whose value is a /Sig dictionary with a /ByteRange."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    if signed:
        sig = writer._add_object(
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Sig"),
                    NameObject("/Filter"): NameObject("/Adobe.PPKLite"),
                    NameObject("/ByteRange"): ArrayObject([NumberObject(n) for n in (0, 100, 200, 50)]),
                    NameObject("/Contents"): TextStringObject("0000"),
                }
            )
        )
        field = writer._add_object(
            DictionaryObject(
                {NameObject("/FT"): NameObject("/Sig"), NameObject("/T"): TextStringObject("Ky so"), NameObject("/V"): sig}
            )
        )
        writer._root_object[NameObject("/AcroForm")] = DictionaryObject({NameObject("/Fields"): ArrayObject([field])})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def picture(kind: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(out, format=kind)
    return out.getvalue()


@dataclass(frozen=True)
class Sample:
    key: str
    received: dt.datetime
    data: bytes


def message(sender: str, subject: str, body: str, date: dt.datetime, **headers) -> EmailMessage:
    """A plain email; headers by keyword (In_Reply_To=…), message_id= its Message-ID."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "htqt@mic.example"
    msg["Subject"] = subject  # non-ASCII: the email library writes it RFC 2047 encoded
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = headers.pop("message_id", None) or f"<{abs(hash((sender, subject))) % 10**12}@samples.example>"
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body)
    return msg


def samples() -> list[Sample]:
    """Every fixture email, with the moment the server received it."""

    def at(day: int, hour: int = 9) -> dt.datetime:
        return dt.datetime(2021, 6, day, hour, 0, tzinfo=VN)

    out: list[Sample] = []

    m = message(
        "Sở TT&TT Hà Nội <stttt@hanoi.example.vn>",
        "Báo cáo kết quả tổ chức Ngày Viễn thông và Xã hội thông tin thế giới 2021",
        "Kính gửi Vụ Hợp tác quốc tế,\nSở đã treo 20 băng rôn, đăng 15 bài trên trang tin, 300 người tham dự.\nTrân trọng.",
        at(1),
        message_id="<hanoi-signed@hanoi.example.vn>",
    )
    m.add_attachment(pdf(2, signed=True), maintype="application", subtype="pdf", filename="Báo cáo ký số.pdf")
    m.add_attachment(picture("JPEG"), maintype="image", subtype="jpeg", filename="anh-bang-ron.jpg")
    out.append(Sample("signed_pdf", at(1), m.as_bytes()))

    m = message(
        "Văn thư <vanthu@yenbai.example.vn>",
        "Báo cáo Ngày ITU",
        "Gửi báo cáo kèm theo.",
        at(2),
        message_id="<yenbai@yenbai.example.vn>",
    )
    m.add_attachment(pdf(3, signed=False), maintype="application", subtype="pdf", filename="bao-cao.pdf")
    m.add_attachment(picture("PNG"), maintype="image", subtype="png", filename="hoi-thao.png")
    out.append(Sample("unsigned_pdf", at(2), m.as_bytes()))

    m = message(
        "stttt@vinhphuc.example.vn",
        "Video mít-tinh",
        "Video buổi mít-tinh kèm theo.",
        at(2, 15),
        message_id="<video@vinhphuc.example.vn>",
    )
    m.add_attachment(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 2000, maintype="video", subtype="mp4", filename="mit-tinh.mp4")
    out.append(Sample("video", at(2, 15), m.as_bytes()))

    forwarded = (
        "Chuyển tiếp báo cáo của Tập đoàn.\n\n---------- Forwarded message ---------\n"
        "From: Ban Truyền thông VNPT <baocao@vnpt.example.vn>\nDate: Tue, 1 Jun 2021 08:00\nSubject: Báo cáo\n\n"
        "Tập đoàn đã tổ chức 2 hội thảo trực tuyến."
    )
    m = message(
        "Chuyên viên <chuyenvien.htqt@gmail.com>", "Fwd: Báo cáo Ngày ITU 2021", forwarded, at(3), message_id="<fwd@gmail.com>"
    )
    out.append(Sample("forwarded", at(3), m.as_bytes()))

    m = message(
        "stttt@hcm.example.vn",
        "Tự động trả lời: Báo cáo Ngày ITU",
        "Tôi đang đi công tác đến 10/6.",
        at(3, 10),
        message_id="<auto@hcm.example.vn>",
        Auto_Submitted="auto-replied",
    )
    out.append(Sample("auto_reply", at(3, 10), m.as_bytes()))

    m = message(
        "stttt@hagiang.example.vn",
        "Re: Đôn đốc báo cáo Ngày ITU 2021",
        "Sở đã gửi báo cáo qua biểu mẫu ngày 28/5.",
        at(3, 11),
        message_id="<reply@hagiang.example.vn>",
        In_Reply_To="<nhac-p02@mic.example>",
    )
    out.append(Sample("reply", at(3, 11), m.as_bytes()))

    m = message(
        "ai.do@unknown.example", "Hỏi về chương trình", "Xin hỏi thời hạn báo cáo.", at(2, 8), message_id="<who@unknown.example>"
    )
    out.append(Sample("unknown", at(2, 8), m.as_bytes()))

    m = message(
        "vanphong@viettel.example.vn", "Báo cáo (gửi muộn)", "Tập đoàn đăng 7 bài.", at(7), message_id="<late@viettel.example.vn>"
    )
    out.append(Sample("late", at(7), m.as_bytes()))

    m = message(
        "stttt@caobang.example.vn", "Báo cáo kèm video lớn", "Video gửi kèm.", at(1, 14), message_id="<big@caobang.example.vn>"
    )
    m.add_attachment(bytes(range(256)) * 1600, maintype="video", subtype="mp4", filename="video-lon.mp4")  # 400 KB
    out.append(Sample("big", at(1, 14), m.as_bytes()))

    malformed = (
        b"From: stttt@backan.example.vn\r\nSubject: =?utf-8?B?QsOhbyBjw6Fv?= =?bad?Q?x?=\r\n"
        b"Message-ID: <broken@backan.example.vn>\r\nDate: not a date\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="XX"\r\n\r\n--XX\r\nContent-Type: text/plain; charset=nonsense\r\n'
        b'Content-Transfer-Encoding: base64\r\n\r\n!!!not base64###\r\n--XX\r\nContent-Type: application/pdf; name="x.pdf"\r\n'
        b'Content-Disposition: attachment; filename="x.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n'
    )  # no closing boundary, an unknown charset, broken base64, a PDF that is only its first line
    out.append(Sample("malformed", at(1, 16), malformed))

    m = EmailMessage()
    m["From"] = "sotttthagiang@gmail.com"  # a webmail address with no name: the subject names the agency
    m["To"] = "htqt@mic.example"
    m["Subject"] = "Sở TT&TT Hà Giang - Báo cáo Ngày ITU"
    m["Date"] = format_datetime(at(2, 10))
    m["Message-ID"] = "<html@gmail.com>"
    m.set_content(
        "<html><body><script>alert('x')</script><p>Sở đã <b>treo 12 băng rôn</b>.</p>"
        "<img src='http://tracker.example/x.png'></body></html>",
        subtype="html",
    )
    out.append(Sample("html_script", at(2, 10), m.as_bytes()))

    m = EmailMessage()  # from a personal webmail, the agency only in the name the mail program shows
    m["From"] = "Sở TT&TT Lạng Sơn <nguyenvana.ls@gmail.com>"
    m["To"] = "htqt@mic.example"
    m["Subject"] = "Báo cáo"
    m["Date"] = format_datetime(at(2, 11))
    m["Message-ID"] = "<display-name@gmail.com>"
    m.set_content("Kính gửi Vụ Hợp tác quốc tế,\nGửi kèm báo cáo.")
    out.append(Sample("display_name", at(2, 11), m.as_bytes()))

    m = message(
        "stttt@hanoi.example.vn",
        "Thư cũ",
        "Ngoài thời gian.",
        dt.datetime(2021, 9, 1, tzinfo=VN),
        message_id="<old@hanoi.example.vn>",
    )
    out.append(Sample("outside", dt.datetime(2021, 9, 1, 9, tzinfo=VN), m.as_bytes()))
    return out


# Per sample, what its candidate must say: (agency, why, on time or late).
EXPECTED = {
    "signed_pdf": ("P01", "address", "on_time"),
    "unsigned_pdf": ("P15", "domain", "on_time"),
    "video": ("P26", "address", "on_time"),
    "forwarded": ("VNPT", "forwarded", "on_time"),
    "auto_reply": ("P79", "address", "on_time"),
    "reply": ("P02", "address", "on_time"),
    "unknown": ("", "unknown", "on_time"),
    "late": ("VIETTEL", "address", "late"),
    "big": ("P04", "address", "on_time"),
    "malformed": ("P06", "address", "on_time"),
    "html_script": ("P02", "subject", "on_time"),
    "display_name": ("P20", "sender_name", "on_time"),
}
