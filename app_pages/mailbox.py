"""The department's mailbox: every email of the period, newest first, to do / recorded / not a report, with its
agency and why; one email at a time to record or to mark. Not for leaders."""

import streamlit as st

from campaign.mail_candidates import MAIL_STATUSES, TO_DO
from dashboard.forms import mailbox as actions
from dashboard.forms import saving
from dashboard.mailbox import inbox_configured, mailbox
from dashboard.state import context
from presentation.formats import escape_markdown, fmt_date, fmt_time
from presentation.labels import t
from presentation.views import mailbox as mail_views

ctx = context()
lang = ctx.lang

st.header(t("page_mailbox", lang))
if not saving.desk_is_open(ctx):
    st.stop()
st.caption(t("mail_intro", lang))
if not inbox_configured():
    st.info(t("mail_no_inbox", lang), icon=":material/inbox:")
    st.stop()
refresh = st.button(t("mail_refresh", lang), icon=":material/refresh:", key="mail_refresh")
box = mailbox(ctx, refresh=refresh)
if box.error is not None:
    st.error(f"{t('mail_read_failed', lang)} {escape_markdown(box.error.message(lang))}", icon=":material/error:")
if box.read_at is not None:
    when = ctx.config.local(box.read_at)
    line = "mail_stale" if box.stale else "mail_read_at"
    (st.warning if box.stale else st.caption)(t(line, lang, time=fmt_time(when), date=fmt_date(when)))
if box.left_out:
    st.caption(t("mail_left_out", lang, count=box.left_out))
if not box.found:
    if box.error is None:
        st.info(t("mail_none", lang))
    st.stop()

counts = {s: sum(1 for v in box.states.values() if v == s) for s in MAIL_STATUSES}
st.markdown(f"**{t('mail_counts', lang, **counts)}**")
names = saving.roster_names(ctx)
narrow = {  # the moment and the state fit beside the agency on a phone's 390 px
    t("mail_col_received", lang): st.column_config.TextColumn(width=110),
    t("mail_col_state", lang): st.column_config.TextColumn(width=95),
    t("mail_col_agency", lang): st.column_config.TextColumn(width=200),
}
table = mail_views.mailbox_table(box.found, box.states, names, lang)
st.dataframe(table, hide_index=True, column_config=narrow, key="mailbox_table")

saving.who_input(ctx)
by_id = {c.message_id: c for c in box.found}
ids = list(by_id)
first = next((i for i, m in enumerate(ids) if box.states[m] == TO_DO), 0)
picked = st.selectbox(
    t("mail_pick", lang),
    ids,
    index=first,
    format_func=lambda m: mail_views.choice_label(by_id[m], box.states[m], lang),
    key="mail_pick",
)
actions.detail(ctx, by_id[picked], box.states[picked])
