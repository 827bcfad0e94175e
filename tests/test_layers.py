"""The dependency direction (docs/ARCHITECTURE.md): the domain (campaign/) stands alone; adapters and what is drawn
(presentation/) build on it; the documents on those; the Streamlit shell (dashboard/, app.py, app_pages/) and the
command line on top. No module imports, directly or through another, a layer above its own, and there are no
import cycles."""

from __future__ import annotations

import ast
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import campaign
import documents
import presentation

ROOT = Path(__file__).resolve().parent.parent
# What no module of the domain may load, directly or through another: the UI, the network, the adapters.
FORBIDDEN = ("streamlit", "gspread", "requests", "dashboard", "data_sources", "cli", "documents", "docx", "kaleido", "imapclient")
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


def _modules(package) -> list[str]:
    return [package.__name__, *sorted(m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + "."))]


def test_what_is_drawn_loads_neither_streamlit_nor_the_app():
    """presentation/ is shared by the app, the documents and the digest: it must draw without Streamlit."""
    assert _imports(_modules(presentation), ("streamlit", "dashboard", "documents", "data_sources", "gspread")) == {}


def test_the_documents_load_neither_streamlit_nor_the_app():
    """A document built in the app's process is the document built by the command line: nothing of the app in it."""
    assert _imports(_modules(documents), ("streamlit", "dashboard", "gspread")) == {}


# --- no import cycles: the project's own import graph, read from the source ---------------------------------------

PACKAGES = ("campaign", "data_sources", "presentation", "documents", "dashboard", "app_pages", "cli", "bench", "tools")


def _module_files() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    for path in ROOT.glob("*.py"):
        found[path.stem] = path
    return found


def _type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def import_graph(files: dict[str, Path]) -> dict[str, set[str]]:
    """module → the project's modules it imports (at any depth of its code, `if TYPE_CHECKING:` blocks aside)."""
    graph = {}
    for name, path in files.items():
        deps: set[str] = set()
        stack = list(ast.parse(path.read_text(encoding="utf-8")).body)
        while stack:
            node = stack.pop()
            if _type_checking(node):
                continue
            if isinstance(node, ast.Import):
                deps.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                deps.add(node.module)
                deps.update(f"{node.module}.{alias.name}" for alias in node.names)
            stack.extend(ast.iter_child_nodes(node))
        graph[name] = {d for d in deps if d in files and d != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_module_of_the_project_is_part_of_an_import_cycle():
    files = _module_files()
    assert {"campaign.config", "dashboard.state", "presentation.charts", "documents.letter", "app"} <= set(files)
    assert cycles(import_graph(files)) == []


def test_the_cycle_check_finds_a_cycle(tmp_path):
    """The check can fail: two modules that import each other are one cycle; a TYPE_CHECKING import is not."""
    (tmp_path / "a.py").write_text("import b\n", encoding="utf-8")
    (tmp_path / "b.py").write_text("from a import x\n", encoding="utf-8")
    (tmp_path / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import a\n", encoding="utf-8")
    (tmp_path / "d.py").write_text("def f():\n    import c\n", encoding="utf-8")
    files = {p.stem: p for p in tmp_path.glob("*.py")}
    assert cycles(import_graph(files)) == [["a", "b"]]
    assert import_graph(files)["d"] == {"c"}
