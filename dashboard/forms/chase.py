"""Follow-up: record a contact with an agency; the log, newest first; the log as CSV. The coordinator's only."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from campaign import desk
from campaign.export import to_csv_bytes
from campaign.store import CHANNELS, CHASES
from dashboard.forms import saving
from presentation import views
from presentation.labels import t

NONCE = "chase_nonce"


def with_chases(table: pd.DataFrame, ctx) -> pd.DataFrame:
    """The follow-up table with each agency's contacts and the last one, filtered by 'not contacted in N days'."""
    days = st.number_input(
        t("chase_not_since", ctx.lang),
        min_value=0,
        max_value=365,
        value=0,
        step=1,
        key="chase_not_since",
        help=t("chase_not_since_help", ctx.lang),
    )
    return views.with_chases(table, ctx.report, ctx.moment, int(days))


def section(ctx, codes: list[str]) -> None:
    if not ctx.show_personal:
        return
    lang, config = ctx.lang, ctx.config
    st.subheader(t("chase_title", lang))
    saving.who_input(ctx)
    saving.set_pending()
    names = saving.roster_names(ctx)
    options = list(dict.fromkeys([*codes, *names]))
    with st.container(border=True):
        code = st.selectbox(  # starts empty, as the emailed-report form: a contact is never saved on the wrong agency
            t("chase_agency", lang),
            options,
            index=None,
            format_func=saving.agency_label(names),
            placeholder=t("resolve_agency_placeholder", lang),
            key="chase_agency",
        )
        when = saving.moment_input(config, lang, "chase_when")
        channel = st.radio(
            t("chase_channel", lang),
            CHANNELS,
            format_func=lambda c: t(f"channel_{c}", lang),
            horizontal=True,
            key="chase_channel",
        )
        contact = st.text_input(t("chase_contact", lang), key="chase_contact")
        note = st.text_area(t("chase_note", lang), key="chase_note", height=80)
        promised = st.date_input(t("chase_promised", lang), value=None, format="DD/MM/YYYY", key="chase_promised")
        if st.button(t("chase_save", lang), type="primary", icon=":material/call:", key="chase_save"):
            nonce = saving.nonce(NONCE)
            values = {"contacted_at": when, "channel": channel, "contact": contact, "note": note, "promised": promised}
            saving.save(
                CHASES,
                lambda: desk.chase(config, agency_code=code, **values, by=saving.who(ctx), nonce=nonce),
                lang,
                {"chase_agency": None, "chase_contact": "", "chase_note": "", "chase_promised": None, NONCE: saving.DROP},
            )
    saving.flash(CHASES)
    log = views.chase_log_table(ctx.report, lang)
    st.dataframe(
        views.labelled(log, lang),
        hide_index=True,
        column_config={t("col_contacted_at", lang): st.column_config.DatetimeColumn(format="DD/MM/YYYY HH:mm")},
        key="chase_log",
    )
    st.download_button(
        t("chase_download", lang),
        to_csv_bytes(
            views.labelled(log.assign(contacted_at=log["contacted_at"].map(lambda v: v.isoformat() if pd.notna(v) else "")), lang)
        ),
        file_name=ctx.download_name("nhat-ky-don-doc" if lang == "vi" else "chase-log"),
        mime="text/csv",
        icon=":material/download:",
        key="download_chases",
    )
