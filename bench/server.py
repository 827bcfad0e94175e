"""A dashboard server in a child process, as the benches and the browser and proxy tests start it: one place for the
free port, the command line, the wait for /_stcore/health and the stop."""

from __future__ import annotations

import contextlib
import os
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class DidNotStart(RuntimeError):
    """The server ended or did not answer in time; the message carries its log."""


@dataclass(frozen=True)
class Running:
    url: str
    proc: subprocess.Popen
    log: Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def streamlit_argv(port: int, secrets: Path) -> list[str]:
    """`streamlit run app.py` headless on 127.0.0.1:`port`, with only the secrets in that file."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless=true",
        f"--server.port={port}",
        "--server.address=127.0.0.1",
        "--browser.gatherUsageStats=false",
        # Only these secrets, whatever a developer keeps in ~/.streamlit or .streamlit/secrets.toml.
        f"--secrets.files={secrets}",
    ]


def wait_started(url: str, proc: subprocess.Popen, seconds: float) -> bool:
    """Poll `url`/_stcore/health until it answers 200 (True); False, with the process killed, when the process
    ended or the time ran out."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            # A test certificate (bench/proxy.py, tls=True) is not checked: this only asks whether it answers.
            context = ssl._create_unverified_context() if url.startswith("https:") else None
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2, context=context) as answer:
                if answer.status == 200:
                    return True
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            return False
        time.sleep(0.2)


def stop(proc: subprocess.Popen, seconds: float = 10) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextlib.contextmanager
def running(
    argv: list[str], port: int, log_path: Path, *, env: dict | None = None, cwd: Path = ROOT, seconds: float = 90
) -> Iterator[Running]:
    """Run `argv` (a server on `port`), its output in `log_path`, until it answers; stopped on the way out."""
    url = f"http://127.0.0.1:{port}"
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            argv, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
        )
        if not wait_started(url, proc, seconds):
            raise DidNotStart(f"{argv[2:5]} on port {port} did not start:\n{log_path.read_text()}")
        try:
            yield Running(url, proc, log_path)
        finally:
            stop(proc)


@contextlib.contextmanager
def streamlit_server(
    folder: Path, secrets: str = "", *, env: dict | None = None, root: Path = ROOT, seconds: float = 90
) -> Iterator[Running]:
    """`streamlit run app.py` of `root` on a free port with only these secrets (written to `folder`, with the log)."""
    folder.mkdir(parents=True, exist_ok=True)
    secrets_path = folder / "secrets.toml"
    secrets_path.write_text(secrets, encoding="utf-8")
    port = free_port()
    with running(
        streamlit_argv(port, secrets_path), port, folder / "streamlit.log", env=env, cwd=root, seconds=seconds
    ) as server:
        yield server
