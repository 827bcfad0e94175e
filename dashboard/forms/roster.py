"""The Coordinator page: one agency's contacts in a short form (works on a phone), or the whole roster in a grid."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from campaign import desk
from campaign.errors import CampaignError
from campaign.export import to_csv_bytes
from campaign.roster import roster_as_stored
from campaign.roster_edit import EDITABLE
from dashboard.forms import saving
from data_sources.store import RosterConflict
from presentation import views
from presentation.formats import escape_markdown
from presentation.labels import TEXT as _TEXT_KEYS
from presentation.labels import t

BASE_KEY = "_coordination_roster_base"
ONE, ALL = "roster_one", "roster_all"  # the two forms, each with its own result line
GRID_KEY = "_coordination_grid"


def _save(ctx, base: pd.DataFrame, edited: pd.DataFrame, where: str, keys: tuple[tuple[str, str, str], ...] = ()) -> None:
    """Save through the desk; the result below the form `where`; `keys` (widget key, code, field) show the other edit
    after a conflict."""
    lang = ctx.lang
    try:
        written = desk.change_roster(saving.store(), base, edited, saving.who(ctx))
    except desk.RosterInvalid as exc:
        st.error(
            t("roster_invalid", lang)
            + "\n\n"
            + "\n".join(f"- {escape_markdown(vi if lang == 'vi' else en)}" for en, vi in exc.problems)
        )
        return
    except RosterConflict as exc:
        # Start again from the roster as it is now: the next run shows the other edit in the form.
        st.session_state.pop(BASE_KEY, None)
        st.session_state[saving.REFRESH_KEY] = True  # the next run reads the store again
        theirs = {r["code"]: r for r in exc.theirs.to_dict("records")}
        st.session_state[saving.PENDING_KEY] = {
            key: str(theirs[code].get(field, "")) for key, code, field in keys if code in theirs
        }
        st.session_state[GRID_KEY] = st.session_state.get(GRID_KEY, 0) + 1
        st.error(escape_markdown(exc.message(lang)), icon=":material/group:")
        st.dataframe(views.labelled(ctx.visible(exc.theirs), lang), hide_index=True, key="roster_theirs")
        return
    except CampaignError as exc:
        saving.failed(exc, lang)
        return
    if not written:
        st.info(t("roster_unchanged", lang))
        return
    st.session_state.pop(BASE_KEY, None)
    st.session_state[GRID_KEY] = st.session_state.get(GRID_KEY, 0) + 1  # the grid starts again from the saved roster
    saving.saved(lang, where)


def section(ctx) -> None:
    lang = ctx.lang
    st.subheader(t("roster_title", lang))
    st.caption(t("roster_intro", lang))
    saving.set_pending()
    # The roster as it was when this coordinator started editing (kept until a save): a save over an edit someone
    # else saved in between is refused, never written over it.
    base = st.session_state.get(BASE_KEY)
    if base is None:
        prepared = ctx.report.prepared
        base = st.session_state[BASE_KEY] = roster_as_stored(prepared.raw, prepared.config)
    names = dict(zip(base["code"], base["name"]))
    with st.container(border=True):
        st.markdown(f"**{t('roster_one', lang)}**")
        code = st.selectbox(t("chase_agency", lang), list(names), format_func=saving.agency_label(names), key="roster_agency")
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
            _save(ctx, base, edited, ONE, tuple((f"roster_{f}_{code}", code, f) for f in fields))
        saving.flash(ONE)
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
            _save(ctx, base, edited, ALL)
        saving.flash(ALL)
    links = views.roster_with_links(base, ctx.config, ctx.is_demo)
    st.download_button(
        t("roster_links_download", lang),
        to_csv_bytes(views.labelled(links, lang)),
        file_name=ctx.download_name("danh-sach-duong-dan" if lang == "vi" else "roster-links"),
        mime="text/csv",
        icon=":material/link:",
        key="download_roster_links",
        help=t("roster_links_help", lang),
    )
