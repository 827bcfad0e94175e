"""No visitor can take the server down or get in (issue 15): file bombs, the password throttle, failures cached,
fail closed, strict addresses, XML-illegal characters, no traceback on a page."""

from __future__ import annotations

import datetime as dt
import io
import resource
import subprocess
import sys
import threading
import time
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest
import streamlit as st
from streamlit import config as st_config
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.uploaded_file_manager import UploadedFileRec
from streamlit.testing.v1 import AppTest

from campaign.access import Throttle, email_trusted, hash_password, parse_address, role_for
from campaign.config import DEFAULT_CONFIG, Limits, load_config
from campaign.errors import CampaignError, InputError, SourceError
from dashboard import access, navigation, reads
from data_sources import bounded
from data_sources.files import FileSource, read_table
from tests import bombs, hostile
from tests.apptest import APP, metric_values, no_exception

ROOT = Path(__file__).resolve().parent.parent
PAGES = tuple(page.path for page in navigation.PAGES)
REFUSED_VI = "Tệp quá lớn hoặc không hợp lệ"
REFUSED_EN = "The file is too large or malformed"
GIB = 1024 * 1024 * 1024

pytestmark = pytest.mark.usefixtures("fresh_streamlit_cache")


@pytest.fixture(scope="module")
def bomb_files(config) -> dict[str, bytes]:
    return {
        "dau-phay-2mb.csv": bombs.commas_csv(config, 2_000_000),
        "dau-phay-200kb.csv": bombs.commas_csv(config, 200_000),
        "o-cuoi-cung.xlsx": bombs.far_cell_xlsx(),
        "o-cuoi-khong-khai-bao.xlsx": bombs.undeclared_far_cell_xlsx(),
        "bom-zip.xlsx": bombs.zip_bomb_xlsx(),
        "mot-trieu-dong.csv": bombs.million_rows_csv(config),
    }


def _plain(markdown: str) -> str:
    return markdown.replace("\\", "")


def _peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


# --- the bombs -------------------------------------------------------------------------------------------------------


def test_every_bomb_is_refused_by_the_reader_within_the_limits(bomb_files, config):
    for name, data in bomb_files.items():
        start = time.perf_counter()
        with pytest.raises(InputError) as caught:
            FileSource(config, data, name).read()
        assert time.perf_counter() - start < 30, name
        assert REFUSED_EN in caught.value.en and REFUSED_VI in caught.value.vi, (name, caught.value.en)
    assert _peak_rss() < GIB


def test_a_bomb_uploaded_is_refused_and_another_session_still_gets_its_overview(bomb_files):
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.radio(key="source").set_value("upload").run()
    for name, data in bomb_files.items():
        start = time.perf_counter()
        at.file_uploader(key="upload_responses").set_value((name, data, "application/octet-stream")).run()
        assert time.perf_counter() - start < 30, name
        no_exception(at)
        assert any(REFUSED_VI in _plain(e.value) for e in at.error), (name, [e.value for e in at.error])
        assert not at.metric  # nothing shown under the bomb's name
    other = AppTest.from_file(APP, default_timeout=60).run()
    no_exception(other)
    assert len(other.metric) >= 4
    assert _peak_rss() < GIB


