"""The coordinator acts in the app: resolve names, record chases, enter emailed reports, edit the roster.

Every save goes to the store behind the current source (the Sheet's own tabs, or the SQLite file), then the
read cache is cleared: what the page shows next is a fresh read. A save that fails says why in the page's
language, and the entry stays in the form to be saved again. A leader sees chase counts, never these forms.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from campaign.config import Config
from campaign.errors import CampaignError
from campaign.export import to_csv_bytes
from campaign.names import fold_name
from campaign.roster import clean_roster, read_default_roster
from campaign.roster_edit import EDITABLE, changed_rows, validate_roster
from campaign.store import (
    CHANNELS,
    CHASES,
    EMAIL_REPORTS,
    NOT_ON_ROSTER,
    RESOLUTIONS,
    apply_roster_edits,
    chase_summary,
    new_id,
    now_iso,
)
from data_sources.store import RosterConflict, StoreReadOnly, store_of
from presentation import views
from presentation.formats import escape_markdown, fmt_datetime
from presentation.labels import TEXT as _TEXT_KEYS
from presentation.labels import t

SOURCE_KEY = "_coordination_source"
FLASH_KEY = "_coordination_flash"
ROSTER_BASE_KEY = "_coordination_roster_base"
PENDING_KEY = "_coordination_pending"
REFRESH_KEY = "_coordination_refresh"
DROP = object()  # in a reset: forget the key (an entry's id, kept across retries until the save succeeds)
GRID_KEY = "_coordination_grid"


# --- wiring (app.py) ------------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def reset_demo_store(_config: Config) -> bool:
    """The demo's store starts from its sample entries once per server process (when the server starts)."""
    from data_sources.demo import demo_store

    if _config.store is not None:
        demo_store(_config, reset=True)
    return True


def take_refresh() -> bool:
    """True once after a save (or a refused roster save): the app then reads the source and its store afresh."""
    if not st.session_state.pop(REFRESH_KEY, False):
        return False
    choice = st.session_state.get(SOURCE_KEY)
    if choice is not None:
        from dashboard import reads

        reads.store().invalidate(choice.identity)
    return False


def remember_source(choice) -> None:
    """The source the app reads now: its store is where the pages save."""
    st.session_state[SOURCE_KEY] = choice


def show_store_problems(prepared, lang: str) -> None:
    """A store tab renamed or with a changed header: said once per page, naming the tab and its headers."""
    store = prepared.raw.store
    for problem in store.problems if store is not None else ():
        st.warning(escape_markdown(problem.message(lang)), icon=":material/table_chart:")


def _store():
    choice = st.session_state.get(SOURCE_KEY)
    config = choice.config if choice is not None else None
    if choice is None or config is None or config.store is None:
        raise StoreReadOnly(
            "This campaign's config has no [store]: nothing can be saved",
            "Tệp cấu hình của đợt này không có mục [store]: không lưu được",
        )
    return store_of(choice.make(), config)


def who(ctx) -> str:
    """Who saves: the signed-in address, or the role."""
    try:
        email = st.user.to_dict().get("email")
    except Exception:  # no auth configured
        email = None
    return str(email or ctx.role)


def flash(lang: str) -> None:
    """Before a form of another page (the Export page's document inputs): the line saying its save worked, once."""
    _flash(lang)


def _flash(lang: str) -> None:
    _set_pending()
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message, icon=":material/check_circle:")


def _set_pending() -> None:
    """Widget values to put back before the widgets are drawn (a widget's value can only be set then)."""
    for key, value in st.session_state.pop(PENDING_KEY, {}).items():
        if value is DROP:
            st.session_state.pop(key, None)
        else:
            st.session_state[key] = value


def _saved(lang: str, resets: dict | None = None) -> None:
    """After a save: a fresh read next, the form emptied, a line saying so."""
    st.session_state[REFRESH_KEY] = True  # the next run reads the store again
    st.session_state[PENDING_KEY] = dict(resets or {})
    st.session_state[FLASH_KEY] = t("store_saved", lang)
    st.rerun()


def save(kind: str, entry: dict, lang: str, resets: dict | None = None) -> bool:
    """Append one entry; on failure the error in the page's language, and the form keeps what was typed."""
    try:
        _store().append(kind, entry)
    except CampaignError as exc:
        st.error(f"{t('store_save_failed', lang)} {escape_markdown(exc.message(lang))}", icon=":material/error:")
        return False
    _saved(lang, resets)
    return True


