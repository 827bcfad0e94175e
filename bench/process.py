"""Process against process: the whole `python -m campaign report` (interpreter start, imports, read, engine, five
files written) against a process that only imports pandas and reads the same response and roster CSVs.

Each process is timed from the outside: wall time, and its CPU time (user + system) and peak memory from the
kernel's accounting of the finished child (os.wait4). On a machine shared with other work, CPU time is the
steadier of the two; both are reported, the fastest of the interleaved runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_process(argv: list[str]) -> dict:
    """One child process: its wall time, CPU time and peak resident memory."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv[:4])} … failed ({proc.returncode}):\n{stderr[-2000:]}")
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "peak_rss_mb": usage.ru_maxrss / 1024}


def floor_argv(responses: Path, roster: Path) -> list[str]:
    code = f"import pandas as pd; pd.read_csv({str(responses)!r}); pd.read_csv({str(roster)!r})"
    return [sys.executable, "-c", code]


def engine_argv(responses: Path, roster: Path, out: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "campaign",
        "report",
        "--responses",
        str(responses),
        "--agencies",
        str(roster),
        "--out",
        str(out),
    ]


def measure(responses: Path, roster: Path, repeat: int) -> dict:
    best = {"floor": {}, "engine": {}}
    with tempfile.TemporaryDirectory() as out:
        for _ in range(repeat):  # interleaved, so a busy moment of the machine hits both alike
            for name, argv in (("floor", floor_argv(responses, roster)), ("engine", engine_argv(responses, roster, Path(out)))):
                run = run_process(argv)
                for key, value in run.items():
                    best[name][key] = min(best[name].get(key, float("inf")), value)
    floor, engine = best["floor"], best["engine"]
    return {
        "floor": floor,
        "engine": engine,
        "ratio_wall": engine["wall_s"] / floor["wall_s"],
        "ratio_cpu": engine["cpu_s"] / floor["cpu_s"],
    }
