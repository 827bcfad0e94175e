"""Normalising raw cells: timestamps, checkbox answers, quantities, evidence links, blank rows, headers."""

import datetime as dt

import pandas as pd
import pytest

from campaign.errors import InputError
from campaign.normalise import (
    cell_text,
    normalise_responses,
    parse_evidence,
    parse_quantity,
    parse_timestamps,
    split_activities,
)
from tests.sheets import FIRST_LATE, HEADERS, LABELS, LAST_ON_TIME, responses, serial, sheet, ticked

ICT = dt.timezone(dt.timedelta(hours=7))


def ts(*values, config, zone=None):
    return list(parse_timestamps(pd.Series(list(values), dtype=object), config, zone))


def at(*args, tz=ICT):
    return pd.Timestamp(dt.datetime(*args, tzinfo=tz))


# --- timestamps -------------------------------------------------------------------------------------------


def test_vietnamese_locale_text_is_read_day_first(config):
    assert ts("17/05/2021 10:23:45", config=config) == [at(2021, 5, 17, 10, 23, 45)]
    assert ts("07/05/2021 09:05:01", "7/5/2021 9:05:01", config=config) == [at(2021, 5, 7, 9, 5, 1)] * 2


def test_a_sheets_serial_number_is_days_since_1899_12_30(config):
    # 44333 is 17 May 2021; the fraction is the time of day.
    assert ts(44333.0, config=config) == [at(2021, 5, 17)]
    assert ts(44333 + (10 * 3600 + 23 * 60 + 45) / 86400, config=config) == [at(2021, 5, 17, 10, 23, 45)]
    assert ts(serial(dt.datetime(2021, 6, 3, 23, 59, 59)), config=config) == [at(2021, 6, 3, 23, 59, 59)]


def test_an_xlsx_datetime_is_wall_clock_in_the_campaign_zone(config):
    assert ts(dt.datetime(2021, 5, 17, 10, 23, 45), config=config) == [at(2021, 5, 17, 10, 23, 45)]
    assert ts(pd.Timestamp("2021-05-17 10:23:45"), config=config) == [at(2021, 5, 17, 10, 23, 45)]


def test_a_cell_with_only_a_date_means_midnight_of_that_day(config):
    assert ts("17/05/2021", dt.date(2021, 5, 17), config=config) == [at(2021, 5, 17, 0, 0, 0)] * 2


def test_a_time_with_its_own_offset_keeps_the_moment(config):
    assert ts("2021-05-17T03:23:45+00:00", config=config) == [at(2021, 5, 17, 10, 23, 45)]


def test_times_are_wall_clock_in_the_zone_the_source_names(config):
    # A sheet set to London (UTC+1 in May): 10:23:45 there is 16:23:45 in Hà Nội.
    got = ts("17/05/2021 10:23:45", serial(dt.datetime(2021, 5, 17, 10, 23, 45)), config=config, zone="Europe/London")
    assert got == [at(2021, 5, 17, 16, 23, 45)] * 2


def test_results_are_in_the_campaign_zone(config):
    (got,) = ts("17/05/2021 10:23:45", config=config)
    assert str(got.tz) == "Asia/Ho_Chi_Minh"
    assert got.utcoffset() == dt.timedelta(hours=7)


@pytest.mark.parametrize("bad", ["hôm qua", "31/02/2021 10:00:00", "17/05/2021 25:00:00", "5/17/2021 10:23:45", "12345"])
def test_unreadable_timestamps_are_not_a_time(config, bad):
    assert pd.isna(ts(bad, config=config)[0])


def test_the_deadline_seconds_parse_exactly(config):
    deadline = pd.Timestamp(config.campaign.deadline)
    assert deadline == at(2021, 6, 4, 0, 0, 0)
    last, first_late = ts(LAST_ON_TIME, FIRST_LATE, config=config)
    assert last < deadline <= first_late
    assert first_late == deadline


# --- checkbox answers ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def labels(config):
    return [(a.label_vi, a.key) for a in config.activities if a.key != "other"]


def test_the_config_labels_are_the_forms_labels(config):
    assert {a.key: a.label_vi for a in config.activities if a.key != "other"} == LABELS


def test_ticked_labels_with_commas_inside_are_found_whole(labels):
    answer = ticked("article", "banner")
    assert answer.count(",") == 5  # two commas inside each label, one between them
    assert split_activities(answer, labels) == (("article", "banner"), "")


def test_every_label_alone_is_its_own_activity(labels):
    for key, label in LABELS.items():
        assert split_activities(label, labels) == ((key,), "")


def test_leftover_text_is_a_khac_answer_with_its_text_kept(labels):
    answer = ticked("banner", "article", other="Cuộc thi ảnh, video về chuyển đổi số")
    assert split_activities(answer, labels) == (("article", "banner", "other"), "Cuộc thi ảnh, video về chuyển đổi số")


def test_part_of_a_label_is_not_the_activity(labels):
    assert split_activities("Viết bài, đăng tin", labels) == (("other",), "Viết bài, đăng tin")
    assert split_activities(LABELS["banner"] + " tại trụ sở", labels) == (("other",), LABELS["banner"] + " tại trụ sở")


