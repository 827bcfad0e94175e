"""Follow-up: send the reminders from the app (the Ministry's mail server, [smtp] in secrets). The coordinator's only.

Choose the agencies (by default those missing now and not emailed within min_hours_between), read every email as it
will go, confirm with the count. At the press the source is read again: an agency that reported meanwhile drops out.
Each email is one chase-log entry, through the desk like any other save.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from campaign import desk, metrics
from campaign.errors import CampaignError
from campaign.store import CHASES
from dashboard import state
from dashboard.forms import saving
from data_sources.mailer import SmtpMailer
from presentation import views
from presentation.formats import escape_markdown, fmt_datetime
from presentation.labels import t

CHOSEN, OVERRIDE, RESULT = "send_chosen", "send_override", "_send_result"


def _plan(ctx, report):
    agencies = metrics.agencies_in(report, ctx.groups)
    store = report.prepared.raw.store
    now = dt.datetime.now(ctx.config.tz)
    plan = desk.reminder_plan(
        agencies,
        store[CHASES] if store is not None else None,
        now,
        ctx.config.reminder.min_hours_between,
        lambda cell: bool(views.valid_emails(cell)),
    )
    return agencies, plan


def section(ctx, draft_lang: str) -> None:
    if not ctx.show_personal:
        return
    lang, config = ctx.lang, ctx.config
    st.subheader(t("send_title", lang))
    try:
        settings = state.smtp_settings()
    except CampaignError as exc:
        st.error(escape_markdown(exc.message(lang)), icon=":material/mail_lock:")
        return
    if settings is None:
        st.caption(t("send_no_smtp", lang))
        return
    _show_result(lang)
    rules = config.reminder
    st.caption(t("send_intro", lang, hours=f"{rules.min_hours_between:g}", most=rules.max_per_send, sender=settings.sender))
    agencies, plan = _plan(ctx, ctx.report)
    names = dict(zip(agencies["code"], views.agency_names(agencies, lang)))

    def label(code: str) -> str:
        return f"{code} — {names.get(code, '')}"

    missing = plan[plan["reason"].isin(["", desk.CONTACTED, desk.RECENT])]
    due = list(plan.loc[plan["reason"] == "", "code"])
    chosen = st.multiselect(
        t("send_chosen", lang, hours=f"{rules.min_hours_between:g}"),
        list(missing["code"]),
        default=due,
        format_func=label,
        key=CHOSEN,
    )
    recent = [c for c in chosen if c in set(plan.loc[plan["reason"] == desk.RECENT, "code"])]
    last = dict(zip(plan["code"], plan["last_emailed"]))
    overridden = st.multiselect(
        t("send_override", lang, hours=f"{rules.min_hours_between:g}"),
        recent,
        format_func=lambda c: f"{label(c)} ({fmt_datetime(last[c].tz_convert(config.tz))})",
        key=OVERRIDE,
        disabled=not recent,
    )
    codes = desk.to_send(plan, chosen, overridden, rules.max_per_send)
    held = len(desk.to_send(plan, chosen, overridden)) - len(codes)
    if held:
        st.caption(t("send_held", lang, most=rules.max_per_send, rest=held))
    emails = views.reminder_emails(agencies, codes, config, draft_lang, ctx.report.as_of, ctx.is_demo)
    with st.expander(t("send_preview", lang, count=len(emails)), icon=":material/preview:"):
        for email in emails:  # as text, never Markdown: names come from the roster
            st.text(f"{t('send_to', lang)}: {', '.join(email.to)}\n{t('subject', lang)}: {email.subject}")
            st.code(email.body, language=None, wrap_lines=True)
    if st.button(
        t("send_button", lang, count=len(emails)),
        type="primary",
        icon=":material/send:",
        disabled=not emails,
        key="send_reminders",
    ):
        _send(ctx, settings, chosen, overridden, draft_lang)


def _send(ctx, settings, chosen, overridden, draft_lang) -> None:
    """Read the source again, keep the chosen agencies still to remind, send them, log each, say what happened."""
    lang, config = ctx.lang, ctx.config
    try:
        report = state.fresh_report(ctx)
        agencies, plan = _plan(ctx, report)
        codes = desk.to_send(plan, chosen, overridden, config.reminder.max_per_send)
        dropped = [c for c in chosen if c in set(plan.loc[plan["reason"] == desk.REPORTED, "code"])]
        emails = views.reminder_emails(agencies, codes, config, draft_lang, report.as_of, report.prepared.raw.is_demo)
        with st.spinner(t("send_sending", lang, count=len(emails))), SmtpMailer(settings) as mailer:
            result = desk.send_reminders(
                config, emails, mailer, saving.store(), by=saving.who(ctx), pause_seconds=config.reminder.pause_seconds
            )
    except CampaignError as exc:
        saving.failed(exc, lang)
        return
    st.session_state[RESULT] = (result, dropped)
    st.session_state[saving.REFRESH_KEY] = True  # the chase log and the table read afresh
    st.session_state[saving.PENDING_KEY] = {CHOSEN: saving.DROP, OVERRIDE: saving.DROP}
    st.rerun()


def _show_result(lang: str) -> None:
    saving.set_pending()
    shown = st.session_state.pop(RESULT, None)
    if shown is None:
        return
    result, dropped = shown
    st.success(t("send_done", lang, sent=len(result.sent), failed=len(result.failed)), icon=":material/mark_email_read:")
    if dropped:
        st.info(t("send_dropped", lang, codes=", ".join(dropped)))
    for code, answer in result.failed:
        st.warning(f"{code}: {escape_markdown(answer)}", icon=":material/unsubscribe:")
    if result.stopped is not None:
        st.error(f"{t('send_stopped', lang)} {escape_markdown(result.stopped.message(lang))}", icon=":material/error:")
