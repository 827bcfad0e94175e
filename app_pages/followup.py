"""Follow-up for the coordinator: who to remind, their contacts, one line of emails, the reminder and the list."""

import streamlit as st

from campaign.export import to_csv_bytes
from dashboard import controls, evidence
from dashboard.forms import chase, reminders
from dashboard.mailbox import mailbox
from dashboard.state import context
from presentation import views
from presentation.labels import LANG_NAMES, LANGS, status_label, t
from presentation.views import mailbox as mail_views

ctx = context()
lang, config = ctx.lang, ctx.config

st.header(t("page_followup", lang))
st.caption(t("followup_intro", lang))
left, right = st.columns([2, 1])
statuses = controls.kept_choice(
    left.multiselect,
    "followup_statuses",
    lang,
    ["missing", "late"],
    ["missing", "late"],
    label=t("statuses", lang),
    format_func=lambda s: status_label(s, lang),
    placeholder=t("statuses_none", lang),
    select_all=False,
)
draft_lang = right.radio(
    t("draft_lang", lang), LANGS, index=LANGS.index(lang), format_func=LANG_NAMES.get, horizontal=True, key="draft_lang"
)

thank_late = st.checkbox(t("thank_late", lang), key="thank_late", help=t("thank_late_help", lang))
table = ctx.followup(statuses, draft_lang, thank_late)
table = chase.with_chases(table, ctx)  # contacts recorded and the last one (everyone); "not contacted in N days"
box = mailbox(ctx)  # an agency whose email waits in the mailbox: "đã gửi email, chưa ghi nhận"
table = mail_views.with_waiting(table, box.waiting() if box else {}, lang)
if table.empty:
    st.info(t("nobody", lang))
# What a phone shows: the agency, its status and the reminder link; everything else in the detail view.
main = [c for c in (*views.FOLLOWUP_MAIN, "mail_waiting") if c in table.columns]
links = {
    t("col_mailto", lang): st.column_config.LinkColumn(display_text=t("col_mailto_text", lang), width=80),
    t("col_form_link", lang): st.column_config.LinkColumn(),  # the whole link shown: it is copied into letters, Zalo …
}
narrow = {  # the three fit a phone's 390 px width
    t("col_name", lang): st.column_config.TextColumn(width=165),
    t("col_status", lang): st.column_config.TextColumn(width=95),
    t("col_mailto", lang): links[t("col_mailto", lang)],
}
st.dataframe(views.labelled(table[main], lang), hide_index=True, column_config=narrow, key="followup_table")
with st.expander(t("followup_details", lang), icon=":material/table_view:"):
    st.dataframe(views.labelled(table, lang), hide_index=True, column_config=links, key="followup_details")


def followup_csv() -> bytes:
    return to_csv_bytes(views.labelled(table.drop(columns=["mailto"], errors="ignore"), lang))


st.download_button(
    t("download_list", lang),
    ctx.download(followup_csv),
    file_name=ctx.download_name("don-doc" if lang == "vi" else "follow-up"),
    mime="text/csv",
    icon=":material/download:",
    key="download_followup",
)

if "email" in table.columns:  # the addresses, when the table has them
    st.subheader(t("emails_line", lang))
    line = views.reminder_line(ctx.frames, table["code"])  # only the agencies not reported: never one that has
    if line:
        st.code(line, language=None, wrap_lines=True)
    else:
        st.caption(t("no_emails", lang))

st.subheader(t("draft", lang))
for column, draft in zip(st.columns(len(LANGS)), LANGS):
    subject, body = views.reminder(config, draft, ctx.report.as_of, ctx.is_demo)
    column.markdown(f"**{LANG_NAMES[draft]}**")
    column.text_input(t("subject", lang), subject, key=f"subject_{draft}")
    column.code(body, language=None, wrap_lines=True)

# Agencies whose evidence links are broken or not shared: a drafted email asking each to share its files (#25).
with st.expander(t("evidence_problems", lang), icon=":material/link_off:"):
    evidence.problems_section(ctx, "followup_evidence_problems")

reminders.section(ctx, draft_lang)
chase.section(ctx, list(table["code"]))
