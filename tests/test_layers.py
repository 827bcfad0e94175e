"""The dependency direction: the domain (campaign/) stands alone; adapters, the dashboard and the CLI build on it."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import campaign

ROOT = Path(__file__).resolve().parent.parent
# What no module of the domain may load, directly or through another: the UI, the network, the adapters.
FORBIDDEN = ("streamlit", "gspread", "requests", "dashboard", "data_sources", "cli", "documents", "docx", "kaleido")
# The only exception: `python -m campaign` enters the command line, which lives outside the domain (cli.py).
EXEMPT = {"campaign.__main__"}

_PROBE = """
import importlib, json, sys
forbidden = tuple(sys.argv[2:])
found = {}
for name in json.loads(sys.argv[1]):
    before = set(sys.modules)
    importlib.import_module(name)
    loaded = sorted(m for m in set(sys.modules) - before if m.split(".")[0] in forbidden)
    if loaded:
        found[name] = loaded
print(json.dumps(found))
"""


def domain_modules() -> list[str]:
    names = [m.name for m in pkgutil.walk_packages(campaign.__path__, "campaign.")]
    return ["campaign", *sorted(n for n in names if n not in EXEMPT)]


def _imports(modules: list[str], forbidden=FORBIDDEN) -> dict[str, list[str]]:
    """{module: forbidden modules its import loaded}, in a fresh interpreter (pytest has loaded them all here)."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(modules), *forbidden],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout)


def test_every_domain_module_is_found():
    modules = domain_modules()
    assert {"campaign.config", "campaign.model", "campaign.report", "campaign.limits", "campaign.export"} <= set(modules)
    assert "campaign.__main__" not in modules


def test_importing_the_domain_loads_no_ui_network_or_adapter_module():
    assert _imports(domain_modules()) == {}


def test_the_probe_sees_a_forbidden_import():
    """The check can fail: a module that does load one of them is reported, with what it loaded."""
    assert _imports(["data_sources.demo"], ("data_sources",)) == {
        "data_sources.demo": ["data_sources", "data_sources.base", "data_sources.demo"]
    }


def test_adapters_take_only_the_model_from_the_pipeline():
    """RawTables comes from campaign.model: reading a source does not load matching, status or the report."""
    found = _imports(["data_sources.base"], ("campaign",))["data_sources.base"]
    assert "campaign.model" in found
    assert not {"campaign.report", "campaign.matching", "campaign.status"} & set(found)


def test_python_dash_m_campaign_is_the_command_line():
    done = subprocess.run([sys.executable, "-m", "campaign", "--help"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0
    assert done.stdout.startswith("usage: python -m campaign")
    assert "report" in done.stdout and "hash-password" in done.stdout
