"""CSV and XLSX files as Google Sheets exports them: every sheet row kept in its place, cells as typed."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

from campaign.errors import InputError
from campaign.report import build_report
from data_sources.files import FileSource, read_table
from tests.sheets import HEADERS, SMALL_ROSTER, ticked

HEADER_LINE = ",".join(f'"{h}"' if "," in h else h for h in HEADERS.values())


def csv_bytes(*lines: str, crlf: bool = True, bom: bool = True) -> bytes:
    """A CSV as Sheets writes it (File → Download → CSV): header line first."""
    end = "\r\n" if crlf else "\n"
    return (("\ufeff" if bom else "") + end.join([HEADER_LINE, *lines]) + end).encode("utf-8")


def line(timestamp="", name="", activities="", banner="", notes="") -> str:
    cells = {"timestamp": timestamp, "agency_name": name, "activities": activities, "banner": banner, "notes": notes}

    def quote(text: str) -> str:
        return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\n') else text

    return ",".join(quote(cells.get(k, "")) for k in HEADERS)


def workbook(rows: list[list], tab="Câu trả lời biểu mẫu 1", roster: pd.DataFrame | None = None, extra_tab=None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = tab
    sheet.append(list(HEADERS.values()))
    for row in rows:
        sheet.append(row)
    if roster is not None:
        tab_roster = book.create_sheet("Danh sách đơn vị")
        tab_roster.append(list(roster.columns))
        for values in roster.itertuples(index=False):
            tab_roster.append(list(values))
    if extra_tab:
        book.create_sheet(extra_tab)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_sheets_csv_keeps_text_as_typed():
    data = csv_bytes(line("17/05/2021 10:23:45", "Sở TT&TT Hà Nội", ticked("article", "banner"), "1.200", 'Dòng 1\n"Dòng 2"'))
    frame = read_table(data, "cau_tra_loi.csv")
    assert list(frame.columns) == list(HEADERS.values())
    row = frame.iloc[0]
    assert row[HEADERS["banner"]] == "1.200"  # not the number 1.2
    assert row[HEADERS["activities"]] == ticked("article", "banner")
    assert row[HEADERS["notes"]] == 'Dòng 1\n"Dòng 2"'


def test_leading_zeros_and_na_text_stay_text():
    data = "code,name,group,province_code,notes\nP01,Sở TT&TT Hà Nội,province,01,N/A\n".encode()
    row = read_table(data, "danh_sach.csv").iloc[0]
    assert (row["province_code"], row["notes"]) == ("01", "N/A")


@pytest.mark.parametrize("crlf", [True, False])
def test_a_blank_line_inside_the_csv_keeps_its_sheet_row(config, crlf):
    data = csv_bytes(
        line("17/05/2021 10:23:45", "Bộ Y tế", ticked("rally")),
        "",
        ",,,,,,,,,,,,,",
        line("18/05/2021 10:00:00", "VNPT", ticked("rally")),
        "",
        "",
        crlf=crlf,
    )
    frame = read_table(data, "cau_tra_loi.csv")
    assert len(frame) == 4  # the two empty lines at the end are the export's padding, not answers
    report = build_report(
        FileSource(config, data, "cau_tra_loi.csv", SMALL_ROSTER.to_csv(index=False).encode(), "r.csv").read(), config
    )
    assert report.submissions.set_index("row")["category"].to_dict() == {2: "counted", 3: "blank", 4: "blank", 5: "counted"}
    assert report.accounting["rows_blank"] == 2


def test_a_csv_with_only_the_header_has_no_rows(config):
    frame = read_table(csv_bytes(), "cau_tra_loi.csv")
    assert list(frame.columns) == list(HEADERS.values()) and frame.empty
    report = build_report(FileSource(config, csv_bytes(), "cau_tra_loi.csv").read(), config)
    assert report.accounting["rows_read"] == 0
    assert (report.agencies["status"] == "missing").all()


def test_an_xlsx_keeps_datetimes_numbers_and_blank_rows():
    data = workbook(
        [
            [dt.datetime(2021, 6, 3, 23, 59, 59), "", "", "Bộ Y tế", "", "", ticked("rally"), 12],
            [],
            [44350.5, "", "", "VNPT", "", "", ticked("banner"), "1.200"],
        ]
    )
    frame = read_table(data, "bao_cao.xlsx", "Câu trả lời biểu mẫu 1")
    assert len(frame) == 3
    assert frame.iloc[0, 0] == dt.datetime(2021, 6, 3, 23, 59, 59)
    assert frame.iloc[2, 0] == 44350.5
    assert frame.iloc[0][HEADERS["banner"]] == 12 and frame.iloc[2][HEADERS["banner"]] == "1.200"
    assert frame.iloc[1].isna().all()


def test_the_english_tab_name_is_found_too():
    data = workbook([[dt.datetime(2021, 5, 20), "", "", "Bộ Y tế"]], tab="Form Responses 1", extra_tab="Ghi chú")
    frame = read_table(data, "bao_cao.xlsx", "Câu trả lời biểu mẫu 1", ("Form Responses 1",))
    assert frame.iloc[0][HEADERS["agency_name"]] == "Bộ Y tế"


def test_a_workbook_without_the_responses_tab_names_the_tabs_it_has():
    data = workbook([], tab="Trang tính1", extra_tab="Trang tính2")
    with pytest.raises(InputError) as err:
        read_table(data, "bao_cao.xlsx", "Câu trả lời biểu mẫu 1", ("Form Responses 1",))
    assert "'Câu trả lời biểu mẫu 1'" in err.value.en and "Trang tính1, Trang tính2" in err.value.en


def test_a_workbook_with_one_tab_is_read_whatever_its_name():
    frame = read_table(workbook([["17/05/2021", "", "", "Bộ Y tế"]], tab="Trang tính1"), "bao_cao.xlsx", "Câu trả lời biểu mẫu 1")
    assert frame.iloc[0][HEADERS["agency_name"]] == "Bộ Y tế"


def test_the_roster_tab_of_the_workbook_is_the_roster(config):
    data = workbook([[dt.datetime(2021, 5, 20), "", "", "Cục Viễn thông", "", "", ticked("rally")]], roster=SMALL_ROSTER)
    raw = FileSource(config, data, "bao_cao.xlsx").read()
    assert raw.agencies is not None and list(raw.agencies["code"]) == list(SMALL_ROSTER["code"])
    assert raw.roster_source == "bao_cao.xlsx [Danh sách đơn vị]"
    report = build_report(raw, config)
    assert len(report.agencies) == 8
    assert report.agencies.set_index("code").loc["MIC-CVT", "status"] == "on_time"


def test_without_a_roster_the_campaign_roster_is_used(config):
    raw = FileSource(config, workbook([[dt.datetime(2021, 5, 20), "", "", "Cục Viễn thông"]]), "bao_cao.xlsx").read()
    assert raw.agencies is None
    assert len(build_report(raw, config).agencies) == 126


def test_the_same_answers_as_csv_and_xlsx_give_the_same_report(config):
    answers = [
        ("17/05/2021 10:23:45", dt.datetime(2021, 5, 17, 10, 23, 45), "Sở TT&TT Hà Nội"),
        ("03/06/2021 23:59:59", dt.datetime(2021, 6, 3, 23, 59, 59), "Sở TTTT tỉnh Hà Tĩnh"),
        ("04/06/2021 00:00:00", dt.datetime(2021, 6, 4, 0, 0, 0), "Sở TT&TT Hà Nam"),
    ]
    as_csv = csv_bytes(*[line(text, name, ticked("rally")) for text, _, name in answers])
    as_xlsx = workbook([[moment, "", "", name, "", "", ticked("rally")] for _, moment, name in answers])
    reports = [
        build_report(FileSource(config, data, name).read(), config) for data, name in ((as_csv, "a.csv"), (as_xlsx, "a.xlsx"))
    ]
    statuses = [r.agencies.set_index("code")["status"] for r in reports]
    pd.testing.assert_series_equal(statuses[0], statuses[1])
    assert statuses[0][["P01", "P42", "P35"]].tolist() == ["on_time", "on_time", "late"]
    times = [list(r.submissions["submitted_at"]) for r in reports]
    assert times[0] == times[1]


@pytest.mark.parametrize("content", [b"", b"  \r\n\r\n"])
def test_an_empty_file_is_an_input_error(content):
    with pytest.raises(InputError, match="empty"):
        read_table(content, "trong.csv")


def test_a_file_that_is_not_utf8_is_an_input_error():
    with pytest.raises(InputError, match="UTF-8"):
        # Vietnamese Windows code page, as an old Excel "Save as CSV" writes it.
        read_table("Tên cơ quan\nCơ quan Đà\n".encode("cp1258"), "cp1258.csv")


def test_a_workbook_number_too_large_for_an_integer_is_read_not_a_crash(config):
    """Found by the cell properties: a cell of ±1.797e308 reads back as infinity, and pandas' int() of it raised."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = config.sheet.responses_tab
    sheet.append(["Dấu thời gian", "Tên cơ quan, đơn vị", "Các hoạt động đã triển khai", "Số người tham dự"])
    sheet.append(["17/05/2021 10:00:00", "Bộ Y tế", "Khác", -1.7976931348623155e308])
    sheet.append(["17/05/2021 11:00:00", "VNPT", "Khác", 1200])
    buffer = io.BytesIO()
    book.save(buffer)
    report = build_report(FileSource(config, buffer.getvalue(), "vo_cuc.xlsx").read(), config)
    assert report.accounting["rows_read"] == 2
    assert list(report.submissions["participants"].astype(object).where(report.submissions["participants"].notna(), None)) == [
        None,
        1200,
    ]


