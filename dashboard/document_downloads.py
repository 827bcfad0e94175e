"""The three documents for the Export page: built when a person clicks (a download's deferred data), once per data
load, moment, filter and options. Their charts go through one Chromium per app process (`chart_renderer`), started
in the background when the Export page is drawn, so a click finds it running; it closes after RENDERER_IDLE_S
without a chart (a headless Chromium holds ~400 MB) and starts again with the next."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import streamlit as st

from campaign.export import document_name
from dashboard.state import Context

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ZIP = "application/zip"
RENDERER_IDLE_S = 600


@st.cache_resource(show_spinner=False, on_release=lambda renderer: renderer.close(wait=False))
def chart_renderer():
    """The process's documents.charts.ChartRenderer (not started: `open()` starts Chromium in the background)."""
    from documents.charts import ChartRenderer

    return ChartRenderer(idle_s=RENDERER_IDLE_S)


@st.cache_resource(show_spinner=False, max_entries=8)
def _letter(
    data_key: str, as_of: str, groups: tuple[str, ...], new_deadline: dt.date, include_late: bool, per_agency: bool, _ctx: Context
) -> bytes:
    from documents.letter import build_letter, letters_zip

    build = letters_zip if per_agency else build_letter
    return build(_ctx.report, _ctx.moment, new_deadline, groups=groups or None, include_late=include_late)


@st.cache_resource(show_spinner=False, max_entries=4)
def _reports(data_key: str, as_of: str, groups: tuple[str, ...], _ctx: Context) -> dict[str, bytes]:
    """Báo cáo kết quả and the ITU report, together: their eight charts through the process's Chromium."""
    from documents.final_report import build_final_report, build_itu_report

    options = {"groups": groups or None, "frames": _ctx.frames, "renderer": chart_renderer()}
    return {
        "final": build_final_report(_ctx.report, _ctx.moment, **options),
        "itu": build_itu_report(_ctx.report, _ctx.moment, **options),
    }


def recipients(ctx: Context, include_late: bool):
    from documents.letter import recipients as letter_recipients

    return letter_recipients(ctx.report, ctx.groups or None, include_late)


def letter(ctx: Context, new_deadline: dt.date, include_late: bool, per_agency: bool) -> Callable[[], bytes]:
    """The letter (or a ZIP of one letter per agency), for the coordinator only: it carries the coordinator's contacts."""
    if not ctx.offers("letter"):
        raise PermissionError("the urging letter is the coordinator's")

    def build() -> bytes:
        return _letter(ctx.data_key, ctx.as_of, ctx.groups, new_deadline, include_late, per_agency, ctx)

    return build


def report(ctx: Context, which: str) -> Callable[[], bytes]:
    """'final' (to the Minister, Vietnamese) or 'itu' (English). Drawing the button starts Chromium for its charts."""
    chart_renderer().open()

    def build() -> bytes:
        return _reports(ctx.data_key, ctx.as_of, ctx.groups, ctx)[which]

    return build


def file_name(ctx: Context, which: str) -> str:
    """The document's file, named as the command line names it: the campaign, the document, the day of its figures."""
    return document_name(ctx.config, which, ctx.moment.date())
