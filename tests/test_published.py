"""The two sources for agencies without a service account: a published CSV link and an uploaded export."""

from __future__ import annotations

import datetime as dt
import socket

import pandas as pd
import pytest
from sheet_samples import SHEET_KEY, SHEET_TITLE, csv_bytes, sample_answers, sheet_values, xlsx_bytes

from campaign.errors import SourceError
from campaign.export import EXPORT_NAMES, tables
from campaign.report import build_report
from data_sources.files import FileSource
from data_sources.gsheets import GoogleSheetSource, RebasedSession
from data_sources.http import RetryPolicy
from data_sources.published import PublishedCsvSource

pytest_plugins = ["fake_sheets"]

FAST = RetryPolicy(attempts=3, first_wait=0.01, max_total=2.0)


def published(config, google, answers=None, **kwargs) -> PublishedCsvSource:
    url = google.publish("bao-cao", csv_bytes(config, answers or sample_answers(config)))
    kwargs.setdefault("retry", FAST)
    return PublishedCsvSource(config, url, **kwargs)


def failure(read, url: str) -> SourceError:
    """The SourceError a read raises; the link (a key to the answers) is never in it."""
    with pytest.raises(SourceError) as caught:
        read()
    assert url not in str(caught.value)
    return caught.value


def without_source(frames: dict[str, pd.DataFrame]) -> str:
    """Take campaign_summary's `source` row out of `frames` (in place) and return its value."""
    summary = frames["campaign_summary"]
    is_source = summary.iloc[:, 0] == "source"
    assert is_source.sum() == 1
    frames["campaign_summary"] = summary[~is_source].reset_index(drop=True)
    return str(summary[is_source].iloc[0, 1])


def test_sheet_published_csv_and_uploads_give_the_same_five_tables(config, google, key_info):
    answers = sample_answers(config)
    google.add_sheet(SHEET_KEY, SHEET_TITLE, "Asia/Ho_Chi_Minh", {config.sheet.responses_tab: sheet_values(config, answers)})
    sources = {
        "sheet": GoogleSheetSource(config, SHEET_KEY, key_info, session=RebasedSession(google.url), retry=FAST),
        "published csv": published(config, google, answers),
        "uploaded csv": FileSource(config, csv_bytes(config, answers), responses_name="cau-tra-loi.csv"),
        "uploaded xlsx": FileSource(config, xlsx_bytes(config, answers), responses_name="cau-tra-loi.xlsx"),
    }
    moment = pd.Timestamp("2021-06-04T08:30:00+07:00")  # generated_at, the same for every read
    exports = {name: tables(build_report(source.read(), config), generated_at=moment) for name, source in sources.items()}
    # Where the figures came from is the one line that honestly differs; every other cell must agree.
    provenance = {name: without_source(frames) for name, frames in exports.items()}
    assert provenance["sheet"].startswith("Google Sheet") and provenance["published csv"].startswith("Published")
    assert provenance["uploaded csv"] == "cau-tra-loi.csv" and provenance["uploaded xlsx"] == "cau-tra-loi.xlsx"
    expected = exports.pop("sheet")
    assert set(expected) == set(EXPORT_NAMES)
    assert len(expected["submissions"]) == len(answers)
    assert (expected["agency_status"]["status"] != "missing").sum() == 4  # Hà Nội, Hà Nam, Cao Bằng, Hà Giang
    for name, got in exports.items():
        for table in EXPORT_NAMES:
            pd.testing.assert_frame_equal(got[table], expected[table], obj=f"{name}: {table}")


def test_a_published_csv_is_one_request_with_the_default_roster(config, google):
    raw = published(config, google).read()
    assert google.counts["published"] == 1
    assert raw.agencies is None and raw.timezone is None
    assert raw.read_at is not None and raw.read_at <= dt.datetime.now(dt.UTC)
    assert len(raw.responses) == len(sample_answers(config))


def late_in_los_angeles(config) -> list[dict]:
    """One answer stamped 3 June 10:30 by a sheet left at Los Angeles time: 4 June 00:30 in Hà Nội, late."""
    label = {a.key: a.label_vi for a in config.activities}
    return [
        {
            "timestamp": dt.datetime(2021, 6, 3, 10, 30),
            "agency_code": "P35",
            "agency_name": "Sở TT&TT Hà Nam",
            "activities": label["rally"],
        }
    ]


def test_a_published_csv_from_a_los_angeles_sheet_can_name_its_zone(config, google):
    answers = late_in_los_angeles(config)
    report = build_report(published(config, google, answers, timezone="America/Los_Angeles").read(), config)
    assert str(report.submissions["submitted_at"].iloc[0]) == "2021-06-04 00:30:00+07:00"
    assert report.agencies.set_index("code").loc["P35", "status"] == "late"


