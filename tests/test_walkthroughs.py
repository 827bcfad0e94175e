"""The two walkthroughs of docs/ARCHITECTURE.md, done as written: each touches config, labels and (for a page)
the page file, and nothing else is needed for the dashboard, the exports and the tests to take it in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from campaign import export
from campaign.bilingual import Bilingual
from campaign.config import DEFAULT_CONFIG, load_config
from campaign.model import RawTables
from campaign.report import build_report
from dashboard import access, navigation
from presentation import labels, views
from tests.apptest import COORDINATOR_PASSWORD, metric_values, new_app, no_exception
from tests.sheets import HEADERS, SMALL_ROSTER, responses, ticked

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")

pytestmark = pytest.mark.usefixtures("fresh_streamlit_cache")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC, flags=re.S)


def _dedent(block: str) -> str:
    return "\n".join(line[3:] if line.startswith("   ") else line for line in block.splitlines()) + "\n"


def test_an_activity_type_added_in_the_config_is_counted_exported_and_shown(tmp_path):
    addition = _dedent(_blocks("toml")[0])
    text = DEFAULT_CONFIG.read_text(encoding="utf-8").replace('roster = "campaign/', f'roster = "{ROOT.as_posix()}/campaign/')
    path = tmp_path / "campaign.toml"
    path.write_text(text + "\n" + addition, encoding="utf-8")
    config = load_config(path)
    contest = next(a for a in config.activities if a.key == "contest")
    header = config.fields["contest"].header
    rows = responses(
        {
            "timestamp": "17/05/2021 10:00:00",
            "agency_code": "P01",
            "agency_name": "Sở TT&TT Hà Nội",
            "activities": ticked("rally"),
        }
    )
    rows.loc[0, HEADERS["activities"]] += ", " + contest.label_vi
    rows[header] = ["3"]
    report = build_report(RawTables(responses=rows, agencies=SMALL_ROSTER.copy()), config)
    itu = export.tables(report)["itu_summary"].query("section == 'activity'").set_index("key")
    assert itu.loc["contest", "agencies"] == 1 and itu.loc["contest", "quantity"] == 3
    tiles = dict(views.quantity_tiles(views.build_frames(report), config, "en"))
    assert tiles["Online contests"] == "3"  # the activity's short name from the config names the tile


def test_a_page_added_to_the_registry_with_its_labels_runs_and_is_visited(monkeypatch, tmp_path):
    entry = re.search(r"`(Page\(.*?\)),`", DOC).group(1)
    label = re.search(r'`"(page_provinces)": \("(.*?)", "(.*?)"\),`', DOC)
    page_file = tmp_path / "provinces.py"
    page_file.write_text(_dedent(_blocks("python")[0]), encoding="utf-8")
    page = eval(entry, {"Page": navigation.Page})  # noqa: S307 - the doc's own line
    monkeypatch.setattr(navigation, "PAGES", (*navigation.PAGES, navigation.Page(str(page_file), *list(vars(page).values())[1:])))
    monkeypatch.setitem(labels.TEXT, label.group(1), Bilingual(label.group(2), label.group(3)))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert str(page_file) in navigation.page_paths()
    at.switch_page(str(page_file)).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.header[0].value == "Theo tỉnh"
    assert len(at.dataframe[0].value) == 63


def test_a_source_added_as_an_adapter_and_one_registry_line_is_read_by_the_cli_and_the_app(monkeypatch, tmp_path, hashes):
    import sys

    import cli
    from data_sources import factory

    blocks = [b for b in _blocks("python") if b.lstrip().startswith(("# data_sources/json_export.py", '"json": SourceKind'))]
    adapter, line = _dedent(blocks[0]), blocks[1].strip().rstrip(",")
    (tmp_path / "json_export_walkthrough.py").write_text(adapter, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    module = __import__("json_export_walkthrough")
    key, kind = eval("{" + line + "}", {**vars(factory), "JsonSource": module.JsonSource}).popitem()  # noqa: S307 - the doc's own line
    monkeypatch.setattr(
        factory,
        "SOURCES",
        {k: v for k, v in factory.SOURCES.items() if k != "demo"} | {key: kind, "demo": factory.SOURCES["demo"]},
    )

    rows = responses(
        {
            "timestamp": "20/05/2021 10:00:00",
            "agency_code": "P01",
            "agency_name": "Sở TT&TT Hà Nội",
            "activities": ticked("rally"),
        },
        {
            "timestamp": "05/06/2021 10:00:00",
            "agency_code": "P79",
            "agency_name": "Sở TT&TT TP. Hồ Chí Minh",
            "activities": ticked("banner"),
        },
    )
    answers = tmp_path / "answers.json"
    answers.write_text(rows.to_json(orient="records", force_ascii=False), encoding="utf-8")

    out = tmp_path / "out"
    assert cli.main(["report", "--json", str(answers), "--out", str(out)]) == 0
    status = {r.split(",")[0]: r for r in (out / "agency_status.csv").read_text(encoding="utf-8-sig").splitlines()}
    assert ",on_time," in status["P01"] and ",late," in status["P79"]
    assert sys.modules["json_export_walkthrough"] is module

    at = new_app({"sheet": {"json": str(answers)}, "access": hashes}, run=True)
    at.text_input(key=access.PASSWORD_KEY).input(COORDINATOR_PASSWORD)
    at.button[0].click().run()
    no_exception(at)
    assert at.radio(key="source").value == "sheet"
    tiles = metric_values(at)
    assert (tiles["Đã báo cáo"], tiles["Đúng hạn"], tiles["Trễ hạn"]) == ("2", "1", "1")
