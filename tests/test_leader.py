"""What a leader opens (#13), through AppTest: the default moment with the clock frozen before, on and after the
deadline; the view in the address and back; a language switch that keeps every choice; a broken upload after a good one."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import unquote

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from campaign import metrics
from campaign.report import evaluate, prepare
from dashboard import reads
from data_sources.demo import DemoSource
from tests import sheet_samples
from tests.apptest import APP, TIMEOUT, metric_values, no_exception

pytestmark = pytest.mark.usefixtures("fresh_streamlit_cache")


def _app(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update(query or {})
    at.run()
    no_exception(at)
    return at


def _markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def _plain(markdown: str) -> str:
    """Escaped Markdown as the reader sees it."""
    return markdown.replace("\\", "")


def _frozen(monkeypatch, when: str) -> pd.Timestamp:
    monkeypatch.setenv("DASHBOARD_NOW", when)
    return pd.Timestamp(when).tz_localize("Asia/Ho_Chi_Minh")


def test_while_open_the_default_moment_is_now_with_the_days_left(monkeypatch, demo_prepared):
    now = _frozen(monkeypatch, "2021-05-25T10:00")
    at = _app()
    summary = metrics.summary(evaluate(demo_prepared, now))
    assert 0 < summary["agencies_reported"] < metrics.summary(evaluate(demo_prepared))["agencies_reported"]
    text = _markdown(at)
    assert f"Tính đến 10:00 ngày 25/05/2021, {summary['agencies_reported']}/{summary['agencies_expected']} đơn vị" in text
    assert f"; {summary['agencies_missing']} đơn vị chưa báo cáo." in text
    assert "trễ hạn" not in text  # before the deadline nobody is late yet: not "trong đó 0 đơn vị trễ hạn"
    assert metric_values(at)["Hạn chót"] == "còn 9 ngày"
    assert at.date_input(key="as_of_date").value is None  # nothing chosen: now


def test_on_the_last_day_the_tile_says_today_at_2359_even_a_minute_before(monkeypatch, demo_prepared):
    _frozen(monkeypatch, "2021-06-03T23:59")
    at = _app()
    assert metric_values(at)["Hạn chót"] == "hôm nay, 23:59"
    at.radio(key="lang").set_value("en").run()
    assert metric_values(at)["Deadline"] == "today, 23:59"


def test_after_the_deadline_the_default_is_the_final_picture_with_the_deadline_state_beside_it(monkeypatch, demo_prepared):
    at = _app()  # the real clock: years after 2021
    summary = metrics.summary(evaluate(demo_prepared))
    text = _markdown(at)
    reported, expected = summary["agencies_reported"], summary["agencies_expected"]
    assert f"Kết quả đợt báo cáo: {reported}/{expected} đơn vị" in text
    late = summary["agencies_late"]
    assert (f"trong đó {late} đơn vị trễ hạn" if late else "không có đơn vị nào trễ hạn") in text
    assert f"Đến hạn 03/06/2021 (23:59): {summary['agencies_on_time']}/{expected} đơn vị" in text
    assert "Tính đến" not in text and "cách đây" not in text
    tiles = metric_values(at)
    assert "Hạn chót" not in tiles and "Deadline" not in tiles  # no countdown once closed
    at.radio(key="lang").set_value("en").run()
    assert f"Result of the reporting round: {reported}/{expected} agencies" in _markdown(at)


def test_a_moment_chosen_after_the_deadline_reads_as_of_that_moment(monkeypatch, demo_prepared, config):
    at = _app()
    at.date_input(key="as_of_date").set_value(dt.date(2021, 6, 10)).run()
    no_exception(at)
    moment = pd.Timestamp("2021-06-10 23:59:59.999999", tz=config.campaign.timezone)
    summary = metrics.summary(evaluate(demo_prepared, moment))
    assert f"Tính đến 23:59 ngày 10/06/2021, {summary['agencies_reported']}/" in _markdown(at)
    assert "Hạn chót" not in metric_values(at)


def test_the_view_in_the_address_opens_as_it_was_shared_and_choices_go_back_into_it(demo_prepared, config):
    at = _app({"lang": "en", "groups": ["province", "nonsense"], "at": "2021-05-31T12:00"})
    assert at.radio(key="lang").value == "en"
    assert at.multiselect(key="groups.en").value == ["province"]  # an unknown group is ignored
    assert at.date_input(key="as_of_date").value == dt.date(2021, 5, 31)
    assert at.time_input(key="as_of_time").value == dt.time(12, 0)
    moment = pd.Timestamp("2021-05-31 12:00:59.999999", tz=config.campaign.timezone)
    summary = metrics.summary(evaluate(demo_prepared, moment), ["province"])
    assert (
        "Provincial Departments of Information and Communications — as of 12:00 on 31/05/2021: "
        f"{summary['agencies_reported']}/{summary['agencies_expected']} agencies"
    ) in _plain(_markdown(at))
    # The address says what is on the screen (the unknown group dropped), and follows the next choice.
    assert at.query_params == {"lang": "en", "groups": "province", "at": "2021-05-31T12:00"}
    at.multiselect(key="groups.en").select("ministry").run()
    at.toggle(key="live").set_value(True).run()
    no_exception(at)
    assert at.query_params["groups"] == ["province", "ministry"] and at.query_params["live"] == "1"
    # Round trip: the address opened afresh shows the same view.
    again = _app(dict(at.query_params))
    assert again.multiselect(key="groups.en").value == ["province", "ministry"]
    assert again.toggle(key="live").value is True
    assert _markdown(again).split("\n")[0] == _markdown(at).split("\n")[0]


def test_the_headline_names_the_chosen_groups_and_the_moment_and_the_page_says_when_the_data_was_read(demo_prepared, config):
    at = _app({"groups": "province", "at": "2021-06-01T17:00"})
    moment = pd.Timestamp("2021-06-01 17:00:59.999999", tz=config.campaign.timezone)
    summary = metrics.summary(evaluate(demo_prepared, moment), ["province"])
    reported, expected = summary["agencies_reported"], summary["agencies_expected"]
    assert 0 < reported < expected == 63
    headline = f"Sở TT&TT các tỉnh, thành phố — tính đến 17:00 ngày 01/06/2021: {reported}/{expected} đơn vị ("
    assert _plain(_markdown(at)).split("\n")[0].startswith(f"#### {headline}")
    # When the figures were read, on the page (a phone hides the sidebar), as well as in the sidebar.
    fresh = [c.value for c in at.main.caption if c.value.startswith("Số liệu lúc ")]
    assert len(fresh) == 1 and re.fullmatch(r"Số liệu lúc \d\d:\d\d ngày \d\d/\d\d/20\d\d", fresh[0])
    assert "Dữ liệu lúc " + fresh[0][len("Số liệu lúc ") :] in [c.value for c in at.sidebar.caption]
    # Two groups: both named; none: the sentence as before, for everyone.
    at.multiselect(key="groups").select("ministry").run()
    assert _plain(_markdown(at)).startswith(
        "#### Sở TT&TT các tỉnh, thành phố; Bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ — tính đến 17:00"
    )
    at.radio(key="lang").set_value("en").run()
    assert _markdown(at).startswith("#### Provincial Departments")
    assert [c.value for c in at.main.caption if c.value.startswith("Figures as read at ")]
    at.multiselect(key="groups.en").unselect("province").unselect("ministry").run()
    assert _markdown(at).startswith("#### As of 17:00 on 01/06/2021, ")


def test_a_plain_address_is_the_default_view():
    at = _app({"at": "not-a-date", "lang": "xx"})
    assert at.radio(key="lang").value == "vi" and at.date_input(key="as_of_date").value is None
    assert at.query_params == {}


def test_switching_language_keeps_every_choice_and_the_next_click_adds_to_it():
    at = _app()
    at.multiselect(key="groups").select("ministry").run()
    at.radio(key="lang").set_value("en").run()
    groups = at.multiselect(key="groups.en")
    assert groups.value == ["ministry"]
    assert "Ministries and government agencies" in groups.proto.options  # the chip is in English
    groups.select("province").run()  # the next click keeps the first choice
    assert at.multiselect(key="groups.en").value == ["ministry", "province"]
    at.radio(key="lang").set_value("vi").run()
    no_exception(at)
    assert at.multiselect(key="groups").value == ["ministry", "province"]
    # Page controls too: the follow-up statuses.
    at.switch_page("app_pages/followup.py").run()
    at.multiselect(key="followup_statuses").unselect("late").run()
    at.radio(key="lang").set_value("en").run()
    no_exception(at)
    assert at.multiselect(key="followup_statuses.en").value == ["missing"]


def test_english_shows_the_rosters_english_names_also_in_the_reminder(demo_prepared):
    at = _app({"lang": "en"})
    at.switch_page("app_pages/followup.py").run()
    no_exception(at)
    main = at.dataframe[0].value
    roster = demo_prepared.roster.set_index("name_en")
    assert set(main["Agency"]) <= set(roster.index)
    assert not main["Agency"].str.startswith(("Sở", "Bộ", "Tập đoàn")).any()
    reminded = main[main["Status"] == "Missing"]
    assert len(reminded)
    for name, link in zip(reminded["Agency"], reminded["Reminder"]):
        assert f"Dear {name}," in unquote(link)


def _upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key="upload_responses").set_value((name, data, "application/octet-stream")).run()
    no_exception(at)
    return at


def test_a_broken_upload_after_a_good_one_keeps_the_good_upload_marked_stale(config):
    answers = sheet_samples.sample_answers(config)
    at = _app()
    demo_reported = metric_values(at)["Đã báo cáo"]
    at.radio(key="source").set_value("upload").run()
    _upload(at, "cau-tra-loi.csv", sheet_samples.csv_bytes(config, answers))
    good = metric_values(at)["Đã báo cáo"]
    assert good != demo_reported and not any("Dữ liệu mẫu" in i.value for i in at.info)
    _upload(at, "cau-tra-loi.csv", b"")
    assert any("tệp trống" in e.value for e in at.error)
    assert any("Dữ liệu cũ từ" in w.value for w in at.warning)
    assert metric_values(at)["Đã báo cáo"] == good  # the previous upload, not the demo
    assert not any("Dữ liệu mẫu" in i.value for i in at.info)
    at.radio(key="lang").set_value("en").run()
    assert any("the file is empty" in e.value for e in at.error)  # the upload error in English too


def test_the_live_board_lists_agencies_that_reported_since_it_was_opened(monkeypatch, config):
    raw = DemoSource(config).read()
    early = raw.responses.iloc[:20]
    state = {"responses": early}
    original = DemoSource.read
    monkeypatch.setattr(
        DemoSource, "read", lambda self: type(raw)(**{**original(self).__dict__, "responses": state["responses"]})
    )
    at = _app({"live": "1"})
    assert at.toggle(key="live").value is True
    assert any("Chưa có đơn vị nào báo cáo thêm" in c.value for c in at.caption)
    state["responses"] = raw.responses  # more reports arrive; the next read (after the TTL) sees them
    now = reads.clock()  # a refresh is honoured once per reads.REFRESH_SECONDS: let that much time pass
    monkeypatch.setattr(reads, "clock", lambda: now + reads.REFRESH_SECONDS)
    at.button(key="refresh").click().run()
    no_exception(at)
    before = evaluate(prepare(type(raw)(**{**raw.__dict__, "responses": early}), config)).agencies
    after = evaluate(prepare(raw, config)).agencies
    new = after[(after["status"] != "missing") & before["status"].eq("missing").to_numpy()]
    assert len(new) > 0
    text = _plain(_markdown(at))
    assert re.search(r"Vừa báo cáo \(từ \d\d:\d\d ngày \d\d/\d\d/20\d\d\)", text)
    # Each agency with the day and time it reported, the latest first.
    (box,) = [m.value for m in at.markdown if m.value.startswith("- ") and " — lúc " in m.value]
    lines = _plain(box).split("\n")
    assert len(lines) == len(new)
    latest = new.sort_values("first_submitted_at", ascending=False, kind="stable")
    for line, (_, row) in zip(lines, latest.iterrows()):
        when = row["first_submitted_at"].tz_convert(config.campaign.timezone)
        assert line == f"- {row['name']} — lúc {when:%H:%M} ngày {when:%d/%m/%Y}"
    at.radio(key="lang").set_value("en").run()
    assert re.search(r"- .+ — at \d\d:\d\d on \d\d/\d\d/2021", _plain(_markdown(at)))


def test_the_live_board_says_when_it_last_looked_and_when_it_looks_next(monkeypatch, config):
    _frozen(monkeypatch, "2021-06-04T09:41:05")
    at = _app({"live": "1"})
    seconds = config.sheet.cache_ttl_seconds
    following = (pd.Timestamp("2021-06-04T09:41:05") + pd.Timedelta(seconds=seconds)).strftime("%H:%M:%S")
    captions = [c.value for c in at.main.caption]
    assert f"Cập nhật lúc 09:41:05 · lần cập nhật tới lúc {following}" in captions
    assert [c for c in captions if re.fullmatch(r"Chưa có đơn vị nào báo cáo thêm từ \d\d:\d\d ngày \d\d/\d\d/20\d\d\.", c)]
    at.radio(key="lang").set_value("en").run()
    assert f"Updated at 09:41:05 · next update at {following}" in [c.value for c in at.main.caption]
    at.toggle(key="live").set_value(False).run()  # not live: no such line
    assert not [c for c in at.main.caption if c.value.startswith("Updated at")]
