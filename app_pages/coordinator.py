"""The coordinator's desk: enter a report received by email, edit the roster's contacts. Not for leaders."""

import streamlit as st

from dashboard.forms import emailed, roster, saving
from dashboard.state import context
from presentation import views
from presentation.labels import t

ctx = context()
lang = ctx.lang

st.header(t("page_coordinator", lang))
if not saving.desk_is_open(ctx):
    st.stop()

saving.who_input(ctx)  # who saves, once for the page's forms
emailed.form(ctx)
entered = emailed.table(ctx)
if not entered.empty:
    st.dataframe(
        views.labelled(entered.drop(columns=["category_code"]), lang, ctx.config),
        hide_index=True,
        column_config={t("col_submitted_at", lang): st.column_config.DatetimeColumn(format="DD/MM/YYYY HH:mm")},
        key="emailed_table",
    )
roster.section(ctx)