def test_spacing_and_case_of_a_label_do_not_matter(labels):
    answer = LABELS["rally"].upper() + ",  " + LABELS["webinar"].replace(" ", "  ")
    assert split_activities(answer, labels) == (("rally", "webinar"), "")


def test_an_empty_answer_has_no_activity(labels):
    assert split_activities("", labels) == ((), "")


# --- quantities ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("12", 12),
        ("1.200", 1200),
        ("1,200", 1200),
        ("1.200.000", 1_200_000),
        ("15 bài", 15),
        ("0", 0),
        (" 7 ", 7),
        (12.0, 12),
        (3, 3),
    ],
)
def test_plain_quantities_are_read_without_a_flag(typed, number):
    assert parse_quantity(typed) == (number, "")


@pytest.mark.parametrize(
    ("typed", "number"), [("khoảng 300", 300), ("Khoảng 300", 300), ("hơn 1.000 người", 1000), ("300+", 300)]
)
def test_approximate_quantities_count_and_are_flagged(typed, number):
    got, flag = parse_quantity(typed)
    assert got == number
    assert flag.startswith("approximate_quantity|")


@pytest.mark.parametrize("empty", ["", "   ", None, float("nan")])
def test_an_empty_quantity_is_none_without_a_flag(empty):
    assert parse_quantity(empty) == (None, "")


@pytest.mark.parametrize("typed", ["-5", "−5", -3, "10-12", "10 - 12", "nhiều", "1.5", 2.5, "không có"])
def test_negative_several_or_no_numbers_are_none_and_flagged(typed):
    got, flag = parse_quantity(typed)
    assert got is None
    assert flag.startswith("rejected_quantity|")


# --- evidence -------------------------------------------------------------------------------------------------


def test_several_drive_links_are_split_on_commas():
    cell = "https://drive.google.com/open?id=a, https://drive.google.com/open?id=b"
    assert parse_evidence(cell) == (("https://drive.google.com/open?id=a", "https://drive.google.com/open?id=b"), ())


@pytest.mark.parametrize(
    "bad", ["javascript:alert(1)", "JavaScript:alert(document.cookie)", "data:text/html", "ftp://x.example/a"]
)
def test_only_http_links_are_links_and_other_schemes_are_flagged(bad):
    links, flagged = parse_evidence(f"{bad}, https://drive.google.com/open?id=ok")
    assert links == ("https://drive.google.com/open?id=ok",)
    assert flagged == (bad,)


def test_plain_text_in_the_evidence_cell_is_not_a_link():
    assert parse_evidence("Công văn số 12/STTTT gửi kèm email") == ((), ())
    assert parse_evidence("ảnh, video v.v.") == ((), ())


def test_an_address_without_http_or_a_broken_link_is_flagged_never_linked():
    cell = 'drive.google.com/open?id=a, www.mic.gov.vn, https://x"onmouseover=alert(1), https://mic.gov.vn/tin'
    assert parse_evidence(cell) == (
        ("https://mic.gov.vn/tin",),
        ("drive.google.com/open?id=a", "www.mic.gov.vn", 'https://x"onmouseover=alert(1)'),
    )


# --- whole sheets --------------------------------------------------------------------------------------------


def test_blank_and_white_space_rows_are_marked_blank_and_kept(config):
    raw = responses(
        {"timestamp": "17/05/2021 10:23:45", "agency_name": "Bộ Y tế"},
        {},
        {"timestamp": "   ", "agency_name": "\t", "notes": "\u00a0"},
        {"timestamp": "18/05/2021 08:00:00", "agency_name": "Bộ Tư pháp"},
    )
    rows = normalise_responses(raw, config).rows
    assert list(rows["row"]) == [2, 3, 4, 5]
    assert list(rows["blank"]) == [False, True, True, False]


def test_a_row_with_only_a_note_is_not_blank(config):
    rows = normalise_responses(responses({"notes": "Đơn vị sẽ gửi sau"}), config).rows
    assert list(rows["blank"]) == [False]


def test_issues_name_the_sheet_row_column_and_value(config):
    raw = responses(
        {"timestamp": "hôm qua", "agency_name": "Bộ Y tế", "banner": "10-12", "participants": "khoảng 300"},
        {"timestamp": "17/05/2021 10:00:00", "agency_name": "Bộ Y\u200b tế", "evidence": "javascript:alert(1)"},
        {},
        {"timestamp": "17/05/2021 10:00:00", "agency_name": "Bộ Tư pháp", "article": "-4"},
    )
    issues = normalise_responses(raw, config).issues
    got = set(zip(issues["row"], issues["column"], issues["issue"], issues["value"]))
    assert got == {
        (2, HEADERS["timestamp"], "unreadable_timestamp", "hôm qua"),
        (2, HEADERS["banner"], "rejected_quantity", "10-12"),
        (2, HEADERS["participants"], "approximate_quantity", "khoảng 300"),
        (3, HEADERS["agency_name"], "hidden_characters_removed", "Bộ Y tế"),
        (3, HEADERS["evidence"], "non_http_link", "javascript:alert(1)"),
        (5, HEADERS["article"], "rejected_quantity", "-4"),
    }


