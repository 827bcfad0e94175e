"""Only the right people see the dashboard: each access mode through AppTest, roles on every page and download,
the hostile sheet rendered as text, and the size limits."""

from __future__ import annotations

import csv
import io
import re
import time
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

from campaign import limits
from campaign.access import hash_password
from campaign.columns import cell_text
from campaign.roster import read_default_roster, split_multi
from dashboard import access, navigation
from data_sources.demo import DemoSource
from presentation.formats import escape_markdown
from presentation.labels import t
from tests import hostile
from tests.apptest import APP, COORDINATOR_PASSWORD, LEADER_PASSWORD, TIMEOUT, no_exception

PAGES = navigation.page_paths()
SHEET = {"csv_url": "https://docs.google.com/spreadsheets/d/e/2PACX-gia/pub?output=csv"}
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "khong-phai-bi-mat-that-chi-de-thu-nghiem",
    "client_id": "gia.apps.googleusercontent.com",
    "client_secret": "GOCSPX-gia-khong-dung-duoc",
    "server_metadata_url": "https://accounts.google.com/.well-known/openid-configuration",
}
ALLOW = {"coordinator": ["dntuyen@mic.gov.vn"], "leader": ["mic.gov.vn"]}
# Column headers of personal data, in both languages.
PERSONAL_HEADERS = {"Email", "Điện thoại", "Phone", "Người báo cáo", "Reporter", "Thư nhắc", "Reminder"}


pytestmark = pytest.mark.usefixtures("fresh_streamlit_cache")


@pytest.fixture(scope="module")
def demo_personal(config):
    """Every value of a field campaign.toml marks personal in the demo sheet, and of the roster's personal columns
    (reporters, phones, emails): what a leader must never see."""
    raw = DemoSource(config).read().responses
    values = set()
    for key in config.personal_fields:
        values |= {cell_text(v) for v in raw[config.fields[key].header]}
    roster = read_default_roster(config.campaign.roster)
    for column in set(config.privacy.personal_columns) & set(roster.columns):
        values |= {v for cell in roster[column] for v in split_multi(cell)}
    assert {"reporter", "phone", "email"} <= set(config.personal_fields)
    values -= {"", config.campaign.contact_email}  # the Ministry's own contact is in the reminder on purpose
    assert len(values) > 100
    return values


@pytest.fixture
def now(monkeypatch):
    """The throttle's clock, moved by the test: now[0] is the time."""
    moment = [1_900_000_000.0]
    monkeypatch.setattr(access, "clock", lambda: moment[0])
    return moment


