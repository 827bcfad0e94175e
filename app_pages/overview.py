"""Overview for leaders: the sentence to quote, the tiles, progress, groups, activities and the map.

On the live board (sidebar toggle or ?live=1) the overview reruns itself every cache_ttl_seconds; the data is
still read once per TTL for every viewer (the shared cache), and the agencies that reported since the viewer
opened the board are listed.
"""

import streamlit as st

from dashboard import controls, errors
from dashboard.mailbox import mailbox
from dashboard.state import context, overview_figures, refreshed
from presentation import charts, views
from presentation.formats import escape_markdown, fmt_date, fmt_time
from presentation.labels import t
from presentation.views import mailbox as mail_views

SEEN_KEY = "_seen_reported"


def just_reported(ctx, looked) -> None:
    """'Vừa báo cáo': agencies reported since this viewer opened the board (of this source, in the chosen groups)."""
    everyone = ctx.report.agencies
    reported = set(everyone.loc[everyone["status"] != "missing", "code"])
    agencies = ctx.frames.agencies  # the chosen groups
    source = ctx.choice.identity if ctx.choice else None
    seen = st.session_state.get(SEEN_KEY)
    if seen is None or seen["source"] != source:
        seen = st.session_state[SEEN_KEY] = {"source": source, "codes": reported, "since": ctx.read_at}
    since = {"time": fmt_time(seen["since"]), "date": fmt_date(seen["since"])}
    names = views.just_reported(agencies, seen["codes"], ctx.lang, ctx.config.campaign.timezone)
    box = st.container(border=True)
    box.caption(views.live_stamp(looked, ctx.config.sheet.cache_ttl_seconds, ctx.lang))
    if names:
        box.markdown(f"**{t('just_reported', ctx.lang, **since)}**")
        box.markdown("\n".join(f"- {escape_markdown(name)}" + (f" — {when}" if when else "") for name, when in names))
    else:
        box.caption(t("just_reported_none", ctx.lang, **since))


def overview(live: bool) -> None:
    ctx = context()
    if live:
        looked = controls.now(ctx.config.campaign.timezone)  # this run of the board: shown to the second
        ctx = refreshed(ctx, looked)
    lang, config, frames = ctx.lang, ctx.config, ctx.frames
    figures = overview_figures(ctx.data_key, ctx.as_of, ctx.groups, lang, frames, ctx.config)
    closed = views.is_closed(config, ctx.moment)

    st.title(config.campaign.name_vi if lang == "vi" else config.campaign.name_en)
    chosen = [escape_markdown(config.group_label(g, lang)) for g in ctx.groups]  # a roster may name its own groups
    sentence = views.headline(frames.summary, ctx.moment, lang, closed=closed, final=ctx.final, groups=chosen)
    if ctx.final:  # the round's result, and beside it what stood at the deadline
        left, right = st.columns([3, 2])
        left.markdown(f"#### {sentence}")
        right.markdown(f"#### {views.deadline_state(frames.summary, config, lang)}")
    else:
        st.markdown(f"#### {sentence}")
    st.caption(views.freshness(ctx.read_at, lang))  # how fresh the figures are, without opening the sidebar
    box = mailbox(ctx)  # with an [inbox]: how many emailed reports wait to be recorded (a count, never the emails)
    if box is not None and box.found:
        st.caption(t("mail_waiting_leader", lang, count=mail_views.waiting_count(box.states)))
    if live:
        just_reported(ctx, looked)

    tiles = views.tiles(frames.summary, config, ctx.moment, lang)
    for column, (label, value) in zip(st.container(key="tiles").columns(len(tiles)), tiles):
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
    # The map's height follows its column's width (dashboard/assets/phone.css, .st-key-map_box): the country and its
    # two archipelagos fill the width, on a phone as on a desktop, with no blank band above or below.
    left.container(key="map_frame").container(key="map_box").plotly_chart(
        figures["map"],
        height="stretch",
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
    columns = right.container(key="tiles_quantities").columns(3)
    for i, (label, value) in enumerate(quantities):
        columns[i % 3].metric(label, value)


live = bool(st.session_state.get(controls.LIVE))
if live:
    st.fragment(errors.guarded(overview, "refreshing the live board"), run_every=context().config.sheet.cache_ttl_seconds)(live)
else:
    overview(live)
