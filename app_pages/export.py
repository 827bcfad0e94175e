"""Export: the engine's five CSV files, one workbook with all of them, and the ITU summary in English."""

import streamlit as st

from dashboard import views
from dashboard.labels import t
from dashboard.state import context

ctx = context()
lang = ctx.lang
exports = ctx.exports()  # personal columns as the viewer's role allows
csvs = ctx.csvs()

st.header(t("page_export", lang))
st.caption(t("export_intro", lang))
labels = views.export_labels(lang)
for name, data in csvs.items():
    st.download_button(
        f"{labels[name]} ({name}.csv)",
        data,
        file_name=f"{name}.csv",
        mime="text/csv",
        icon=":material/download:",
        key=f"download_{name}",
    )
st.download_button(
    t("download_xlsx", lang),
    ctx.xlsx(),
    file_name="wtisd2021_bao-cao.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/table_view:",
    type="primary",
    key="download_xlsx",
)

st.subheader(t("itu_title", lang))
st.dataframe(exports["itu_summary"][["activity", "label_en", "agencies", "quantity"]], hide_index=True)
