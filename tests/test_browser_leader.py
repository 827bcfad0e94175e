"""What a leader opens (#13), in headless Chromium: every page at 1440×900 and at phone width 390×844, in both
languages; nothing wider than the phone, no "None"/"nan"/"Page not found", no request leaving the machine; and every
deep link as the first visit on a freshly started server, with no dialog."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from dashboard import navigation
from tests.test_browser import ARTIFACTS, CHROMIUM, PAGE_PATHS, _streamlit, _with_log

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} not installed (apt-get install chromium)")

VIEWPORTS = {
    "desktop": {"width": 1440, "height": 900},
    "phone": {"width": 390, "height": 844},
    "phone360": {"width": 360, "height": 740},
}
# The heading each page shows first, in each language: the right page, not the default one.
HEADINGS = {
    "vi": {
        "": "Ngày Viễn thông",
        "don-doc": "Đôn đốc",
        "bao-cao": "Báo cáo đã gửi",
        "chat-luong": "Chất lượng dữ liệu",
        "minh-chung": "Minh chứng",
        "xuat-du-lieu": "Xuất dữ liệu",
        "dieu-phoi": "Điều phối",
        "hop-thu": "Hộp thư",
    },
    "en": {
        "": "World Telecommunication",
        "don-doc": "Follow-up",
        "bao-cao": "Submissions",
        "chat-luong": "Data quality",
        "minh-chung": "Evidence",
        "xuat-du-lieu": "Export",
        "dieu-phoi": "Coordinator",
        "hop-thu": "Mailbox",
    },
}
FORBIDDEN = re.compile(r"\bNone\b|\bnan\b|\bNaN\b|Page not found|Không tìm thấy trang")

# Elements sticking out past the right edge, unless an ancestor clips or scrolls them within the screen.
# Words of the headings that the browser broke across two lines ("Telecommunicatio / n"): each word's text
# must lie on one line box.
_BROKEN_WORDS = """() => {
    const out = [];
    for (const h of document.querySelectorAll('[data-testid="stMain"] h1, [data-testid="stMain"] h2')) {
        const walker = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const m of node.textContent.matchAll(/\\S+/g)) {
                const range = document.createRange();
                range.setStart(node, m.index);
                range.setEnd(node, m.index + m[0].length);
                const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                if (tops.size > 1) out.push(m[0]);
            }
        }
    }
    return out;
}"""
_TOO_WIDE = """() => {
    const width = document.documentElement.clientWidth;
    const out = [];
    for (const el of document.querySelectorAll('[data-testid="stMain"] *')) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0 || box.right <= width + 1) continue;
        let clipped = false;
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
            const style = getComputedStyle(a);
            if (['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX) && a.getBoundingClientRect().right <= width + 1) {
                clipped = true; break;
            }
        }
        if (!clipped) out.push(`${el.tagName}.${el.className && el.className.baseVal === undefined ? el.className : ''}`
                               + ` [${el.getAttribute('data-testid') || ''}] right=${Math.round(box.right)}`);
    }
    return out.slice(0, 10);
}"""
# Every chart's text (titles, ticks, legend, annotations, bar labels) as drawn: each inside its picture (not cut) and
# none over another. "<chart title>: …" for each problem.
_CHART_LABELS = """() => {
  const problems = [];
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    const svg = plot.querySelector('svg.main-svg').getBoundingClientRect();
    const name = (plot.querySelector('.gtitle') || {}).textContent || '?';
    const texts = [...plot.querySelectorAll('svg text')].filter(t => t.textContent.trim() && getComputedStyle(t).display !== 'none' && t.getAttribute('visibility') !== 'hidden');
    const boxes = texts.map(t => [t, t.getBoundingClientRect()]).filter(([, r]) => r.width > 0 && r.height > 0);
    for (const [t, r] of boxes) {
      if (r.left < svg.left - 1 || r.right > svg.right + 1 || r.top < svg.top - 1 || r.bottom > svg.bottom + 1)
        problems.push(`${name}: "${t.textContent.slice(0, 30)}" cut (${Math.round(r.left - svg.left)}..${Math.round(r.right - svg.left)} of ${Math.round(svg.width)})`);
    }
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const [a, ra] = boxes[i], [b, rb] = boxes[j];
      if (a.contains(b) || b.contains(a)) continue;
      const dx = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left), dy = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
      if (dx > 2 && dy > 2) problems.push(`${name}: "${a.textContent.slice(0, 25)}" over "${b.textContent.slice(0, 25)}"`);
    }
  }
  return problems;
}"""
# The map's blank: pixels between its title and the top of the drawing, and between the drawing and its legend.
_MAP_GAPS = """() => {
    const plot = document.querySelector('.st-key-map_box .js-plotly-plot');
    const r = e => e.getBoundingClientRect();
    let top = 1e9, bottom = -1e9;
    for (const p of plot.querySelectorAll('.scatterlayer path')) {
        const b = r(p);
        if (b.width && b.height) { top = Math.min(top, b.top); bottom = Math.max(bottom, b.bottom); }
    }
    return {above: top - r(plot.querySelector('.gtitle')).bottom, below: r(plot.querySelector('.legend')).top - bottom};
}"""
# Text on the page, including the visible cells of data frames (drawn on a canvas, listed in their grid's table).
_ALL_TEXT = """() => document.body.innerText + '\\n' +
    [...document.querySelectorAll('[role="gridcell"], [role="columnheader"], td, th')].map(c => c.textContent).join('\\n')"""


_WATCH_DIALOGS = """
window.__dialogs = [];
new MutationObserver(() => {
    for (const d of document.querySelectorAll('[role="dialog"]')) {
        if (!window.__dialogs.includes(d.innerText)) window.__dialogs.push(d.innerText);
    }
}).observe(document, {subtree: true, childList: true});
"""


def _new_page(browser, viewport: dict, hosts: list):
    page = browser.new_page(viewport=viewport)
    page.on("request", lambda request: hosts.append(request.url))
    return page


def _outside(urls: list[str], base: str) -> list[str]:
    """Requests to anywhere but the app's own server (data: and blob: URLs never leave the browser)."""
    own = urlsplit(base).netloc
    return [u for u in urls if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).netloc != own]


