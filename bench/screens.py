"""A screenshot of the overview in Chromium (the demo data, open mode), to compare the page before and after a
change that must not change how it looks:

    python -m bench.screens docs/overview-after.png                     # this checkout
    python -m bench.screens /tmp/before.png --root /path/to/older/checkout
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.load import streamlit_server

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]
SCREEN = {"width": 1600, "height": 2300}  # as tests/test_browser.py: the whole overview in one picture


def screenshot(url: str, path: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport=SCREEN)
        page.goto(url)
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=120_000)
        page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=120_000)
        page.wait_for_function(
            """() => { const plots = document.querySelectorAll('.js-plotly-plot');
                       return plots.length >= 4 && [...plots].every(p => p.querySelectorAll('svg path').length > 0); }""",
            timeout=120_000,
        )
        page.wait_for_timeout(1500)  # plotly's transitions
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=True)
        browser.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.screens")
    parser.add_argument("out", type=Path)
    parser.add_argument("--root", type=Path, help="the checkout whose app.py to run (default: this one)")
    args = parser.parse_args(argv)
    with streamlit_server(root=args.root) as (url, _pid):
        screenshot(url, args.out)
    print(args.out)


if __name__ == "__main__":
    main(sys.argv[1:])
