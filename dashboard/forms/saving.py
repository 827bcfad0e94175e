"""What every form shares: the store behind the current source, who saves, and what a page shows after a save.

Every save goes to the store behind the current source (the Sheet's own tabs, or the SQLite file), then the
read cache is cleared: what the page shows next is a fresh read. A save that fails says why in the page's
language, and the entry stays in the form to be saved again. A leader sees chase counts, never these forms.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import streamlit as st

from campaign import desk
from campaign.config import Config
from campaign.errors import CampaignError
from campaign.store import NOT_ON_ROSTER
from dashboard.access import read_access
from dashboard.state import CONTEXT_KEY
from data_sources.store import StoreMaybeSaved, StoreReadOnly
from data_sources.stores import store_of
from presentation.formats import escape_markdown
from presentation.labels import t

SOURCE_KEY = "_coordination_source"
FLASH_KEY = "_coordination_flash"
PENDING_KEY = "_coordination_pending"
REFRESH_KEY = "_coordination_refresh"
DROP = object()  # in a reset: forget the key (a form's token, kept across retries until the save succeeds)


# --- wiring (app.py) ------------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def reset_demo_store(_config: Config) -> bool:
    """The demo's store starts from its sample entries once per server process (when the server starts)."""
    from data_sources.demo import demo_store

    if _config.store is not None:
        demo_store(_config, reset=True)
    return True


def take_refresh() -> bool:
    """After a save (or a refused roster save): forget this source's cached read, so this run reads it afresh.

    Returns whether it did (app.py then reads with refresh=True)."""
    if not st.session_state.pop(REFRESH_KEY, False):
        return False
    choice = st.session_state.get(SOURCE_KEY)
    if choice is not None:
        from dashboard import reads

        reads.cache().invalidate(choice.identity)
    return True


def remember_source(choice) -> None:
    """The source the app reads now: its store is where the pages save."""
    st.session_state[SOURCE_KEY] = choice


def show_store_problems(prepared, lang: str) -> None:
    """A store tab renamed or with a changed header: said once per page, naming the tab and its headers."""
    store = prepared.raw.store
    for problem in store.problems if store is not None else ():
        st.warning(escape_markdown(problem.message(lang)), icon=":material/table_chart:")


def desk_is_open(ctx) -> bool:
    """Whether this viewer may use the coordinator's forms; a leader is told they are not for them (and no
    personal field is drawn)."""
    if ctx.show_personal:
        return True
    st.info(t("coordinator_only", ctx.lang), icon=":material/lock:")
    return False


# --- saving --------------------------------------------------------------------------------------------------


def store():
    choice = st.session_state.get(SOURCE_KEY)
    config = choice.config if choice is not None else None
    if choice is None or config is None or config.store is None:
        raise StoreReadOnly(
            "This campaign's config has no [store]: nothing can be saved",
            "Tệp cấu hình của đợt này không có mục [store]: không lưu được",
        )
    if choice.kind != "demo" and read_access().mode == "open":
        # Open mode: every visitor is coordinator. What one saves over an upload would land in the store every other
        # upload and the command line count: nothing is written there. The demo keeps its own resettable store.
        raise StoreReadOnly(
            "Open mode (no password or sign-in set up): saving is for the demo only, so that no visitor changes what "
            "others count; set a password ([access] password_hash, README → Access) to save",
            "Chế độ mở (chưa đặt mật khẩu hay đăng nhập): chỉ lưu được trên dữ liệu mẫu, để không khách nào làm thay đổi "
            "số liệu của người khác; hãy đặt mật khẩu ([access] password_hash, README → Access) để lưu",
        )
    return store_of(choice.make(), config)


WHO_KEY = "_desk_who"  # the name typed once, kept for the session across pages
WHO_INPUT = "desk_who"


def _signed_in_email() -> str | None:
    """The address of a person signed in through [auth] (sign-in mode); None in password or open mode."""
    try:
        user = st.user.to_dict()
    except Exception:  # no auth configured
        return None
    return str(user["email"]) if user.get("is_logged_in") and user.get("email") else None


def who(ctx) -> str:
    """Who saves: the signed-in address, or the name typed once per session ('' until then: the desk refuses)."""
    return str(_signed_in_email() or st.session_state.get(WHO_KEY, ""))


