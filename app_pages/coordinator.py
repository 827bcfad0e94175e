"""The coordinator's desk: enter a report received by email, edit the roster's contacts. Not for leaders."""

import streamlit as st

from dashboard import coordination
from dashboard.state import context
from presentation import views
from presentation.labels import t

ctx = context()
lang = ctx.lang

st.header(t("page_coordinator", lang))
if not coordination.desk_is_open(ctx):
    st.stop()

coordination.email_report_form(ctx)
emailed = coordination.emailed_table(ctx)
if not emailed.empty:
    st.dataframe(
        views.labelled(emailed.drop(columns=["category_code"]), lang, ctx.config),
        hide_index=True,
        column_config={t("col_submitted_at", lang): st.column_config.DatetimeColumn(format="DD/MM/YYYY HH:mm")},
        key="emailed_table",
    )
coordination.roster_section(ctx)
