"""The dashboard: `streamlit run app.py`. Wires the source, the caches and the sidebar; pages lay out the results."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import streamlit as st

from dashboard import access, controls, errors, navigation, readiness, state, style
from dashboard.forms import saving
from presentation.formats import escape_markdown, fmt_date, fmt_time
from presentation.labels import LANG_NAMES, LANGS, t

# A local file: the page icon is served by this server, never fetched from the internet (a ministry intranet).
ICON = Path(__file__).resolve().parent / "dashboard" / "assets" / "icon.png"

# Whatever fails unexpectedly, before a page is chosen or in it, is the app's apology with an error id (the log has the
# rest), never Streamlit's own exception box; st.stop() and reruns pass through.

with errors.apology("preparing the page"):
    config, config_error = state.campaign_config()  # read once per process; passed on from here
    title = (config.campaign.short_title or config.campaign.name_vi) if config else t("app_title", "vi")
    st.set_page_config(page_title=title, page_icon=str(ICON), layout="wide")
    style.apply()  # tiles two or three to a row on a phone

    # The view named in the address (?lang=en&groups=…&at=…&live=1) seeds the controls, once per session.
    controls.read_query(tuple(config.groups) if config else ())
    lang = st.sidebar.radio(t("language", "vi"), LANGS, format_func=LANG_NAMES.get, horizontal=True, key="lang")
    # Who may see what, before any data is read: a person who has not signed in sees the sign-in screen only.
    settings = access.read_access()
    role = access.current_role(settings)
    # The menu lists only the pages the role may open; a link to another one opens the overview, with a note.
    refused = navigation.refuse_unlisted(role)
    nav = st.navigation(
        [
            st.Page(
                page.path, title=t(page.title, lang), icon=page.icon, url_path=page.url_path, default=page is navigation.DEFAULT
            )
            for page in navigation.pages_for(role)
        ],
        position="sidebar" if role else "hidden",
    )
    access.gate_uploads(role)  # Streamlit's upload endpoint refuses files for a session without a role
    if role is None:
        access.sign_in(settings, lang, config.tz if config else None, config.campaign.name.get(lang) if config else "")
    access.sidebar(settings, role, lang)
    if config is not None:
        readiness.sidebar(config, role, lang)  # what the config still lacks: for the coordinator only
    if refused:
        st.info(t("page_refused", lang), icon=":material/lock:")
    if settings.allow_anonymous and not settings.protected:
        st.warning(t("public_banner", lang), icon=":material/public:")

    if config is None:
        st.error(t("config_error", lang))
        st.code(config_error.message(lang), language=None)
        st.stop()

    # The source: the configured Google Sheet if secrets name one, an uploaded file, or the demo.
    # The sheet holds personal data: with nobody signed in it is opened only when secrets make it public on purpose.
    sheet = state.sheet_choice(config)
    if sheet and not settings.may_read_sheet:
        st.error(t("sheet_refused", lang), icon=":material/lock:")
        sheet = None
    # A file is sent to the server only by whoever may upload (dashboard/access.py: UploadGate): the coordinator.
    kinds = (["sheet"] if sheet else []) + ["demo"] + (["upload"] if access.may_upload(role) else [])
    kind = controls.kept_choice(
        st.sidebar.radio, "source", lang, kinds, kinds[0], label=t("source", lang), format_func=lambda k: t(f"source_{k}", lang)
    )
    choice = sheet if kind == "sheet" else None
    if kind == "upload":
        limit = t("upload_drop_help", lang, limit=t("upload_limit", lang, mb=st.get_option("server.maxUploadSize")))
        responses = st.sidebar.file_uploader(
            t("upload_responses", lang), type=["csv", "xlsx"], help=limit, key="upload_responses"
        )
        roster = st.sidebar.file_uploader(t("upload_roster", lang), type=["csv", "xlsx"], help=limit, key="upload_roster")
        choice = state.upload_choice(config, responses, roster)
        if choice is None:
            st.sidebar.info(t("upload_hint", lang))
    choice = choice or state.demo_choice(config)
    saving.reset_demo_store(config)  # once per server process: the demo's store starts from its samples
    saving.remember_source(choice)  # where the coordinator's entries are saved

    read_slot = st.sidebar.empty()
    refresh = st.sidebar.button(t("refresh", lang), icon=":material/refresh:", key="refresh")
    refresh = saving.take_refresh() or refresh  # after a save the coordinator sees a fresh read
    prepared, error, stale = state.read(choice, refresh=refresh)
    if error is not None:
        st.error(f"{t('read_failed', lang)} {escape_markdown(error.message(lang))}")
    if prepared is None:
        st.info(t("no_data", lang))
        st.stop()

    read_at = state.read_moment(prepared)
    read_slot.caption(t("data_as_of", lang, time=fmt_time(read_at), date=fmt_date(read_at)))
    if stale:
        st.warning(t("stale", lang, time=fmt_time(read_at), date=fmt_date(read_at)))

    # The moment: now by default (the final picture once the deadline has passed), or a day and time chosen.
    now = controls.now(config.campaign.timezone)
    today = now.date()
    first_day = config.campaign.period_start - dt.timedelta(days=60)
    if isinstance(st.session_state.get(controls.DATE_KEY), dt.date):  # a day from the address, kept within the range
        st.session_state[controls.DATE_KEY] = min(max(st.session_state[controls.DATE_KEY], first_day), today)
    day_col, time_col = st.sidebar.columns([3, 2])
    day = day_col.date_input(
        t("status_date", lang),
        value=None,
        min_value=first_day,
        max_value=today,
        format="DD/MM/YYYY",
        help=t("status_now_help", lang),
        key=controls.DATE_KEY,
    )
    moment_time = time_col.time_input(
        t("status_time", lang), value=None, step=dt.timedelta(minutes=30), disabled=day is None, key=controls.TIME_KEY
    )
    chosen = dt.datetime.combine(day, moment_time or controls.END_OF_DAY) if day is not None else None

    key = state.data_key(prepared)
    as_of = state.moment_of(config, chosen, now, read_at)[0]
    wait = state.allowed_moment(as_of)
    if wait:  # many new moments in a minute: each is a whole evaluation; show the present instead
        st.sidebar.warning(t("moment_throttled", lang, seconds=int(wait) + 1), icon=":material/hourglass:")
        chosen = None
        as_of = state.moment_of(config, chosen, now, read_at)[0]
    report = state.evaluate_cached(key, as_of, prepared)
    present = set(report.agencies["group"])
    group_options = [g for g in config.groups if g in present] + sorted(present - set(config.groups))
    groups = controls.kept_choice(
        st.sidebar.multiselect,
        controls.GROUPS,
        lang,
        group_options,
        [],
        label=t("groups", lang),
        format_func=lambda g: config.group_label(g, lang),
        placeholder=t("groups_all", lang),
        select_all=False,  # Streamlit's "Select all" is English only; no choice means all groups
    )
    live = st.sidebar.toggle(
        t("live", lang), help=t("live_help", lang, seconds=config.sheet.cache_ttl_seconds), key=controls.LIVE
    )
    controls.write_query(controls.view_query(lang, groups, day, moment_time, live))

    if prepared.raw.is_demo:
        st.info(t("demo_banner", lang), icon=":material/science:")
    saving.show_store_problems(prepared, lang)

    state.set_context(
        state.context_for(prepared, lang=lang, groups=tuple(groups), chosen=chosen, now=now, role=role, choice=choice)
    )
    try:
        nav.run()
    except Exception as exc:  # noqa: BLE001 - the page shows an apology with an error id; the log has the rest
        errors.apologise(exc, f"showing {nav.url_path or 'the overview'}", lang)
