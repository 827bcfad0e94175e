"""The one privacy gate: campaign.toml marks personal data, campaign.privacy decides, every page gets tables through
the dashboard's Context (which applies it) and never filters itself."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from campaign import privacy
from campaign.report import build_report
from dashboard import navigation
from dashboard.state import Context
from data_sources.demo import DemoSource
from presentation import views

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def report(config):
    return build_report(DemoSource(config).read(), config)


def _context(report, role: str, lang: str = "vi") -> Context:
    read_at = pd.Timestamp("2021-06-10T09:00", tz=report.config.campaign.timezone)
    return Context(
        config=report.config,
        lang=lang,
        report=report,
        frames=views.build_frames(report),
        groups=(),
        data_key=f"privacy-test|{role}",
        as_of="",
        moment=read_at,
        read_at=read_at,
        is_demo=True,
        role=role,
    )


def _tables(ctx: Context) -> dict[str, pd.DataFrame]:
    """Every table a page can get from the Context."""
    return {
        "submissions": ctx.submissions(),
        "followup": ctx.followup(["missing", "late", "on_time"], ctx.lang),
        "unmatched": ctx.unmatched(),
        "issues": ctx.issues(),
        **{f"export:{name}": frame for name, frame in ctx.exports().items()},
    }


def test_campaign_toml_marks_the_reporter_phone_and_email_personal(config):
    assert set(config.personal_fields) == {"email", "reporter", "phone"}
    assert {"email", "phone", "mailto", "contact"} <= privacy.personal_columns(config)


def test_only_the_coordinator_sees_personal_data():
    assert privacy.sees_personal("coordinator")
    assert not privacy.sees_personal("leader") and not privacy.sees_personal(None)


def test_the_gate_drops_personal_columns_and_issues_about_personal_cells_for_a_leader(config):
    frame = pd.DataFrame({"code": ["P01"], "email": ["a@x.vn"], "reporter": ["Nguyễn Văn A"], "mailto": ["mailto:a@x.vn"]})
    assert list(privacy.visible(frame, config, "leader").columns) == ["code"]
    assert privacy.visible(frame, config, "coordinator") is frame
    issues = pd.DataFrame(
        {
            "row": [2, 3],
            "column": [config.fields["phone"].header, config.fields["banner"].header],
            "issue": ["not_a_number", "not_a_number"],
            "value": ["090 123 4567", "nhiều"],
            "suggestion": ["", ""],
        }
    )
    seen = privacy.visible(issues, config, "leader")
    assert seen["value"].tolist() == ["nhiều"]
    assert len(issues) == 2  # the gate never changes what it is given


def test_a_header_as_the_sheet_spells_it_counts_as_personal(config):
    issues = pd.DataFrame({"row": [2], "column": ["SĐT người báo cáo"], "issue": ["x"], "value": ["0901"], "suggestion": [""]})
    assert len(privacy.visible(issues, config, "leader")) == 1
    assert privacy.visible(issues, config, "leader", {"phone": "SĐT người báo cáo"}).empty


def test_every_table_of_the_context_goes_through_the_gate(report, config):
    personal = privacy.personal_columns(config)
    for lang in ("vi", "en"):
        leader = _tables(_context(report, "leader", lang))
        coordinator = _tables(_context(report, "coordinator", lang))
        for name, frame in leader.items():
            assert not personal & set(frame.columns), name
            assert set(frame.columns) <= set(coordinator[name].columns), name
    # The coordinator's tables do carry them: the gate has something to hold back.
    assert {"email", "reporter", "phone"} <= set(coordinator["submissions"].columns)
    assert {"email", "phone", "mailto"} <= set(coordinator["followup"].columns)
    assert {"email", "reporter", "phone"} <= set(coordinator["export:submissions"].columns)


def test_pages_never_filter_personal_data_themselves():
    """What a role sees is decided once: no page names personal data or the gate (a new page cannot forget it)."""
    for page in navigation.PAGES:
        source = (ROOT / page.path).read_text(encoding="utf-8")
        assert not re.search(r"personal|privacy|\brole\b", source), page.path
