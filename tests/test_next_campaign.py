"""Next year's campaign from its config alone (tests/data/campaign_2022.toml: another year, theme and deadline,
"training" added, itu_session removed, universities instead of enterprises): the demo, every page, the CLI's files
and the documents speak of it only; check-config says what is left to fill in; no campaign's year, theme or date
is written in code."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from campaign import readiness
from campaign.config import DEFAULT_CONFIG, load_config
from campaign.report import build_report
from dashboard import navigation
from data_sources.demo import DemoSource, demo_store_entries
from tests.apptest import TIMEOUT, new_app, no_exception

ROOT = Path(__file__).resolve().parent.parent
NEXT = ROOT / "tests" / "data" / "campaign_2022.toml"
LAST_YEAR = re.compile(r"(?<![\d.])2021(?!\d)")  # the year, not digits inside a number (a map's coordinates)
EPOCH_2022 = "1654491600"  # 2022-06-06 05:00 UTC: generated_at in the campaign's own year


@pytest.fixture(scope="module")
def next_config():
    return load_config(NEXT)


@pytest.fixture(autouse=True)
def own_store(monkeypatch, tmp_path):
    """Each test's own coordinator's store: the session's is shared with tests that add entries to the 2021 demo."""
    monkeypatch.setenv("CAMPAIGN_STORE_PATH", str(tmp_path / "store" / "campaign.sqlite"))


def _run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    import os

    return subprocess.run(
        [sys.executable, "-m", "campaign", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH_2022, **(env or {})},
    )


# --- the demo ------------------------------------------------------------------------------------------------------


def test_the_demo_is_made_from_the_next_campaigns_config(next_config):
    raw = DemoSource(next_config).read()
    headers = {f.header for f in next_config.fields.values()}
    assert list(raw.responses.columns) == [f.header for f in next_config.fields.values()]
    assert "Số phiên họp ITU đã tham gia" not in headers
    report = build_report(raw, next_config)
    ticked = ";".join(report.submissions["activities"])
    assert "training" in ticked and "itu_session" not in ticked
    assert set(report.agencies["group"]) == {"province", "ministry", "mic_unit", "university"}
    statuses = report.agencies["status"].value_counts()
    assert statuses["on_time"] > 50 and statuses["late"] >= 3 and statuses["missing"] > 20
    assert (report.submissions["category"] == "superseded").sum() >= 3  # resubmissions
    assert (report.submissions["category"] == "unmatched").sum() >= 1  # a name nobody can place
    stamps = pd.to_datetime(report.submissions["submitted_at"].dropna())
    assert {s.year for s in stamps} == {2022}
    assert "2021" not in raw.responses.to_csv(index=False)


def test_the_demo_store_speaks_of_agencies_that_did_not_answer_the_form(next_config, config):
    for cfg in (config, next_config):
        entries = demo_store_entries(cfg)
        roster = DemoSource(cfg).read().agencies
        assert {e["agency_code"] for _, e in entries} <= set(roster["code"])
        day = cfg.deadline.date()
        assert all(pd.Timestamp(e["at"]).date() < day for _, e in entries)
    assert "2021" not in repr(demo_store_entries(next_config))


def test_a_campaign_without_its_roster_file_runs_the_demo_on_a_generated_roster(tmp_path):
    text = NEXT.read_text(encoding="utf-8").replace('roster = "agencies_{year}.csv"', 'roster = "not-made-yet.csv"')
    path = tmp_path / "campaign.toml"
    path.write_text(text, encoding="utf-8")
    config = load_config(path)
    report = build_report(DemoSource(config).read(), config)
    assert set(report.agencies["group"]) == set(config.groups)
    assert (report.agencies["status"] != "missing").sum() > 0


def test_the_demo_writes_dates_in_the_order_the_config_reads_them(tmp_path):
    text = NEXT.read_text(encoding="utf-8").replace('date_order = "dmy"', 'date_order = "mdy"')
    text = text.replace('roster = "agencies_{year}.csv"', f'roster = "{NEXT.parent.as_posix()}/agencies_{{year}}.csv"')
    path = tmp_path / "campaign.toml"
    path.write_text(text, encoding="utf-8")
    config = load_config(path)
    report = build_report(DemoSource(config).read(), config)
    assert (report.submissions["category"] == "undated").sum() == 0
    assert report.agencies["status"].value_counts()["on_time"] > 50


