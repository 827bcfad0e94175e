"""Evidence: every link, photo and document of the reports with what the check found; photos as thumbnails the
server made; the coordinator checks the links and picks the photos for the reports."""

import streamlit as st

from campaign.evidence import EVIDENCE_KINDS, MAX_REPORT_PHOTOS, STATES, chosen_photos
from dashboard import evidence
from dashboard.forms import evidence_picks
from dashboard.state import context
from data_sources.thumbnails import cached_thumbnail
from presentation.labels import coded, t
from presentation.views import evidence as views

ctx = context()
lang, config = ctx.lang, ctx.config

st.header(t("page_evidence", lang))
st.caption(t("evidence_intro", lang))
everything = evidence.table(ctx)
folder = evidence.thumbnails(ctx)

evidence_picks.check_section(ctx, everything, folder)  # the coordinator's: drawn for nobody else

columns = st.columns(4)
groups = columns[0].multiselect(
    t("evidence_group", lang),
    views.options(everything, "group", config.groups),
    format_func=lambda g: config.group_label(g, lang),
    placeholder=t("evidence_all", lang),
)
activities = columns[1].multiselect(
    t("evidence_activity", lang),
    views.options(everything, "activity", [a.key for a in config.activities]),
    format_func=lambda a: views.activity_name(config, a, lang),
    placeholder=t("evidence_all", lang),
)
kinds = columns[2].multiselect(
    t("evidence_kind", lang),
    views.options(everything, "kind", EVIDENCE_KINDS),
    format_func=lambda k: coded("evkind", k, lang),
    placeholder=t("evidence_all", lang),
)
states = columns[3].multiselect(
    t("evidence_state", lang),
    views.options(everything, "state", STATES),
    format_func=lambda s: coded("evstate", s, lang),
    placeholder=t("evidence_all", lang),
)
shown = views.filtered(everything, groups=groups, activities=activities, kinds=kinds, states=states)
st.caption(t("evidence_count", lang, shown=len(shown), total=len(everything)))
if shown.empty:
    st.info(t("evidence_none", lang))
    st.stop()

photos = views.photos(shown)
if not photos.empty:
    st.subheader(t("evidence_photos", lang))
    english = views.english_names(ctx.report.prepared.roster) if lang == "en" else {}
    if len(photos) > views.MAX_CARDS:  # said, never silently cut: the filters narrow it
        st.caption(t("evidence_more", lang, shown=views.MAX_CARDS, total=len(photos)))
    for i, row in photos.head(views.MAX_CARDS).iterrows():
        if i % 4 == 0:  # a row of four at a time; on a phone two to a row (a "tiles" container: phone.css)
            grid = st.container(key=f"tiles_photos_{i}").columns(4)
        with grid[i % 4], st.container(border=True):
            thumb = cached_thumbnail(folder, row["url"]) if folder is not None else None
            if thumb is not None:
                st.image(thumb, width="stretch")  # the server's own bytes: nothing loaded from the internet
            else:
                st.caption(t("evidence_no_thumbnail", lang))
            st.text(views.card_caption(row, config, lang, english))  # text from the sheet: shown as text only
            if row["url"].lower().startswith(("http://", "https://")):
                st.link_button(t("evidence_open", lang), row["url"], icon=":material/open_in_new:")

st.subheader(t("evidence_others", lang))
listed = ctx.visible(views.evidence_list(shown[shown["kind"] != "photo"], config, lang))
st.dataframe(
    listed.rename(
        columns={
            "agency": t("col_agency", lang),
            "group": t("col_group", lang),
            "activity": t("col_activity", lang),
            "kind": t("col_kind", lang),
            "state": t("col_state", lang),
            "origin": t("col_origin", lang),
            "url": t("col_url", lang),
            "email": t("col_email", lang),
            "reporter": t("col_reporter", lang),
        }
    ),
    hide_index=True,
    column_config={"open": st.column_config.LinkColumn(t("evidence_open", lang), display_text=t("evidence_open", lang))},
    key="evidence_table",
)

chosen = chosen_photos(evidence.choices(ctx), everything)
st.subheader(t("evidence_chosen", lang, n=len(chosen), max=MAX_REPORT_PHOTOS))
if not chosen.empty:
    shown_chosen = chosen[["agency", "caption_vi", "caption_en"]].rename(
        columns={
            "agency": t("col_agency", lang),
            "caption_vi": t("col_caption_vi", lang),
            "caption_en": t("col_caption_en", lang),
        }
    )
    st.dataframe(shown_chosen, hide_index=True, key="evidence_chosen")
evidence_picks.form(ctx, everything, chosen, folder)  # the coordinator's: drawn for nobody else
