"""Every submission: searchable and filterable, with its status, matched agency, activities, quantities and links."""

import streamlit as st

from campaign.status import CATEGORIES
from dashboard import controls
from dashboard.state import context
from presentation import views
from presentation.labels import coded, t

ctx = context()
lang = ctx.lang
table = ctx.submissions()


def show(frame):
    """A submissions table, labelled, dates and links as such."""
    shown = views.labelled(frame.drop(columns=["category_code"]), lang, ctx.config)
    links = [c for c in shown.columns if c.startswith(t("col_evidence", lang, n=""))]
    st.dataframe(
        shown,
        hide_index=True,
        column_config={
            t("col_submitted_at", lang): st.column_config.DatetimeColumn(format="DD/MM/YYYY HH:mm:ss"),
            **{c: st.column_config.LinkColumn(c) for c in links},
        },
    )


st.header(t("page_submissions", lang))
left, right = st.columns([2, 3])
query = left.text_input(t("search", lang), key="submissions_search")
categories = controls.kept_choice(
    right.multiselect,
    "submissions_categories",
    lang,
    list(CATEGORIES),
    [],
    label=t("categories", lang),
    format_func=lambda c: coded("category", c, lang),
    placeholder=t("all", lang),
    select_all=False,
)
found = views.filter_submissions(table, query, categories)
st.caption(t("shown_rows", lang, shown=len(found), total=len(table)))
show(found)

st.subheader(t("history", lang))
names = dict(zip(ctx.report.agencies["code"], views.agency_names(ctx.report.agencies, lang)))
codes = views.agencies_with_submissions(ctx.report)
if codes:
    code = controls.kept_choice(
        st.selectbox,
        "history_agency",
        lang,
        codes,
        codes[0],
        label=t("history_pick", lang),
        format_func=lambda c: f"{c} — {names.get(c, '')}",
    )
    show(views.agency_history(table, code))
