"""The deployment files agree with each other and with what the tests run (no Docker daemon here to build the image)."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
TEST_TOOLS = {"pytest", "hypothesis", "playwright", "ruff"}


def _app_block() -> list[str]:
    """The lines of requirements.txt the Dockerfile and README install: everything above '# Tests and tools'."""
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    assert "# Tests and tools" in lines, "requirements.txt must keep its '# Tests and tools' marker (Dockerfile, README)"
    return [x for x in lines[: lines.index("# Tests and tools")] if x.strip() and not x.startswith("#")]


def _name(requirement: str) -> str:
    return re.split(r"[\[=<>~! ]", requirement, maxsplit=1)[0].lower()


def test_the_image_installs_the_apps_packages_and_no_test_tool():
    app = {_name(x) for x in _app_block()}
    assert {"streamlit", "pandas", "plotly", "gspread"} <= app
    assert not app & TEST_TOOLS
    everything = {_name(x) for x in (ROOT / "requirements.txt").read_text().splitlines() if x.strip() and not x.startswith("#")}
    assert TEST_TOOLS <= everything  # the newcomer's `pip install -r requirements.txt` still gets the test tools
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert "sed '/^# Tests and tools/,$d' requirements.txt > requirements-app.txt" in dockerfile
    assert "pip install -r requirements-app.txt" in dockerfile


def test_the_image_and_the_systemd_unit_start_streamlit_with_the_same_flags():
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    cmd = json.loads(re.search(r"(?ms)^CMD (\[.*?\])\s*$", dockerfile.replace("\\\n", "")).group(1))
    unit = next(
        x for x in (DEPLOY / "systemd" / "campaign-dashboard@.service").read_text().splitlines() if x.startswith("ExecStart=")
    )
    exec_start = shlex.split(unit.removeprefix("ExecStart="))

    def flags(argv: list[str]) -> dict[str, str]:
        pairs = dict(a.removeprefix("--").split("=", 1) for a in argv if a.startswith("--"))
        for where in ("server.address", "server.port", "secrets.files"):  # where it listens, where secrets are
            pairs.pop(where, None)
        return pairs

    assert cmd[:5] == ["python", "-m", "streamlit", "run", "app.py"]
    assert exec_start[1:5] == ["-m", "streamlit", "run", "app.py"]
    assert flags(cmd) == flags(exec_start) == {"server.headless": "true", "browser.gatherUsageStats": "false"}
    assert "USER app" in dockerfile and "HEALTHCHECK" in dockerfile and "/_stcore/health" in dockerfile


def test_compose_sends_every_replica_through_the_shipped_nginx_files():
    compose = (DEPLOY / "docker-compose.yml").read_text()
    upstream = (DEPLOY / "nginx" / "campaign-upstream.compose.conf").read_text()
    replicas = re.findall(r"(?m)^  (app\d+): \*app$", compose)
    assert len(replicas) >= 2
    assert re.findall(r"server (app\d+):8501;", upstream) == replicas
    assert "hash $st_route consistent;" in upstream
    assert "hash $st_route consistent;" in (DEPLOY / "nginx" / "campaign-upstream.conf").read_text()
    assert "./nginx/campaign.conf:/etc/nginx/conf.d/default.conf:ro" in compose
    assert "/app/.streamlit/secrets.toml:ro" in compose