_SETTLED = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app && app.getAttribute('data-test-script-state') === 'notRunning'
        && !document.querySelector('[data-testid="stStatusWidget"]')
        && !document.querySelector('[data-testid="stSkeleton"]')
        && !document.querySelector('[data-stale="true"]');
}"""


def _wait_for_page(page, lang: str, path: str) -> None:
    """The right page's heading, then the script finished with nothing left to draw (checked twice, apart)."""
    page.locator('[data-testid="stMain"] h1, [data-testid="stMain"] h2').filter(has_text=HEADINGS[lang][path]).first.wait_for(
        timeout=60_000
    )
    for _ in range(2):
        page.wait_for_function(_SETTLED, timeout=60_000)
        page.wait_for_timeout(700)
    if path == "":
        page.wait_for_function(
            "() => [...document.querySelectorAll('.js-plotly-plot')].filter(p => p.querySelector('svg path')).length >= 4",
            timeout=60_000,
        )
    elif path == "hop-thu":  # no [inbox] here: the page says how to connect one
        page.locator('[data-testid="stMain"] [data-testid="stAlertContentInfo"]').filter(has_text="[inbox]").wait_for()
    else:
        page.wait_for_selector('[data-testid="stMain"] [data-testid="stDataFrame"], [data-testid="stDownloadButton"]')
    page.wait_for_function(_SETTLED, timeout=60_000)


