"""What the AppTest-driven tests share: the app's path, a run with secrets / address / signed-in user, the check that
no page raised, the tiles, and the test passwords."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TIMEOUT = 60
COORDINATOR_PASSWORD = "mật-khẩu-điều-phối-2021"
LEADER_PASSWORD = "mật-khẩu-lãnh-đạo-2021"


def new_app(secrets: dict | None = None, query: dict | None = None, *, timeout: float = TIMEOUT, run: bool = True) -> AppTest:
    """app.py with these secrets and this address (?lang=…), run once unless `run` is False."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    for name, value in (secrets or {}).items():
        at.secrets[name] = value
    at.query_params.update(query or {})
    return at.run() if run else at


def no_exception(at: AppTest) -> None:
    assert not at.exception, "\n".join(e.message + "\n" + "\n".join(e.stack_trace) for e in at.exception)


def metric_values(at: AppTest) -> dict[str, str]:
    """The tiles: label → value."""
    return {m.label: m.value for m in at.metric}