def test_a_link_that_is_no_longer_published_says_publish_it_again(config, google):
    source = published(config, google)
    google.fail("published", 404)
    exc = failure(source.read, source.url)
    assert "HTTP 404 (not published, or publishing was stopped)" in exc.en and "Publish to web" in exc.en
    assert "chưa xuất bản, hoặc đã ngừng xuất bản" in exc.vi and "Xuất bản lên web" in exc.vi


def test_a_link_that_gives_a_web_page_says_publish_as_csv(config, google):
    url = google.publish("trang-web", b"<!DOCTYPE html><html><body>Sign in</body></html>", "text/html; charset=utf-8")
    exc = failure(PublishedCsvSource(config, url).read, url)
    assert "gives a web page, not CSV" in exc.en and "Comma-separated values (.csv)" in exc.en
    assert "trả về trang web chứ không phải CSV" in exc.vi


def test_busy_published_links_are_retried_then_reported(config, google):
    source = published(config, google)
    google.fail("published", 429, times=2)
    assert len(source.read().responses) == len(sample_answers(config))
    google.fail("published", 503, times=10)
    exc = failure(source.read, source.url)
    assert "HTTP 503" in exc.en and "máy chủ Google gặp lỗi" in exc.vi
    assert google.counts["published"] == 3 + FAST.attempts


def test_a_published_link_without_network_says_check_the_connection(config):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/spreadsheets/d/e/2PACX-x/pub?output=csv"
    exc = failure(PublishedCsvSource(config, url, retry=FAST).read, url)
    assert exc.en.startswith("Published sheet (csv_url): cannot connect (no network?)")
    assert exc.vi.startswith("Bảng tính xuất bản (csv_url): không kết nối được (mất mạng?)")


def test_a_published_link_that_does_not_answer_times_out(config, google):
    source = published(config, google, retry=RetryPolicy(attempts=1), timeout=0.3)
    google.stalls["published"] = 1.5
    exc = failure(source.read, source.url)
    assert "no answer within 0.3 s" in exc.en and "không có phản hồi sau 0.3 giây" in exc.vi


@pytest.mark.parametrize(
    "url",
    [
        f"https://docs.google.com/spreadsheets/d/{SHEET_KEY}/edit#gid=0",
        f"https://docs.google.com/spreadsheets/d/{SHEET_KEY}",
        "docs.google.com/spreadsheets/d/e/2PACX-1vQ/pub?output=csv",
    ],
    ids=["edit link", "bare address", "no scheme"],
)
def test_links_that_are_not_published_csv_are_refused_before_any_request(config, url):
    exc = failure(lambda: PublishedCsvSource(config, url), url)
    assert "Publish to web" in exc.en and "Xuất bản lên web" in exc.vi


def test_an_export_link_of_a_sheet_shared_by_link_is_accepted(config):
    source = PublishedCsvSource(config, f"https://docs.google.com/spreadsheets/d/{SHEET_KEY}/export?format=csv&gid=0")
    assert source.url.endswith("/export?format=csv&gid=0")


def test_the_dashboard_reads_a_published_csv_in_the_zone_its_secrets_name(config, google):
    """[sheet] timezone reaches the source: 3 June 10:30 in Los Angeles is after the deadline in Hà Nội."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from campaign.config import PROJECT_ROOT

    url = google.publish("bao-cao-la", csv_bytes(config, late_in_los_angeles(config)))
    late = {}
    for zone in (None, "America/Los_Angeles"):
        st.cache_data.clear()
        st.cache_resource.clear()
        at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
        at.secrets["sheet"] = {"csv_url": url, **({"timezone": zone} if zone else {})}
        at.secrets["access"] = {"allow_anonymous": True}
        at.run()
        assert not at.exception and not at.error, [e.value for e in at.error]
        late[zone] = {m.label: m.value for m in at.metric}["Trễ hạn"]
    st.cache_data.clear()
    st.cache_resource.clear()
    assert late == {None: "0", "America/Los_Angeles": "1"}


def test_a_published_csv_is_parsed_in_its_own_slot_while_uploads_hold_theirs(config, google, monkeypatch):
    import threading
    import time

    from data_sources import bounded
    from tests import bombs

    monkeypatch.setattr(bounded, "SLOTS", {"files": bounded.Slots(2), "published": bounded.Slots(1)})
    slow = bounded.Limits(parse_seconds=3)

    def upload(session: str) -> None:
        with pytest.raises(bounded.InputError):
            bounded.run(bombs.sleep_forever, name="cham.csv", limits=slow, session=session)

    uploads = [threading.Thread(target=upload, args=(f"phien-{n}",)) for n in range(2)]
    for thread in uploads:
        thread.start()
    time.sleep(0.5)  # both file slots are taken by slow uploads
    source = published(config, google)
    start = time.perf_counter()
    assert len(source.read().responses) == len(sample_answers(config))
    assert time.perf_counter() - start < 2, "the published CSV waited behind the uploads"
    for thread in uploads:
        thread.join(30)
