"""The app in a real browser: `streamlit run app.py` on a free port, every page opened by headless Chromium."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import pytest

from bench.server import streamlit_server
from dashboard import navigation

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Each registered page's address; the default page (the overview) is at "/".
PAGE_PATHS = tuple(navigation.address(p) for p in navigation.PAGES)
QUALITY = next(navigation.address(p) for p in navigation.PAGES if p.path == "app_pages/data_quality.py")
SCREEN = {"width": 1600, "height": 2300}  # tall enough for the whole overview in one screenshot

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} not installed (apt-get install chromium)")


@contextlib.contextmanager
def _streamlit(folder: Path, secrets: str = ""):
    """`streamlit run app.py` on a free port with only these secrets; its URL and log (printed if a test fails)."""
    with streamlit_server(folder, secrets, seconds=60) as running:
        yield running.url, running.log


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A Streamlit server on the demo data (no secrets: open to all, as a newcomer runs it)."""
    with _streamlit(tmp_path_factory.mktemp("server")) as running:
        yield running


def _open(browser, url: str):
    """Open a page, wait until the script has run and the charts are drawn, and save a screenshot."""
    page = browser.new_page(viewport=SCREEN)
    page.goto(url)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=60_000)
    return page


def _shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def _with_log(log_path: Path, check):
    try:
        check()
    except BaseException:
        print("---- streamlit server log ----\n" + log_path.read_text())
        raise


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_every_page_opens_without_an_exception_box(server, browser, path):
    url, log_path = server

    def check():
        page = _open(browser, f"{url}/{path}")
        try:
            page.wait_for_selector('[data-testid="stMain"] [data-testid="stElementContainer"]', timeout=30_000)
            _shot(page, path or "overview")
            assert page.locator('[data-testid="stException"]').count() == 0
            assert page.get_by_text("Dữ liệu mẫu / Demo data").count() >= 1
        finally:
            page.close()

    _with_log(log_path, check)


def test_overview_draws_the_map_and_the_charts_with_no_internet(server, browser):
    url, log_path = server

    def check():
        page = _open(browser, url)
        try:
            # Four figures: burn-up, groups, map, activities; each with drawn SVG paths.
            page.wait_for_function(
                """() => { const plots = document.querySelectorAll('.js-plotly-plot');
                           return plots.length >= 4 && [...plots].every(p => p.querySelectorAll('svg path').length > 0); }""",
                timeout=30_000,
            )
            map_plot = page.locator(".js-plotly-plot").filter(has_text="Quần đảo Hoàng Sa")
            assert map_plot.count() == 1
            # Each archipelago's label in two lines (its province on the second): one text element, two tspans.
            truong_sa = map_plot.locator("text").filter(has_text="Quần đảo Trường Sa")
            assert truong_sa.count() == 1 and truong_sa.first.locator("tspan.line").all_text_contents() == [
                "Quần đảo Trường Sa",
                "(Khánh Hòa)",
            ]
            # Filled province polygons: one path per status trace at least, with a real outline.
            fills = map_plot.locator("path.js-fill")
            assert fills.count() >= 3
            assert max(len(fills.nth(i).get_attribute("d") or "") for i in range(fills.count())) > 1000
            _shot(page, "overview")
            assert page.locator('[data-testid="stException"]').count() == 0
        finally:
            page.close()

    _with_log(log_path, check)


def _script_done(page) -> None:
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=60_000)


# Every attribute through which a page could run or link something: none may come from the sheet.
_DANGEROUS = """() => {
    const found = [];
    for (const el of document.querySelectorAll('*')) {
        for (const attr of el.attributes) {
            const v = (attr.value || '').replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase();
            if (attr.name.startsWith('on') && /pwned|alert/.test(v)) found.push(el.tagName + ' ' + attr.name);
            if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(attr.name)
                && /^(javascript|data:text|vbscript):/.test(v)) found.push(el.tagName + ' ' + attr.name + '=' + v);
        }
        if (el.tagName === 'SCRIPT' && /pwned/.test(el.textContent)) found.push('script from the sheet');
        if (el.tagName === 'IMG' && el.getAttribute('src') === 'x') found.push('img from the sheet');
        if (['STRONG', 'B'].includes(el.tagName) && /giả mạo|Bí Mật/.test(el.textContent)) found.push('bold from the sheet');
    }
    return found;
}"""