def _moment_input(config: Config, lang: str, key: str) -> dt.datetime:
    """A date and a time (default: now), in the campaign's zone."""
    now = dt.datetime.now(config.tz)
    day_col, time_col = st.columns(2)
    day = day_col.date_input(t("store_day", lang), value=now.date(), format="DD/MM/YYYY", key=f"{key}_day")
    time = time_col.time_input(t("store_time", lang), value=now.time().replace(second=0, microsecond=0), key=f"{key}_time")
    return dt.datetime.combine(day, time).replace(tzinfo=config.tz)


def _agency_label(names: dict[str, str]):
    return lambda code: (
        t("store_not_on_roster", st.session_state.get("lang", "vi"))
        if code == NOT_ON_ROSTER
        else f"{code} — {names.get(code, '')}"
    )


# --- name resolution (Data quality) -----------------------------------------------------------------------


def resolution_candidates(report) -> pd.DataFrame:
    """One row per typed name the coordinator may decide on: unmatched, close-name, or already decided."""
    subs = report.submissions
    live = subs[~subs["blank"] & (subs["source"] == "form") & subs["match"].isin(["none", "fuzzy", "resolved", NOT_ON_ROSTER])]
    live = live[live["agency_name"] != ""]
    if live.empty:
        return pd.DataFrame(columns=["name_key", "typed_name", "rows", "match", "agency_code", "suggestions"])
    keys = live["agency_name"].map(fold_name)
    grouped = live.assign(name_key=keys).groupby("name_key", sort=False)
    return pd.DataFrame(
        {
            "typed_name": grouped["agency_name"].first(),
            "rows": grouped["row"].apply(lambda r: ", ".join(str(int(x)) for x in r)),
            "match": grouped["match"].first(),
            "agency_code": grouped["agency_code"].first(),
            "suggestions": grouped["suggestions"].first(),
        }
    ).reset_index()


def _suggested_codes(suggestions: str) -> list[str]:
    return [part.strip().split(" ", 1)[0] for part in (suggestions or "").split(";") if part.strip()]


def resolution_section(ctx) -> None:
    """Pick the agency a typed name means (suggestions first, any roster agency searchable), or 'not on the roster'."""
    if not ctx.show_personal:
        return
    lang, report = ctx.lang, ctx.report
    st.subheader(t("resolve_title", lang))
    _flash(lang)
    candidates = resolution_candidates(report)
    if candidates.empty:
        st.success(t("resolve_none", lang))
        return
    st.caption(t("resolve_intro", lang))
    names = dict(zip(report.prepared.roster["code"], report.prepared.roster["name"]))
    label = _agency_label(names)
    by_key = candidates.set_index("name_key")

    def name_label(key: str) -> str:
        row = by_key.loc[key]
        state_text = {
            "none": t("resolve_state_none", lang),
            "fuzzy": t("resolve_state_fuzzy", lang, agency=label(row["agency_code"])),
            "resolved": t("resolve_state_resolved", lang, agency=label(row["agency_code"])),
            NOT_ON_ROSTER: t("resolve_state_rejected", lang),
        }[row["match"]]
        return f"{row['typed_name']} · {t('col_row', lang)} {row['rows']} · {state_text}"

    key = st.selectbox(t("resolve_name", lang), list(by_key.index), format_func=name_label, key="resolve_name")
    row = by_key.loc[key]
    entry = {"id": "", "name_key": key, "typed_name": row["typed_name"], "by": who(ctx), "at": ""}
    if row["match"] in ("resolved", NOT_ON_ROSTER):
        st.info(t("resolve_decided", lang, decision=label(row["agency_code"] or NOT_ON_ROSTER)))
        if st.button(t("resolve_undo", lang), icon=":material/undo:", key="resolve_undo"):
            save(
                RESOLUTIONS, {**entry, "id": new_id(), "decision": "undo", "agency_code": "", "at": now_iso(ctx.config.tz)}, lang
            )
        return
    suggested = ([row["agency_code"]] if row["match"] == "fuzzy" else []) + _suggested_codes(row["suggestions"])
    suggested = [c for c in dict.fromkeys(suggested) if c in names]
    options = suggested + [NOT_ON_ROSTER] + [c for c in names if c not in suggested]
    choice = st.selectbox(
        t("resolve_agency", lang),
        options,
        index=None,
        format_func=label,
        placeholder=t("resolve_agency_placeholder", lang),
        key="resolve_agency",
    )
    if st.button(t("resolve_save", lang), type="primary", icon=":material/link:", key="resolve_save", disabled=choice is None):
        decision = "not_on_roster" if choice == NOT_ON_ROSTER else "agency"
        code = "" if choice == NOT_ON_ROSTER else choice
        save(
            RESOLUTIONS,
            {**entry, "id": new_id(), "decision": decision, "agency_code": code, "at": now_iso(ctx.config.tz)},
            lang,
            {"resolve_agency": None},
        )