def test_the_shipped_demo_keeps_its_figures(config):
    """The 2021 demo made from the config is the demo as it was (the golden files and tests rely on it)."""
    import dataclasses

    raw = DemoSource(config).read()
    sheet = build_report(dataclasses.replace(raw, store=None), config)  # the sheet alone: README's figures
    assert len(sheet.submissions) == 98
    assert sheet.agencies["status"].value_counts().to_dict() == {"on_time": 83, "missing": 38, "late": 5}
    with_store = build_report(raw, config)  # + the emailed report (P14) and the resolved name (P08)
    assert len(with_store.submissions) == 99
    assert set(with_store.agencies.query("status == 'on_time'")["code"]) - set(
        sheet.agencies.query("status == 'on_time'")["code"]
    ) == {
        "P08",
        "P14",
    }


# --- the CLI and the documents -------------------------------------------------------------------------------------


def test_the_cli_writes_the_next_campaigns_five_files_with_no_2021(tmp_path):
    out = tmp_path / "out"
    result = _run("report", "--config", str(NEXT), "--out", str(out), env={"CAMPAIGN_STORE_PATH": str(tmp_path / "s.sqlite")})
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == ["agency_status.csv", "campaign_summary.csv", "data_quality.csv", "itu_summary.csv", "submissions.csv"]
    for path in out.iterdir():
        assert not LAST_YEAR.search(path.read_text(encoding="utf-8-sig")), path.name
    itu = pd.read_csv(out / "itu_summary.csv", dtype=str, keep_default_na=False).set_index("key")
    assert "training" in itu.index and "itu_session" not in itu.index and "university" in itu.index
    summary = pd.read_csv(out / "campaign_summary.csv", dtype=str, keep_default_na=False).set_index("indicator")["value"]
    assert summary["campaign"] == "World Telecommunication and Information Society Day, 17 May 2022"


def _docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture(scope="module")
def next_documents(tmp_path_factory):
    out = tmp_path_factory.mktemp("documents")
    env = {"CAMPAIGN_STORE_PATH": str(out / "s.sqlite")}
    for args in (
        ("letter", "--as-of", "2022-06-04T09:00", "--new-deadline", "2022-06-10"),
        ("final-report", "--as-of", "2022-06-04T09:00"),
    ):
        result = _run(*args, "--config", str(NEXT), "--out", str(out), env=env)
        assert result.returncode == 0, result.stderr
    return out


def test_the_next_campaigns_documents_carry_its_slug_and_day(next_documents):
    assert sorted(p.name for p in next_documents.glob("*.docx")) == [
        "wtisd2022_bao-cao-ket-qua_2022-06-04.docx",
        "wtisd2022_cong-van-don-doc_2022-06-04.docx",
        "wtisd2022_report-itu_2022-06-04.docx",
    ]


@pytest.mark.parametrize(
    "document",
    [
        "cong-van-don-doc",
        "report-itu",
        "bao-cao-ket-qua",
    ],
)
def test_the_next_campaigns_documents_name_no_2021(next_documents, document):
    (path,) = next_documents.glob(f"*_{document}_*.docx")
    text = _docx_text(path)
    assert "2022" in text and not LAST_YEAR.search(text)


# --- every page ----------------------------------------------------------------------------------------------------