def test_a_hostile_sheet_uploaded_in_the_browser_shows_on_every_page_and_runs_nothing(server, browser, tmp_path, config):
    from tests import hostile

    url, log_path = server
    upload = tmp_path / "cau-tra-loi.xlsx"
    upload.write_bytes(hostile.hostile_xlsx(config))

    def check():
        page = _open(browser, url)
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        try:
            page.locator('[data-testid="stSidebar"] [data-testid="stRadio"] label').filter(has_text="Tệp tải lên").click()
            page.wait_for_selector('[data-testid="stFileUploaderDropzoneInput"]', state="attached", timeout=30_000)
            page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(upload))
            # The upload is not demo data: the demo banner goes away once the sheet is read.
            page.get_by_text("Dữ liệu mẫu / Demo data").first.wait_for(state="detached", timeout=60_000)
            _script_done(page)
            for path in PAGE_PATHS[1:] + ("",):
                page.locator(f'[data-testid="stSidebarNav"] a[href$="/{path}"]').first.click()
                page.wait_for_url(f"{url}/{path}", timeout=30_000)
                _script_done(page)
                page.wait_for_selector('[data-testid="stMain"] [data-testid="stElementContainer"]', timeout=30_000)
                assert page.locator('[data-testid="stException"]').count() == 0, path
                assert page.evaluate(_DANGEROUS) == [], path
                assert not page.title().startswith("pwned"), path
                _shot(page, f"hostile-{path or 'overview'}")
            # The data shown is the hostile sheet's: 1,504 rows read on the data quality page.
            page.locator(f'[data-testid="stSidebarNav"] a[href$="/{QUALITY}"]').first.click()
            page.wait_for_url(f"{url}/{QUALITY}", timeout=30_000)
            _script_done(page)
            page.get_by_text("1.504 dòng đã đọc").wait_for(timeout=30_000)  # waits: count() would not
            assert page.get_by_text("1.504 dòng đã đọc").count() == 1
            assert dialogs == []
        finally:
            page.close()

    _with_log(log_path, check)


def test_with_a_password_configured_the_browser_shows_only_the_form_until_the_right_password(browser, tmp_path):
    from campaign.access import hash_password

    leader = hash_password("mật-khẩu-lãnh-đạo-2021", iterations=1000)
    with _streamlit(tmp_path, f'[access]\nleader_password_hash = "{leader}"\n') as (url, log_path):

        def check():
            page = _open(browser, url)
            try:
                page.get_by_label("Mật khẩu").wait_for(timeout=30_000)
                assert page.locator(".js-plotly-plot, [data-testid='stMetric'], [data-testid='stDataFrame']").count() == 0
                assert page.locator('[data-testid="stSidebarNav"]').count() == 0
                page.get_by_label("Mật khẩu").fill("đoán-bừa")
                page.get_by_role("button", name="Đăng nhập").click()
                page.get_by_text("Sai mật khẩu").wait_for(timeout=30_000)
                assert page.get_by_label("Mật khẩu").input_value() == ""  # the form is cleared
                time.sleep(1.2)  # the message says: try again in 1 second (the server-wide throttle)
                page.get_by_label("Mật khẩu").fill("mật-khẩu-lãnh-đạo-2021")
                page.get_by_role("button", name="Đăng nhập").click()
                page.wait_for_selector('[data-testid="stMetric"]', timeout=60_000)
                assert page.get_by_text("Lãnh đạo").count() >= 1
                _shot(page, "signed-in-leader")
                page.get_by_role("button", name="Đăng xuất").click()
                page.get_by_label("Mật khẩu").wait_for(timeout=30_000)
                assert page.locator("[data-testid='stMetric']").count() == 0
            finally:
                page.close()

        _with_log(log_path, check)


def test_a_bomb_uploaded_in_the_browser_is_refused_and_a_second_browser_still_gets_its_overview(
    server, browser, tmp_path, config
):
    from tests import bombs

    url, log_path = server
    upload = tmp_path / "dau-phay.csv"
    upload.write_bytes(bombs.commas_csv(config, 2_000_000))  # took a server to 7.9 GB and killed it

    def check():
        page = _open(browser, url)
        try:
            page.locator('[data-testid="stSidebar"] [data-testid="stRadio"] label').filter(has_text="Tệp tải lên").click()
            page.wait_for_selector('[data-testid="stFileUploaderDropzoneInput"]', state="attached", timeout=30_000)
            start = time.monotonic()
            page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(upload))
            page.get_by_text("Tệp quá lớn hoặc không hợp lệ").first.wait_for(timeout=30_000)
            assert time.monotonic() - start < 30
            assert page.locator('[data-testid="stException"]').count() == 0
            _shot(page, "bomb-refused")
            other = _open(browser, url)
            try:
                other.wait_for_selector('[data-testid="stMetric"]', timeout=60_000)
                assert other.locator('[data-testid="stMetric"]').count() >= 4
                assert other.locator('[data-testid="stException"]').count() == 0
                _shot(other, "bomb-second-browser-overview")
            finally:
                other.close()
        finally:
            page.close()

    _with_log(log_path, check)