def who_input(ctx) -> None:
    """Once per page, above its forms: the signed-in address, or a field for the name (kept for the session)."""
    lang = ctx.lang
    email = _signed_in_email()
    if email:
        st.caption(t("who_signed_in", lang, email=email))
        return
    # A widget's own state does not outlive its page: the name is kept under WHO_KEY and put back on every page.
    st.session_state[WHO_INPUT] = st.session_state.get(WHO_KEY, "")
    st.text_input(
        t("who_label", lang),
        key=WHO_INPUT,
        placeholder=t("who_placeholder", lang),
        help=t("who_help", lang),
        on_change=_keep_who,
    )


def _keep_who() -> None:
    st.session_state[WHO_KEY] = str(st.session_state.get(WHO_INPUT, "")).strip()


def nonce(key: str) -> str:
    """The form's token (session key `key`): the same across retries, a new one after a save succeeds."""
    return st.session_state.setdefault(key, desk.new_nonce())


def flash(where: str) -> None:
    """The line saying the last save worked, drawn right below the form whose button made it (`where`)."""
    shown = st.session_state.get(FLASH_KEY)
    if shown and shown[0] == where:
        st.session_state.pop(FLASH_KEY)
        st.success(shown[1], icon=":material/check_circle:")


def set_pending() -> None:
    """Widget values to put back before the widgets are drawn (a widget's value can only be set then)."""
    for key, value in st.session_state.pop(PENDING_KEY, {}).items():
        if value is DROP:
            st.session_state.pop(key, None)
        else:
            st.session_state[key] = value


def saved(lang: str, where: str, resets: dict | None = None) -> None:
    """After a save: a fresh read next, the form emptied, a line saying so below the form (`where`)."""
    st.session_state[REFRESH_KEY] = True  # the next run reads the store again
    st.session_state[PENDING_KEY] = dict(resets or {})
    st.session_state[FLASH_KEY] = (where, t("store_saved", lang))
    st.rerun()


def failed(exc: CampaignError, lang: str) -> None:
    if isinstance(exc, StoreMaybeSaved):  # the message says itself what happened and that saving again is safe
        st.warning(escape_markdown(exc.message(lang)), icon=":material/sync_problem:")
        return
    st.error(f"{t('store_save_failed', lang)} {escape_markdown(exc.message(lang))}", icon=":material/error:")


def save(kind: str, make_entry: Callable[[], dict], lang: str, resets: dict | None = None, where: str | None = None) -> bool:
    """Build the entry (through the desk) and append it; on failure the error in the page's language, and the form
    keeps what was typed."""
    try:
        limits = st.session_state[SOURCE_KEY].config.limits
        desk.record(store(), kind, make_entry(), per_day=limits.max_entries_per_day, saved=_store_as_read())
    except CampaignError as exc:
        failed(exc, lang)
        return False
    saved(lang, where or kind, resets)
    return True


def _store_as_read():
    """The coordinator's entries as this page read them (refreshed after every save); None before the first read."""
    ctx = st.session_state.get(CONTEXT_KEY)
    return ctx.report.prepared.raw.store if ctx is not None else None


def moment_input(config: Config, lang: str, key: str) -> dt.datetime:
    """A date and a time (default: now), in the campaign's zone."""
    now = dt.datetime.now(config.tz)
    day_col, time_col = st.columns(2)
    # A moment set before the widgets are drawn (the Mailbox's "Ghi nhận") is theirs: no default beside it.
    day_default = None if f"{key}_day" in st.session_state else now.date()
    time_default = None if f"{key}_time" in st.session_state else now.time().replace(second=0, microsecond=0)
    day = day_col.date_input(t("store_day", lang), value=day_default, format="DD/MM/YYYY", key=f"{key}_day")
    time = time_col.time_input(t("store_time", lang), value=time_default, key=f"{key}_time")
    return dt.datetime.combine(day, time).replace(tzinfo=config.tz)


def agency_label(names: dict[str, str]):
    return lambda code: (
        t("store_not_on_roster", st.session_state.get("lang", "vi"))
        if code == NOT_ON_ROSTER
        else f"{code} — {names.get(code, '')}"
    )


def roster_names(ctx) -> dict[str, str]:
    return dict(zip(ctx.report.prepared.roster["code"], ctx.report.prepared.roster["name"]))
