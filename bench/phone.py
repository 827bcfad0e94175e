"""A leader's first visit on a phone network: the bytes a fresh phone browser transfers and the time to the headline
and to the full overview (four charts drawn), on Chromium's emulated 4G, side by side in one run:

- `streamlit run` reached directly (what a bare deployment sends);
- the README's nginx (deploy/nginx/) with its compression switched off;
- the README's nginx as shipped, over HTTP: gzip (Streamlit's static files from tools/precompress_static.py's copy);
- the same over HTTPS and HTTP/2 with brotli, as README sets it up for production.

    python -m bench.phone                 # writes the "phone" section of bench/RESULTS.md
    python -m bench.phone --no-write      # prints it only

Each visit is a new browser context with its cache disabled (a first visit); the server is warmed first by one visit,
so what is measured is the network and the browser, not the first read of the data. The demo data, public at the
leader's level (`[access] allow_anonymous = true`), 390×844 as a touch screen.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import os
import statistics
import tempfile
import time
from pathlib import Path

from bench.proxy import BROTLI_MODULE, nginx
from bench.server import streamlit_server

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--ignore-certificate-errors",  # the HTTPS run's certificate is made for the run
]
PHONE = {"width": 390, "height": 844}
# Chrome DevTools' "Fast 4G" preset (DevTools 2024+): 9 Mbit/s down, 1.5 Mbit/s up, 60 ms × 2.75 latency.
FOUR_G = {"offline": False, "latency": 165, "downloadThroughput": 9_000_000 / 8 * 0.9, "uploadThroughput": 1_500_000 / 8 * 0.9}
SECTION = "## The leaders' phone: a first visit on 4G (issue #26)"
OVERVIEW_DRAWN = """() => { const plots = document.querySelectorAll('.js-plotly-plot');
    return plots.length >= 4 && [...plots].every(p => p.querySelectorAll('svg path').length > 0)
        && document.querySelector('[data-testid="stApp"][data-test-script-state="notRunning"]'); }"""


def first_visit(browser, url: str, *, network: dict | None, screenshot: Path | None = None) -> dict:
    """One fresh phone browser at `url`: bytes received (HTTP bodies as sent, WebSocket frames) and seconds."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="vi-VN")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    if network:
        cdp.send("Network.emulateNetworkConditions", network)
    http, frames = {}, [0]

    def frame(event) -> None:
        response = event["response"]
        data = response.get("payloadData", "")
        frames[0] += len(base64.b64decode(data)) if response.get("opcode") == 2 else len(data.encode())

    cdp.on("Network.loadingFinished", lambda e: http.__setitem__(e["requestId"], e["encodedDataLength"]))
    cdp.on("Network.webSocketFrameReceived", frame)
    start = time.monotonic()
    try:
        page.goto(url, wait_until="commit", timeout=180_000)
        page.wait_for_selector('[data-testid="stMetric"]', timeout=180_000)
        headline = time.monotonic() - start
        page.wait_for_function(OVERVIEW_DRAWN, timeout=180_000)
        full = time.monotonic() - start
        page.wait_for_timeout(500)  # the last frames and files counted
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot), full_page=False)
    finally:
        context.close()
    return {"headline_s": headline, "full_s": full, "http_bytes": sum(http.values()), "ws_bytes": frames[0]}


@contextlib.contextmanager
def _deployment(folder: Path):
    """One dashboard process on the demo, public at the leader's level; its own url and nginx's, with and without
    compression: {name: url}."""
    secrets = "[access]\nallow_anonymous = true\n"
    env = {"CAMPAIGN_STORE_PATH": str(folder / "state" / "campaign.sqlite")}
    static = _precompressed()
    with streamlit_server(folder / "app", secrets, env=env) as app:
        port = int(app.url.rsplit(":", 1)[1])
        with contextlib.ExitStack() as stack:
            plain = stack.enter_context(nginx([port, port], gzip=False, brotli=False))[0]
            shipped = stack.enter_context(nginx([port, port], static=static))[0]
            tls = stack.enter_context(nginx([port, port], tls=True, static=static))[0]
            yield {"direct": app.url, "nginx_plain": plain, "nginx": shipped, "nginx_tls": tls}


def _precompressed() -> Path:
    """README's copy of Streamlit's static files with their .br/.gz twins (quality 11), made once per Streamlit
    version in bench/out (about a minute)."""
    import streamlit

    from tools.precompress_static import precompress

    folder = ROOT / "bench" / "out" / f"www-streamlit-{streamlit.__version__}"
    if not (folder / "done").exists():
        precompress(folder)
        (folder / "done").write_text("")
    return folder


