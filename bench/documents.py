"""The documents for one size, in their own process: the final report with its four charts (Chromium started for it,
as the app and the CLI do), the same with Chromium already open, the ITU report, and the urging letter.

Prints one JSON line. Run by `python -m bench`; alone as `python -m bench.documents --size ministry`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time

from bench.generate import size_arguments
from campaign.config import load_config
from campaign.report import evaluate, prepare
from data_sources.files import FileSource
from documents.charts import ChartRenderer
from documents.final_report import build_final_report, build_itu_report
from documents.letter import build_letter


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def main() -> None:
    args, responses, roster = size_arguments()
    config = load_config()
    report = evaluate(prepare(FileSource(config, responses, agencies=roster).read(), config), "2021-06-04T09:00")
    moment = report.as_of
    cold = warm = itu = letter = float("inf")
    pages = {}
    for _ in range(args.repeat):

        def final_cold():
            with ChartRenderer() as renderer:
                return build_final_report(report, moment, renderer=renderer), renderer

        seconds, (data, renderer) = timed(final_cold)
        cold = min(cold, seconds)
        assert renderer.rendered == 4
        pages["final_bytes"] = len(data)
        with ChartRenderer() as renderer:
            renderer.png(_warm_up(), 100, 100)  # Chromium is up: what is left is the report itself
            warm = min(warm, timed(lambda r=renderer: build_final_report(report, moment, renderer=r))[0])
            itu = min(itu, timed(lambda r=renderer: build_itu_report(report, moment, renderer=r))[0])
        letter = min(letter, timed(lambda: build_letter(report, moment, dt.date(2021, 6, 10)))[0])
    print(
        json.dumps(
            {
                "size": args.size,
                "final_cold_s": cold,
                "final_warm_s": warm,
                "itu_warm_s": itu,
                "letter_s": letter,
                "load_average": os.getloadavg(),
                **pages,
            }
        )
    )


def _warm_up():
    import plotly.graph_objects as go

    return go.Figure(go.Bar(x=[1], y=[1]))


if __name__ == "__main__":
    main()
