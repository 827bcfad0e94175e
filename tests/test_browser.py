"""The app in a real browser: `streamlit run app.py` on a free port, every page opened by headless Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

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
# url_path of each st.Page in app.py; the overview is the default page, at "/".
PAGE_PATHS = ("", "don-doc", "bao-cao", "chat-luong", "xuat-du-lieu")
SCREEN = {"width": 1600, "height": 2300}  # tall enough for the whole overview in one screenshot

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} not installed (apt-get install chromium)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A Streamlit server on the demo data (no secrets), its URL, and its log printed if a test fails."""
    port = _free_port()
    log_path = tmp_path_factory.mktemp("server") / "streamlit.log"
    log = log_path.open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
            # No secrets: the app must open on the demo data whatever a developer keeps in ~/.streamlit.
            "--secrets.files",
            str(log_path.parent / "no-secrets.toml"),
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"streamlit did not start:\n{log_path.read_text()}")
        time.sleep(0.2)
    yield url, log_path
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


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
            assert map_plot.get_by_text("Quần đảo Trường Sa (Khánh Hòa)").count() == 1
            # Filled province polygons: one path per status trace at least, with a real outline.
            fills = map_plot.locator("path.js-fill")
            assert fills.count() >= 3
            assert max(len(fills.nth(i).get_attribute("d") or "") for i in range(fills.count())) > 1000
            _shot(page, "overview")
            assert page.locator('[data-testid="stException"]').count() == 0
        finally:
            page.close()

    _with_log(log_path, check)
