"""The overview page through AppTest on one size, against an empty Streamlit page. Prints one JSON line.

The data arrives as a coordinator would bring it: uploaded response and roster files.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from bench.generate import size_arguments

ROOT = Path(__file__).resolve().parent.parent
EMPTY_PAGE = "import streamlit as st\n"
TIMEOUT = 600


def timed_run(at: AppTest) -> float:
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    if at.exception:
        raise SystemExit(f"the page raised: {at.exception[0].message}")
    return elapsed


def overview_with_files(responses: Path, roster: Path) -> AppTest:
    """The app on the overview page with both files uploaded (the first run reads and prepares them)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    at.radio(key="source").set_value("upload")
    at.run()
    uploads = {u.key: u for u in at.get("file_uploader")}
    uploads["upload_responses"].set_value((responses.name, responses.read_bytes(), "text/csv"))
    uploads["upload_roster"].set_value((roster.name, roster.read_bytes(), "text/csv"))
    return at


def bench_config(folder: Path) -> Path:
    """campaign.toml with the roster's path made absolute (its [limits] admit the commune size as they are)."""
    text = (ROOT / "campaign.toml").read_text(encoding="utf-8")
    for old, new in (('roster = "campaign/data/', f'roster = "{ROOT.as_posix()}/campaign/data/'),):
        if old not in text:
            raise SystemExit(f"campaign.toml no longer has {old!r}: update bench/render.py")
        text = text.replace(old, new)
    path = folder / "bench_campaign.toml"
    path.write_text(text, encoding="utf-8")
    return path


def main() -> None:
    args, responses, roster = size_arguments()
    os.environ["CAMPAIGN_CONFIG"] = str(bench_config(args.folder))

    empty_at = AppTest.from_string(EMPTY_PAGE, default_timeout=TIMEOUT)
    at = overview_with_files(responses, roster)
    first = timed_run(at)  # reads, normalises and matches the upload: once per data load
    empty = page = float("inf")
    for _ in range(args.repeat):  # then every rerun (a filter, the language, another page) lays out cached frames
        empty = min(empty, timed_run(empty_at))
        page = min(page, timed_run(at))
    if at.error:
        raise SystemExit(f"the page showed an error instead of the data: {at.error[0].value}")
    metrics = [m.value for m in at.metric]
    print(
        json.dumps(
            {
                "size": args.size,
                "empty_s": empty,
                "overview_s": page,
                "ratio": page / empty,
                "first_load_s": first,
                "tiles": metrics,
            }
        )
    )


if __name__ == "__main__":
    main()
