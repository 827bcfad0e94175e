"""Hardening figures (issue 15) against a real `streamlit run app.py`: `python -m bench.hardening`.

- uploads before sign-in: 50 PUTs of 19 MB to the upload endpoint of a session that has not signed in;
  the server's memory before, at its peak, and 10 s after (target: back within 50 MB of the start);
- the file bombs uploaded through the browser's path (AppTest here) and given to the CLI: time to the refusal,
  peak memory of the process and of the parsing child;
- password guesses that reach the hash check in a minute, from 50 sessions.

Prints the figures as Markdown for bench/RESULTS.md ("Hardening").
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench import server

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024


def rss(pid: int) -> int:
    """Resident memory of a process and its children (the parsing children included), in bytes."""
    total = 0
    for task in [pid, *_children(pid)]:
        with contextlib.suppress(OSError), open(f"/proc/{task}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
    return total


def _children(pid: int) -> list[int]:
    found = []
    with contextlib.suppress(OSError), open(f"/proc/{pid}/task/{pid}/children") as fh:
        for child in fh.read().split():
            found.append(int(child))
            found.extend(_children(int(child)))
    return found


class Peak:
    """The peak of rss(pid) sampled every 50 ms while the block runs."""

    def __init__(self, pid: int):
        self.pid, self.peak, self._stop = pid, 0, threading.Event()

    def __enter__(self):
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, rss(self.pid))
            time.sleep(0.05)

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


@contextlib.contextmanager
def streamlit_server(secrets: str):
    """`streamlit run app.py` on a free port with only these secrets: (url, process)."""
    with tempfile.TemporaryDirectory(prefix="hardening-") as folder:
        try:
            with server.streamlit_server(Path(folder), secrets) as running:
                yield running.url, running.proc
        except server.DidNotStart as exc:
            raise SystemExit(str(exc)) from None


@contextlib.contextmanager
def open_session(url: str):
    """Open the app's WebSocket as a browser would and run the script once; yields the session id while open."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect

    with connect(url.replace("http", "ws") + "/_stcore/stream", subprotocols=["streamlit"], max_size=None) as ws:
        back = BackMsg()
        back.rerun_script.query_string = ""
        back.rerun_script.page_script_hash = ""
        ws.send(back.SerializeToString())
        deadline, session_id = time.monotonic() + 120, None
        while time.monotonic() < deadline:
            message = ForwardMsg()
            message.ParseFromString(ws.recv(timeout=120))
            kind = message.WhichOneof("type")
            if kind == "new_session":
                session_id = message.new_session.initialize.session_id
            elif kind == "script_finished" and session_id:
                yield session_id  # the first page has been drawn (for a visitor: the sign-in form, no role)
                return
        raise SystemExit("the script did not run for the new session")


def put_file(url: str, session_id: str, size: int, xsrf: tuple[str, str] | None) -> int:
    import requests

    headers, cookies = {}, {}
    if xsrf:
        cookies["_streamlit_xsrf"] = xsrf[0]
        headers["X-Xsrftoken"] = xsrf[1]
    answer = requests.put(
        f"{url}/_stcore/upload_file/{session_id}/file-{time.monotonic_ns()}",
        files={"file": ("bom.csv", b"a" * size, "text/csv")},
        headers=headers,
        cookies=cookies,
        timeout=60,
    )
    return answer.status_code


def xsrf_token(url: str) -> tuple[str, str] | None:
    """The XSRF cookie a browser gets with the page, and the header value that goes with it."""
    import requests

    page = requests.get(f"{url}/_stcore/health", timeout=30)
    cookie = page.cookies.get("_streamlit_xsrf")
    return (cookie, cookie) if cookie else None


def uploads_before_sign_in(puts: int = 50, size_mb: int = 19) -> dict:
    from campaign.access import hash_password

    secrets = f'[access]\npassword_hash = "{hash_password("mật-khẩu-bench-2021", iterations=1000)}"\n'
    with streamlit_server(secrets) as (url, proc):
        with open_session(url) as session_id:
            xsrf = xsrf_token(url)
            start = rss(proc.pid)
            statuses = []
            with Peak(proc.pid) as peak:
                for _ in range(puts):
                    statuses.append(put_file(url, session_id, size_mb * MB, xsrf))
            ended = time.monotonic()
            after = []
            while time.monotonic() - ended < 10:
                after.append(rss(proc.pid))
                time.sleep(0.5)
        return {
            "statuses": sorted(set(statuses)),
            "start_mb": start / MB,
            "peak_mb": peak.peak / MB,
            "after_10s_mb": after[-1] / MB,
            "back_within_50mb": after[-1] - start <= 50 * MB,
        }


