"""Process against process: the whole `python -m campaign report` (interpreter start, imports, read, engine, five
files written) against a process that only imports pandas and reads the same response and roster CSVs.

Each process is timed from the outside: wall time, and its CPU time (user + system) and peak memory from the
kernel's accounting of the finished child (os.wait4). On a machine shared with other work, CPU time is the
steadier of the two; both are reported, the fastest of the interleaved runs.

The CPU time counts the process's descendants too: the report parses its files in children of a forkserver
(data_sources/bounded.py) that it never waits for, so os.wait4 alone would leave the parse out. This process is
made a child subreaper (Linux) while it measures: the orphaned forkserver is re-parented here and reaped, and its
CPU (with its parse children's) arrives in RUSAGE_CHILDREN.
"""

from __future__ import annotations

import ctypes
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


_PR_SET_CHILD_SUBREAPER = 36


def _subreaper(on: bool) -> None:
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_CHILD_SUBREAPER, int(on), 0, 0, 0)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_process(argv: list[str]) -> dict:
    """One child process: its wall time, CPU time (its descendants' included) and peak resident memory."""
    before = _children_cpu()
    start = time.perf_counter()
    _subreaper(True)
    try:
        proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        while True:  # the orphans re-parented here (the forkserver, the resource tracker) end with the child
            try:
                os.waitpid(-1, 0)
            except ChildProcessError:
                break
    finally:
        _subreaper(False)
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv[:4])} … failed ({proc.returncode}):\n{stderr[-2000:]}")
    return {"wall_s": wall, "cpu_s": _children_cpu() - before, "peak_rss_mb": usage.ru_maxrss / 1024}


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
