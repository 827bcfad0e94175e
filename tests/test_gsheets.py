"""The live Google Sheet source, against a fake Sheets API on 127.0.0.1 (real gspread and google-auth code)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import tomllib

import pandas as pd
import pytest
import requests
from sheet_samples import SHEET_KEY, SHEET_TITLE, csv_bytes, sample_answers, sample_roster_rows, sheet_values

from bench.server import free_port
from campaign.config import PROJECT_ROOT
from campaign.errors import InputError, SourceError
from campaign.report import build_report
from data_sources.gsheets import (
    SHEETS_API_BASE_ENV,
    GoogleSheetSource,
    RebasedSession,
    credentials_from_file,
    spreadsheet_key,
)
from data_sources.http import RetryPolicy

pytest_plugins = ["fake_sheets"]

FAST = RetryPolicy(attempts=3, first_wait=0.01, max_total=2.0)
SHEET_URL = f"https://docs.google.com/spreadsheets/d/{SHEET_KEY}/edit#gid=0"


def add_sample(google, config, zone="Asia/Ho_Chi_Minh", answers=None, roster=None, tab=None, shared=True):
    tabs = {
        "Trang tính tổng hợp": [["Ghi chú của văn phòng"]],
        tab or config.sheet.responses_tab: sheet_values(config, answers or sample_answers(config)),
    }
    if roster is not None:
        tabs[config.sheet.roster_tab] = roster
    google.add_sheet(SHEET_KEY, SHEET_TITLE, zone, tabs, shared=shared)


def source(config, google, key_info, key_or_url=SHEET_KEY, **kwargs):
    kwargs.setdefault("retry", FAST)
    return GoogleSheetSource(config, key_or_url, key_info, session=RebasedSession(google.url), **kwargs)


def private_key_lines(key_info) -> list[str]:
    return [line for line in key_info["private_key"].splitlines() if line and not line.startswith("-----")]


def failure(key_info, read) -> SourceError:
    """The SourceError a read raises; no part of it may quote the private key."""
    with pytest.raises(SourceError) as caught:
        read()
    exc = caught.value
    for line in private_key_lines(key_info):
        for text in (str(exc), exc.en, exc.vi, repr(exc)):
            assert line not in text
    return exc


# --- reading ----------------------------------------------------------------------------------------------


def test_one_refresh_costs_two_sheets_requests_and_the_token_is_reused(config, google, key_info):
    add_sample(google, config, roster=sample_roster_rows())
    sheet = source(config, google, key_info)
    sheet.read()
    assert (google.counts["metadata"], google.counts["values"], google.counts["token"]) == (1, 1, 1)
    sheet.read()
    assert google.sheets_requests == 4
    assert google.counts["token"] == 1


def test_the_values_are_read_unformatted_with_serial_dates_and_quoted_tabs(config, google, key_info):
    add_sample(google, config, roster=sample_roster_rows())
    source(config, google, key_info).read()
    (params,) = google.batch_params
    # Bounded: one row past max_rows (and the header), one column past max_columns (200 → GS).
    assert params["ranges"] == [f"'{config.sheet.responses_tab}'!A1:GS100002", f"'{config.sheet.roster_tab}'!A1:GS100002"]
    assert params["valueRenderOption"] == ["UNFORMATTED_VALUE"]
    assert params["dateTimeRenderOption"] == ["SERIAL_NUMBER"]


def test_a_sheet_past_the_row_or_column_limit_is_refused_with_a_message(config, google, key_info):
    import dataclasses

    small = dataclasses.replace(config, limits=dataclasses.replace(config.limits, max_rows=3, max_columns=20))
    add_sample(google, config)
    with pytest.raises(InputError) as caught:
        source(small, google, key_info).read()
    assert "The file is too large or malformed (more than 3 rows" in caught.value.en
    assert "Tệp quá lớn hoặc không hợp lệ (hơn 3 dòng" in caught.value.vi
    narrow = dataclasses.replace(config, limits=dataclasses.replace(config.limits, max_columns=5))
    with pytest.raises(InputError) as caught:
        source(narrow, google, key_info).read()
    assert "columns, more than 5" in caught.value.en
    assert len(google.batch_params) == 2  # refused from the bounded answer: no second read


def test_the_token_is_a_jwt_signed_by_the_service_account_for_read_only_scopes(config, google, key_info):
    add_sample(google, config)
    source(config, google, key_info).read()
    (claims,) = google.token_claims
    assert claims["iss"] == key_info["client_email"]
    assert set(claims["scope"].split()) == {
        "https://www.googleapis.com/auth/spreadsheets.readonly",
        "https://www.googleapis.com/auth/drive.readonly",
    }


def test_a_url_copied_from_the_browser_reads_the_same_sheet_as_its_key(config, google, key_info):
    add_sample(google, config)
    by_url = source(config, google, key_info, SHEET_URL).read()
    by_key = source(config, google, key_info, SHEET_KEY).read()
    pd.testing.assert_frame_equal(by_url.responses, by_key.responses)
    assert spreadsheet_key(f"https://docs.google.com/spreadsheets/u/1/d/{SHEET_KEY}/edit?usp=sharing") == SHEET_KEY


def test_a_read_names_the_sheet_and_tab_and_says_when_it_was_read(config, google, key_info):
    add_sample(google, config)
    sheet = source(config, google, key_info)
    before = dt.datetime.now(dt.UTC)
    raw = sheet.read()
    assert before <= raw.read_at <= dt.datetime.now(dt.UTC)
    assert raw.source == f"Google Sheet '{SHEET_TITLE}' [{config.sheet.responses_tab}]"
    assert raw.timezone == "Asia/Ho_Chi_Minh"


def test_ragged_rows_are_padded_and_no_row_is_lost(config, google, key_info):
    add_sample(google, config)
    raw = source(config, google, key_info).read()
    answers = sample_answers(config)
    assert raw.responses.shape == (len(answers), 14)
    assert raw.responses.iloc[2].eq("").all()  # the blank row in the middle (sheet row 4) stays, blank
    report = build_report(raw, config)
    assert report.accounting["rows_read"] == len(answers)
    assert report.accounting["rows_blank"] == 1
    assert report.submissions["row"].tolist() == list(range(2, 2 + len(answers)))


def test_numbers_and_text_in_one_column_are_both_read(config, google, key_info):
    add_sample(google, config)
    raw = source(config, google, key_info).read()
    participants = raw.responses[config.fields["participants"].header]
    assert participants.iloc[0] == 350 and participants.iloc[1] == "khoảng 200"
    report = build_report(raw, config)
    assert report.submissions["participants"].tolist()[:2] == [350, 200]


def test_serial_timestamps_become_campaign_time(config, google, key_info):
    add_sample(google, config)
    report = build_report(source(config, google, key_info).read(), config)
    assert str(report.submissions["submitted_at"].iloc[0]) == "2021-05-17 09:15:00+07:00"
    assert str(report.submissions["submitted_at"].iloc[3]) == "2021-06-03 23:59:59+07:00"


def one_answer_at(config, moment: dt.datetime) -> list[dict]:
    label = {a.key: a.label_vi for a in config.activities}
    return [
        {
            "timestamp": moment,
            "agency_code": "P35",
            "agency_name": "Sở Thông tin và Truyền thông tỉnh Hà Nam",
            "activities": label["rally"],
        }
    ]


def test_a_los_angeles_sheet_puts_3_june_10_30_after_the_deadline(config, google, key_info):
    add_sample(google, config, zone="America/Los_Angeles", answers=one_answer_at(config, dt.datetime(2021, 6, 3, 10, 30)))
    report = build_report(source(config, google, key_info).read(), config)
    assert str(report.submissions["submitted_at"].iloc[0]) == "2021-06-04 00:30:00+07:00"
    assert report.agencies.set_index("code").loc["P35", "status"] == "late"


def test_a_ho_chi_minh_sheet_puts_3_june_10_30_before_the_deadline(config, google, key_info):
    add_sample(google, config, zone="Asia/Ho_Chi_Minh", answers=one_answer_at(config, dt.datetime(2021, 6, 3, 10, 30)))
    report = build_report(source(config, google, key_info).read(), config)
    assert str(report.submissions["submitted_at"].iloc[0]) == "2021-06-03 10:30:00+07:00"
    assert report.agencies.set_index("code").loc["P35", "status"] == "on_time"


def test_the_english_response_tab_name_is_found_too(config, google, key_info):
    add_sample(google, config, tab="Form Responses 1")
    raw = source(config, google, key_info).read()
    assert raw.source.endswith("[Form Responses 1]")


# --- the roster tab ---------------------------------------------------------------------------------------


def test_a_roster_tab_replaces_the_default_roster(config, google, key_info):
    add_sample(google, config, roster=sample_roster_rows())
    raw = source(config, google, key_info).read()
    assert raw.roster_source == f"Google Sheet '{SHEET_TITLE}' [{config.sheet.roster_tab}]"
    report = build_report(raw, config)
    assert report.agencies["code"].tolist() == ["P01", "P02", "P35"]
    assert report.agencies.set_index("code")["status"].to_dict() == {"P01": "on_time", "P02": "late", "P35": "on_time"}


def test_without_a_roster_tab_the_campaigns_default_roster_is_used(config, google, key_info):
    add_sample(google, config)
    raw = source(config, google, key_info).read()
    assert raw.agencies is None
    default = pd.read_csv(config.campaign.roster, dtype=str)
    assert len(build_report(raw, config).agencies) == len(default)


@pytest.mark.parametrize("rows", [[], [["code", "name", "group"]]], ids=["no cells", "header only"])
def test_an_empty_roster_tab_says_fill_it_or_delete_it(config, google, key_info, rows):
    add_sample(google, config, roster=rows)
    exc = failure(key_info, source(config, google, key_info).read)
    assert f"roster tab '{config.sheet.roster_tab}' is empty" in exc.en
    assert "delete the tab" in exc.en and "default roster" in exc.en
    assert f"trang danh sách đơn vị '{config.sheet.roster_tab}' đang trống" in exc.vi
    assert "xoá trang này" in exc.vi


# --- failures ---------------------------------------------------------------------------------------------


def test_a_sheet_not_shared_names_the_service_account_to_share_it_with(config, google, key_info):
    add_sample(google, config, shared=False)
    exc = failure(key_info, source(config, google, key_info).read)
    email = key_info["client_email"]
    assert f"add {email} as Viewer" in exc.en
    assert f"thêm {email} với quyền Người xem (Viewer)" in exc.vi
    assert google.counts["metadata"] == 1  # a permission error is not retried


def test_a_project_without_the_sheets_api_says_enable_it(config, google, key_info):
    add_sample(google, config)
    google.disable_sheets_api()
    exc = failure(key_info, source(config, google, key_info).read)
    assert "Google Sheets API is not enabled" in exc.en and "Enable APIs" in exc.en
    assert "chưa bật Google Sheets API" in exc.vi


def test_a_wrong_key_says_check_the_key_or_url(config, google, key_info):
    add_sample(google, config)
    exc = failure(key_info, source(config, google, key_info, "1XyZkhongCoBangTinhNayDauNhe0000000000000000").read)
    assert "no such spreadsheet; check the key or URL" in exc.en
    assert "không có bảng tính này; hãy kiểm tra mã hoặc địa chỉ" in exc.vi


def test_a_missing_response_tab_lists_the_tabs_that_exist(config, google, key_info):
    add_sample(google, config, tab="Câu trả lời cũ")
    exc = failure(key_info, source(config, google, key_info).read)
    assert f"no response tab '{config.sheet.responses_tab}' / 'Form Responses 1'" in exc.en
    assert "tabs in the sheet: 'Trang tính tổng hợp', 'Câu trả lời cũ'" in exc.en
    assert "các trang có: 'Trang tính tổng hợp', 'Câu trả lời cũ'" in exc.vi
    assert google.counts["values"] == 0


def test_a_renamed_header_says_which_is_missing_and_which_were_found_with_the_tab_name(config, google, key_info):
    add_sample(google, config)
    values = google.spreadsheets[SHEET_KEY].tabs[config.sheet.responses_tab]
    values[0][values[0].index("Tên cơ quan, đơn vị")] = "Tên cơ quan báo cáo"
    raw = source(config, google, key_info).read()
    with pytest.raises(InputError) as caught:
        build_report(raw, config)
    where = f"Google Sheet '{SHEET_TITLE}' [{config.sheet.responses_tab}]"
    assert caught.value.en.startswith(f"{where}: required header 'Tên cơ quan, đơn vị' not found")
    assert "'Tên cơ quan báo cáo'" in caught.value.en
    assert caught.value.vi.startswith(f"{where}: không thấy cột bắt buộc 'Tên cơ quan, đơn vị'")


def test_an_empty_response_tab_says_so_with_the_tab_name(config, google, key_info):
    add_sample(google, config)
    google.spreadsheets[SHEET_KEY].tabs[config.sheet.responses_tab] = []
    raw = source(config, google, key_info).read()
    with pytest.raises(InputError) as caught:
        build_report(raw, config)
    assert f"Google Sheet '{SHEET_TITLE}' [{config.sheet.responses_tab}]: the response sheet is empty" in caught.value.en
    assert "bảng câu trả lời trống" in caught.value.vi


def test_quota_errors_are_retried_and_then_the_read_succeeds(config, google, key_info):
    add_sample(google, config)
    google.fail("metadata", 429, times=2)
    waits = []
    retry = RetryPolicy(attempts=4, first_wait=0.5, max_total=60, sleep=waits.append)
    raw = source(config, google, key_info, retry=retry).read()
    assert len(raw.responses) == len(sample_answers(config))
    assert waits == [0.5, 1.0]
    assert google.counts["metadata"] == 3


def test_quota_retries_stop_after_the_last_attempt(config, google, key_info):
    add_sample(google, config)
    google.fail("values", 429, times=50)
    waits = []
    retry = RetryPolicy(attempts=3, first_wait=0.5, max_total=60, sleep=waits.append)
    exc = failure(key_info, source(config, google, key_info, retry=retry).read)
    assert "too many requests (Google's quota, HTTP 429)" in exc.en and "cache_ttl_seconds" in exc.en
    assert "vượt hạn mức của Google" in exc.vi
    assert google.counts["values"] == 3 and waits == [0.5, 1.0]


def test_retries_stop_when_the_time_budget_is_spent(config, google, key_info):
    add_sample(google, config)
    google.fail("metadata", 503, times=50)
    now = [0.0]
    retry = RetryPolicy(
        attempts=100, first_wait=1.0, max_total=10.0, sleep=lambda s: now.__setitem__(0, now[0] + s), clock=lambda: now[0]
    )
    exc = failure(key_info, source(config, google, key_info, retry=retry).read)
    # Waits 1, 2, 4 (7 s); the next (8 s) would end after 10 s, so the fourth try is the last.
    assert google.counts["metadata"] == 4 and now[0] == 7.0
    assert "Google's server failed (HTTP 503)" in exc.en
    assert "máy chủ Google gặp lỗi (HTTP 503)" in exc.vi


def test_server_errors_are_retried_then_reported(config, google, key_info):
    add_sample(google, config)
    google.fail("metadata", 500, times=50)
    exc = failure(key_info, source(config, google, key_info).read)
    assert google.counts["metadata"] == FAST.attempts
    assert "HTTP 500" in exc.en and "refresh in a few minutes" in exc.en
    assert "hãy tải lại sau vài phút" in exc.vi


def test_no_network_says_check_the_connection(config, key_info):
    offline = GoogleSheetSource(
        config, SHEET_KEY, key_info, session=RebasedSession(f"http://127.0.0.1:{free_port()}"), retry=FAST
    )
    exc = failure(key_info, offline.read)
    assert "Google Sheets: cannot connect (no network?)" in exc.en
    assert "không kết nối được (mất mạng?)" in exc.vi


def test_a_sheets_api_that_does_not_answer_times_out(config, google, key_info):
    add_sample(google, config)
    google.stalls["metadata"] = 1.5
    slow = source(config, google, key_info, retry=RetryPolicy(attempts=1), timeout=0.3)
    exc = failure(key_info, slow.read)
    assert "no answer within 0.3 s" in exc.en
    assert "không có phản hồi sau 0.3 giây" in exc.vi


def test_a_deleted_key_says_create_a_new_one(config, google, key_info):
    add_sample(google, config)
    google.token_error = {"error": "invalid_grant", "error_description": "Invalid JWT Signature."}
    exc = failure(key_info, source(config, google, key_info).read)
    assert f"Google refused the service-account key of {key_info['client_email']} (invalid_grant)" in exc.en
    assert "hãy tạo khoá JSON mới" in exc.vi
    assert google.sheets_requests == 0


def test_a_damaged_private_key_is_reported_without_quoting_it(config, key_info):
    damaged = dict(key_info, private_key=key_info["private_key"].replace("\n", "", 3)[:-40])
    exc = failure(key_info, lambda: GoogleSheetSource(config, SHEET_KEY, damaged))
    assert "private_key" in exc.en and "cannot be read" in exc.en
    assert "Không đọc được private_key" in exc.vi
    for line in private_key_lines(key_info):
        assert line[:20] not in str(exc)


def test_credentials_missing_fields_say_which(config, key_info):
    partial = {k: v for k, v in key_info.items() if k != "client_email"}
    exc = failure(key_info, lambda: GoogleSheetSource(config, SHEET_KEY, partial))
    assert "lacks client_email" in exc.en and "thiếu client_email" in exc.vi


def test_a_published_link_given_as_the_sheet_says_use_csv_url(config, key_info):
    link = "https://docs.google.com/spreadsheets/d/e/2PACX-1vQ0abc/pub?output=csv"
    exc = failure(key_info, lambda: GoogleSheetSource(config, link, key_info))
    assert "csv_url (CLI: --csv-url)" in exc.en and "Xuất bản lên web" in exc.vi


def test_text_that_is_neither_key_nor_url_is_refused_before_any_request(config, key_info):
    exc = failure(key_info, lambda: GoogleSheetSource(config, "bảng tính báo cáo", key_info))
    assert "not a Google Sheets key or address" in exc.en and "không phải mã hay địa chỉ" in exc.vi


class NoNetwork(requests.Session):
    def request(self, *args, **kwargs):
        raise AssertionError("the constructor must not reach the network")


def test_the_constructor_does_no_network_io_and_knows_the_service_account(config, key_info):
    sheet = GoogleSheetSource(config, SHEET_URL, key_info, session=NoNetwork())
    assert sheet.service_account_email == key_info["client_email"]
    assert sheet.key == SHEET_KEY


# --- credentials for the CLI ------------------------------------------------------------------------------


def test_credentials_come_from_the_file_or_the_environment(tmp_path, key_info, monkeypatch):
    path = tmp_path / "key.json"
    path.write_text(json.dumps(key_info), encoding="utf-8")
    assert credentials_from_file(path) == key_info
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(path))
    assert credentials_from_file(None)["client_email"] == key_info["client_email"]


def test_no_credentials_at_all_says_pass_credentials(monkeypatch):
    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS", raising=False)
    with pytest.raises(SourceError) as caught:
        credentials_from_file(None)
    assert "pass --credentials key.json or set GOOGLE_APPLICATION_CREDENTIALS" in caught.value.en
    assert "hãy thêm --credentials key.json" in caught.value.vi


def test_a_credentials_file_that_is_not_json_is_not_quoted(tmp_path, key_info):
    path = tmp_path / "key.json"
    path.write_text(key_info["private_key"], encoding="utf-8")
    exc = failure(key_info, lambda: credentials_from_file(path))
    assert "not a JSON key file" in exc.en and "không phải tệp khoá JSON" in exc.vi


# --- the command line -------------------------------------------------------------------------------------


def run_cli(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("GOOGLE_APPLICATION_CREDENTIALS", SHEETS_API_BASE_ENV)}
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "campaign", "report", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_cli_reads_the_sheet_into_the_same_five_files_as_the_csv_export(config, google, key_info, tmp_path):
    add_sample(google, config)
    key = tmp_path / "key.json"
    key.write_text(json.dumps(key_info), encoding="utf-8")
    exported = tmp_path / "cau-tra-loi.csv"
    exported.write_bytes(csv_bytes(config, sample_answers(config)))

    from_sheet = run_cli(
        "--sheet",
        SHEET_URL,
        "--credentials",
        str(key),
        "--out",
        str(tmp_path / "sheet"),
        env_extra={SHEETS_API_BASE_ENV: google.url, "SOURCE_DATE_EPOCH": "1622770200"},
    )
    from_file = run_cli(
        "--responses", str(exported), "--out", str(tmp_path / "file"), env_extra={"SOURCE_DATE_EPOCH": "1622770200"}
    )

    assert from_sheet.returncode == 0, from_sheet.stderr
    assert from_file.returncode == 0, from_file.stderr
    names = sorted(p.name for p in (tmp_path / "sheet").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "file").iterdir())
    assert len(names) == 5
    for name in names:
        sheet, file = ((tmp_path / side / name).read_bytes() for side in ("sheet", "file"))
        if name.startswith("campaign_summary"):  # the one line that says where the figures came from differs
            sheet_source, file_source = (re.search(rb"\r\nsource,([^\r]*)\r\n", b).group(1) for b in (sheet, file))
            assert sheet_source.startswith(b"Google Sheet") and file_source == b"cau-tra-loi.csv"
            sheet, file = sheet.replace(sheet_source, b"?"), file.replace(file_source, b"?")
        assert sheet == file, name
    assert google.sheets_requests == 2


def test_the_cli_without_credentials_prints_one_line_and_exits_2():
    result = run_cli("--sheet", SHEET_KEY, "--out", "/tmp/khong-dung")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "--credentials key.json" in result.stderr and "GOOGLE_APPLICATION_CREDENTIALS" in result.stderr


def test_the_cli_with_a_missing_credentials_file_exits_2(tmp_path):
    result = run_cli("--sheet", SHEET_KEY, "--credentials", str(tmp_path / "khong-co.json"), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "credentials file not found" in result.stderr and "không tìm thấy tệp khoá" in result.stderr


def test_the_sample_sheet_has_every_kind_of_row_the_tests_rely_on(config):
    values = sheet_values(config, sample_answers(config))
    assert values[3] == []  # a blank row in the middle
    assert len({len(row) for row in values}) > 2  # ragged
    assert isinstance(values[1][0], float)  # the timestamp as a day serial


def test_the_secrets_example_has_the_fields_the_source_needs_and_only_a_fake_key(config):
    secrets = tomllib.loads((PROJECT_ROOT / ".streamlit" / "secrets.toml.example").read_text(encoding="utf-8"))
    assert spreadsheet_key(secrets["sheet"]["url"]) == "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_aBcDe"
    account = secrets["gcp_service_account"]
    assert {"type", "client_email", "private_key", "token_uri"} <= set(account)
    with pytest.raises(SourceError) as caught:
        GoogleSheetSource(config, secrets["sheet"]["url"], account)
    assert f"The private_key of {account['client_email']} cannot be read" in caught.value.en


def test_the_real_secrets_file_is_kept_out_of_git():
    ignored = subprocess.run(["git", "check-ignore", "-q", ".streamlit/secrets.toml"], cwd=PROJECT_ROOT)
    assert ignored.returncode == 0


def test_the_dashboard_signs_in_once_and_reads_the_sheet_in_two_requests_per_refresh(google, key_info, config, monkeypatch):
    """The app keeps one source per sheet and key, so its token lasts: a refresh is the two Sheets requests only."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from dashboard import reads

    add_sample(google, config)
    monkeypatch.setenv(SHEETS_API_BASE_ENV, google.url)
    st.cache_data.clear()
    st.cache_resource.clear()
    try:
        at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
        at.secrets["sheet"] = {"url": SHEET_URL}
        at.secrets["gcp_service_account"] = key_info
        at.secrets["access"] = {"allow_anonymous": True}
        at.run()
        assert not at.exception and not at.error, [e.value for e in at.error]
        assert at.radio(key="source").value == "sheet"
        start = reads.clock()
        for step in (1, 2):  # refresh is honoured once per REFRESH_SECONDS: move the clock past it each time
            monkeypatch.setattr(reads, "clock", lambda step=step: start + step * reads.REFRESH_SECONDS)
            at.button(key="refresh").click().run()
            assert not at.exception and not at.error
        assert (google.counts["token"], google.sheets_requests) == (1, 6)
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()
