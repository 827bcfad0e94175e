"""Data quality: where every row went, names not in the roster and how to fix them, cells to check."""

import streamlit as st

from dashboard import evidence
from dashboard.forms import resolution
from dashboard.state import context
from presentation import views
from presentation.labels import t

ctx = context()
lang, config, report = ctx.lang, ctx.config, ctx.report

st.header(t("page_quality", lang))
st.markdown(f"#### {views.accounting_sentence(report.accounting, lang)}")
st.caption(views.link_sentence(report, lang))  # numbers and labels only: nothing from the sheet

st.subheader(t("unmatched_title", lang))
unmatched = ctx.unmatched()
if unmatched.empty:
    st.success(t("no_unmatched", lang))
else:
    st.dataframe(views.labelled(unmatched, lang), hide_index=True)
    st.info(resolution.how_to_fix(ctx))

resolution.section(ctx)

st.subheader(t("issues_title", lang))
issues = ctx.issues()
if issues.empty:
    st.success(t("no_issues", lang))
else:
    st.dataframe(views.labelled(issues, lang), hide_index=True)

st.subheader(t("evidence_problems", lang))
evidence.problems_section(ctx, "evidence_problems")  # broken and closed evidence links per agency