def test_figures_and_links_land_in_their_columns(config):
    raw = responses(
        {
            "timestamp": "17/05/2021 10:23:45",
            "agency_name": "Bộ Y tế",
            "activities": ticked("article", "banner", other="Cuộc thi ảnh"),
            "banner": "1.200",
            "article": "15 bài",
            "participants": "khoảng 300",
            "evidence": "https://drive.google.com/open?id=a, javascript:alert(1)",
        }
    )
    row = normalise_responses(raw, config).rows.iloc[0]
    assert (row["banner"], row["article"], row["participants"]) == (1200, 15, 300)
    assert pd.isna(row["webinar"]) and pd.isna(row["itu_session"])
    assert row["activities"] == "article;banner;other"
    assert row["other_text"] == "Cuộc thi ảnh"
    assert row["evidence"] == "https://drive.google.com/open?id=a"


def test_headers_are_found_by_alias_case_and_spacing(config):
    english = {k: v for k, v in HEADERS.items()}
    english.update(timestamp="Timestamp", email="Email Address", agency_name="  tên cơ quan,   đơn vị ", activities="Activities")
    rows = normalise_responses(
        responses({"timestamp": "17/05/2021 10:23:45", "email": "a@b.example", "agency_name": "Bộ Y tế"}, headers=english), config
    ).rows
    assert rows["agency_name"].iloc[0] == "Bộ Y tế"
    assert rows["email"].iloc[0] == "a@b.example"
    assert rows["submitted_at"].iloc[0] == at(2021, 5, 17, 10, 23, 45)


def test_a_missing_required_header_names_the_header_and_those_found(config):
    headers = {k: v for k, v in HEADERS.items() if k != "agency_name"}
    with pytest.raises(InputError) as err:
        normalise_responses(responses({"timestamp": "17/05/2021"}, headers=headers), config, source="bao_cao.csv")
    message = err.value.en
    assert message.startswith("bao_cao.csv: ")
    assert "'Tên cơ quan, đơn vị'" in message
    assert "'Dấu thời gian'" in message.split("found:")[1]
    assert "\n" not in str(err.value)


def test_cell_text_cleans_what_people_paste():
    assert cell_text("  Bộ Y\u200b tế \n") == "Bộ Y tế"
    assert cell_text(15.0) == "15"
    assert cell_text(float("nan")) == ""


# --- bounded quantities (a public form may send anything) ------------------------------------------------------

FORTY_NINES = "9" * 40


@pytest.mark.parametrize(
    "typed",
    [FORTY_NINES, "9" * 50_000, "10.000.001", 10_000_001, 10**40, 1e300, float("inf"), "1" + "0" * 400],
)
def test_a_quantity_above_the_limit_is_none_and_flagged(typed):
    got, flag = parse_quantity(typed)
    assert got is None
    assert flag == "rejected_quantity|more than 10,000,000, the largest quantity accepted: check the number"


@pytest.mark.parametrize("typed", ["10.000.000", 10_000_000, "0000000000012", -0.0, "0"])
def test_a_quantity_up_to_the_limit_is_kept(typed):
    got, flag = parse_quantity(typed)
    assert flag == ""
    assert got == {"10.000.000": 10_000_000, 10_000_000: 10_000_000, "0000000000012": 12, -0.0: 0, "0": 0}[typed]


def test_the_limit_comes_from_the_config(config):
    import dataclasses

    small = dataclasses.replace(config, limits=dataclasses.replace(config.limits, max_quantity=100))
    rows = normalise_responses(
        responses({"timestamp": "17/05/2021 10:00:00", "agency_name": "Bộ Y tế", "activities": "x", "banner": "101"}),
        small,
    )
    assert rows.rows["banner"].isna().all()
    assert list(rows.issues["issue"]) == ["rejected_quantity"]
    assert "more than 100," in rows.issues["suggestion"].iloc[0]


def test_forty_nines_in_every_number_column_do_not_stop_the_report(config):
    """Regression: a quantity of forty nines raised OverflowError in normalise_responses (pd.array Int64)."""
    from campaign.report import build_report

    row = {"timestamp": "17/05/2021 10:00:00", "agency_name": "Bộ Y tế", "activities": ticked("banner")}
    row |= {k: FORTY_NINES for k in ("banner", "article", "webinar", "participants", "itu_session")}
    report = build_report(sheet(row), config)
    assert report.accounting["rows_counted"] == 1
    flagged = report.issues[report.issues["issue"] == "rejected_quantity"]
    assert len(flagged) == 5 and set(flagged["value"]) == {FORTY_NINES}
    assert report.submissions[["banner", "article", "participants"]].isna().all().all()


def test_a_date_beyond_what_pandas_holds_is_unreadable_not_a_crash(config):
    """Found by the cell properties: a workbook date in year 5000 overflowed datetime64[ns]."""
    got = ts(
        dt.date(5000, 9, 23), dt.datetime(1000, 1, 1), "01/01/9999", "9999-01-01T00:00", "17/05/2021 10:23:45", config=config
    )
    assert [pd.isna(v) for v in got] == [True, True, True, True, False]
