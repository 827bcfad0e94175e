"""The documents for one size, in their own process: the final report with its four charts (Chromium started for it,
as the CLI does), the same with Chromium already open (the app keeps one per process), both reports together as one
click on the Export page builds them, the ITU report, the urging letter, and the whole `python -m campaign
final-report` process.

Prints one JSON line. Run by `python -m bench`; alone as `python -m bench.documents --size ministry`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.generate import size_arguments
from campaign.config import load_config
from campaign.report import evaluate, prepare
from data_sources.files import FileSource
from documents.charts import ChartRenderer
from documents.final_report import build_final_report, build_itu_report
from documents.letter import build_letter

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2021-06-04T09:00"


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def cpu_seconds(browser_pid: int | None = None) -> float:
    """This process's CPU time, and with a pid that of the process tree under it (Chromium's processes, from /proc)."""
    t = os.times()
    return t.user + t.system + (tree_cpu_seconds(browser_pid) if browser_pid else 0.0)


def tree_cpu_seconds(root: int) -> float:
    parents, cpu = {}, {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
            cpu[int(entry.name)] = int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += cpu.get(pid, 0)
        todo += [child for child, parent in parents.items() if parent == pid]
    return total / os.sysconf("SC_CLK_TCK")


def main() -> None:
    args, responses, roster = size_arguments()
    config = load_config()
    report = evaluate(prepare(FileSource(config, responses, agencies=roster).read(), config), AS_OF)
    moment = report.as_of
    best = dict.fromkeys(
        ("final_cold_s", "final_cold_cpu_s", "final_warm_s", "both_warm_s", "itu_warm_s", "letter_s", "cli_s"), float("inf")
    )
    pages = {}

    def keep(key: str, value: float) -> None:
        best[key] = min(best[key], value)

    for _ in range(args.repeat):
        cpu = cpu_seconds()
        start = time.perf_counter()
        with ChartRenderer() as renderer:
            data = build_final_report(report, moment, renderer=renderer)
            keep("final_cold_s", time.perf_counter() - start)
            keep("final_cold_cpu_s", cpu_seconds(renderer.browser_pid) - cpu)
        assert renderer.rendered == 4 and renderer.started == 1
        pages["final_bytes"] = len(data)
        with ChartRenderer() as renderer:
            renderer.png(_warm_up(), 100, 100)  # Chromium is up: what is left is the report itself
            keep("final_warm_s", timed(lambda r=renderer: build_final_report(report, moment, renderer=r))[0])
            keep("itu_warm_s", timed(lambda r=renderer: build_itu_report(report, moment, renderer=r))[0])
            keep("both_warm_s", timed(lambda r=renderer: _both(report, moment, r))[0])
            assert renderer.started == 1
        keep("letter_s", timed(lambda: build_letter(report, moment, dt.date(2021, 6, 10)))[0])
        keep("cli_s", timed(lambda: _cli(responses, roster))[0])
    print(json.dumps({"size": args.size, **best, "load_average": os.getloadavg(), **pages}))


def _both(report, moment, renderer) -> None:
    build_final_report(report, moment, renderer=renderer)
    build_itu_report(report, moment, renderer=renderer)


def _cli(responses: Path, roster: Path) -> None:
    """`python -m campaign final-report`: the two reports, eight charts, one Chromium; the whole process."""
    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, "-m", "campaign", "final-report", "--responses", str(responses)]
        command += ["--agencies", str(roster), "--as-of", AS_OF, "--out", out]
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)


def _warm_up():
    import plotly.graph_objects as go

    return go.Figure(go.Bar(x=[1], y=[1]))


if __name__ == "__main__":
    main()
