"""Export: the engine's five CSV files, one workbook with all of them, the ITU summary in English, and the documents."""

import datetime as dt

import streamlit as st

from dashboard import document_downloads
from dashboard.state import context
from presentation import views
from presentation.labels import t

ctx = context()
lang = ctx.lang
exports = ctx.exports()  # as this viewer may see them

st.header(t("page_export", lang))
st.caption(t("export_intro", lang))
labels = views.export_labels(lang)
for name in exports:
    st.download_button(
        f"{labels[name]} ({ctx.download_name(name)})",
        ctx.download(lambda name=name: ctx.csvs()[name]),
        file_name=ctx.download_name(name),
        mime="text/csv",
        icon=":material/download:",
        key=f"download_{name}",
    )
st.download_button(
    t("download_xlsx", lang),
    ctx.download(ctx.xlsx),
    file_name=ctx.download_name("bao-cao", "xlsx"),
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/table_view:",
    type="primary",
    key="download_xlsx",
)

st.subheader(t("itu_title", lang))
st.dataframe(views.itu_display(exports["itu_summary"]), hide_index=True)

# The documents: the letter only where the Context offers it, the two reports to all. What only a person knows is
# asked first (the coordinator's form; a leader sees what is missing), and every document is built with what is saved.
st.subheader(t("documents_title", lang))
st.caption(t("documents_intro", lang))
with st.container(border=True):
    values = document_downloads.inputs_form(ctx)
if ctx.offers("letter"):
    with st.container(border=True):
        st.markdown(f"**{t('letter_title', lang)}**")
        first_day = ctx.moment.date() + dt.timedelta(days=1)
        new_deadline = st.date_input(
            t("letter_deadline", lang),
            value=ctx.moment.date() + dt.timedelta(days=7),
            min_value=first_day,
            format="DD/MM/YYYY",
            key="letter_deadline",
        )
        letter_day = st.date_input(t("letter_dated", lang), value=None, format="DD/MM/YYYY", key="letter_dated")
        include_late = st.checkbox(t("letter_late", lang), key="letter_late")
        per_agency = st.checkbox(t("letter_zip", lang), key="letter_zip")
        to = document_downloads.recipients(ctx, include_late)
        if to.empty:
            st.info(t("letter_nobody", lang))
        elif letter_day is not None and new_deadline <= letter_day:
            st.error(t("letter_deadline_after", lang), icon=":material/event_busy:")
        else:
            st.caption(t("letter_count", lang, n=len(to)))
            st.download_button(
                t("download_letters_zip" if per_agency else "download_letter", lang),
                document_downloads.letter(ctx, new_deadline, include_late, per_agency, letter_day, values),
                file_name=document_downloads.file_name(ctx, "letters" if per_agency else "letter"),
                mime=document_downloads.ZIP if per_agency else document_downloads.DOCX,
                icon=":material/mail:",
                key="download_letter",
            )
with st.container(border=True):
    st.markdown(f"**{t('report_title', lang)}**")
    report_day = st.date_input(t("report_dated", lang), value=None, format="DD/MM/YYYY", key="report_dated")
    for which, icon in (("final", ":material/description:"), ("itu", ":material/public:")):
        st.download_button(
            t(f"download_{which}", lang),
            document_downloads.report(ctx, which, report_day, values),
            file_name=document_downloads.file_name(ctx, which),
            mime=document_downloads.DOCX,
            icon=icon,
            key=f"download_{which}",
        )
