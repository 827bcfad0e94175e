"""Chart builders, the offline map, formats and the page helpers, on the demo report."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from campaign import metrics
from campaign.report import build_report
from data_sources.demo import DemoSource
from presentation import charts, geo, views
from presentation.colours import STATUS_COLORS
from presentation.formats import escape_markdown, fmt_date, fmt_int, fmt_pct
from presentation.labels import TEXT, t


@pytest.fixture(scope="module")
def report(config):
    return build_report(DemoSource(config).read(), config)


@pytest.fixture(scope="module")
def frames(report):
    return views.build_frames(report)


def test_vietnamese_numbers_use_a_decimal_comma_and_a_thousands_dot():
    assert fmt_int(1200) == "1.200"
    assert fmt_int(1200, "en") == "1,200"
    assert fmt_pct(55 / 84) == "65,5%"
    assert fmt_pct(55 / 84, "en") == "65.5%"
    assert fmt_pct(12.345) == "1.234,5%"
    assert fmt_date(pd.Timestamp("2021-06-03 17:00")) == "03/06/2021"


def test_every_label_exists_in_both_languages():
    for key, (vi, en) in TEXT.items():
        assert vi.strip() and en.strip(), key


def test_sheet_text_is_shown_as_typed_never_as_markdown():
    escaped = escape_markdown("**Sở** [bấm](javascript:alert(1)) <b>x</b>")
    assert "\\*\\*Sở\\*\\*" in escaped and "\\[bấm\\]\\(javascript\\:alert\\(1\\)\\)" in escaped and "\\<b\\>" in escaped
    assert charts.text("<a href='x'>Sở</a>") == "&lt;a href='x'&gt;Sở&lt;/a&gt;"


def test_the_map_places_all_63_provinces_and_con_dao_in_ba_ria_vung_tau(report):
    provinces = metrics.provinces(report)
    codes = geo.shape_provinces(tuple(zip(provinces["province_code"], provinces["name"])))
    assert len(geo.shapes()) == 64
    assert len(codes) == 64
    assert set(codes.values()) == set(provinces["province_code"])
    assert codes["Côn Đảo"] == codes["Bà Rịa - Vũng Tàu"] == "77"
    assert codes["TP. Hồ Chí Minh"] == "79"
    assert codes["Hà Nam"] != codes["Hà Nội"]


def test_provinces_are_filled_in_their_departments_status_colour(frames, report):
    figure = geo.province_map(frames.provinces, "vi")
    fills = [tr for tr in figure.data if tr.fill == "toself"]
    counts = frames.provinces["status"].value_counts()
    assert {tr.fillcolor for tr in fills} == {STATUS_COLORS[s] for s in counts.index}
    for trace in fills:
        status = next(s for s, c in STATUS_COLORS.items() if c == trace.fillcolor)
        # one polygon run per province ring: NaN separators count the polygons of that status
        assert pd.isna(trace.x).sum() >= counts[status]


def test_the_map_shows_hoang_sa_and_truong_sa_coloured_like_da_nang_and_khanh_hoa(frames):
    figure = geo.province_map(frames.provinces, "vi")
    by_code = frames.provinces.set_index("province_code")["status"]
    labels = [re.sub(r"</?b>", "", a.text).replace("<br>", " ") for a in figure.layout.annotations]
    assert any(t("hoang_sa", "vi") in label for label in labels)
    assert any(t("truong_sa", "vi") in label for label in labels)
    islands = {tr.hovertext[0].split(" — ")[0]: tr for tr in figure.data if tr.mode == "markers" and tr.marker.color}
    hoang_sa, truong_sa = islands[t("hoang_sa", "vi")], islands[t("truong_sa", "vi")]
    assert hoang_sa.marker.color == STATUS_COLORS[by_code["48"]]
    assert truong_sa.marker.color == STATUS_COLORS[by_code["56"]]
    assert all(15.5 <= y <= 17.2 and 111.0 <= x <= 113.0 for x, y in zip(hoang_sa.x, hoang_sa.y))
    assert all(8.5 <= y <= 11.6 and 111.8 <= x <= 115.0 for x, y in zip(truong_sa.x, truong_sa.y))
    assert min(truong_sa.y) < 8.7  # Trường Sa Lớn, which the boundary file leaves out
    assert figure.layout.xaxis.range[0] <= 102.1 and figure.layout.xaxis.range[1] >= 115.5


def test_the_map_needs_nothing_from_the_internet(frames):
    figure = geo.province_map(frames.provinces, "en")
    assert all(tr.type == "scatter" for tr in figure.data)
    assert "geo" not in figure.to_plotly_json()["layout"]
    assert figure.layout.yaxis.scaleanchor == "x"


def test_province_hover_text_names_the_department_and_its_status(frames):
    figure = geo.province_map(frames.provinces, "vi")
    hover = next(tr for tr in figure.data if tr.mode == "markers" and tr.marker.opacity == 0).hovertext
    assert len(hover) == 63
    assert any("Sở Thông tin và Truyền thông tỉnh Hà Nam" in h for h in hover)


def test_burnup_ends_at_the_number_of_agencies_reported(frames, config):
    figure = charts.burnup_chart(frames.burnup, config, frames.summary["agencies_expected"], "vi")
    assert sum(tr.y[-1] for tr in figure.data) == frames.summary["agencies_reported"]
    assert {tr.line.color for tr in figure.data}.isdisjoint(STATUS_COLORS.values())
    assert any(shape.line.dash == "dash" for shape in figure.layout.shapes)  # the deadline
    assert "Hạn báo cáo 03/06/2021" in [a.text for a in figure.layout.annotations]


def test_group_rates_stack_the_three_statuses_to_each_group(frames, config):
    counts = views.status_counts_by_group(frames)
    figure = charts.group_rates_chart(counts, config, "en")
    assert [tr.name for tr in figure.data] == ["On time", "Late", "Missing"]
    totals = [sum(tr.x[i] for tr in figure.data) for i in range(len(counts))]
    assert all(math.isclose(total, 1.0) for total in totals)
    assert figure.layout.separators == ".,"


def test_activities_chart_counts_agencies_per_activity(frames):
    figure = charts.activities_chart(frames.activities, "vi")
    assert sorted(figure.data[0].x) == sorted(frames.activities["agencies"])


def test_png_download_has_a_good_name_and_double_scale(config):
    moment = pd.Timestamp("2021-06-03 17:00", tz=config.campaign.timezone)
    options = charts.png_config(charts.filename(config, "map", moment, "vi"))["toImageButtonOptions"]
    assert options == {"format": "png", "filename": "wtisd2021_ban-do-63-tinh_03-06-2021", "scale": 2}


def test_headline_reads_like_the_report_sentence(config):
    summary = {
        "agencies_reported": 55,
        "agencies_expected": 84,
        "reporting_rate": 55 / 84,
        "agencies_on_time": 53,
        "agencies_late": 2,
        "agencies_missing": 29,
    }
    moment = pd.Timestamp("2021-06-10 17:00", tz=config.campaign.timezone)
    assert views.headline(summary, moment, "vi", closed=True) == (
        "Tính đến 17:00 ngày 10/06/2021, 55/84 đơn vị (65,5%) đã báo cáo, trong đó 2 đơn vị trễ hạn; 29 đơn vị chưa báo cáo."
    )
    assert views.headline(summary, moment, "en", closed=True).startswith(
        "As of 17:00 on 10/06/2021, 55/84 agencies (65.5%) had reported, 2 of them late; 29 had not reported."
    )
    assert views.headline(summary, moment, "vi", final=True) == (
        "Kết quả đợt báo cáo: 55/84 đơn vị (65,5%) đã báo cáo, trong đó 2 đơn vị trễ hạn; 29 đơn vị chưa báo cáo."
    )
    assert views.deadline_state(summary, config, "vi") == (
        "Đến hạn 03/06/2021 (23:59): 53/84 đơn vị (63,1%) đã báo cáo đúng hạn."
    )


def test_zero_reads_naturally_and_nobody_is_late_before_the_deadline(config):
    summary = {
        "agencies_reported": 84,
        "agencies_expected": 84,
        "reporting_rate": 1.0,
        "agencies_late": 0,
        "agencies_missing": 0,
    }
    before = pd.Timestamp("2021-06-03 17:00", tz=config.campaign.timezone)
    assert views.headline(summary, before, "vi") == (
        "Tính đến 17:00 ngày 03/06/2021, 84/84 đơn vị (100,0%) đã báo cáo; không còn đơn vị nào chưa báo cáo."
    )
    assert views.headline(summary, before, "vi", final=True) == (
        "Kết quả đợt báo cáo: 84/84 đơn vị (100,0%) đã báo cáo, không có đơn vị nào trễ hạn; không còn đơn vị nào chưa báo cáo."
    )
    assert views.headline(summary, before, "en", final=True) == (
        "Result of the reporting round: 84/84 agencies (100.0%) reported, none of them late; every agency had reported."
    )
    assert " 0 " not in views.headline(summary, before, "en", closed=True)


def test_days_left_count_to_the_last_day_on_time_and_stop_at_the_deadline(config):
    tz = config.campaign.timezone
    at = lambda text: pd.Timestamp(text, tz=tz)  # noqa: E731
    assert views.countdown(config, at("2021-06-01 09:00")) == 2
    assert views.countdown(config, at("2021-06-03 00:00")) == 0
    assert views.countdown(config, at("2021-06-03 23:59")) == 0
    assert views.countdown(config, at("2021-06-04 00:00")) is None
    assert views.deadline_tile(config, at("2021-06-03 23:59"), "vi") == ("Hạn chót", "hôm nay, 23:59")
    assert views.deadline_tile(config, at("2021-06-02 08:00"), "vi") == ("Hạn chót", "ngày mai, 23:59")
    assert views.deadline_tile(config, at("2021-05-25 08:00"), "en") == ("Deadline", "9 days left")
    assert views.deadline_tile(config, at("2021-06-10 08:00"), "vi") is None
    assert len(views.tiles({k: 1 for k in _SUMMARY_KEYS} | {"reporting_rate": 0.5}, config, at("2021-06-10"), "vi")) == 6


_SUMMARY_KEYS = ("agencies_expected", "agencies_reported", "agencies_on_time", "agencies_late", "agencies_missing")


def test_accounting_names_undated_and_after_as_of_rows_only_when_there_are_some():
    acc = {"rows_read": 65, "rows_counted": 58, "rows_superseded": 1, "rows_unmatched": 4, "rows_undated": 0, "rows_blank": 2}
    acc["rows_after_as_of"] = 0
    assert views.accounting_sentence(acc, "en") == "65 rows read = 58 counted + 1 superseded + 4 unmatched + 2 blank"
    acc.update(rows_read=68, rows_undated=1, rows_after_as_of=2)
    assert views.accounting_sentence(acc, "en") == (
        "68 rows read = 58 counted + 1 superseded + 4 unmatched + 1 undated + 2 blank + 2 after the as-of time"
    )


def test_mailto_links_go_only_to_plain_addresses():
    link = views.mailto("so@tttt.gov.vn; javascript:alert(1); b@x.vn", "Tiêu đề", "Kính gửi,\nnội dung")
    assert link.startswith("mailto:so@tttt.gov.vn,b@x.vn?subject=Ti%C3%AAu%20%C4%91%E1%BB%81&body=")
    assert "javascript" not in link and "%0A" in link
    assert views.mailto("không có email", "s", "b") == ""


def test_one_line_of_emails_for_outlook_each_address_once():
    assert views.emails_line(["a@x.vn; B@y.vn", "b@y.vn", "", "rác"]) == "a@x.vn; b@y.vn"


def test_evidence_keeps_only_http_links():
    columns = views.evidence_columns(pd.Series(["https://a.vn/1;javascript:alert(1);http://b.vn", ""]), "vi")
    assert columns.iloc[0].tolist() == ["https://a.vn/1", "http://b.vn", None]
    assert columns.iloc[1].isna().all()


def test_the_reminder_names_the_agency_in_the_link(report, frames):
    table = views.followup_table(frames, report, ["missing"], "vi")
    first = table.iloc[0]
    assert first["mailto"].startswith("mailto:")
    import urllib.parse

    body = urllib.parse.parse_qs(first["mailto"].split("?", 1)[1])["body"][0]
    assert body.startswith(f"Kính gửi {first['name']},")
