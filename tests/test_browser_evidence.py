"""The evidence gallery in headless Chromium (demo data, open mode): the photos are the server's own thumbnails (every
picture loaded, none from the internet), the gallery fits a 390 px phone, and a link to the original is only a link."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.test_browser import CHROMIUM, _streamlit, _with_log
from tests.test_browser_leader import _TOO_WIDE, _outside, _screenshot

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} not installed (apt-get install chromium)")

VIEWPORTS = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}
_LOADED = """() => [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stImage"] img, [data-testid="stMain"] [data-testid="stImageContainer"] img')]
    .map(i => ({src: i.currentSrc || i.src, ok: i.complete && i.naturalWidth > 0}))"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with _streamlit(tmp_path_factory.mktemp("evidence")) as running:
        yield running


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_gallery_shows_the_servers_own_thumbnails_and_fits_the_screen(server, browser, viewport):
    url, log_path = server
    requests: list[str] = []

    def check():
        page = browser.new_page(viewport=VIEWPORTS[viewport])
        page.on("request", lambda r: requests.append(r.url))
        try:
            page.goto(f"{url}/minh-chung")
            page.locator('[data-testid="stMain"] h1, [data-testid="stMain"] h2').filter(has_text="Minh chứng").first.wait_for(
                timeout=60_000
            )
            page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)
            page.wait_for_function(f"() => ({_LOADED})().filter(i => i.ok).length >= 12", timeout=60_000)
            assert page.locator('[data-testid="stException"]').count() == 0
            _screenshot(page, VIEWPORTS[viewport], f"evidence-{viewport}")  # the whole page: every picture in view once
            page.wait_for_function(f"() => ({_LOADED})().every(i => i.ok)", timeout=30_000)
            pictures = page.evaluate(_LOADED)
            assert {urlsplit(i["src"]).netloc for i in pictures} == {urlsplit(url).netloc}  # served by the app
            originals = page.locator('[data-testid="stLinkButton"] a').first
            assert originals.get_attribute("href").startswith("https://drive.google.com/")  # a link, never loaded
            if viewport == "phone":
                assert page.evaluate(_TOO_WIDE) == []
            assert _outside(requests, url) == []
        finally:
            page.close()

    _with_log(log_path, check)
