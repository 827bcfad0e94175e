"""Data quality: pick the agency a typed name means (suggestions first, any roster agency searchable), or 'not on
the roster'; undo a decision."""

from __future__ import annotations

import streamlit as st

from campaign import desk
from campaign.match_kinds import FUZZY, NONE, NOT_ON_ROSTER, RESOLVED
from campaign.store import RESOLUTIONS
from dashboard.forms import saving
from presentation.formats import escape_markdown
from presentation.labels import t

NONCE = "resolve_nonce"


def how_to_fix(ctx) -> str:
    """The coordinator resolves names right below; everyone else is told how the roster fixes them."""
    if ctx.show_personal:
        return t("unmatched_fix_desk", ctx.lang)
    return t("unmatched_fix", ctx.lang, tab=ctx.config.sheet.roster_tab)


def section(ctx) -> None:
    if not ctx.show_personal:
        return
    lang, report = ctx.lang, ctx.report
    st.subheader(t("resolve_title", lang))
    saving.set_pending()
    saving.flash(RESOLUTIONS)  # the name just decided has left the list below: the line stays in sight here
    candidates = desk.resolution_candidates(report)
    undecided = candidates[candidates["match"].isin([NONE, FUZZY])].set_index("name_key")
    decided = candidates[candidates["match"].isin([RESOLVED, NOT_ON_ROSTER])].set_index("name_key")
    names = saving.roster_names(ctx)
    label = saving.agency_label(names)
    if undecided.empty:
        st.success(t("resolve_none", lang))
    else:
        st.caption(t("resolve_intro", lang))
        saving.who_input(ctx)
        _decide(ctx, undecided, names, label)
    if not decided.empty:
        with st.expander(t("resolve_decided_title", lang), icon=":material/history:"):
            _undo(ctx, decided, label)


def _rows_label(lang: str, row) -> str:
    return f"{row['typed_name']} · {t('col_row', lang)} {row['rows']}"


def _decide(ctx, undecided, names: dict[str, str], label) -> None:
    """The names still to decide (a decided one leaves this list): pick the agency, or 'not on the roster'."""
    lang, config = ctx.lang, ctx.config

    def name_label(key: str) -> str:
        row = undecided.loc[key]
        state = (
            t("resolve_state_fuzzy", lang, agency=label(row["agency_code"]))
            if row["match"] == FUZZY
            else t("resolve_state_none", lang)
        )
        return f"{_rows_label(lang, row)} · {state}"

    key = st.selectbox(t("resolve_name", lang), list(undecided.index), format_func=name_label, key="resolve_name")
    row = undecided.loc[key]
    suggested = desk.suggested_codes(row, names)
    options = suggested + [NOT_ON_ROSTER] + [c for c in names if c not in suggested]
    choice = st.selectbox(
        t("resolve_agency", lang),
        options,
        index=None,
        format_func=label,
        placeholder=t("resolve_agency_placeholder", lang),
        key="resolve_agency",
    )
    if st.button(t("resolve_save", lang), type="primary", icon=":material/link:", key="resolve_save", disabled=choice is None):
        nonce = saving.nonce(NONCE)
        typed = {"name_key": key, "typed_name": row["typed_name"], "by": saving.who(ctx)}
        saving.save(
            RESOLUTIONS,
            lambda: desk.resolution(config, **typed, agency_code=choice, nonce=nonce),
            lang,
            {"resolve_agency": None, NONCE: saving.DROP},
        )


def _undo(ctx, decided, label) -> None:
    """A decided name: what was decided (roster text shown as text, never Markdown), and the undo."""
    lang, config = ctx.lang, ctx.config
    key = st.selectbox(
        t("resolve_decided_name", lang),
        list(decided.index),
        format_func=lambda k: _rows_label(lang, decided.loc[k]),
        key="resolve_decided",
    )
    row = decided.loc[key]
    st.info(escape_markdown(t("resolve_decided", lang, decision=label(row["agency_code"] or NOT_ON_ROSTER))))
    if st.button(t("resolve_undo", lang), icon=":material/undo:", key="resolve_undo"):
        nonce = saving.nonce(NONCE)
        typed = {"name_key": key, "typed_name": row["typed_name"], "by": saving.who(ctx)}
        saving.save(RESOLUTIONS, lambda: desk.undo_resolution(config, **typed, nonce=nonce), lang, {NONCE: saving.DROP})