def _texts(at) -> str:
    kinds = ("markdown", "caption", "error", "warning", "info", "success", "title", "header", "subheader", "code")
    parts = [str(e.value) for kind in kinds for e in at.get(kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    parts += [df.value.to_csv(index=False) for df in at.dataframe]
    parts += [str(chart.proto.spec) for chart in at.get("plotly_chart")]
    parts += [str(b.proto.label) for b in at.get("download_button")]
    return "\n".join(parts)


@pytest.mark.usefixtures("fresh_streamlit_cache")
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_page_runs_on_the_next_campaigns_demo_and_names_no_2021(monkeypatch, lang, downloads):
    monkeypatch.setenv("CAMPAIGN_CONFIG", str(NEXT))
    monkeypatch.setenv("DASHBOARD_NOW", "2022-06-10T09:00")
    at = new_app(query={"lang": lang}, timeout=TIMEOUT)
    no_exception(at)
    for page in navigation.page_paths():
        at.switch_page(page).run()
        no_exception(at)
        text = _texts(at)
        assert not LAST_YEAR.search(text), (page, [line[:200] for line in text.splitlines() if LAST_YEAR.search(line)][:3])
    at.switch_page(navigation.DEFAULT.path).run()
    overview = _texts(at)
    assert ("03/06/2022 (23:59)" if lang == "vi" else "03/06/2022") in overview
    assert ("Lớp tập huấn" if lang == "vi" else "Trainings") in overview  # the new activity's short name, from the config
    files = {key: data for key, data in downloads.items() if isinstance(data, bytes) and key != "download_xlsx"}
    assert len(files) >= 5 and not [
        key for key, data in files.items() if LAST_YEAR.search(data.decode("utf-8-sig"))
    ]  # the CSV files (the xlsx is a zip)


@pytest.mark.usefixtures("fresh_streamlit_cache")
def test_every_download_is_named_with_the_campaigns_slug(monkeypatch):
    import streamlit as st

    names: list[str] = []
    original = st.download_button

    def record(label, data, *args, **kwargs):
        names.append(str(kwargs.get("file_name", "")))
        return original(label, data, *args, **kwargs)

    monkeypatch.setattr(st, "download_button", record)
    monkeypatch.setenv("CAMPAIGN_CONFIG", str(NEXT))
    monkeypatch.setenv("DASHBOARD_NOW", "2022-06-10T09:00")
    at = new_app()
    for page in navigation.page_paths():
        at.switch_page(page).run()
        no_exception(at)
    assert len(names) >= 10
    assert all(name.startswith("wtisd2022_") for name in names), names


# --- the app's apology -----------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("fresh_streamlit_cache")
def test_an_error_before_a_page_is_chosen_is_the_apology_with_an_error_id(monkeypatch):
    from dashboard import state

    def broken(*args, **kwargs):
        raise KeyError("itu_session")

    monkeypatch.setattr(state, "read", broken)
    at = new_app()
    no_exception(at)  # never Streamlit's own exception box
    shown = "\n".join(e.value for e in at.error)
    assert re.search(r"mã lỗi [0-9a-f]{8}", shown) and "itu_session" not in shown


# --- check-config ----------------------------------------------------------------------------------------------------


def _check(path: Path) -> subprocess.CompletedProcess:
    return _run("check-config", "--config", str(path))


def test_check_config_on_the_shipped_config_lists_what_is_left_to_fill_in():
    result = _check(DEFAULT_CONFIG)
    assert result.returncode == readiness.TO_FILL, result.stdout + result.stderr
    for wanted in (
        "original_letter_number",
        "original_letter_date",
        "documents.report.signer_name",
        "form.url",
        "[store] sqlite_path",
        "126/126 đơn vị chưa có email",
        "126/126 agencies have no email",
        "Còn phải điền / Still to fill in:",
    ):
        assert wanted in result.stdout, wanted
    assert "documents.letter.signer_name" not in result.stdout  # the letter's signer is filled


def test_check_config_on_the_next_campaign_lists_the_same_and_no_stray_year():
    result = _check(NEXT)
    assert result.returncode == readiness.TO_FILL
    assert "127/127 agencies have no email" in result.stdout
    assert "names the year" not in result.stdout


def _filled(tmp_path: Path, *changes: tuple[str, str]) -> Path:
    """The 2022 config with everything filled in (and a roster with emails), then `changes`."""
    roster = pd.read_csv(NEXT.parent / "agencies_2022.csv", dtype=str, keep_default_na=False)
    roster["email"] = [f"{c.lower()}@mic.example" for c in roster["code"]]
    roster.to_csv(tmp_path / "agencies_2022.csv", index=False)
    text = NEXT.read_text(encoding="utf-8")
    for old, new in (
        ('original_letter_number = ""', 'original_letter_number = "1234/BTTTT-HTQT"\noriginal_letter_date = 2022-05-06'),
        ('signer_name = ""', 'signer_name = "Nguyễn Văn A"'),
        (
            'url = ""\nagency_code_entry = ""',
            'url = "https://docs.google.com/forms/d/e/abc/viewform"\nagency_code_entry = "entry.123"',
        ),
        *changes,
    ):
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "campaign.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_check_config_says_ready_when_everything_is_filled_in(tmp_path):
    result = _check(_filled(tmp_path))
    assert result.returncode == readiness.READY, result.stdout
    assert "Sẵn sàng cho chiến dịch. / Ready for the campaign." in result.stdout


def test_check_config_finds_last_years_text_left_in_the_copy(tmp_path):
    path = _filled(tmp_path, ("Information Society Day {year}", "Information Society Day 2021"))
    found = readiness.check_config(path)
    assert found.status == readiness.TO_FILL
    (finding,) = found.findings
    assert finding.where == "documents.itu.title" and "2021" in finding.text.en and "2021" in finding.text.vi


def test_check_config_finds_a_deadline_in_another_year_than_the_period(tmp_path):
    path = _filled(tmp_path, ("deadline = 2022-06-04T00:00:00+07:00", "deadline = 2023-06-04T00:00:00+07:00"))
    assert [f.where for f in readiness.check_config(path).findings] == ["campaign.deadline"]


def test_check_config_finds_a_roster_group_without_a_name_and_a_group_without_agencies(tmp_path):
    path = _filled(tmp_path, ("[groups.university]", "[groups.college]"))
    wheres = [f.where for f in readiness.check_config(path).findings]
    assert wheres == ["groups.university", "groups.college"]


def test_check_config_on_a_broken_config_names_the_nearest_key_and_exits_2(tmp_path):
    path = _filled(tmp_path, ("deadline = 2022-06-04", "dealine = 2022-06-04"))
    result = _check(path)
    assert result.returncode == readiness.WRONG
    assert "did you mean 'deadline'?" in result.stdout and "có phải là 'deadline'?" in result.stdout
    assert "Sai, phải sửa / Wrong, to fix:" in result.stdout


def test_check_config_on_a_broken_roster_exits_2(tmp_path):
    path = _filled(tmp_path)
    roster = (tmp_path / "agencies_2022.csv").read_text(encoding="utf-8").replace("U02,", "U01,")
    (tmp_path / "agencies_2022.csv").write_text(roster, encoding="utf-8")
    found = readiness.check_config(path)
    assert found.status == readiness.WRONG and "U01" in found.wrong[0].text.en


def test_check_config_reads_the_apps_config_from_campaign_config(tmp_path):
    result = _run("check-config", env={"CAMPAIGN_CONFIG": str(_filled(tmp_path))})
    assert result.returncode == readiness.READY and str(tmp_path) in result.stdout


@pytest.mark.usefixtures("fresh_streamlit_cache")
def test_the_coordinators_sidebar_shows_the_same_list_and_a_leader_sees_none(monkeypatch, hashes):
    from tests.apptest import LEADER_PASSWORD

    monkeypatch.setenv("CAMPAIGN_CONFIG", str(NEXT))
    at = new_app()  # the open demo: everyone is a coordinator
    (box,) = [e for e in at.sidebar.expander if "Chuẩn bị chiến dịch" in e.label]
    shown = "\n".join(m.value for m in box.markdown).replace("\\", "")
    for finding in readiness.check_config(NEXT).findings:
        assert finding.text.vi in shown
    leader = new_app({"access": hashes})
    leader.text_input(key="access_password").input(LEADER_PASSWORD)
    leader = leader.button[0].click().run()
    no_exception(leader)
    assert not [e for e in leader.sidebar.expander if "Chuẩn bị chiến dịch" in e.label]


# --- no campaign's year, theme or date in code -------------------------------------------------------------------------

# The code that must not hold a campaign's words.
CODE = {
    "campaign": True,
    "presentation": True,
    "dashboard": True,
    "data_sources": True,
    "app_pages": True,
    "app.py": True,
    "cli": True,
    "documents": True,
}


# Literals that hold such digits and are no campaign's: the 63 provinces' list is dated by its administrative map.
NOT_A_CAMPAIGN = {"provinces_2021.csv"}


def _campaign_words(config) -> set[str]:
    """What belongs to one campaign: its year, theme and dates as people write them."""
    c = config.campaign
    days = [c.period_start, c.period_end, c.deadline.date(), (config.deadline - pd.Timedelta(minutes=1)).date()]
    words = {str(c.year), c.theme_vi, c.theme_en}
    for d in days:
        words |= {f"{d:%d/%m/%Y}", f"{d.day}/{d.month}/{d.year}", d.isoformat()}
    return {w for w in words if w}


def _literals(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every string and number in the code, docstrings and comments left out (they may give examples)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, str(node.value))
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str | int) and id(node) not in docstrings
    ]


def _hits(where: str, words: set[str]) -> list[str]:
    target = ROOT / where
    files = [target] if target.suffix == ".py" else sorted(target.rglob("*.py"))
    return [
        f"{path.relative_to(ROOT)}:{line}: {text[:80]!r}"
        for path in files
        if path.exists()
        for line, text in _literals(path)
        if any(word in text for word in words) and text not in NOT_A_CAMPAIGN
    ]


@pytest.mark.parametrize(
    "where",
    [
        pytest.param(where, marks=() if ready else pytest.mark.xfail(strict=True, reason="not yet"))
        for where, ready in CODE.items()
    ],
)
def test_no_campaigns_year_theme_or_date_is_written_in_code(config, where):
    hits = _hits(where, _campaign_words(config))
    assert not hits, "\n".join(hits)


def test_the_code_check_can_fail(tmp_path, config):
    probe = tmp_path / "probe.py"
    probe.write_text('"""Docstring: 2021 is fine here."""\n# and here: 2021\nDEADLINE = "03/06/2021"\nSEED = 2021\n')
    words = _campaign_words(config)
    assert [text for _, text in _literals(probe) if any(w in text for w in words)] == ["03/06/2021", "2021"]