def _screenshot(page, viewport: dict, name: str) -> None:
    """The whole page: Streamlit scrolls inside its main container, so the window is made as tall as the content."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": viewport["width"], "height": max(viewport["height"], min(height, 12_000))})
    page.wait_for_timeout(800)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    page.set_viewport_size(viewport)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with _streamlit(tmp_path_factory.mktemp("leader")) as running:
        yield running


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", ("vi", "en"))
def test_every_page_fits_the_screen_shows_no_none_and_asks_nothing_of_the_internet(server, browser, viewport, lang):
    url, log_path = server
    requests: list[str] = []

    def check():
        page = _new_page(browser, VIEWPORTS[viewport], requests)
        try:
            for path in PAGE_PATHS:
                page.goto(f"{url}/{path}" + ("?lang=en" if lang == "en" else ""))
                _wait_for_page(page, lang, path)
                assert page.locator('[data-testid="stException"]').count() == 0, path
                assert page.locator('[role="dialog"]').count() == 0, path
                found = FORBIDDEN.findall(page.evaluate(_ALL_TEXT))
                assert found == [], (path, found)
                if viewport.startswith("phone"):
                    assert page.evaluate(_TOO_WIDE) == [], path
                    assert page.evaluate(_BROKEN_WORDS) == [], path
                if path == "":
                    assert page.evaluate(_CHART_LABELS) == [], viewport
                    gaps = page.evaluate(_MAP_GAPS)  # the map fills its width: no band of sea above or below
                    assert gaps["above"] < 50 and gaps["below"] < 40, gaps
                _screenshot(page, VIEWPORTS[viewport], f"{viewport}-{lang}-{path or 'overview'}")
            assert _outside(requests, url) == []
        finally:
            page.close()

    _with_log(log_path, check)


@pytest.mark.parametrize("path", PAGE_PATHS[1:])
def test_a_deep_link_is_the_right_page_on_the_first_visit_to_a_fresh_server(browser, tmp_path, path):
    with _streamlit(tmp_path) as (url, log_path):
        requests: list[str] = []

        def check():
            page = _new_page(browser, VIEWPORTS["desktop"], requests)
            page.add_init_script(_WATCH_DIALOGS)  # a dialog shown for a moment and closed again counts too
            try:
                page.goto(f"{url}/{path}")
                _wait_for_page(page, "vi", path)
                assert page.url == f"{url}/{path}"
                assert page.locator('[role="dialog"]').count() == 0
                assert page.get_by_text("Page not found").count() == 0
                assert page.evaluate("() => window.__dialogs") == []
                assert _outside(requests, url) == []
            finally:
                page.close()

        _with_log(log_path, check)


PHONES = {"390x844": {"width": 390, "height": 844}, "360x740": {"width": 360, "height": 740}}
# The tiles of a row of tiles (a container keyed "tiles…"), counted per line on the screen, top to bottom.
_TILE_ROWS = """(key) => {
    const tops = [...document.querySelectorAll(`.st-key-${key} [data-testid="stColumn"]`)]
        .map(c => c.getBoundingClientRect()).filter(b => b.width > 0).map(b => Math.round(b.top));
    const rows = {};
    for (const top of tops) rows[top] = (rows[top] || 0) + 1;
    return Object.keys(rows).map(Number).sort((a, b) => a - b).map(top => rows[top]);
}"""
FIRST_SCREEN = {
    "vi": ("Sở TT&TT các tỉnh, thành phố — tính đến 17:00 ngày 01/06/2021: ", "Số liệu lúc "),
    "en": ("Provincial Departments of Information and Communications — as of 17:00 on 01/06/2021: ", "Figures as read at "),
}


@pytest.mark.parametrize("phone", PHONES)
@pytest.mark.parametrize("lang", ("vi", "en"))
def test_a_phones_first_screen_names_the_filter_and_the_moment_says_how_fresh_and_has_tiles_two_to_a_row(
    server, browser, phone, lang
):
    url, log_path = server
    viewport = PHONES[phone]
    headline, fresh = FIRST_SCREEN[lang]

    def check():
        page = browser.new_page(viewport=viewport)
        try:
            page.goto(f"{url}/?groups=province&at=2021-06-01T17:00" + ("&lang=en" if lang == "en" else ""))
            _wait_for_page(page, lang, "")
            assert page.locator('[data-testid="stMain"] h4').first.inner_text().startswith(headline)
            # When the figures were read: on the first screen, the sidebar closed (as a phone opens it).
            assert page.locator('[data-testid="stSidebar"][aria-expanded="true"]').count() == 0
            line = page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').filter(has_text=fresh).first
            box = line.bounding_box()
            assert box is not None and box["y"] + box["height"] <= viewport["height"], box
            tiles = page.evaluate(_TILE_ROWS, "tiles")
            assert sum(tiles) >= 6 and all(n >= 2 for n in tiles[:-1]), tiles  # two to a row (the last may be alone)
            assert len(tiles) <= (sum(tiles) + 1) // 2, tiles
            quantities = page.evaluate(_TILE_ROWS, "tiles_quantities")
            assert quantities and all(n == 3 for n in quantities[:-1]), quantities
            assert page.evaluate(_TOO_WIDE) == []
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"phone-{phone}-{lang}-first-screen.png"))
        finally:
            page.close()

    _with_log(log_path, check)


def test_a_leader_who_follows_a_link_to_the_coordinators_page_lands_on_the_overview_with_a_note(browser, tmp_path):
    from campaign.access import hash_password
    from tests.apptest import COORDINATOR_PASSWORD, LEADER_PASSWORD

    secrets = (
        f'[access]\npassword_hash = "{hash_password(COORDINATOR_PASSWORD, iterations=1000)}"\n'
        f'leader_password_hash = "{hash_password(LEADER_PASSWORD, iterations=1000)}"\n'
    )
    with _streamlit(tmp_path, secrets) as (url, log_path):

        def check():
            page = browser.new_page(viewport=PHONES["390x844"])
            page.add_init_script(_WATCH_DIALOGS)
            try:
                page.goto(f"{url}/dieu-phoi")
                page.get_by_label("Mật khẩu").fill(LEADER_PASSWORD)
                page.get_by_role("button", name="Đăng nhập").click()
                page.get_by_text("Trang vừa mở dành cho cán bộ điều phối; đây là trang Tổng quan.").wait_for(timeout=60_000)
                _wait_for_page(page, "vi", "")
                assert page.evaluate("() => window.__dialogs") == []  # not Streamlit's "Page not found"
                assert urlsplit(page.url).path in ("", "/"), page.url
                links = page.locator('[data-testid="stSidebarNav"] a')
                assert links.count() == len(navigation.page_paths("leader")) == 5  # with Minh chứng (#25)
                assert not [h for h in links.evaluate_all("els => els.map(e => e.href)") if "dieu-phoi" in h or "don-doc" in h]
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / "phone-leader-link-to-coordinator.png"))
            finally:
                page.close()

        _with_log(log_path, check)


_TOOLBARS = """() => [...document.querySelectorAll('.js-plotly-plot .modebar-container')]
    .filter(m => getComputedStyle(m).display !== 'none').length"""


def test_a_touch_screen_shows_no_chart_toolbar_and_a_mouse_still_has_the_camera(server, browser):
    url, log_path = server

    def check():
        touch = browser.new_page(viewport=PHONES["390x844"], is_mobile=True, has_touch=True)
        desktop = browser.new_page(viewport=VIEWPORTS["desktop"])
        try:
            for page in (touch, desktop):
                page.goto(url)
                _wait_for_page(page, "vi", "")
            assert touch.evaluate("() => matchMedia('(hover: none)').matches")
            assert touch.evaluate(_TOOLBARS) == 0
            assert desktop.evaluate(_TOOLBARS) >= 4
            chart = desktop.locator(".js-plotly-plot").first
            chart.hover()
            assert chart.locator('.modebar-btn[data-title^="Download plot" i]').count() == 1
        finally:
            touch.close()
            desktop.close()

    _with_log(log_path, check)


def test_the_chart_label_check_finds_a_cut_label_and_two_labels_on_each_other(browser):
    """_CHART_LABELS on a chart made to fail it: an annotation half outside the picture, two on one spot."""
    import plotly.graph_objects as go
    from plotly.offline import get_plotlyjs

    fig = go.Figure(go.Bar(x=[1, 2], y=["a", "b"], orientation="h"))
    fig.update_layout(title="Thử", width=360, height=300)
    fig.add_annotation(x=2, y="a", text="Quần đảo Trường Sa (Khánh Hòa)", showarrow=False, xshift=200)
    fig.add_annotation(x=1, y="b", text="Biển Đông", showarrow=False)
    fig.add_annotation(x=1, y="b", text="Hoàng Sa", showarrow=False, yshift=3)
    page = browser.new_page(viewport={"width": 400, "height": 400})
    try:
        page.set_content(f"<script>{get_plotlyjs()}</script>" + fig.to_html(full_html=False, include_plotlyjs=False))
        page.wait_for_selector(".js-plotly-plot svg text")
        problems = page.evaluate(_CHART_LABELS)
    finally:
        page.close()
    assert any("Quần đảo Trường Sa" in p and "cut" in p for p in problems), problems
    assert any("Biển Đông" in p and "Hoàng Sa" in p for p in problems), problems