# --- chase log (Follow-up) --------------------------------------------------------------------------------


def with_chases(table: pd.DataFrame, ctx) -> pd.DataFrame:
    """The follow-up table with each agency's number of contacts and the last one, filtered by 'not contacted in N days'."""
    lang = ctx.lang
    store = ctx.report.prepared.raw.store
    chases = store[CHASES] if store is not None else None
    summary = chase_summary(chases, table["code"]).set_index("code")
    out = table.copy()
    at = list(out.columns).index("last_submitted_at") + 1 if "last_submitted_at" in out else len(out.columns)
    out.insert(at, "contacts", out["code"].map(summary["contacts"]).fillna(0).astype(int))
    out.insert(at + 1, "last_contact", out["code"].map(summary["last_contact"]).dt.tz_convert(ctx.config.campaign.timezone))
    days = st.number_input(
        t("chase_not_since", lang),
        min_value=0,
        max_value=365,
        value=0,
        step=1,
        key="chase_not_since",
        help=t("chase_not_since_help", lang),
    )
    if days:
        since = ctx.moment - pd.Timedelta(days=int(days))
        out = out[out["last_contact"].isna() | (out["last_contact"] < since)].reset_index(drop=True)
    out["last_contact"] = out["last_contact"].map(lambda ts: fmt_datetime(ts) or "—")  # as the page writes moments
    return out


def chase_log_table(ctx) -> pd.DataFrame:
    """Every recorded contact, newest first, with the agency's name (personal columns for the coordinator only)."""
    store = ctx.report.prepared.raw.store
    names = dict(zip(ctx.report.prepared.roster["code"], ctx.report.prepared.roster["name"]))
    if store is None or store[CHASES].empty:
        return pd.DataFrame(columns=["contacted_at", "code", "name", "channel", "contact", "note", "promised_date", "by"])
    log = store[CHASES]
    table = pd.DataFrame(
        {
            "contacted_at": pd.to_datetime(log["contacted_at"], errors="coerce", utc=True, format="ISO8601").dt.tz_convert(
                ctx.config.campaign.timezone
            ),
            "code": log["agency_code"],
            "name": log["agency_code"].map(lambda c: names.get(c, "")),
            "channel": log["channel"].map(lambda c: t(f"channel_{c}", ctx.lang) if c in CHANNELS else c),
            "contact": log["contact"],
            "note": log["note"],
            "promised_date": log["promised_date"],
            "by": log["by"],
        }
    )
    return table.sort_values("contacted_at", ascending=False, na_position="last", kind="stable").reset_index(drop=True)


def chase_section(ctx, codes: list[str]) -> None:
    """Record a contact with an agency; the log, newest first; the log as CSV. The coordinator's only."""
    if not ctx.show_personal:
        return
    lang, config = ctx.lang, ctx.config
    st.subheader(t("chase_title", lang))
    _flash(lang)
    names = dict(zip(ctx.report.prepared.roster["code"], ctx.report.prepared.roster["name"]))
    label = _agency_label(names)
    options = list(dict.fromkeys([*codes, *names]))
    with st.container(border=True):
        code = st.selectbox(t("chase_agency", lang), options, format_func=label, key="chase_agency")
        when = _moment_input(config, lang, "chase_when")
        channel = st.radio(
            t("chase_channel", lang),
            CHANNELS,
            format_func=lambda c: t(f"channel_{c}", lang),
            horizontal=True,
            key="chase_channel",
        )
        contact = st.text_input(t("chase_contact", lang), key="chase_contact")
        note = st.text_area(t("chase_note", lang), key="chase_note", height=80)
        promised = st.date_input(t("chase_promised", lang), value=None, format="DD/MM/YYYY", key="chase_promised")
        if st.button(t("chase_save", lang), type="primary", icon=":material/call:", key="chase_save"):
            entry = {
                "id": st.session_state.setdefault("chase_entry_id", new_id()),  # the same id on a retry
                "agency_code": code,
                "contacted_at": when.isoformat(),
                "channel": channel,
                "contact": contact.strip(),
                "note": note.strip(),
                "promised_date": promised.isoformat() if promised else "",
                "by": who(ctx),
                "at": now_iso(config.tz),
            }
            resets = {"chase_contact": "", "chase_note": "", "chase_promised": None, "chase_entry_id": DROP}
            save(CHASES, entry, lang, resets)
    log = chase_log_table(ctx)
    st.dataframe(
        views.labelled(log, lang),
        hide_index=True,
        column_config={t("col_contacted_at", lang): st.column_config.DatetimeColumn(format="DD/MM/YYYY HH:mm")},
        key="chase_log",
    )
    st.download_button(
        t("chase_download", lang),
        to_csv_bytes(
            views.labelled(log.assign(contacted_at=log["contacted_at"].map(lambda v: v.isoformat() if pd.notna(v) else "")), lang)
        ),
        file_name=f"{'nhat-ky-don-doc' if lang == 'vi' else 'chase-log'}.csv",
        mime="text/csv",
        icon=":material/download:",
        key="download_chases",
    )


