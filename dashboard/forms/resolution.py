"""Data quality: pick the agency a typed name means (suggestions first, any roster agency searchable), or 'not on
the roster'; undo a decision."""

from __future__ import annotations

import streamlit as st

from campaign import desk
from campaign.match_kinds import FUZZY, NONE, NOT_ON_ROSTER, RESOLVED
from campaign.store import RESOLUTIONS
from dashboard.forms import saving
from presentation.labels import t

NONCE = "resolve_nonce"


def section(ctx) -> None:
    if not ctx.show_personal:
        return
    lang, report, config = ctx.lang, ctx.report, ctx.config
    st.subheader(t("resolve_title", lang))
    saving.set_pending()
    saving.flash(RESOLUTIONS)  # the name just decided has left the list below: the line stays in sight here
    candidates = desk.resolution_candidates(report)
    if candidates.empty:
        st.success(t("resolve_none", lang))
        return
    st.caption(t("resolve_intro", lang))
    saving.who_input(ctx)
    names = saving.roster_names(ctx)
    label = saving.agency_label(names)
    by_key = candidates.set_index("name_key")

    def name_label(key: str) -> str:
        row = by_key.loc[key]
        state_text = {
            NONE: t("resolve_state_none", lang),
            FUZZY: t("resolve_state_fuzzy", lang, agency=label(row["agency_code"])),
            RESOLVED: t("resolve_state_resolved", lang, agency=label(row["agency_code"])),
            NOT_ON_ROSTER: t("resolve_state_rejected", lang),
        }[row["match"]]
        return f"{row['typed_name']} · {t('col_row', lang)} {row['rows']} · {state_text}"

    key = st.selectbox(t("resolve_name", lang), list(by_key.index), format_func=name_label, key="resolve_name")
    row = by_key.loc[key]
    typed = {"name_key": key, "typed_name": row["typed_name"], "by": saving.who(ctx)}
    if row["match"] in (RESOLVED, NOT_ON_ROSTER):
        st.info(t("resolve_decided", lang, decision=label(row["agency_code"] or NOT_ON_ROSTER)))
        if st.button(t("resolve_undo", lang), icon=":material/undo:", key="resolve_undo"):
            nonce = saving.nonce(NONCE)
            saving.save(RESOLUTIONS, lambda: desk.undo_resolution(config, **typed, nonce=nonce), lang, {NONCE: saving.DROP})
        return
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
        saving.save(
            RESOLUTIONS,
            lambda: desk.resolution(config, **typed, agency_code=choice, nonce=nonce),
            lang,
            {"resolve_agency": None, NONCE: saving.DROP},
        )
