"""The three documents for the Export page: built when a person clicks (a download's deferred data), once per data
load, moment, filter, options and document inputs. Their charts go through one Chromium per app process
(`chart_renderer`), started in the background when the Export page is drawn, so a click finds it running; it closes
after RENDERER_IDLE_S without a chart (a headless Chromium holds ~400 MB) and starts again with the next.

What only a person knows (campaign/document_inputs.py) is asked for in `inputs_form`, saved in the coordinator's
store like every other entry of the desk, and read back from it for every build, by the coordinator and by leaders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import streamlit as st

from campaign import desk
from campaign.document_inputs import DOCUMENTS, INPUTS, KIND, DocumentInputs, from_text, resolve
from campaign.export import document_name
from campaign.store import DOCUMENT_SETTINGS
from dashboard.forms import saving
from dashboard.state import Context
from presentation.labels import t

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
    data_key: str,
    as_of: str,
    groups: tuple[str, ...],
    new_deadline: dt.date,
    include_late: bool,
    per_agency: bool,
    letter_day: dt.date | None,
    inputs_key: tuple,
    _inputs: DocumentInputs,
    _ctx: Context,
) -> bytes:
    from documents.letter import build_letter, letters_zip

    build = letters_zip if per_agency else build_letter
    options = {"groups": groups or None, "include_late": include_late, "letter_day": letter_day, "inputs": _inputs}
    return build(_ctx.report, _ctx.moment, new_deadline, **options)


@st.cache_resource(show_spinner=False, max_entries=4)
def _reports(
    data_key: str,
    as_of: str,
    groups: tuple[str, ...],
    report_day: dt.date | None,
    contact: bool,
    inputs_key: tuple,
    _inputs: DocumentInputs,
    _ctx: Context,
) -> dict[str, bytes]:
    """Báo cáo kết quả and the ITU report, together: their eight charts through the process's Chromium."""
    from dashboard.evidence import thumbnails
    from data_sources.thumbnails import photos_for_report
    from documents.final_report import build_final_report, build_itu_report

    options = {
        "groups": groups or None,
        "frames": _ctx.frames,
        "renderer": chart_renderer(),
        "report_day": report_day,
        "inputs": _inputs,
        "photos": photos_for_report(_ctx.report, thumbnails(_ctx)),  # chosen on the Evidence page
    }
    return {
        "final": build_final_report(_ctx.report, _ctx.moment, **options),
        "itu": build_itu_report(_ctx.report, _ctx.moment, contact=contact, **options),
    }


def inputs(ctx: Context) -> DocumentInputs:
    """What the documents are built with: campaign.toml's values, over them the store's latest saved entry."""
    store = ctx.report.prepared.raw.store
    return resolve(ctx.config, store.tables.get(DOCUMENT_SETTINGS) if store is not None else None)


def _key(values: DocumentInputs) -> tuple:
    return tuple(sorted(values.as_text().items()))


def missing_lines(values: DocumentInputs, lang: str, documents: tuple[str, ...] = DOCUMENTS) -> list[str]:
    """One line per document that still lacks something: 'Báo cáo kết quả còn thiếu: …'."""
    lines = []
    for document in documents:
        missing = values.missing(document)
        if missing:
            items = "; ".join(t(f"input_{key}", lang) for key in missing)
            lines.append(t("inputs_missing", lang, document=t(f"document_{document}", lang), items=items))
    return lines


INPUTS_NONCE = "document_inputs_nonce"


def inputs_form(ctx: Context) -> DocumentInputs:
    """The coordinator's form for what only a person knows (prefilled with what is saved, saved to the store on
    'Lưu thông tin'); what each document still lacks. A leader sees what is missing, never the form."""
    lang = ctx.lang
    current = inputs(ctx)
    st.markdown(f"**{t('inputs_title', lang)}**")
    if ctx.show_personal and ctx.config.store is not None:
        saving.set_pending()
        saving.who_input(ctx)
        tab = ctx.config.store.tabs[DOCUMENT_SETTINGS].title
        st.caption(t("inputs_intro", lang, tab=tab))
        # Widgets keyed by what is saved: after a save (or with another source's store) they show the saved values.
        stamp = abs(hash(_key(current))) % 10**8
        typed = {}
        with st.form("document_inputs"):
            for item in INPUTS:
                label, key = t(f"input_{item.key}", lang), f"doc_{item.key}_{stamp}"
                value = getattr(current, item.key)
                if item.kind == "date":
                    typed[item.key] = st.date_input(label, value=value, format="DD/MM/YYYY", key=key)
                elif item.kind == "lines":
                    typed[item.key] = st.text_area(label, value="\n".join(value), height=80, key=key)
                elif item.kind == "long":
                    typed[item.key] = st.text_area(label, value=value, height=150, key=key)
                else:
                    typed[item.key] = st.text_input(label, value=value, key=key)
            saved = st.form_submit_button(t("inputs_save", lang), icon=":material/save:")
        if saved:
            values = DocumentInputs(**{k: from_text(KIND[k], v) if isinstance(v, str) else v for k, v in typed.items()})
            nonce, by = saving.nonce(INPUTS_NONCE), saving.who(ctx)
            saving.save(
                DOCUMENT_SETTINGS,
                lambda: desk.document_settings(ctx.config, values, by=by, nonce=nonce),
                lang,
                {INPUTS_NONCE: saving.DROP},
            )
        saving.flash(DOCUMENT_SETTINGS)
    else:
        st.caption(t("inputs_readonly", lang))
    lines = missing_lines(current, lang)
    for line in lines:
        st.warning(line, icon=":material/edit_note:")
    if not lines:
        st.success(t("inputs_complete", lang), icon=":material/task_alt:")
    return current


def recipients(ctx: Context, include_late: bool):
    from documents.letter import recipients as letter_recipients

    return letter_recipients(ctx.report, ctx.groups or None, include_late)


def letter(
    ctx: Context, new_deadline: dt.date, include_late: bool, per_agency: bool, letter_day: dt.date | None, values: DocumentInputs
) -> Callable[[], bytes]:
    """The letter (or a ZIP of one letter per agency), for the coordinator only: it carries the coordinator's contacts."""
    if not ctx.offers("letter"):
        raise PermissionError("the urging letter is the coordinator's")

    def build() -> bytes:
        return _letter(
            ctx.data_key, ctx.as_of, ctx.groups, new_deadline, include_late, per_agency, letter_day, _key(values), values, ctx
        )

    return build


def report(ctx: Context, which: str, report_day: dt.date | None, values: DocumentInputs) -> Callable[[], bytes]:
    """'final' (to the Minister, Vietnamese) or 'itu' (English). Drawing the button starts Chromium for its charts.
    The ITU report's sender block names the coordinator's contacts only for a viewer who may see them."""
    chart_renderer().open()

    def build() -> bytes:
        return _reports(ctx.data_key, ctx.as_of, ctx.groups, report_day, ctx.show_personal, _key(values), values, ctx)[which]

    return build


def file_name(ctx: Context, which: str) -> str:
    """The document's file, named as the command line names it: the campaign, the document, the day of its figures."""
    return document_name(ctx.config, which, ctx.moment.date())
