"""Overview for leaders: the sentence to quote, the tiles, progress, groups, activities and the map."""

import streamlit as st

from dashboard import charts, views
from dashboard.labels import t
from dashboard.state import context, overview_figures

ctx = context()
lang, config, frames = ctx.lang, ctx.config, ctx.frames
figures = overview_figures(ctx.data_key, ctx.as_of, ctx.groups, lang, frames)

st.title(config.campaign.name_vi if lang == "vi" else config.campaign.name_en)
st.markdown(f"#### {views.headline(frames.summary, ctx.moment, lang)}")

for column, (label, value) in zip(st.columns([1, 1, 1, 1, 1, 1.1, 2]), views.tiles(frames.summary, config, ctx.moment, lang)):
    column.metric(label, value)

left, right = st.columns([3, 2])
left.plotly_chart(
    figures["burnup"],
    config=charts.png_config(charts.filename(config, "burnup", ctx.moment, lang)),
    key="chart_burnup",
)
right.plotly_chart(
    figures["groups"],
    config=charts.png_config(charts.filename(config, "groups", ctx.moment, lang)),
    key="chart_groups",
)

left, right = st.columns([1, 1])
left.plotly_chart(
    figures["map"],
    config=charts.png_config(charts.filename(config, "map", ctx.moment, lang)),
    key="chart_map",
)
left.caption(t("map_attribution", lang))
right.plotly_chart(
    figures["activities"],
    config=charts.png_config(charts.filename(config, "activities", ctx.moment, lang)),
    key="chart_activities",
)
right.markdown(f"**{t('quantities', lang)}**")
quantities = views.quantity_tiles(frames, config, lang)
columns = right.columns(3)
for i, (label, value) in enumerate(quantities):
    columns[i % 3].metric(label, value)
