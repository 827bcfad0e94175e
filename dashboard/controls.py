"""The sidebar's controls that outlive a language switch, the clock, and the link that shares the exact view.

Streamlit sends a choice widget's value back as the text it shows. The same widget redrawn in another language
would not recognise its own value: the chip keeps the old language and the next click drops the choice. So each
language gets its own widget (key ``groups`` in Vietnamese, ``groups.en`` in English), and the value itself is kept
in session state (``_kept.groups``), handed from one widget to the next.

The view's state also lives in the page's address (``st.query_params``): ``?lang=en&groups=province&at=2021-05-31T23:59``
opens exactly that view, and ``?live=1`` the live board (a TV on deadline morning).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st

from presentation.labels import LANGS

# Query parameter names (also the session-state keys of the values they carry).
LANG, GROUPS, AT, LIVE = "lang", "groups", "at", "live"
DATE_KEY, TIME_KEY = "as_of_date", "as_of_time"
_READ_KEY = "_query_read"
AT_FORMAT = "%Y-%m-%dT%H:%M"
# The time a chosen day is seen at when no time is chosen: its end.
END_OF_DAY = dt.time(23, 59)


def now(tz: str) -> pd.Timestamp:
    """The present moment in `tz`. DASHBOARD_NOW (ISO date-time) freezes it: a demo of deadline day, or a test."""
    frozen = os.environ.get("DASHBOARD_NOW")
    if frozen:
        moment = pd.Timestamp(frozen)
        return moment.tz_localize(tz) if moment.tzinfo is None else moment.tz_convert(tz)
    return pd.Timestamp.now(tz=tz)


def kept_choice(widget: Callable, key: str, lang: str, options: Sequence, default, **kwargs):
    """A radio, selectbox or multiselect whose options are shown in the language, its value kept across switches.

    The widget's own key is `key` in the first language and ``f"{key}.{lang}"`` in the others; the value is kept
    under ``kept(key)``. Values no longer among the options are dropped. The widget is seeded through session
    state, so no default is passed to it.
    """
    widget_key = key if lang == LANGS[0] else f"{key}.{lang}"
    value = st.session_state.get(kept(key), default)
    if isinstance(value, list | tuple):
        value = [v for v in value if v in options]
    elif value not in options:
        value = default
    if widget_key not in st.session_state:  # a language's widget is dropped while another is shown
        st.session_state[widget_key] = value
    chosen = widget(options=options, key=widget_key, **kwargs)
    st.session_state[kept(key)] = list(chosen) if isinstance(chosen, list | tuple) else chosen
    return chosen


def kept(key: str) -> str:
    """The session-state key that keeps a choice across languages."""
    return f"_kept.{key}"


def read_query(group_keys: Sequence[str]) -> None:
    """Once per session: the view named in the address (language, groups, moment, live) seeds the controls.

    Values that make no sense are ignored (the page opens with the defaults), never an error.
    """
    if st.session_state.get(_READ_KEY):
        return
    st.session_state[_READ_KEY] = True
    query = st.query_params
    lang = query.get(LANG)
    if lang in LANGS:
        st.session_state[LANG] = lang
    groups = [g for g in query.get_all(GROUPS) if g in group_keys]
    if groups:
        st.session_state[kept(GROUPS)] = groups
    at = parse_at(query.get(AT))
    if at is not None:
        st.session_state[DATE_KEY], st.session_state[TIME_KEY] = at.date(), at.time()
    if query.get(LIVE) in ("1", "true"):
        st.session_state[LIVE] = True


def parse_at(text: str | None) -> dt.datetime | None:
    """'2021-05-31T23:59' or '2021-05-31' (its end) → a naive date-time in the campaign's zone; None if unreadable."""
    if not text:
        return None
    for fmt in (AT_FORMAT, "%Y-%m-%d"):
        try:
            moment = dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
        return moment if fmt == AT_FORMAT else dt.datetime.combine(moment.date(), END_OF_DAY)
    return None


def view_query(lang: str, groups: Sequence[str], day: dt.date | None, time: dt.time | None, live: bool) -> dict:
    """The query parameters of a view; defaults are left out, so the plain address is the default view."""
    query: dict[str, str | list[str]] = {}
    if lang != LANGS[0]:
        query[LANG] = lang
    if groups:
        query[GROUPS] = list(groups)
    if day is not None:
        query[AT] = dt.datetime.combine(day, time or END_OF_DAY).strftime(AT_FORMAT)
    if live:
        query[LIVE] = "1"
    return query


def write_query(query: dict) -> None:
    """The address shows the view: parameters set, changed or removed to match `query` (untouched if equal)."""
    current = {k: st.query_params.get_all(k) for k in st.query_params}
    wanted = {k: v if isinstance(v, list) else [v] for k, v in query.items()}
    if current != wanted:
        st.query_params.from_dict(query)
