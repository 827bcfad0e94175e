"""Metrics on the golden sheet (tests/sheets.py), with every expected number worked out by hand from its rows.

Statuses: on time P01 (first 17/05), P35, P42 (23:59:59 on 3 June), P79 (fuzzy), MIC-CVT; late P31 (00:00 on 4 June),
VNPT; missing G18 (its only row is undated). Counted rows: 3, 8, 9, 10, 12, 13, 14.
"""

import pandas as pd
import pytest

from campaign import metrics
from campaign.report import build_report, evaluate, prepare
from tests.sheets import golden_raw, sheet


@pytest.fixture(scope="module")
def prepared(config):
    return prepare(golden_raw(), config)


@pytest.fixture(scope="module")
def report(prepared):
    return evaluate(prepared)


def test_summary_counts_agencies_and_both_rates_over_expected(report):
    assert metrics.summary(report) == {
        "agencies_expected": 8,
        "agencies_reported": 7,
        "agencies_on_time": 5,
        "agencies_late": 2,
        "agencies_missing": 1,
        "reporting_rate": 7 / 8,
        "on_time_rate": 5 / 8,
        "participants": 300 + 1500,  # Hà Nam "khoảng 300", VNPT "1.500"
    }


def test_summary_for_some_groups_only(report):
    s = metrics.summary(report, ["province"])
    assert (s["agencies_expected"], s["agencies_on_time"], s["agencies_late"], s["agencies_missing"]) == (5, 4, 1, 0)
    assert s["reporting_rate"] == 1.0 and s["on_time_rate"] == 4 / 5
    assert s["participants"] == 300
    s = metrics.summary(report, ["ministry", "enterprise"])
    assert (s["agencies_expected"], s["agencies_reported"], s["on_time_rate"], s["participants"]) == (2, 1, 0.0, 1500)


def test_by_group_gives_each_groups_rates(report):
    table = metrics.by_group(report).set_index("group")
    assert sorted(table.index) == ["enterprise", "mic_unit", "ministry", "province"]
    assert table.loc["province", ["agencies_expected", "agencies_on_time", "agencies_late"]].tolist() == [5, 4, 1]
    assert table.loc["province", "on_time_rate"] == 0.8
    assert table.loc["ministry", "reporting_rate"] == 0.0 and table.loc["ministry", "agencies_missing"] == 1
    assert table.loc["enterprise", "reporting_rate"] == 1.0 and table.loc["enterprise", "on_time_rate"] == 0.0
    assert table.loc["mic_unit", "on_time_rate"] == 1.0


def test_burnup_is_cumulative_per_day_and_group(report):
    burn = metrics.burnup(report)
    days = pd.date_range("2021-05-01", "2021-06-06", freq="D")  # period start to VNPT's late report on 6 June
    assert len(burn) == len(days) * 4
    province = burn[burn["group"] == "province"].set_index("date")["reported"]
    assert list(province.index) == list(days)
    expected = {"2021-05-16": 0, "2021-05-17": 1, "2021-05-20": 2, "2021-06-01": 2, "2021-06-02": 3, "2021-06-03": 4}
    expected |= {"2021-06-04": 5, "2021-06-06": 5}
    assert {d: int(province[pd.Timestamp(d)]) for d in expected} == expected
    assert province.is_monotonic_increasing
    final = burn[burn["date"] == days[-1]].set_index("group")["reported"].to_dict()
    assert final == {"enterprise": 1, "mic_unit": 1, "ministry": 0, "province": 5}


def test_burnup_as_of_stops_that_day(prepared):
    burn = metrics.burnup(evaluate(prepared, "2021-05-31T12:00:00+07:00"))
    assert burn["date"].max() == pd.Timestamp("2021-05-31")
    final = burn[burn["date"] == pd.Timestamp("2021-05-31")].set_index("group")["reported"].to_dict()
    assert final == {"enterprise": 0, "mic_unit": 1, "ministry": 0, "province": 2}


def test_activities_count_ticks_and_positive_quantities_from_the_counted_reports(report):
    table = metrics.activities(report).set_index("activity")
    assert table["agencies"].to_dict() == {
        "action_programme": 2,  # P31, P79
        "ict_initiative": 1,  # P79
        "rally": 2,  # P35, VNPT
        "webinar": 1,  # P35
        "article": 2,  # P01 (its latest: 20), P79 (5, not ticked)
        "itu_session": 1,  # MIC-CVT; P42's "nhiều" is no number and was not ticked
        "banner": 2,  # P31 ticked ("10-12" rejected), VNPT 50 not ticked
        "other": 1,  # P42
    }
    quantity = table["quantity"]
    assert quantity[["webinar", "article", "itu_session", "banner"]].tolist() == [2, 20 + 5, 3, 50]
    assert quantity[["action_programme", "ict_initiative", "rally", "other"]].isna().all()
    assert table.loc["banner", "label_en"] == "Banners, billboards and posters displayed"


def test_a_positive_quantity_without_its_tick_is_flagged(report):
    flagged = report.issues[report.issues["issue"] == "quantity_without_tick"]
    assert sorted(zip(flagged["row"], flagged["value"])) == [(13, "50"), (14, "5")]


def test_superseded_figures_are_not_counted(report):
    # Hà Nội's first report (row 2) had 15 articles and 1.200 banners; only its latest (row 10) counts.
    counted = metrics.counted_reports(report)
    assert sorted(counted["row"]) == [3, 8, 9, 10, 12, 13, 14]
    assert counted.set_index("agency_code").loc["P01", "article"] == 20


def test_provinces_are_keyed_by_gso_code(report):
    table = metrics.provinces(report).set_index("province_code")
    assert table["status"].to_dict() == {"01": "on_time", "31": "late", "35": "on_time", "42": "on_time", "79": "on_time"}


def test_a_sheet_with_no_reports_gives_zero_rates(config):
    report = build_report(sheet({}), config)
    s = metrics.summary(report)
    assert (s["agencies_reported"], s["reporting_rate"], s["on_time_rate"], s["participants"]) == (0, 0.0, 0.0, 0)
    assert metrics.activities(report)["agencies"].sum() == 0
    assert metrics.burnup(report)["reported"].max() == 0