# --- reports received by email (Coordinator page) ----------------------------------------------------------


EMAIL_RESETS = {
    "email_agency": None,
    "email_activities": [],
    "email_other": "",
    "email_evidence": "",
    "email_notes": "",
    "email_ref": "",
}


def email_report_form(ctx) -> None:
    lang, config = ctx.lang, ctx.config
    st.subheader(t("email_title", lang))
    st.caption(t("email_intro", lang))
    _flash(lang)
    names = dict(zip(ctx.report.prepared.roster["code"], ctx.report.prepared.roster["name"]))
    with st.container(border=True):
        code = st.selectbox(
            t("chase_agency", lang),
            list(names),
            index=None,
            format_func=_agency_label(names),
            placeholder=t("resolve_agency_placeholder", lang),
            key="email_agency",
        )
        when = _moment_input(config, lang, "email_received")
        labels = {a.key: (a.label_vi if lang == "vi" else a.label_en) for a in config.activities if a.key != "other"}
        ticked = st.multiselect(t("col_activities", lang), list(labels), format_func=labels.get, key="email_activities")
        other = st.text_input(t("email_other", lang), key="email_other")
        quantity_keys = [a.quantity_field for a in config.quantity_activities] + ["participants"]
        columns = st.columns(len(quantity_keys))
        quantities = {
            k: col.number_input(
                t(f"qty_{k}", lang) if f"qty_{k}" in _TEXT_KEYS else t("participants", lang),
                min_value=0,
                value=None,
                step=1,
                key=f"email_qty_{k}",
            )
            for k, col in zip(quantity_keys, columns)
        }
        evidence = st.text_area(t("email_evidence", lang), key="email_evidence", height=68)
        notes = st.text_area(t("col_notes", lang), key="email_notes", height=68)
        ref = st.text_input(t("email_ref", lang), key="email_ref")
        if st.button(t("email_save", lang), type="primary", icon=":material/mark_email_read:", key="email_save"):
            if code is None:
                st.error(t("email_need_agency", lang))
                return
            vi_labels = {a.key: a.label_vi for a in config.activities}
            activities = ", ".join([vi_labels[k] for k in ticked] + ([other.strip()] if other.strip() else []))
            entry = {
                "id": st.session_state.setdefault("email_entry_id", new_id()),
                "received_at": when.isoformat(),
                "agency_code": code,
                "activities": activities,
                **{k: int(v) if v is not None else "" for k, v in quantities.items()},
                "evidence": evidence.strip(),
                "notes": notes.strip(),
                "email_ref": ref.strip(),
                "by": who(ctx),
                "at": now_iso(config.tz),
            }
            resets = {**EMAIL_RESETS, **{f"email_qty_{k}": None for k in quantity_keys}, "email_entry_id": DROP}
            save(EMAIL_REPORTS, entry, lang, resets)


def emailed_table(ctx) -> pd.DataFrame:
    """The reports entered from email, as the engine counted them (the Submissions rows with source = email)."""
    table = ctx.submissions()
    return (
        table[table["source"] == t("row_source_email", ctx.lang)].reset_index(drop=True) if "source" in table else table.iloc[0:0]
    )


# --- roster editing (Coordinator page) ------------------------------------------------------------------------


def editable_roster(prepared) -> pd.DataFrame:
    """The whole roster as the store knows it now (edits over the source's, retired agencies included)."""
    raw = prepared.raw
    roster = (
        clean_roster(raw.agencies, raw.roster_source)
        if raw.agencies is not None
        else read_default_roster(prepared.config.campaign.roster)
    )
    edits = raw.store.tables.get("roster") if raw.store is not None else None
    return apply_roster_edits(roster, edits)


