"""The Coordinator page: enter a report received by email; the reports entered so far, as the engine counted them."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from campaign import desk
from campaign.store import EMAIL_REPORTS
from dashboard.forms import saving
from presentation.labels import t

NONCE = "email_nonce"
RESETS = {
    "email_agency": None,
    "email_activities": [],
    "email_other": "",
    "email_evidence": "",
    "email_notes": "",
    "email_ref": "",
}


def form(ctx) -> None:
    lang, config = ctx.lang, ctx.config
    st.subheader(t("email_title", lang))
    st.caption(t("email_intro", lang))
    saving.set_pending()
    names = saving.roster_names(ctx)
    with st.container(border=True):
        code = st.selectbox(
            t("chase_agency", lang),
            list(names),
            index=None,
            format_func=saving.agency_label(names),
            placeholder=t("resolve_agency_placeholder", lang),
            key="email_agency",
        )
        when = saving.moment_input(config, lang, "email_received")
        labels = {a.key: (a.label_vi if lang == "vi" else a.label_en) for a in config.activities if a.key != "other"}
        ticked = st.multiselect(
            t("col_activities", lang),
            list(labels),
            format_func=labels.get,
            placeholder=t("email_activities_placeholder", lang),
            key="email_activities",
        )
        other = st.text_input(t("email_other", lang), key="email_other")
        quantity_keys = [a.quantity_field for a in config.quantity_activities] + ["participants"]
        columns = st.columns(len(quantity_keys))
        quantities = {
            k: col.number_input(
                config.quantity_labels(lang).get(k) or t("participants", lang),
                min_value=0,
                value=None,
                step=1,
                key=f"email_qty_{k}",
            )
            for k, col in zip(quantity_keys, columns)
        }
        evidence = st.text_area(t("email_evidence", lang), key="email_evidence", height=68)
        notes = st.text_area(t("col_notes", lang), key="email_notes", height=68)
        ref = st.text_input(t("email_ref", lang), key="email_ref")
        if st.button(t("email_save", lang), type="primary", icon=":material/mark_email_read:", key="email_save"):
            if code is None:
                st.error(t("email_need_agency", lang))
                return
            nonce = saving.nonce(NONCE)
            values = {
                "agency_code": code,
                "received_at": when,
                "ticked": ticked,
                "other": other,
                "quantities": quantities,
                "evidence": evidence,
                "notes": notes,
                "email_ref": ref,
                "recorded": desk.recorded_refs(_email_reports(ctx)),  # one email is recorded once, whoever presses
            }
            resets = {**RESETS, **{f"email_qty_{k}": None for k in quantity_keys}, NONCE: saving.DROP}
            saving.save(EMAIL_REPORTS, lambda: desk.email_report(config, **values, by=saving.who(ctx), nonce=nonce), lang, resets)
    saving.flash(EMAIL_REPORTS)


def _email_reports(ctx) -> pd.DataFrame | None:
    store = ctx.report.prepared.raw.store
    return store.tables.get(EMAIL_REPORTS) if store is not None else None


def table(ctx) -> pd.DataFrame:
    """The reports entered from email, as the engine counted them (the Submissions rows with source = email)."""
    subs = ctx.submissions()
    return subs[subs["source"] == t("row_source_email", ctx.lang)].reset_index(drop=True) if "source" in subs else subs.iloc[0:0]