@pytest.mark.parametrize("name", ["dau-phay-2mb.csv", "o-cuoi-cung.xlsx", "bom-zip.xlsx", "mot-trieu-dong.csv"])
def test_a_bomb_given_to_the_cli_is_one_line_exit_2_within_30_s_and_1_gb(bomb_files, name, tmp_path):
    path = tmp_path / name
    path.write_bytes(bomb_files[name])
    # A fresh parent per run, so its children's peak memory is this CLI's alone.
    probe = (
        "import resource, subprocess, sys, time; start = time.perf_counter();"
        f"r = subprocess.run([sys.executable, '-m', 'campaign', 'report', '--responses', {str(path)!r}, '--out', "
        f"{str(tmp_path / 'out')!r}], capture_output=True, text=True);"
        "print(r.returncode, time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss);"
        "sys.stderr.write(r.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    code, seconds, peak_kib = result.stdout.split()
    assert int(code) == 2, result.stderr
    assert float(seconds) < 30
    assert int(peak_kib) * 1024 < GIB
    assert result.stderr.count("\n") == 1 and REFUSED_EN in result.stderr and "Traceback" not in result.stderr


def test_the_child_is_stopped_at_its_time_and_memory_limits():
    limits = bounded.Limits(parse_seconds=2)
    start = time.perf_counter()
    with pytest.raises(InputError, match="took longer than 2 s"):
        bounded.run(bombs.sleep_forever, name="cham.csv", limits=limits)
    assert time.perf_counter() - start < 10
    with pytest.raises(InputError, match="more than 1,024 MB"):
        bounded.run(bombs.allocate, 2048, name="lon.csv", limits=bounded.Limits())
    assert bounded.run(bombs.allocate, 16, name="nho.csv", limits=bounded.Limits()) == 16 * 1024 * 1024
    assert _peak_rss() < GIB


def test_the_commune_scale_campaign_fits_the_default_limits(config):
    rows = config.limits.max_rows
    data = hostile.many_rows_csv(config, rows)
    assert len(read_table(data, "xa.csv", limits=config.limits)) == rows
    with pytest.raises(InputError, match="more than 100,000 rows"):
        read_table(hostile.many_rows_csv(config, rows + 1), "xa.csv", limits=config.limits)


def test_a_file_over_the_size_or_column_limit_is_refused_before_parsing(config):
    small = bounded.Limits(max_file_mb=0.001, max_columns=3)
    with pytest.raises(InputError, match=r"more than 0.001 MB"):
        bounded.check_size(b"x" * 2000, "to.csv", small)
    with pytest.raises(InputError, match="4 columns on line 2, more than 3"):
        read_table(b"a,b,c\n1,2,3,4\n", "rong.csv", limits=bounded.Limits(max_columns=3))
    assert list(read_table(b'a,b,c\n1,"2,3,4",5\n', "ngoac.csv", limits=bounded.Limits(max_columns=3)).columns) == [
        "a",
        "b",
        "c",
    ]  # a comma inside quotes is no column


# --- the password throttle -------------------------------------------------------------------------------------------


def test_fifty_addresses_guessing_get_one_try_each_then_ten_failed_checks_a_minute_in_all():
    """50 addresses each try every half second for two minutes: each first try is checked (a fresh address is
    never refused), then the server checks at most ten failed addresses a minute."""
    throttle = Throttle()
    hashed_per_minute = [0, 0]
    for tick in range(240):
        now = 1000.0 + tick * 0.5
        for session in range(50):
            address = f"10.0.0.{session}"
            if throttle.admit(address, now) == 0:
                hashed_per_minute[tick // 120] += 1
                throttle.failed(address, now)
    assert hashed_per_minute == [50, 10]


def test_the_coordinator_always_gets_in_while_others_guess_from_many_addresses():
    """Guesses from ever new addresses keep the failed-check window full: the coordinator's first try from their
    own address is still checked, every time (the server-wide cap was the coordinator's lockout)."""
    throttle = Throttle()
    now, admitted = 5000.0, []
    for minute in range(5):
        for guess in range(40):  # an attacker's 40 guesses a minute, each from another address
            address = f"203.0.113.{(minute * 40 + guess) % 250}-{minute}"
            if throttle.admit(address, now) == 0:
                throttle.failed(address, now)
            now += 1.5
        admitted.append(throttle.admit(f"192.0.2.{minute}", now) == 0)  # the coordinator, from the Ministry
        throttle.succeeded(f"192.0.2.{minute}", "coordinator")
    assert admitted == [True] * 5


def test_a_leaders_sign_in_does_not_forget_the_coordinator_guesses_from_that_address():
    throttle = Throttle(lockout_after=5, lockout_seconds=900)
    now = 0.0
    for _ in range(4):
        assert throttle.admit("1.2.3.4", now) == 0
        now += throttle.failed("1.2.3.4", now)
    assert throttle.admit("1.2.3.4", now) == 0
    throttle.succeeded("1.2.3.4", "leader")  # the leader's password: the four failures stay
    now += 60
    assert throttle.admit("1.2.3.4", now) == 0
    assert throttle.failed("1.2.3.4", now) == 900  # the fifth failure locks out, as without the leader's sign-in
    throttle.succeeded("5.6.7.8", "coordinator")
    assert throttle.admit("1.2.3.4", now + 1) == pytest.approx(899)


def test_two_processes_share_one_throttle_file(tmp_path):
    """Two server processes (two Throttle objects on one file) give no more guesses than one."""
    path = tmp_path / "throttle.sqlite"
    first, second = Throttle(lockout_after=3, path=path), Throttle(lockout_after=3, path=path)
    now, waits = 0.0, []
    for throttle in (first, second, first):
        assert throttle.admit("9.9.9.9", now) == 0
        waits.append(throttle.failed("9.9.9.9", now))
        now += 1 if len(waits) == 3 else waits[-1]
    assert waits == [1, 2, 900]  # the third failure, in either process, locks the address out
    assert second.admit("9.9.9.9", now) > 800 and first.admit("9.9.9.9", now) > 800


def test_guesses_from_one_address_back_off_then_lock_out_with_the_time_to_come_back():
    throttle = Throttle(lockout_after=5, lockout_seconds=900)
    now, waits = 0.0, []
    for _ in range(5):
        assert throttle.admit("1.2.3.4", now) == 0
        waits.append(throttle.failed("1.2.3.4", now))
        now += waits[-1]
    assert waits == [1, 2, 4, 8, 900]  # the fifth failure locks the address out for 15 minutes
    locked_at = now - 900
    assert throttle.admit("1.2.3.4", locked_at + 1) == pytest.approx(899)
    assert throttle.admit("5.6.7.8", locked_at + 1) == 0  # another address is not locked out


def test_sessions_share_the_servers_throttle_and_a_refused_guess_is_never_hashed(monkeypatch):
    """12 AppTest sessions (one server) from 6 addresses guess at the same moment, twice each: the 6 first tries are
    checked, and of the 6 seconds tries (from addresses that failed) 4 more until ten failed checks; 2 refused before
    hashing."""
    checked = []
    original = access.password_role
    monkeypatch.setattr(access, "password_role", lambda *a: checked.append(1) or original(*a))
    monkeypatch.setattr(access, "clock", lambda: 2_000_000_000.0)
    secrets = {"password_hash": hash_password("mật-khẩu-đúng-2021", iterations=1000)}
    refused = 0
    for session in range(12):
        monkeypatch.setattr(access, "client_address", lambda s=session: f"10.1.0.{s % 6}")
        monkeypatch.setattr(access, "clock", lambda s=session: 2_000_000_000.0 + 40 * (s // 6))  # past the back-off
        at = AppTest.from_file(APP, default_timeout=60)
        at.secrets["access"] = secrets
        at.run()
        at.text_input(key=access.PASSWORD_KEY).input("đoán")
        at.button[0].click().run()
        refused += any("quá nhiều lần thử" in e.value for e in at.error)
    assert (len(checked), refused) == (10, 2)


# --- failures cached, single flight, last good per source ------------------------------------------------------------


class _Flaky:
    def __init__(self):
        self.calls = 0
        self.fail = True

    def __call__(self):
        self.calls += 1
        if self.fail:
            raise SourceError("HTTP 503", "HTTP 503")
        return {"rows": self.calls}


def test_a_failed_read_is_not_retried_within_its_back_off_and_the_good_data_is_kept(monkeypatch):
    now = [100.0]
    monkeypatch.setattr(reads, "clock", lambda: now[0])
    store, load = reads.ReadCache(), _Flaky()
    for _ in range(5):
        outcome = store.read(("sheet",), load, ttl=300)
        assert outcome.data is None and "503" in outcome.error.en
    assert load.calls == 1
    now[0] += 30  # the first back-off
    store.read(("sheet",), load, ttl=300)
    assert load.calls == 2
    now[0] += 30  # the second back-off is 60 s
    store.read(("sheet",), load, ttl=300)
    assert load.calls == 2
    now[0] += 30
    load.fail = False
    assert store.read(("sheet",), load, ttl=300).data == {"rows": 3}
    # Later failures show that source's own last good data, marked stale; never another source's.
    now[0] += 300
    load.fail = True
    outcome = store.read(("sheet",), load, ttl=300)
    assert (outcome.data, outcome.stale) == ({"rows": 3}, True)
    assert store.read(("upload", "x"), load, ttl=300).data is None


def test_backoff_grows_to_the_ttl():
    assert [reads.backoff(n, 300) for n in range(1, 7)] == [30, 60, 120, 240, 300, 300]


def test_one_read_per_source_is_in_flight_however_many_sessions_ask():
    store, started, release, calls = reads.ReadCache(), threading.Event(), threading.Event(), []

    def slow():
        calls.append(1)
        started.set()
        release.wait(10)
        return "dữ liệu"

    results = []
    threads = [threading.Thread(target=lambda: results.append(store.read(("sheet",), slow, ttl=300).data)) for _ in range(8)]
    threads[0].start()
    started.wait(10)
    for thread in threads[1:]:
        thread.start()
    time.sleep(0.2)
    release.set()
    for thread in threads:
        thread.join(10)
    assert calls == [1] and results == ["dữ liệu"] * 8


def test_the_app_asks_a_failing_sheet_once_per_back_off(monkeypatch, config):
    """A sheet answering 503: five reruns (language, pages) make one read; the sixth after 30 s one more."""
    import data_sources.published as published

    calls = []

    def failing(self):
        calls.append(1)
        raise SourceError("HTTP 503 from Google", "HTTP 503 từ Google")

    monkeypatch.setattr(published.PublishedCsvSource, "read", failing)
    now = [reads.clock()]
    monkeypatch.setattr(reads, "clock", lambda: now[0])
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["sheet"] = {"csv_url": "https://docs.google.com/spreadsheets/d/e/2PACX-gia/pub?output=csv"}
    at.secrets["access"] = {"allow_anonymous": True}
    at.run()
    assert at.radio(key="source").value == "sheet"
    at.radio(key="lang").set_value("en").run()
    at.radio(key="lang").set_value("vi").run()
    at.run()
    at.run()
    no_exception(at)
    assert any("HTTP 503" in e.value for e in at.error)
    assert len(calls) == 1
    now[0] += reads.FIRST_BACKOFF
    at.run()
    assert len(calls) == 2


# --- fail closed -----------------------------------------------------------------------------------------------------


def test_a_secrets_file_that_cannot_be_parsed_shows_the_administrators_message_and_no_data(tmp_path, monkeypatch):
    broken = tmp_path / "secrets.toml"
    broken.write_text('[access]\npassword_hash = "pbkdf2_sha256$600000$abc\n', encoding="utf-8")  # unclosed string
    before = st_config.get_option("secrets.files")
    st_config.set_option("secrets.files", [str(broken)])
    st.secrets._reset()
    try:
        at = AppTest.from_file(APP, default_timeout=60).run()
        no_exception(at)
        assert any("Bảng điều khiển tạm đóng" in e.value and "secrets.toml" in _plain(e.value) for e in at.error)
        assert not (at.metric or at.dataframe or at.get("plotly_chart") or at.get("download_button") or at.file_uploader)
        for page in PAGES:
            at.switch_page(page).run()
            assert not (at.metric or at.dataframe or at.file_uploader)
    finally:
        st_config.set_option("secrets.files", before)
        st.secrets._reset()


@pytest.mark.parametrize(
    ("auth", "settings", "reason"),
    [
        ({"client_id": "x"}, {"password_hash": hash_password("mật-khẩu-dài-12", iterations=1)}, "both [auth]"),
        (None, {"allow_anonymous": True, "password_hash": hash_password("mật-khẩu-dài-12", iterations=1)}, "contradicts"),
        (None, {"allow_anonymous": "yes"}, "true or false"),
        (None, {"pasword_hash": "x"}, "unknown [access] key"),
        ({"client_id": "x"}, {"allow": {"leaders": ["mic.gov.vn"]}}, "unknown role"),
        (None, {"password_hash": "pbkdf2_sha256$600000$REPLACE$ME"}, "hash-password"),
    ],
)
def test_contradictory_access_settings_close_the_dashboard(auth, settings, reason):
    result = access.parse_access(auth, settings)
    assert result.mode == "broken" and reason in result.problem[0]
    assert access.current_role(result) is None


# --- the allow-list --------------------------------------------------------------------------------------------------

ALLOW = {"coordinator": ["dntuyen@mic.gov.vn"], "leader": ["mic.gov.vn"]}


@pytest.mark.parametrize(
    "address",
    [
        "x@evil.com@mic.gov.vn",
        '"a@evil.com"@mic.gov.vn',
        '"dntuyen"@mic.gov.vn',
        "Kẻ gian <a@mic.gov.vn>",
        "a@mic.gov.vn (chú thích)",
        "a(c)@mic.gov.vn",
        "a@[10.0.0.1]",
        "a@mic.gov.vn\n",
        "a@mic.gov.vn,b@evil.com",
        "@mic.gov.vn",
        "a@",
        "",
        None,
    ],
)
def test_hostile_addresses_are_refused_before_the_list_is_read(address):
    assert role_for(address, ALLOW) is None


def test_plain_addresses_still_get_their_role():
    assert role_for(" DNTuyen@MIC.gov.vn ", ALLOW) == "coordinator"
    assert role_for("lanh.dao@mic.gov.vn", ALLOW) == "leader"
    assert parse_address("lanh.dao@mic.gov.vn") == "lanh.dao@mic.gov.vn"


def test_a_token_without_email_verified_is_refused_unless_its_provider_is_trusted():
    entra = {"iss": "https://login.microsoftonline.com/TENANT/v2.0", "email": "a@mic.gov.vn"}
    assert not email_trusted(entra)
    assert not email_trusted({**entra, "email_verified": False}, [entra["iss"]])
    assert email_trusted(entra, [entra["iss"]])
    assert email_trusted(entra, ["microsoft"], provider="microsoft")
    assert email_trusted({"email_verified": True})
    assert not email_trusted({"email_verified": "true"})  # a string is not true


def test_the_app_refuses_an_unverified_address_and_admits_it_from_a_trusted_provider():
    auth = {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "khong-phai-bi-mat-that",
        "microsoft": {"client_id": "gia", "client_secret": "gia", "server_metadata_url": "https://x/.well-known"},
    }
    user = {"is_logged_in": True, "email": "dntuyen@mic.gov.vn", "iss": "https://login.microsoftonline.com/T/v2.0"}
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = auth
    at.secrets["access"] = {"allow": ALLOW}
    at.user = user
    at.run()
    assert any("chưa được nhà cung cấp tài khoản xác minh" in e.value for e in at.error) and not at.metric
    trusted = AppTest.from_file(APP, default_timeout=60)
    trusted.secrets["auth"] = auth
    trusted.secrets["access"] = {"allow": ALLOW, "trusted_providers": ["microsoft"]}
    trusted.user = user
    trusted.run()
    no_exception(trusted)
    assert trusted.metric


# --- upload gate -----------------------------------------------------------------------------------------------------


class _Runtime:
    """The two places Streamlit's upload endpoint asks: is the session live, and keep this file."""

    def __init__(self, live=("khach", "dieu-phoi", "lanh-dao", "khac")):
        self.live = set(live)

    def is_active_session(self, session_id):
        return session_id in self.live


def _gate(clock=lambda: 0.0):
    runtime, files, gate = _Runtime(), MemoryUploadedFileManager("/_stcore/upload_file"), access.UploadGate(clock)
    gate.install_on(runtime, files)
    return runtime, files, gate


def _add(files, session_id, name, size=10):
    files.add_file(session_id, UploadedFileRec(file_id=name, name=name, type="text/csv", data=b"a" * size))


def test_the_upload_endpoint_refuses_a_session_without_a_role_and_a_leader():
    runtime, files, gate = _gate()
    gate.set_role("dieu-phoi", "coordinator")
    gate.set_role("khach", None)
    gate.set_role("lanh-dao", "leader")  # a leader (and the public, at the leader's level) reads; never uploads
    assert runtime.is_active_session("dieu-phoi") is True
    assert runtime.is_active_session("khach") is False  # live, but not signed in: the PUT gets 400 unread
    assert runtime.is_active_session("lanh-dao") is False
    assert runtime.is_active_session("het-han") is False
    _add(files, "dieu-phoi", "f1")
    gate.set_role("dieu-phoi", None)  # signed out
    assert runtime.is_active_session("dieu-phoi") is False
    gate.install_on(runtime, files)  # once only
    gate.set_role("dieu-phoi", "coordinator")
    assert runtime.is_active_session("dieu-phoi") is True


def test_one_upload_at_a_time_per_session_and_a_few_across_the_server():
    now = [0.0]
    runtime, files, gate = _gate(lambda: now[0])
    runtime.live |= {f"s{i}" for i in range(10)}
    for sid in ("dieu-phoi", *(f"s{i}" for i in range(10))):
        gate.set_role(sid, "coordinator")
    assert runtime.is_active_session("dieu-phoi") is True
    assert runtime.is_active_session("dieu-phoi") is False  # a second PUT while the first is read: refused unread
    _add(files, "dieu-phoi", "f1")  # the first arrived
    assert runtime.is_active_session("dieu-phoi") is True
    let_in = [runtime.is_active_session(f"s{i}") for i in range(10)]
    assert let_in.count(True) == access.UploadGate.UPLOADS_AT_ONCE - 1  # the server-wide cap (dieu-phoi holds one)
    now[0] += access.UploadGate.UPLOAD_SECONDS + 1  # uploads that never arrived stop counting
    assert runtime.is_active_session("s9") is True


def test_a_session_holds_at_most_two_files_whatever_it_sends():
    runtime, files, gate = _gate()
    gate.set_role("dieu-phoi", "coordinator")
    gate.set_role("khac", "coordinator")
    _add(files, "khac", "other", size=7)
    for i in range(40):
        assert runtime.is_active_session("dieu-phoi")
        _add(files, "dieu-phoi", f"f{i}", size=1000)
    assert [f.file_id for f in files.get_files("dieu-phoi", [f"f{i}" for i in range(40)])] == ["f38", "f39"]
    assert files._total_bytes == 2 * 1000 + 7  # the other session's file untouched
    assert [f.file_id for f in files.get_files("khac", ["other"])] == ["other"]


def test_before_sign_in_there_is_no_uploader_on_any_page():
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["access"] = {"password_hash": hash_password("mật-khẩu-đúng-2021", iterations=1000)}
    at.run()
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.file_uploader
        assert "source" not in [r.key for r in at.radio]


# --- XML-illegal characters and unexpected errors --------------------------------------------------------------------


def test_a_vertical_tab_in_a_cell_breaks_no_download_and_no_page(config, monkeypatch):
    seen = {}
    original = st.download_button

    def record(label, data, *args, **kwargs):
        if str(kwargs.get("file_name", "")).endswith((".csv", ".xlsx")):  # documents: tests/test_documents_app.py
            seen[kwargs.get("key") or label] = data() if callable(data) else data
        return original(label, data, *args, **kwargs)

    monkeypatch.setattr(st, "download_button", record)
    data = hostile.many_rows_csv(config, 3).replace("Sở TT&TT số 1".encode(), "Sở TT&TT\vsố 1\x01\x0c".encode())
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.radio(key="source").set_value("upload").run()
    at.file_uploader(key="upload_responses").set_value(("dong-moi.csv", data, "text/csv")).run()
    for lang in ("vi", "en"):
        at.radio(key="lang").set_value(lang)
        for page in PAGES:
            at.switch_page(page).run()
            no_exception(at)
            texts = [str(e.value) for kind in ("error", "markdown", "code", "caption") for e in at.get(kind)]
            assert not [t for t in texts if "Traceback" in t or "IllegalCharacterError" in t or "/site-packages/" in t]
    assert "download_xlsx" in seen
    book = openpyxl.load_workbook(io.BytesIO(seen["download_xlsx"]))
    cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value]
    assert any("Sở TT&TT\nsố 1" in c for c in cells)
    assert all(isinstance(v, bytes) and v for v in seen.values())


def test_an_unexpected_error_on_a_page_shows_an_apology_with_an_error_id_and_logs_the_detail(monkeypatch, caplog):
    from presentation import views

    def broken(*args, **kwargs):
        raise RuntimeError("/srv/secret/path exploded")

    monkeypatch.setattr(views, "submissions_table", broken)
    at = AppTest.from_file(APP, default_timeout=60).run()
    with caplog.at_level("ERROR", logger="dashboard"):
        at.switch_page(next(p for p in PAGES if p.endswith("submissions.py"))).run()
    no_exception(at)
    (apology,) = [e.value for e in at.error if "mã lỗi" in e.value]
    error_id = apology.split("mã lỗi ")[1][:8]
    assert "/srv/secret" not in apology and "RuntimeError" not in apology
    assert any(error_id in r.getMessage() and r.exc_info for r in caplog.records)


def test_streamlit_shows_no_error_details():
    import tomllib

    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert settings["client"]["showErrorDetails"] == "none"


def test_campaign_errors_cross_the_child_with_their_messages():
    with pytest.raises(InputError) as caught:
        read_table(b"", "trong.csv")
    assert "tệp trống" in caught.value.vi
    assert issubclass(InputError, CampaignError)


def test_limits_come_from_the_campaign_config(tmp_path):
    text = DEFAULT_CONFIG.read_text(encoding="utf-8").replace("max_columns = 200\n", "max_columns = 7\n", 1)
    text = text.replace("parse_seconds = 30\n", "parse_seconds = 3\n", 1)
    path = tmp_path / "campaign.toml"
    path.write_text(
        text.replace('roster = "campaign/', f'roster = "{DEFAULT_CONFIG.parent.as_posix()}/campaign/'), encoding="utf-8"
    )
    limits = load_config(path).limits
    assert (limits.max_columns, limits.parse_seconds, limits.max_rows) == (7, 3.0, Limits().max_rows)
    assert bounded.Limits is Limits  # the parser reads the config's own limits: one dataclass, every default in it


def test_uploads_never_push_the_configured_sheet_out_of_the_read_cache():
    """Ten uploads (more than the cache keeps) come and go; the sheet stays read once per TTL, and a failing sheet
    still shows its last good data."""
    cache, sheet, now = reads.ReadCache(), _Flaky(), [0.0]
    sheet.fail = False
    original = reads.clock
    reads.clock = lambda: now[0]
    try:
        assert cache.read(("sheet", "url"), sheet, ttl=300, pinned=True).data is not None
        for n in range(reads.MAX_SOURCES + 10):
            cache.read(("upload", f"file-{n}"), lambda n=n: f"upload {n}", ttl=300)
        now[0] = 60.0
        assert cache.read(("sheet", "url"), sheet, ttl=300, pinned=True).data is not None
        assert sheet.calls == 1  # still the first read: not evicted
        assert cache.reads(("upload", "file-0")) == 0  # the oldest upload was let go
        sheet.fail, now[0] = True, 400.0
        outcome = cache.read(("sheet", "url"), sheet, ttl=300, pinned=True)
        assert outcome.data is not None and outcome.stale and outcome.error is not None
    finally:
        reads.clock = original


# --- report builds per session ---------------------------------------------------------------------------------------


def test_a_session_gets_six_new_moments_a_minute_and_seen_ones_are_free():
    from dashboard.state import moment_wait

    asked: list = []
    moments = [f"2021-06-0{d}T17:00:59+07:00" for d in range(1, 8)]
    assert [moment_wait(asked, m, now=100.0 + i) for i, m in enumerate(moments[:6])] == [0.0] * 6
    assert moment_wait(asked, moments[6], now=110.0) == pytest.approx(50.0)  # the seventh waits for the first to age
    assert moment_wait(asked, moments[2], now=110.0) == 0.0  # already evaluated: cached, free
    assert moment_wait(asked, "", now=110.0) == 0.0  # the present is always shown
    assert moment_wait(asked, moments[6], now=160.5) == 0.0


def test_choosing_moment_after_moment_falls_back_to_the_present_with_a_note():
    at = AppTest.from_file(APP, default_timeout=60).run()
    headlines = []
    for day in range(1, 9):
        at.date_input(key="as_of_date").set_value(dt.date(2021, 5, 20 + day)).run()
        no_exception(at)
        headlines.append(metric_values(at)["Đã báo cáo"])
    assert any("nhiều thời điểm khác nhau" in w.value for w in at.sidebar.warning)  # the seventh new moment
    assert headlines[6] == headlines[7] != headlines[0]  # the present's figures, not 27 or 28 May's


# --- fair parsing (issue 29) -----------------------------------------------------------------------------------------


def _many_members_zip(members: int) -> bytes:
    """A zip of `members` empty parts: nothing to inflate, but a directory that costs memory to read."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for number in range(members):
            archive.writestr(f"xl/{number}.xml", b"")
    return out.getvalue()


def test_a_zip_of_very_many_empty_parts_is_refused_in_the_child_without_growing_the_server(config):
    data = _many_members_zip(100_000)
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as caught:
            FileSource(config, data, "nhieu-phan.xlsx").read()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # The bytes are copied once to reach the child; 100,000 parts read from the directory here would be ~50 MB more.
    assert peak < 2 * len(data), f"{peak / 2**20:.0f} MiB for a {len(data) / 2**20:.0f} MiB file"
    assert REFUSED_EN in caught.value.en and "100,000 parts, more than 10,000" in caught.value.en
    assert REFUSED_VI in caught.value.vi and "100.000 phần" in caught.value.vi


@pytest.fixture
def fresh_slots(monkeypatch):
    """Parse slots of this test only, with a clock it can move."""
    clock = [1000.0]
    slots = {"files": bounded.Slots(2, clock=lambda: clock[0]), "published": bounded.Slots(1)}
    monkeypatch.setattr(bounded, "SLOTS", slots)
    return clock


def _parse_in_thread(results: list, session: str, limits: Limits) -> threading.Thread:
    def parse():
        try:
            results.append(bounded.run(bombs.sleep_forever, name="cham.csv", limits=limits, session=session))
        except InputError as exc:
            results.append(exc)

    thread = threading.Thread(target=parse)
    thread.start()
    return thread


def test_one_session_parses_one_file_at_a_time_so_another_sessions_file_does_not_wait(fresh_slots):
    slow, slow_results = bounded.Limits(parse_seconds=3), []
    threads = [_parse_in_thread(slow_results, "phien-cham", slow) for _ in range(3)]
    time.sleep(0.5)  # the slow session's files have asked for slots
    start = time.perf_counter()
    assert bounded.run(bombs.allocate, 1, name="nho.csv", limits=Limits(), session="phien-khac") == 1024 * 1024
    assert time.perf_counter() - start < 2, "a small file waited behind another session's slow files"
    for thread in threads:
        thread.join(30)
    reasons = sorted(exc.en for exc in slow_results)
    assert sum("reading it took longer than 3 s" in r for r in reasons) == 2
    # Its third file came after two ran out of time: refused at once for a minute, in both languages.
    paused = next(exc for exc in slow_results if "try again in" in exc.en)
    assert "each took longer than 3 s to read; try again in 60 s" in paused.en and "hãy thử lại sau 60 giây" in paused.vi


def test_a_session_whose_files_ran_out_of_time_twice_is_refused_for_a_minute(fresh_slots):
    slow, results = bounded.Limits(parse_seconds=1), []
    for _ in range(2):
        _parse_in_thread(results, "phien-cham", slow).join(30)
    assert len(results) == 2 and all("reading it took longer than 1 s" in exc.en for exc in results)
    start = time.perf_counter()
    with pytest.raises(InputError, match="try again in 60 s") as caught:
        bounded.run(bombs.allocate, 1, name="nho.csv", limits=Limits(), session="phien-cham")
    assert time.perf_counter() - start < 0.5  # refused before a child is started
    assert REFUSED_VI in caught.value.vi
    assert bounded.run(bombs.allocate, 1, name="nho.csv", limits=Limits(), session="phien-khac") == 1024 * 1024
    fresh_slots[0] += 61  # a minute later the session may try again
    assert bounded.run(bombs.allocate, 1, name="nho.csv", limits=Limits(), session="phien-cham") == 1024 * 1024


def test_the_app_parses_an_upload_under_its_own_session_id(config, monkeypatch):
    sessions, real_run = [], bounded.run

    def recording(*args, **kwargs):
        sessions.append(kwargs.get("session"))
        return real_run(*args, **kwargs)

    monkeypatch.setattr(bounded, "run", recording)
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.radio(key="source").set_value("upload").run()
    at.file_uploader(key="upload_responses").set_value(("phien.csv", hostile.many_rows_csv(config, 3), "text/csv")).run()
    no_exception(at)
    assert sessions and all(isinstance(s, str) and s for s in sessions), sessions