def _save_roster(ctx, base: pd.DataFrame, edited: pd.DataFrame, keys: tuple[tuple[str, str, str], ...] = ()) -> None:
    """Validate, then write the changed rows; `keys` (widget key, code, field) show the other edit after a conflict."""
    lang = ctx.lang
    problems = validate_roster(edited)
    if problems:
        st.error(
            t("roster_invalid", lang)
            + "\n\n"
            + "\n".join(f"- {escape_markdown(vi if lang == 'vi' else en)}" for en, vi in problems)
        )
        return
    changed = changed_rows(base, edited)
    if changed.empty:
        st.info(t("roster_unchanged", lang))
        return
    try:
        _store().save_roster(base, changed, who(ctx))
    except RosterConflict as exc:
        # Start again from the roster as it is now: the next run shows the other edit in the form.
        st.session_state.pop(ROSTER_BASE_KEY, None)
        st.session_state[REFRESH_KEY] = True  # the next run reads the store again
        theirs = {r["code"]: r for r in exc.theirs.to_dict("records")}
        st.session_state[PENDING_KEY] = {key: str(theirs[code].get(field, "")) for key, code, field in keys if code in theirs}
        st.session_state[GRID_KEY] = st.session_state.get(GRID_KEY, 0) + 1
        st.error(escape_markdown(exc.message(lang)), icon=":material/group:")
        st.dataframe(
            views.labelled(ctx.visible(exc.theirs), lang),
            hide_index=True,
            key="roster_theirs",
        )
        return
    except CampaignError as exc:
        st.error(f"{t('store_save_failed', lang)} {escape_markdown(exc.message(lang))}", icon=":material/error:")
        return
    st.session_state.pop(ROSTER_BASE_KEY, None)
    st.session_state[GRID_KEY] = st.session_state.get(GRID_KEY, 0) + 1  # the grid starts again from the saved roster
    _saved(lang)


def roster_section(ctx) -> None:
    """One agency's contacts in a short form (works on a phone), or the whole roster in a grid."""
    lang = ctx.lang
    st.subheader(t("roster_title", lang))
    st.caption(t("roster_intro", lang))
    _flash(lang)
    # The roster as it was when this coordinator started editing (kept until a save): a save over an edit someone
    # else saved in between is refused, never written over it.
    base = st.session_state.get(ROSTER_BASE_KEY)
    if base is None:
        base = st.session_state[ROSTER_BASE_KEY] = editable_roster(ctx.report.prepared)
    names = dict(zip(base["code"], base["name"]))
    with st.container(border=True):
        st.markdown(f"**{t('roster_one', lang)}**")
        code = st.selectbox(t("chase_agency", lang), list(names), format_func=_agency_label(names), key="roster_agency")
        row = base[base["code"] == code].iloc[0]
        contact = st.text_input(t("col_contact", lang), value=row["contact"], key=f"roster_contact_{code}")
        email = st.text_input(
            t("col_email", lang), value=row["email"], help=t("roster_email_help", lang), key=f"roster_email_{code}"
        )
        phone = st.text_input(t("col_phone", lang), value=row["phone"], key=f"roster_phone_{code}")
        if st.button(t("roster_save_one", lang), type="primary", icon=":material/save:", key="roster_save_one"):
            edited = base.copy()
            at = edited.index[edited["code"] == code][0]
            edited.loc[at, ["contact", "email", "phone"]] = [contact.strip(), email.strip(), phone.strip()]
            fields = ("contact", "email", "phone")
            _save_roster(ctx, base, edited, tuple((f"roster_{f}_{code}", code, f) for f in fields))
    with st.expander(t("roster_all", lang)):
        grid = st.data_editor(
            base[list(EDITABLE)],
            num_rows="add",
            hide_index=True,
            disabled=False,
            column_config={
                c: st.column_config.TextColumn(t(f"col_{c}", lang) if f"col_{c}" in _TEXT_KEYS else c) for c in EDITABLE
            },
            key=f"roster_grid_{st.session_state.get(GRID_KEY, 0)}",
        )
        if st.button(t("roster_save_all", lang), icon=":material/save:", key="roster_save_all"):
            rest = base.drop(columns=list(EDITABLE)).assign(code=base["code"])
            edited = grid.merge(rest, on="code", how="left").fillna("")
            _save_roster(ctx, base, edited)


def desk_is_open(ctx) -> bool:
    """Whether this viewer may use the coordinator's forms; a leader is told they are not for them (and no
    personal field is drawn)."""
    if ctx.show_personal:
        return True
    st.info(t("coordinator_only", ctx.lang), icon=":material/lock:")
    return False
