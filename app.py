"""The dashboard: `streamlit run app.py`. Wires the source, the caches and the sidebar; pages lay out the results."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import access, coordination, navigation, state
from dashboard.formats import escape_markdown, fmt_date, fmt_time
from dashboard.labels import LANG_NAMES, LANGS, t

st.set_page_config(page_title="WTISD 2021", page_icon=":material/campaign:", layout="wide")

lang = st.sidebar.radio(t("language", "vi"), LANGS, format_func=LANG_NAMES.get, horizontal=True, key="lang")
# Who may see what, before any data is read: a person who has not signed in sees the sign-in screen only.
settings = access.read_access()
role = access.current_role(settings)
nav = st.navigation(
    [
        st.Page(page.path, title=t(page.title, lang), icon=page.icon, url_path=page.url_path, default=page is navigation.DEFAULT)
        for page in navigation.PAGES
    ],
    position="sidebar" if role else "hidden",
)
if role is None:
    access.sign_in(settings, lang)
access.sidebar(settings, role, lang)
if settings.allow_anonymous and not settings.protected:
    st.warning(t("public_banner", lang), icon=":material/public:")

config = state.CONFIG
if config is None:
    st.error(t("config_error", lang))
    st.code(state.CONFIG_ERROR.message(lang), language=None)
    st.stop()

# The source: the configured Google Sheet if secrets name one, an uploaded file, or the demo.
# The sheet holds personal data: with nobody signed in it is opened only when secrets make it public on purpose.
sheet = state.sheet_choice(config)
if sheet and not settings.may_read_sheet:
    st.error(t("sheet_refused", lang), icon=":material/lock:")
    sheet = None
kinds = (["sheet"] if sheet else []) + ["demo", "upload"]
kind = st.sidebar.radio(t("source", lang), kinds, format_func=lambda k: t(f"source_{k}", lang), key="source")
choice = sheet if kind == "sheet" else None
if kind == "upload":
    limit = t("upload_limit", lang, mb=st.get_option("server.maxUploadSize"))
    responses = st.sidebar.file_uploader(t("upload_responses", lang), type=["csv", "xlsx"], help=limit, key="upload_responses")
    roster = st.sidebar.file_uploader(t("upload_roster", lang), type=["csv", "xlsx"], help=limit, key="upload_roster")
    choice = state.upload_choice(config, responses, roster)
    if choice is None:
        st.sidebar.info(t("upload_hint", lang))
choice = choice or state.demo_choice(config)
coordination.reset_demo_store(config)  # once per server process: the demo's store starts from its samples
coordination.remember_source(choice)  # where the coordinator's entries are saved

read_slot = st.sidebar.empty()
if st.sidebar.button(t("refresh", lang), icon=":material/refresh:", key="refresh"):
    state.clear_read_cache()

prepared, error, stale = state.read(choice)
if error is not None:
    st.error(f"{t('read_failed', lang)} {escape_markdown(error.message(lang))}")
if prepared is None:
    st.info(t("no_data", lang))
    st.stop()

read_at = state.read_moment(prepared)
read_slot.caption(t("data_as_of", lang, time=fmt_time(read_at), date=fmt_date(read_at)))
if stale:
    st.warning(t("stale", lang, time=fmt_time(read_at), date=fmt_date(read_at)))

today = dt.datetime.now(read_at.tzinfo).date()
day_col, time_col = st.sidebar.columns([3, 2])
day = day_col.date_input(
    t("status_date", lang),
    value=today,
    min_value=config.period_start - dt.timedelta(days=60),
    max_value=today,
    format="DD/MM/YYYY",
    help=t("status_help", lang),
    key="as_of_date",
)
moment_time = time_col.time_input(t("status_time", lang), value=dt.time(23, 59), step=dt.timedelta(minutes=30), key="as_of_time")
as_of, moment = state.as_of_moment(config, day, moment_time, read_at)

key = state.data_key(prepared)
report = state.evaluate_cached(key, as_of, prepared)
present = set(report.agencies["group"])
group_options = [g for g in config.groups if g in present] + sorted(present - set(config.groups))
groups = st.sidebar.multiselect(
    t("groups", lang),
    group_options,
    format_func=lambda g: config.group_label(g, lang),
    placeholder=t("groups_all", lang),
    key="groups",
)
groups = tuple(g for g in groups if g in present)

if prepared.raw.is_demo:
    st.info(t("demo_banner", lang), icon=":material/science:")
coordination.show_store_problems(prepared, lang)

state.set_context(
    state.Context(
        config=config,
        lang=lang,
        report=report,
        frames=state.frames_cached(key, as_of, groups, report),
        groups=groups,
        data_key=key,
        as_of=as_of,
        moment=moment,
        read_at=read_at,
        is_demo=prepared.raw.is_demo,
        role=role,
    )
)
nav.run()
