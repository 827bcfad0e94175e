"""The Mailbox page's actions on one email: "Ghi nhận" fills the emailed-report form (the coordinator completes and
saves it); "Không phải báo cáo" marks it, once, in the store (and can be undone). Every text from the email is shown
as text (st.text, st.code, tables), never as Markdown or HTML."""

from __future__ import annotations

import streamlit as st

from campaign import desk
from campaign.mail_candidates import NOT_A_REPORT, RECORDED, Candidate, recording_values
from campaign.store import EMAIL_REPORTS, MAIL_MARKS
from dashboard.forms import emailed, saving
from presentation.formats import escape_markdown, fmt_date, fmt_time
from presentation.labels import t
from presentation.views import mailbox as mail_views

RECORDING = "_mail_recording"  # the Message-ID whose emailed-report form is open


def _fill_form(ctx, found: Candidate) -> None:
    """The emailed-report form's widgets, set before they are drawn in this run."""
    values = recording_values(found)
    received = values["received_at"]
    st.session_state.update(
        {
            "email_agency": values["agency_code"],
            "email_received_day": received.date(),
            "email_received_time": received.time().replace(second=0, microsecond=0),
            "email_evidence": values["evidence"][: ctx.config.limits.max_cell_chars],
            "email_ref": values["email_ref"],
            "email_activities": [],
            "email_other": "",
            "email_notes": "",
        }
    )
    st.session_state[RECORDING] = found.message_id


def detail(ctx, found: Candidate, state: str) -> None:
    """One email: when it arrived and what it said of itself, its agency and why, its files, its text, the actions."""
    lang, names = ctx.lang, saving.roster_names(ctx)
    with st.container(border=True):
        st.text(f"{t('mail_col_subject', lang)}: {found.subject}")
        st.text(f"{t('mail_col_sender', lang)}: {mail_views.sender_text(found)}")
        st.text(f"{t('mail_col_received', lang)}: {fmt_date(found.received)} {fmt_time(found.received)}")
        st.text(f"{t('mail_date_header', lang)}: {found.date_header}")
        agency = mail_views.agency_text(found, names) or "—"
        st.text(f"{t('mail_col_agency', lang)}: {agency} ({mail_views.why_text(found, names, lang)})")
        if found.not_a_report:
            st.caption(t("mail_auto_reply", lang))
        if found.reply:
            st.caption(t("mail_reply", lang))
        if found.problem:
            st.warning(escape_markdown(t("mail_problem", lang, problem=found.problem)), icon=":material/warning:")
        if found.attachments:
            st.dataframe(mail_views.attachments_table(found, lang), hide_index=True, key="mail_files")
            pictures = [a for a in found.attachments if a.thumbnail]
            for column, picture in zip(st.columns(max(len(pictures), 1)) if pictures else (), pictures):
                column.image(picture.thumbnail, width=mail_views.THUMBNAIL_WIDTH)
                column.text(picture.name)
        elif not found.complete:
            st.caption(t("mail_too_big", lang, size=mail_views.size_text(found.size)))
        if found.text:
            st.caption(t("mail_text", lang))
            st.code(found.text, language=None, wrap_lines=True)
        suggested = mail_views.suggestions_line(found, ctx.config, lang)
        if suggested:
            st.text(f"{t('mail_suggestions', lang)} {suggested}")
    if state == RECORDED:
        st.success(t("mail_already", lang), icon=":material/check_circle:")
        saving.flash(EMAIL_REPORTS)
        return
    record, mark = st.columns(2)
    if record.button(
        t("mail_record", lang),
        type="primary",
        icon=":material/mark_email_read:",
        help=t("mail_record_help", lang),
        key="mail_record",
    ):
        _fill_form(ctx, found)
    undo = state == NOT_A_REPORT and not found.not_a_report
    if mark.button(t("mail_undo_mark" if undo else "mail_not_report", lang), icon=":material/block:", key="mail_mark"):
        nonce = saving.nonce("mail_mark_nonce")
        saving.save(
            MAIL_MARKS,
            lambda: desk.mail_mark(
                ctx.config, message_id=found.message_id, subject=found.subject, undo=undo, by=saving.who(ctx), nonce=nonce
            ),
            lang,
            {"mail_mark_nonce": saving.DROP},
        )
    saving.flash(MAIL_MARKS)
    if st.session_state.get(RECORDING) == found.message_id:
        if found.suggestions and st.button(t("mail_use_suggestions", lang), key="mail_use_suggestions"):
            st.session_state.update({f"email_qty_{k}": v for k, v in found.suggestions.items()})
        emailed.form(ctx)
