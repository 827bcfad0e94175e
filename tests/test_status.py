"""Row categories and agency status: on time before 4 June 2021 00:00 +07:00, late at or after, missing if none."""

import datetime as dt

import pandas as pd
import pytest

from campaign.report import build_report, evaluate, prepare
from tests.sheets import FIRST_LATE, LAST_ON_TIME, sheet, ticked

ICT = dt.timezone(dt.timedelta(hours=7))


def row(when, name, **cells):
    return {"timestamp": when, "agency_name": name, "activities": cells.pop("activities", ticked("article")), **cells}


def status(report, code):
    return report.agencies.set_index("code").loc[code, "status"]


def test_the_last_second_before_the_deadline_is_on_time_and_midnight_is_late(config):
    report = build_report(sheet(row(LAST_ON_TIME, "Sở TT&TT Hà Tĩnh"), row(FIRST_LATE, "Sở TT&TT Hà Nam")), config)
    assert status(report, "P42") == "on_time"
    assert status(report, "P35") == "late"


def test_an_agency_without_a_submission_is_missing(config):
    report = build_report(sheet(row("20/05/2021 09:00:00", "Bộ Y tế")), config)
    statuses = report.agencies.set_index("code")["status"]
    assert statuses["G18"] == "on_time"
    assert (statuses.drop("G18") == "missing").all()
    assert report.agencies.set_index("code").loc["P01", "submissions"] == 0


def test_timeliness_comes_from_the_first_submission_and_figures_from_the_latest(config):
    report = build_report(
        sheet(
            row("05/06/2021 08:00:00", "Sở TT&TT Hà Nội", article="20"),
            row("17/05/2021 10:23:45", "Sở TT&TT Hà Nội", article="15", banner="1.200", activities=ticked("article", "banner")),
        ),
        config,
    )
    agency = report.agencies.set_index("code").loc["P01"]
    assert agency["status"] == "on_time"
    assert agency["submissions"] == 2
    assert agency["first_submitted_at"] == pd.Timestamp(dt.datetime(2021, 5, 17, 10, 23, 45, tzinfo=ICT))
    assert agency["last_submitted_at"] == pd.Timestamp(dt.datetime(2021, 6, 5, 8, 0, 0, tzinfo=ICT))
    # The latest is sheet row 2 (rows need not be in time order): it counts, row 3 is superseded.
    assert agency["counted_row"] == 2
    subs = report.submissions.set_index("row")
    assert subs.loc[2, "category"] == "counted" and subs.loc[3, "category"] == "superseded"
    assert subs.loc[2, "article"] == 20 and pd.isna(subs.loc[2, "banner"])


def test_all_submissions_late_means_late(config):
    report = build_report(sheet(row(FIRST_LATE, "Bộ Y tế"), row("10/06/2021 08:00:00", "Bộ Y tế")), config)
    assert status(report, "G18") == "late"


def test_two_submissions_at_the_same_second_count_the_lower_sheet_row(config):
    report = build_report(
        sheet(row("20/05/2021 09:00:00", "Bộ Y tế"), row("20/05/2021 09:00:00", "Bộ Y tế", article="9")), config
    )
    assert list(report.submissions["category"]) == ["superseded", "counted"]


def test_an_undated_row_never_makes_an_agency_reported(config):
    report = build_report(sheet(row("hôm qua", "Bộ Y tế")), config)
    assert list(report.submissions["category"]) == ["undated"]
    assert report.submissions["agency_code"].iloc[0] == "G18"  # matched, kept, but not counted
    assert status(report, "G18") == "missing"


def test_every_category_is_counted_once(config):
    raw = sheet(
        row("17/05/2021 10:00:00", "Sở TT&TT Hà Nội"),  # superseded
        row("20/05/2021 10:00:00", "Sở TT&TT Hà Nội"),  # counted
        row("20/05/2021 10:00:00", "Phòng Thông tin"),  # unmatched
        row("hôm qua", "Bộ Y tế"),  # undated
        {},  # blank
        {"notes": "   "},  # blank
        row("10/06/2021 10:00:00", "VNPT"),  # after as_of
        row("10/06/2021 10:00:00", "Phòng Thông tin"),  # after as_of, even though it is also unmatched
    )
    report = build_report(raw, config, as_of="2021-06-04T00:00:00+07:00")
    assert list(report.submissions["category"]) == [
        "superseded",
        "counted",
        "unmatched",
        "undated",
        "blank",
        "blank",
        "after_as_of",
        "after_as_of",
    ]
    assert report.accounting == {
        "rows_read": 8,
        "rows_counted": 1,
        "rows_superseded": 1,
        "rows_unmatched": 1,
        "rows_undated": 1,
        "rows_blank": 2,
        "rows_after_as_of": 2,
    }


def test_as_of_ignores_later_rows_and_shows_the_status_of_that_moment(config):
    prepared = prepare(
        sheet(
            row("20/05/2021 10:00:00", "Sở TT&TT Hà Nội", article="5"),
            row("02/06/2021 10:00:00", "Sở TT&TT Hà Nội", article="8"),
            row("05/06/2021 10:00:00", "Bộ Y tế"),
        ),
        config,
    )
    early = evaluate(prepared, "2021-05-25T00:00:00+07:00")
    assert list(early.submissions["category"]) == ["counted", "after_as_of", "after_as_of"]
    assert early.submissions.loc[early.submissions["category"] == "counted", "article"].tolist() == [5]
    assert status(early, "G18") == "missing"

    everything = evaluate(prepared)
    assert list(everything.submissions["category"]) == ["superseded", "counted", "counted"]
    assert status(everything, "G18") == "late"
    assert everything.as_of is None


def test_as_of_without_a_zone_is_campaign_wall_clock(config):
    prepared = prepare(sheet(row("03/06/2021 10:00:00", "Bộ Y tế")), config)
    # 10:00 in Hà Nội is 03:00 UTC: as of 09:59 local the row is still in the future.
    assert evaluate(prepared, "2021-06-03T09:59:59").submissions["category"].tolist() == ["after_as_of"]
    assert evaluate(prepared, "2021-06-03T10:00:00").submissions["category"].tolist() == ["counted"]
    assert evaluate(prepared, "2021-06-03T03:00:00+00:00").submissions["category"].tolist() == ["counted"]
    assert evaluate(prepared, "2021-06-03T10:00:00").as_of == pd.Timestamp(dt.datetime(2021, 6, 3, 10, tzinfo=ICT))


@pytest.mark.parametrize("as_of", [None, "2021-05-19T00:00:00+07:00", "2021-06-30T00:00:00+07:00"])
def test_rows_read_is_the_sum_of_the_categories(config, as_of):
    raw = sheet(
        row("17/05/2021 10:00:00", "Sở TT&TT Hà Nội"),
        row("20/05/2021 10:00:00", "Sở TT&TT Hà Nội"),
        row("xx", "Bộ Y tế"),
        {},
        row("10/06/2021 10:00:00", "VNPT"),
    )
    acc = build_report(raw, config, as_of=as_of).accounting
    assert acc["rows_read"] == 5
    assert acc["rows_read"] == sum(v for k, v in acc.items() if k != "rows_read")
