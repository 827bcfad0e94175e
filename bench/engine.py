"""One size, in its own process: the floor (pandas.read_csv alone), the engine, and the engine's peak memory.

Prints one JSON line. Run by `python -m bench`; run alone as `python -m bench.engine --size ministry`.
"""

from __future__ import annotations

import json
import resource
import time
from pathlib import Path

import pandas as pd

from bench.generate import size_arguments
from campaign import metrics
from campaign.config import load_config
from campaign.export import tables, to_csv_bytes
from campaign.report import evaluate, prepare
from data_sources.files import FileSource


def run_engine(config, responses: Path, roster: Path) -> dict:
    """Everything the CLI does: read, normalise, match, status, metrics and the five exports (to bytes)."""
    prepared = prepare(FileSource(config, responses, agencies=roster).read(), config)
    report = evaluate(prepared)
    metrics.summary(report), metrics.by_group(report), metrics.burnup(report), metrics.activities(report)
    size = sum(len(to_csv_bytes(frame)) for frame in tables(report).values())
    return {"accounting": report.accounting, "export_bytes": size}


def best_of(repeat: int, fn) -> float:
    """The fastest of several runs: the one least disturbed by whatever else the machine was doing."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def main() -> None:
    args, responses, roster = size_arguments()
    config = load_config()

    baseline = rss_mb()  # the interpreter with pandas, rapidfuzz and the engine imported
    result = run_engine(config, responses, roster)  # the first run sets the peak
    peak = rss_mb()
    floor = engine = float("inf")
    for _ in range(args.repeat):  # interleaved, so a busy moment of the machine hits both alike
        floor = min(floor, best_of(1, lambda: (pd.read_csv(responses), pd.read_csv(roster))))
        engine = min(engine, best_of(1, lambda: run_engine(config, responses, roster)))
    print(
        json.dumps(
            {
                "size": args.size,
                "floor_s": floor,
                "engine_s": engine,
                "ratio": engine / floor,
                "baseline_rss_mb": baseline,
                "peak_rss_mb": peak,
                **result,
            }
        )
    )


if __name__ == "__main__":
    main()