def bombs_in_the_app() -> list[dict]:
    """Each bomb uploaded through AppTest in this process: seconds to the refusal, peak of process + children."""
    from streamlit.testing.v1 import AppTest

    from campaign.config import load_config
    from tests import bombs

    config = load_config()
    files = {
        "2 MB of commas (CSV)": bombs.commas_csv(config, 2_000_000),
        "200 KB of commas (CSV)": bombs.commas_csv(config, 200_000),
        "one cell at XFD1048576 (XLSX)": bombs.far_cell_xlsx(),
        "the same, no declared size (XLSX)": bombs.undeclared_far_cell_xlsx(),
        "zip bomb, 256 MB of XML (XLSX)": bombs.zip_bomb_xlsx(),
        "1,000,000 rows (CSV)": bombs.million_rows_csv(config),
    }
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.radio(key="source").set_value("upload").run()
    rows = []
    for label, data in files.items():
        with Peak(os.getpid()) as peak:
            start = time.perf_counter()
            name = "bom.xlsx" if data[:2] == b"PK" else "bom.csv"
            at.file_uploader(key="upload_responses").set_value((name, data, "application/octet-stream")).run()
            seconds = time.perf_counter() - start
        refused = any("Tệp quá lớn hoặc không hợp lệ" in e.value.replace("\\", "") for e in at.error)
        rows.append({"file": label, "bytes": len(data), "seconds": seconds, "peak_mb": peak.peak / MB, "refused": refused})
    other = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    rows.append({"file": "another session's overview afterwards", "metrics": len(other.metric), "error": bool(other.exception)})
    return rows


def bombs_in_the_cli(folder: Path) -> list[dict]:
    from campaign.config import load_config
    from tests import bombs

    config = load_config()
    files = {
        "2 MB of commas (CSV)": ("commas.csv", bombs.commas_csv(config, 2_000_000)),
        "one cell at XFD1048576 (XLSX)": ("far.xlsx", bombs.far_cell_xlsx()),
        "zip bomb (XLSX)": ("zip.xlsx", bombs.zip_bomb_xlsx()),
        "1,000,000 rows (CSV)": ("million.csv", bombs.million_rows_csv(config)),
    }
    rows = []
    for label, (name, data) in files.items():
        path = folder / name
        path.write_bytes(data)
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "campaign", "report", "--responses", str(path), "--out", str(folder / "out")],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        with Peak(proc.pid) as peak:
            _, err = proc.communicate(timeout=120)
        rows.append(
            {
                "file": label,
                "exit": proc.returncode,
                "seconds": time.perf_counter() - start,
                "peak_mb": peak.peak / MB,
                "stderr": err.strip()[:90],
            }
        )
    return rows


def guesses_per_minute(sessions: int = 50) -> int:
    """50 sessions, each guessing every half second for a minute against the one password form (real throttle)."""
    from campaign.access import Throttle

    throttle, hashed = Throttle(), 0
    for tick in range(120):
        now = tick * 0.5
        for session in range(sessions):
            if throttle.admit("password-form", f"10.0.{session}.1", now) == 0:
                hashed += 1
                throttle.failed(f"10.0.{session}.1", now)
    return hashed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-server", action="store_true", help="leave out the 50 × 19 MB uploads")
    sys.path.insert(0, str(ROOT))
    parser.add_argument("--skip-cli", action="store_true", help="leave out the bombs given to the CLI")
    args = parser.parse_args()
    print(f"guesses reaching the hash check in a minute, 50 sessions: {guesses_per_minute()}")
    if not args.skip_cli:
        with tempfile.TemporaryDirectory() as folder:
            for row in bombs_in_the_cli(Path(folder)):
                print("cli", row)
    for row in bombs_in_the_app():
        print("app", row)
    print("self peak MB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    if not args.skip_server:
        print("uploads before sign-in", uploads_before_sign_in())


if __name__ == "__main__":
    main()