def measure(repeat: int = 3, screenshots: Path | None = None) -> dict:
    from playwright.sync_api import sync_playwright

    results: dict[str, list[dict]] = {}
    with tempfile.TemporaryDirectory(prefix="phone-") as tmp, _deployment(Path(tmp)) as urls:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for url in urls.values():  # warm: the data read and the report built once, nginx's cache filled
                first_visit(browser, url, network=None)
            for i in range(repeat):
                for name, url in urls.items():
                    shot = screenshots / f"phone-{name}.png" if screenshots and i == 0 else None
                    results.setdefault(name, []).append(first_visit(browser, url, network=FOUR_G, screenshot=shot))
            browser.close()
    load = os.getloadavg()[0]
    return {"runs": results, "load": load, "repeat": repeat}


def _mb(n: float) -> str:
    return f"{n / 1e6:.2f} MB"


def section(measured: dict) -> str:
    """The RESULTS.md section: one row per way of serving, medians (min–max) over the runs."""
    names = {
        "direct": "`streamlit run`, direct",
        "nginx_plain": "README's nginx, compression off",
        "nginx": "README's nginx as shipped, HTTP (gzip)",
        "nginx_tls": f"README's nginx, HTTPS + HTTP/2{' + brotli' if BROTLI_MODULE.exists() else ''} (production)",
    }
    lines = [
        SECTION,
        "",
        f"`python -m bench.phone`, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average "
        f"{measured['load']:.1f} at the end, {measured['repeat']} first visits each (median, min–max): a fresh "
        'Chromium context at 390×844 (touch), cache disabled, on Chromium\'s emulated "Fast 4G" (9 Mbit/s down, '
        "1.5 Mbit/s up, 165 ms); the demo, public at the leader's level; the server warmed by one visit first. Bytes: "
        "HTTP bodies as transferred (compressed where they were) plus the WebSocket's frames. Targets: the full "
        "overview ≤ 5 s, ≤ 2.5 MB.",
        "",
        "| served by | transferred | of which WebSocket | headline | full overview (4 charts) |",
        "|---|---|---|---|---|",
    ]
    for key, label in names.items():
        runs = measured["runs"][key]
        total = [r["http_bytes"] + r["ws_bytes"] for r in runs]
        ws = [r["ws_bytes"] for r in runs]
        head = [r["headline_s"] for r in runs]
        full = [r["full_s"] for r in runs]
        lines.append(
            f"| {label} | {_mb(statistics.median(total))} | {_mb(statistics.median(ws))} | "
            f"{statistics.median(head):.1f} s ({min(head):.1f}–{max(head):.1f}) | "
            f"{statistics.median(full):.1f} s ({min(full):.1f}–{max(full):.1f}) |"
        )
    shipped = measured["runs"]["nginx_tls"]
    full = statistics.median(r["full_s"] for r in shipped)
    sent = statistics.median(r["http_bytes"] + r["ws_bytes"] for r in shipped)
    lines += [
        "",
        f"Verdict: through the README's nginx set up for production the first full overview took {full:.2f} s on 4G "
        f"({'meets' if full <= 5 else 'misses'} ≤ 5 s, at load {measured['load']:.1f} on 2 cores shared with the "
        f"server) and transferred {_mb(sent)} ({'meets' if sent <= 2.5e6 else 'misses'} ≤ 2.5 MB).",
        "",
        "What made the difference (issue #26): nginx compresses the page and serves Streamlit's static files from a copy "
        "compressed ahead (`tools/precompress_static.py`: brotli 11, gzip 9; before, gzip level 1 on the fly and "
        "only under /static/); the first screen no longer needs the italic and monospace fonts (the map's sea label "
        "upright, the public banner without code formatting: 228 kB); HTTPS with HTTP/2 lets the phone fetch "
        "Streamlit's hundred small files at once. What is left is mostly Plotly's bundle (1.06 MB as brotli), the "
        "icon font (375 kB) and the text font (171 kB), which Streamlit's frontend loads on every page with a chart. "
        "The overview at 390 px before and after the map's fitting: `docs/phone-overview-before-after.png`.",
        "",
    ]
    return "\n".join(lines)


def write_section(results: Path, text: str, heading: str = SECTION) -> None:
    """Replace this section of RESULTS.md (from its heading to the next `## `), or add it at the end; nothing else
    in the file changes."""
    old = results.read_text(encoding="utf-8") if results.exists() else "# Benchmarks\n"
    if heading in old:
        before, rest = old.split(heading, 1)
        after = rest.split("\n## ", 1)
        tail = "\n## " + after[1] if len(after) == 2 else ""
        new = before + text.rstrip("\n") + "\n" + tail
    else:
        new = old.rstrip("\n") + "\n\n" + text.rstrip("\n") + "\n"
    results.write_text(new, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.phone", description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md")
    parser.add_argument("--screenshots", type=Path, default=ROOT / "docs", help="where the phone screenshots go")
    args = parser.parse_args(argv)
    text = section(measure(args.repeat, args.screenshots))
    print(text)
    if not args.no_write:
        write_section(args.results, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
