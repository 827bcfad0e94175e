"""Server CPU per overview view: start `streamlit run app.py`, open N sessions at once, read the server's CPU time
from /proc before and after.

Each session is what a browser does on the server: GET the page (index.html), then Streamlit's WebSocket
(/_stcore/stream) with the same first message the browser sends (a rerun of the default page with the viewer's
time zone and locale) and read every message until the script has finished: the whole overview, the four figures'
JSON included. The browser's own work (drawing the figures) is not the server's, and 50 Chromium pages on this
machine's two cores would take the CPU the server needs and measure the browsers more than the server; the
WebSocket client costs the server exactly what a browser's first view costs (it sends no cached-message hashes,
like a leader opening the link for the first time). The JavaScript bundle, cached by a browser after its first
visit, is not fetched.

    python -m bench.load --sessions 1,10,50          # prints one JSON line per N
    python -m bench.load --sessions 10 --server http://127.0.0.1:8501 --pid 1234   # a server already running
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench import server

ROOT = Path(__file__).resolve().parent.parent
CLK_TCK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its waited-for children, from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime, cutime, cstime = (int(x) for x in fields[11:15])
    return (utime + stime + cutime + cstime) / CLK_TCK


def rss_mb(pid: int) -> tuple[float, float]:
    """(current, peak) resident memory of the process in MiB."""
    status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(status["VmRSS"].split()[0]) / 1024, int(status["VmHWM"].split()[0]) / 1024


@contextlib.contextmanager
def streamlit_server(env: dict | None = None, root: Path | None = None):
    """`streamlit run app.py` on a free port, open mode on the demo data (no secrets): (url, pid).
    `root`: another checkout's app (default: this one)."""
    with tempfile.TemporaryDirectory() as folder:
        try:
            with server.streamlit_server(Path(folder), env=env, root=root or ROOT, seconds=120) as running:
                yield running.url, running.proc.pid
        except server.DidNotStart as exc:
            raise SystemExit(str(exc)) from None


def _first_message(url: str) -> bytes:
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    state = msg.rerun_script
    state.query_string = ""
    state.page_script_hash = ""
    state.page_name = ""
    info = state.context_info
    info.timezone = "Asia/Ho_Chi_Minh"
    info.timezone_offset = -420
    info.locale = "vi-VN"
    info.url = url + "/"
    return msg.SerializeToString()


def _get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=300) as answer:
        return len(answer.read())


async def one_view(url: str, timeout: float = 600) -> dict:
    """One viewer's first overview: the page, then the WebSocket until the script has finished."""
    import websockets
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    start = time.perf_counter()
    page_bytes = await asyncio.to_thread(_get, url + "/")
    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    received = deltas = 0
    async with websockets.connect(ws_url, subprotocols=["streamlit"], origin=url, max_size=None, open_timeout=timeout) as ws:
        await ws.send(_first_message(url))
        while True:
            data = await asyncio.wait_for(ws.recv(), timeout)
            received += len(data)
            msg = ForwardMsg()
            msg.ParseFromString(data)
            kind = msg.WhichOneof("type")
            if kind == "delta":
                deltas += 1
            elif kind == "script_finished":
                if msg.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                    break
                if msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    raise RuntimeError(f"the script did not finish: {msg.script_finished}")
    return {"seconds": time.perf_counter() - start, "bytes": received + page_bytes, "deltas": deltas}


async def _burst(url: str, n: int) -> list[dict]:
    return await asyncio.gather(*(one_view(url) for _ in range(n)))


def measure(url: str, pid: int, n: int) -> dict:
    """N viewers open the overview at the same moment: server CPU-seconds per view and their waits."""
    before = cpu_seconds(pid)
    wall = time.perf_counter()
    views = asyncio.run(_burst(url, n))
    wall = time.perf_counter() - wall
    time.sleep(0.5)  # the last messages' bookkeeping after the socket closed
    used = cpu_seconds(pid) - before
    times = sorted(v["seconds"] for v in views)
    rss, peak = rss_mb(pid)
    return {
        "sessions": n,
        "cpu_s": used,
        "cpu_per_view_s": used / n,
        "median_s": statistics.median(times),
        "max_s": times[-1],
        "wall_s": wall,
        "kb_per_view": statistics.mean(v["bytes"] for v in views) / 1024,
        "deltas": views[0]["deltas"],
        "rss_mb": rss,
        "peak_rss_mb": peak,
    }


def run(sessions: list[int], server: str | None = None, pid: int | None = None) -> dict:
    """Warm the server with one view (the data read and the figures built: once per data, not per view), then
    each N in turn. Returns {"warmup": …, "loads": [one dict per N]}."""
    with contextlib.ExitStack() as stack:
        if server is None:
            server, pid = stack.enter_context(streamlit_server())
        idle = rss_mb(pid)[0]
        warm = measure(server, pid, 1)
        loads = [measure(server, pid, n) for n in sessions]
    return {"idle_rss_mb": idle, "warmup": warm, "loads": loads}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.load")
    parser.add_argument("--sessions", default="1,10,50")
    parser.add_argument("--server", help="the URL of a server already running (default: start one)")
    parser.add_argument("--pid", type=int, help="that server's process id (for its CPU time)")
    args = parser.parse_args(argv)
    result = run([int(x) for x in args.sessions.split(",")], args.server, args.pid)
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