def _app(secrets: dict | None = None, user: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for name, value in (secrets or {}).items():
        at.secrets[name] = value
    if user is not None:
        at.user = user
    return at.run()


def _sign_in(at: AppTest, password: str) -> AppTest:
    at.text_input(key=access.PASSWORD_KEY).input(password)
    return at.button[0].click().run()


def _texts(at: AppTest) -> list[str]:
    """Every piece of text on the page that Streamlit renders as Markdown, and the code blocks."""
    kinds = ("markdown", "caption", "error", "warning", "info", "success", "title", "header", "subheader", "code")
    return [str(e.value) for kind in kinds for e in at.get(kind)]


def _shows_data(at: AppTest) -> bool:
    return bool(at.metric or at.dataframe or at.get("plotly_chart") or at.get("download_button"))


def _every_page(at: AppTest, langs=("vi",), role: str | None = None):
    """Run each page the role may open (in each language) on `at`, checked for exceptions; yields (page, lang)."""
    for lang in langs:
        at.radio(key="lang").set_value(lang)
        for page in navigation.page_paths(role):
            at.switch_page(page).run()
            no_exception(at)
            yield page, lang


def _seen(at: AppTest, downloads: dict) -> tuple[set[str], str]:
    """(column headers of every table, every value of every table, text and download) on the current page."""
    headers = {str(c) for df in at.dataframe for c in df.value.columns}
    parts = [df.value.to_csv(index=False) for df in at.dataframe] + _texts(at)
    for data in downloads.values():
        parts.append(_download_text(data))
    return headers, "\n".join(parts)


def _plain(markdown: str) -> str:
    """Escaped Markdown as the reader sees it."""
    return markdown.replace("\\", "")


def _download_text(data) -> str:
    if callable(data):  # a document built on click (Export page): tests/test_documents_app.py reads those
        return ""
    if data[:2] == b"PK":  # a workbook: every cell's text
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        return "\n".join(str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v)
    return data.decode("utf-8-sig")


# --- no access configured -------------------------------------------------------------------------------------


def test_with_no_secrets_the_demo_is_open_to_all_as_coordinator(demo_personal, downloads):
    at = _app()
    no_exception(at)
    assert "Vai trò: **Điều phối viên**" in _texts(at)
    assert "sign_out" not in {b.key for b in at.button}
    at.switch_page("app_pages/followup.py").run()
    headers, text = _seen(at, downloads)
    assert {"Email", "Điện thoại", "Thư nhắc"} <= headers
    assert any(v in text for v in demo_personal)


def test_a_sheet_in_secrets_without_access_is_refused_and_never_read(monkeypatch):
    import data_sources.published as published

    reads = []
    monkeypatch.setattr(published.PublishedCsvSource, "read", lambda self: reads.append(self))
    at = _app({"sheet": SHEET})
    no_exception(at)
    assert reads == []
    assert any("chưa thiết lập đăng nhập" in e.value and "Access" in e.value for e in at.error)
    assert "sheet" not in at.radio(key="source").options
    assert any("Dữ liệu mẫu / Demo data" in i.value for i in at.info)
    at.radio(key="lang").set_value("en").run()
    assert any("no sign-in is set up" in e.value for e in at.error)


def test_allow_anonymous_opens_the_sheet_to_all_as_leader_under_a_banner_on_every_page(
    monkeypatch, config, demo_personal, downloads
):
    import data_sources.published as published

    raw = DemoSource(config).read()
    monkeypatch.setattr(
        published.PublishedCsvSource, "read", lambda self: type(raw)(**{**raw.__dict__, "is_demo": False, "source": "Sheet"})
    )
    at = _app({"sheet": SHEET, "access": {"allow_anonymous": True}})
    assert at.radio(key="source").value == "sheet"
    for _ in _every_page(at, role="leader"):
        assert any("CÔNG KHAI" in w.value for w in at.warning)
        assert "Vai trò: **Lãnh đạo**" in _texts(at)
        headers, text = _seen(at, downloads)
        assert not headers & PERSONAL_HEADERS
        assert not [v for v in demo_personal if v in text]


# --- OpenID Connect ----------------------------------------------------------------------------------------------


def test_a_visitor_who_has_not_signed_in_sees_only_the_sign_in_on_every_page(monkeypatch):
    reads = []
    original = DemoSource.read
    monkeypatch.setattr(DemoSource, "read", lambda self: reads.append(1) or original(self))
    at = _app({"auth": AUTH, "access": {"allow": ALLOW}}, user={"is_logged_in": False})
    for page in PAGES:
        at.switch_page(page).run()
        no_exception(at)
        assert at.button(key="sign_in").label == "Đăng nhập"
        assert not _shows_data(at)
    assert reads == []


def test_a_signed_in_address_outside_the_allow_list_is_refused():
    at = _app(
        {"auth": AUTH, "access": {"allow": ALLOW}},
        user={"is_logged_in": True, "email": "ai.do@gmail.com", "email_verified": True},
    )
    no_exception(at)
    assert any("ai.do@gmail.com" in _plain(e.value) and "chưa được cấp quyền" in e.value for e in at.error)
    assert at.button(key="sign_out")
    assert not _shows_data(at)


def test_an_address_the_identity_provider_did_not_verify_is_refused_even_on_the_list():
    user = {"is_logged_in": True, "email": "dntuyen@mic.gov.vn", "email_verified": False}
    at = _app({"auth": AUTH, "access": {"allow": ALLOW}}, user=user)
    assert any("chưa được nhà cung cấp tài khoản xác minh" in e.value for e in at.error)
    assert not _shows_data(at)


def test_with_no_allow_list_nobody_is_admitted():
    at = _app({"auth": AUTH}, user={"is_logged_in": True, "email": "dntuyen@mic.gov.vn", "email_verified": True})
    assert any("chưa được cấp quyền" in e.value for e in at.error)
    assert not _shows_data(at)


@pytest.mark.parametrize(
    ("email", "role"),
    [("dntuyen@mic.gov.vn", "Điều phối viên"), ("lanhdao@mic.gov.vn", "Lãnh đạo"), ("LanhDao@MIC.gov.vn", "Lãnh đạo")],
)
def test_the_allow_list_gives_the_role_by_address_or_by_domain(email, role):
    at = _app({"auth": AUTH, "access": {"allow": ALLOW}}, user={"is_logged_in": True, "email": email, "email_verified": True})
    no_exception(at)
    assert f"Vai trò: **{role}**" in _texts(at)
    assert escape_markdown(email) in _texts(at)
    assert at.metric and at.button(key="sign_out")


def test_a_subdomain_is_not_the_domain():
    at = _app(
        {"auth": AUTH, "access": {"allow": ALLOW}},
        user={"is_logged_in": True, "email": "a@evil.mic.gov.vn", "email_verified": True},
    )
    assert any("chưa được cấp quyền" in e.value for e in at.error)


# --- password -----------------------------------------------------------------------------------------------------


def test_the_password_form_is_all_a_visitor_sees(hashes):
    at = _app({"access": hashes})
    for page in PAGES:
        at.switch_page(page).run()
        no_exception(at)
        assert at.text_input(key=access.PASSWORD_KEY).label == "Mật khẩu"
        assert not _shows_data(at)


@pytest.mark.parametrize(("password", "role"), [(COORDINATOR_PASSWORD, "Điều phối viên"), (LEADER_PASSWORD, "Lãnh đạo")])
def test_each_password_hash_gives_its_role(hashes, password, role):
    at = _sign_in(_app({"access": hashes}), password)
    no_exception(at)
    assert f"Vai trò: **{role}**" in _texts(at)
    assert at.metric
    # Session state holds the role, never the password.
    assert at.session_state[access.ROLE_KEY] in ("coordinator", "leader")
    assert not [k for k in at.session_state if password in str(at.session_state[k])]


def test_a_wrong_password_is_refused_and_each_try_waits_longer(hashes, now, monkeypatch):
    checked = []
    original = access.password_role
    monkeypatch.setattr(access, "password_role", lambda *a: checked.append(1) or original(*a))
    at = _app({"access": hashes})
    for wait in (1, 2, 4, 8):
        _sign_in(at, "đoán-bừa-mật-khẩu")
        no_exception(at)
        assert any(f"Sai mật khẩu. Có thể thử lại sau {wait} giây" in e.value for e in at.error)
        assert not _shows_data(at)
        # A try before the wait is over is refused without checking the password, and says when to come back.
        _sign_in(at, COORDINATOR_PASSWORD)
        assert any("quá nhiều lần thử" in e.value and f"sau {wait} giây" in e.value for e in at.error)
        assert not _shows_data(at)
        now[0] += wait
    assert len(checked) == 4
    # Once the wait is over the right password lets the person in, and the count starts again.
    _sign_in(at, COORDINATOR_PASSWORD)
    assert len(checked) == 5
    assert at.metric
    assert access.FAILURES_KEY not in at.session_state
    assert access.throttle().admit("local", now[0]) == 0.0


def test_a_malformed_hash_closes_the_dashboard_with_a_message_for_the_administrator():
    at = _app({"access": {"password_hash": "pbkdf2_sha256$abc$không-phải-hash"}})
    no_exception(at)
    assert any("Bảng điều khiển tạm đóng" in e.value and "password_hash" in _plain(e.value) for e in at.error)
    assert not at.text_input and not _shows_data(at)


@pytest.mark.parametrize(
    "access_table", [{"password_hash": ""}, {"password_hash": "  "}, {"leader_password_hash": ""}, {"allow_anonymous": ""}]
)
def test_an_access_key_left_empty_closes_the_dashboard_instead_of_opening_it(access_table):
    """A blanked password_hash is the administrator's mistake: never open mode, where everyone is coordinator."""
    at = _app({"access": access_table})
    no_exception(at)
    key = next(iter(access_table))
    assert any("Bảng điều khiển tạm đóng" in e.value and key in _plain(e.value) for e in at.error)
    assert not _shows_data(at)


def test_sign_out_forgets_the_role_and_the_data(hashes):
    at = _sign_in(_app({"access": hashes}), LEADER_PASSWORD)
    assert at.metric
    at.button(key="sign_out").click().run()
    no_exception(at)
    assert not _shows_data(at)
    assert at.text_input(key=access.PASSWORD_KEY)
    for key in (access.ROLE_KEY, "_dashboard_context", "_last_good_data"):
        assert key not in at.session_state


def test_secrets_never_reach_the_page(hashes, downloads, monkeypatch, config):
    import data_sources.published as published

    raw = DemoSource(config).read()
    monkeypatch.setattr(published.PublishedCsvSource, "read", lambda self: type(raw)(**{**raw.__dict__, "is_demo": False}))
    key = "-----BEGIN PRIVATE KEY-----\nKHOA-BI-MAT-KHONG-DUOC-LO\n-----END PRIVATE KEY-----\n"
    secrets = {"access": hashes, "sheet": SHEET, "gcp_service_account": {"private_key": key}}
    at = _sign_in(_app(secrets), COORDINATOR_PASSWORD)
    for _ in _every_page(at, ("vi", "en")):
        _, text = _seen(at, downloads)
        for secret in ("KHOA-BI-MAT", hashes["password_hash"].split("$")[-1], hashes["leader_password_hash"].split("$")[2]):
            assert secret not in text


# --- roles on every page and download ------------------------------------------------------------------------------


def test_a_leader_sees_no_personal_column_or_value_on_any_page_or_download(hashes, demo_personal, downloads):
    at = _sign_in(_app({"access": hashes}), LEADER_PASSWORD)
    at.multiselect(key="groups").select("province").run()
    for _ in _every_page(at, ("vi", "en"), role="leader"):
        headers, text = _seen(at, downloads)
        assert not headers & PERSONAL_HEADERS
        assert not [v for v in demo_personal if v in text]
        assert "mailto:" not in text
    assert {"download_submissions", "download_xlsx", "download_data_quality"} <= set(downloads)


def _menu(at: AppTest) -> set[str]:
    """The addresses st.navigation registered on the last run: the pages the menu lists."""
    return {info.get("url_pathname") for info in at._registered_pages.values()}


COORDINATOR_PAGES = {p.path for p in navigation.PAGES if "leader" not in p.roles}


def test_a_leaders_menu_lists_no_coordinator_page_and_a_coordinators_lists_all(hashes):
    assert {"app_pages/followup.py", "app_pages/coordinator.py"} <= COORDINATOR_PAGES
    leader = _sign_in(_app({"access": hashes}), LEADER_PASSWORD)
    addresses = {p.path: navigation.address(p) for p in navigation.PAGES}
    assert _menu(leader) == {addresses[p] for p in navigation.page_paths("leader")}
    assert not _menu(leader) & {addresses[p] for p in COORDINATOR_PAGES}
    for page in COORDINATOR_PAGES:  # not in the menu, so not even a test can switch to it
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            leader.switch_page(page)
    coordinator = _sign_in(_app({"access": hashes}), COORDINATOR_PASSWORD)
    assert _menu(coordinator) == set(addresses.values())
    for page in PAGES:
        coordinator.switch_page(page).run()
        no_exception(coordinator)
        assert not [i for i in coordinator.info if "dành cho cán bộ điều phối" in i.value]


@pytest.mark.parametrize("page", sorted(COORDINATOR_PAGES))
def test_a_link_to_a_coordinator_page_takes_a_leader_to_the_overview_with_a_note(hashes, page):
    at = _app({"access": hashes})
    at.switch_page(page)  # the link opened before signing in: the page the browser asks for
    at.text_input(key=access.PASSWORD_KEY).input(LEADER_PASSWORD)
    at.button[0].click().run()
    no_exception(at)
    assert "Vai trò: **Lãnh đạo**" in _texts(at)
    notes = [i.value for i in at.info if "dành cho cán bộ điều phối" in i.value]
    assert notes == ["Trang vừa mở dành cho cán bộ điều phối; đây là trang Tổng quan."]
    assert at.metric and not at.code  # the overview's tiles, not the follow-up's addresses or the desk
    at.radio(key="lang").set_value("en").run()  # AppTest asks for the same page again on every run
    assert [i.value for i in at.info if "for the coordinator" in i.value] == [
        "The page you opened is for the coordinator; this is the overview."
    ]


def test_a_leader_cannot_find_a_row_by_a_hidden_address(hashes, config):
    at = _sign_in(_app({"access": hashes}), LEADER_PASSWORD)
    at.switch_page("app_pages/submissions.py").run()
    email = cell_text(DemoSource(config).read().responses[config.fields["email"].header].dropna().iloc[0])
    at.text_input(key="submissions_search").input(email).run()
    assert len(at.dataframe[0].value) == 0


def test_a_coordinator_sees_reporters_phones_and_emails_in_pages_and_downloads(hashes, demo_personal, downloads, config):
    at = _sign_in(_app({"access": hashes}), COORDINATOR_PASSWORD)
    at.switch_page("app_pages/submissions.py").run()
    headers, text = _seen(at, downloads)
    assert {"Email", "Người báo cáo", "Điện thoại"} <= headers
    at.switch_page("app_pages/followup.py").run()
    assert {"Email", "Điện thoại", "Thư nhắc"} <= {str(c) for c in at.dataframe[1].value.columns}  # the detail view
    assert at.code[0].value.count("@") > 10
    at.switch_page("app_pages/export.py").run()
    exported = _download_text(downloads["download_submissions"])
    raw = DemoSource(config).read().responses
    reporters = {cell_text(v) for v in raw[config.fields["reporter"].header]} - {""}
    assert reporters and all(r in exported for r in reporters)
    assert all(r in _download_text(downloads["download_xlsx"]) for r in reporters)


# --- hostile sheet ---------------------------------------------------------------------------------------------------


def _upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.radio(key="source").set_value("upload").run()
    return at.file_uploader(key="upload_responses").set_value((name, data, "application/octet-stream")).run()


RAW_MARKUP = ("<script", "<img", "<iframe", "javascript:", "**Sở giả mạo**", "](javascript", "<b>")


def test_the_hostile_sheet_is_shown_as_text_on_every_page_and_runs_nothing(config, downloads):
    at = _upload(_app(), "cau-tra-loi.xlsx", hostile.hostile_xlsx(config))
    no_exception(at)
    assert not at.error
    shown_literally = False
    for _ in _every_page(at, ("vi", "en")):
        # Nothing from the sheet is rendered as Markdown: no element holds the raw markup.
        for text in _texts(at):
            assert not [m for m in RAW_MARKUP if m in text], text[:300]
        for df in at.dataframe:
            table = df.value
            cells = [str(v) for v in table.to_numpy().ravel()]
            assert not any(hostile.RLO in c or "\u200b" in c or "\u200d" in c for c in cells)
            assert max((len(c) for c in cells), default=0) <= config.limits.max_cell_chars + 1
            for column in table.columns:
                if str(column).startswith(("Minh chứng", "Evidence", "Thư nhắc", "Reminder")):
                    for link in table[column].dropna():
                        if link != "":  # no link: an empty cell, never "None"
                            _assert_safe_link(link)
            shown_literally |= any(hostile.SCRIPT in c for c in cells)
        for chart in at.get("plotly_chart"):
            assert "<script" not in chart.proto.spec and "<img" not in chart.proto.spec
    # The names are there, as typed: shown, not run.
    assert shown_literally
    for key, data in downloads.items():
        _assert_no_formula(key, data)


def _assert_safe_link(link: str) -> None:
    """http(s) with nothing that could close an attribute, or mailto: to plain addresses (the body is encoded)."""
    scheme, _, rest = link.partition(":")
    assert scheme in ("http", "https", "mailto"), link
    if scheme == "mailto":
        addresses, _, query = rest.partition("?")
        assert re.fullmatch(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+(,[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+)*", addresses), link
        assert not re.search(r"[\s<>\"']", query), link
    else:
        assert rest.startswith("//") and not re.search(r"[\s<>\"']", rest), link


def _assert_no_formula(key: str, data) -> None:
    if callable(data):  # a DOCX built on click: formulas there are inert text (tests/test_documents.py, hostile)
        return
    if data[:2] == b"PK":
        book = openpyxl.load_workbook(io.BytesIO(data))
        for ws in book.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (key, cell.coordinate)
                    assert not (isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@"))), key
        return
    for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))):
        assert not [c for c in row if c.startswith(("=", "+", "-", "@"))], (key, row)


def test_hidden_characters_are_stripped_before_matching_and_flagged(config):
    at = _upload(_app(), "cau-tra-loi.csv", hostile.hostile_csv(config))
    at.switch_page("app_pages/submissions.py").run()
    table = at.dataframe[0].value
    first = table[table["Dòng"] == "2"].iloc[0]
    assert first["Tên đơn vị đã nhập"] == "Sở TT&TT tỉnh Hà Nam"
    assert first["Mã đơn vị khớp"] != ""
    at.switch_page("app_pages/data_quality.py").run()
    issues = at.dataframe[-1].value
    assert len(issues[issues["Vấn đề"] == "đã bỏ ký tự ẩn"]) >= 2


def test_a_long_cell_is_cut_and_flagged_on_data_quality(config):
    at = _upload(_app(), "cau-tra-loi.csv", hostile.hostile_csv(config))
    at.switch_page("app_pages/data_quality.py").run()
    no_exception(at)
    issues = at.dataframe[-1].value
    cut = issues[issues["Vấn đề"] == "ô quá dài, đã cắt bớt"]
    assert set(cut["Dòng"]) == {"4", "5"}
    assert all(f"{hostile.LONG_CELL_CHARS:,}".replace(",", ".") + " ký tự" in s for s in cut["Gợi ý"])  # 60.000 in Vietnamese


# --- size limits -------------------------------------------------------------------------------------------------------


def test_a_sheet_over_the_row_limit_is_refused_quickly_with_a_message_in_both_languages(config):
    at = _app()
    start = time.perf_counter()
    _upload(at, "qua-nhieu-dong.csv", hostile.many_rows_csv(config, config.limits.max_rows + 1))
    assert time.perf_counter() - start < 30
    no_exception(at)
    assert any("Tệp quá lớn hoặc không hợp lệ (hơn 100.000 dòng" in _plain(e.value) for e in at.error)
    assert not at.metric  # a first upload that fails shows no data: never the demo under another name
    at.radio(key="lang").set_value("en").run()
    assert any("The file is too large or malformed (more than 100,000 rows" in _plain(e.value) for e in at.error)


@pytest.fixture
def upload_limit_1_mb():
    """server.maxUploadSize = 1 for one test (AppTest's own option patch would hide a patched get_option)."""
    before = st_config.get_option("server.maxUploadSize")
    st_config.set_option("server.maxUploadSize", 1)
    yield
    st_config.set_option("server.maxUploadSize", before)


def test_a_file_over_the_upload_limit_is_refused_with_a_message(config, upload_limit_1_mb):
    at = _app()
    _upload(at, "qua-lon.csv", hostile.hostile_csv(config) + b"\r\n" * (1024 * 1024))
    no_exception(at)
    assert any("vượt quá 1 MB cho mỗi tệp" in e.value for e in at.error)
    assert at.file_uploader(key="upload_responses").proto.max_upload_size_mb == 1


def test_the_upload_limit_is_set_in_streamlit_config_and_shown_next_to_the_uploader():
    import tomllib

    settings = tomllib.loads((Path(APP).parent / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    limit = settings["server"]["maxUploadSize"]
    at = _app()
    at.radio(key="source").set_value("upload").run()
    uploader = at.file_uploader(key="upload_responses")
    assert uploader.proto.max_upload_size_mb == limit
    assert f"Tối đa {limit} MB" in uploader.proto.help


def test_cells_are_cut_at_the_limit_and_each_cut_is_listed():
    frame = pd.DataFrame({"Ghi chú": pd.array(["ngắn", "x" * 12, None], dtype="str"), "Số": [1, "y" * 11, 3]})
    out, issues = limits.cut_long_cells(frame, 10)
    assert out["Ghi chú"].tolist()[:2] == ["ngắn", "x" * 10 + "…"]
    assert out["Số"].tolist() == [1, "y" * 10 + "…", 3]
    assert issues[["row", "column"]].values.tolist() == [[3, "Ghi chú"], [3, "Số"]]
    assert frame["Ghi chú"].iloc[1] == "x" * 12  # the source's frame is left as read
    untouched, none = limits.cut_long_cells(frame, 12)
    assert untouched is frame and none.empty


def test_the_secrets_example_documents_every_access_key_and_admits_nobody_as_it_is():
    import subprocess
    import tomllib

    root = Path(APP).parent
    text = (root / ".streamlit" / "secrets.toml.example").read_text(encoding="utf-8")
    keys = [k for k, _ in access.PASSWORD_KEYS] + ["allow_anonymous", "[access.allow]", "coordinator", "leader", "[auth]"]
    keys += ["redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url"]
    assert not [k for k in keys if k not in text]
    example = tomllib.loads(text)
    settings = access.parse_access(example.get("auth"), example["access"])
    assert settings.mode == "broken"  # placeholder hashes: closed with a message until real ones are pasted
    assert "password_hash" in settings.problem[0]
    ignored = subprocess.run(["git", "check-ignore", "-q", ".streamlit/secrets.toml"], cwd=root, check=False)
    assert ignored.returncode == 0


def test_the_mode_follows_what_the_secrets_hold():
    assert access.parse_access(None, {}).mode == "open"
    assert access.parse_access(None, {"allow_anonymous": "true"}).allow_anonymous is False  # only a real true
    leader_hash = hash_password("mật-khẩu", iterations=1)
    password = access.parse_access(None, {"leader_password_hash": leader_hash})
    assert (password.mode, password.hashes) == ("password", (("leader", leader_hash),))
    assert access.parse_access(None, {"leader_password_hash": "pbkdf2_sha256$1$a$b"}).mode == "broken"
    oidc = access.parse_access(AUTH, {"allow": {"leader": "mic.gov.vn"}})
    assert (oidc.mode, oidc.provider, oidc.allow["leader"], oidc.allow["coordinator"]) == ("oidc", None, ("mic.gov.vn",), ())
    named = access.parse_access({"redirect_uri": "u", "cookie_secret": "c", "microsoft": {"client_id": "m"}}, {})
    assert (named.mode, named.provider) == ("oidc", "microsoft")


def test_only_the_coordinator_is_offered_an_upload(hashes):
    leader = _sign_in(_app({"access": hashes}), LEADER_PASSWORD)
    coordinator = _sign_in(_app({"access": hashes}), COORDINATOR_PASSWORD)
    public = _app({"access": {"allow_anonymous": True}})
    sources = {
        name: at.radio(key="source").options
        for name, at in (("leader", leader), ("coordinator", coordinator), ("public", public))
    }
    upload = t("source_upload", "vi")
    assert upload in sources["coordinator"]
    assert upload not in sources["leader"] and upload not in sources["public"]
    assert not leader.file_uploader and not public.file_uploader