def test_a_csv_table_crosses_from_the_parsing_child_as_arrow_ipc_and_an_xlsx_one_as_stored():
    from data_sources import bounded
    from data_sources.files import parse_tables

    limits = bounded.Limits()
    csv_table, _ = parse_tables('Mã,Tên\nP01,"Sở ""A"", Hà Nội"\nP02,\n'.encode(), "a.csv", None, (), None, limits)
    xlsx = io.BytesIO()
    book = openpyxl.Workbook()
    book.active.append(["Mã", "Ngày"])
    book.active.append(["P01", dt.datetime(2021, 6, 3, 8, 0)])
    book.save(xlsx)
    xlsx_table, _ = parse_tables(xlsx.getvalue(), "b.xlsx", None, (), None, limits)
    streams: list = []
    wire = bounded._to_wire((csv_table, xlsx_table, None), streams)
    assert isinstance(wire[0], bounded._Table) and len(streams) == 1  # the text table as one IPC stream
    assert wire[1] is xlsx_table and wire[2] is None  # cells as stored (a datetime among text) are pickled
    back = bounded._from_wire(wire, [stream.to_pybytes() for stream in streams])
    pd.testing.assert_frame_equal(back[0], csv_table)
    assert back[0]["Tên"].tolist()[0] == 'Sở "A", Hà Nội' and pd.isna(back[0]["Tên"].iloc[1])
