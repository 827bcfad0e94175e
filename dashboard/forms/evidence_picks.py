"""The evidence page's coordinator tools: check the links (in the background, with progress) and choose the photos
for the reports with their captions ("Dùng trong báo cáo")."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from campaign import desk
from campaign.errors import CampaignError
from campaign.evidence import MAX_REPORT_PHOTOS, OPEN, PHOTO
from campaign.store import REPORT_PHOTOS
from dashboard import evidence
from dashboard.forms import saving
from data_sources.thumbnails import cached_thumbnail
from presentation.formats import escape_markdown
from presentation.labels import t

PICK_NONCE = "_evidence_pick_nonce"


def check_section(ctx, table: pd.DataFrame, folder) -> None:
    """The button that checks the links, and the progress of a check running now (the coordinator's only)."""
    if not ctx.show_personal:
        return
    lang = ctx.lang
    key = str(ctx.choice.identity) if ctx.choice is not None else ctx.data_key  # one check per source, across reads
    if st.button(t("evidence_check", lang), help=t("evidence_check_help", lang), icon=":material/link:"):
        urls = table["url"].drop_duplicates().tolist()
        try:  # the store to write to, and the Drive client ([sheet] drive_evidence): either may be refused
            evidence.start_check(key, urls, saving.store(), ctx.config, folder, by=saving.who(ctx) or "link-check")
        except CampaignError as exc:
            saving.failed(exc, lang)
    running = evidence.job(key)
    if running is None:
        return
    if not running.finished:
        st.fragment(_progress, run_every=1.0)(ctx, key)  # redrawn every second while the check runs
        return
    seen = f"_evidence_check_seen_{id(running)}"
    if not st.session_state.get(seen):  # a check this session has not shown done: read the store afresh, once
        st.session_state[seen] = True
        st.session_state[saving.REFRESH_KEY] = True
        st.rerun()
    if running.error:
        st.error(t("evidence_check_failed", lang, error=escape_markdown(running.error)))
    else:
        st.success(t("evidence_checked", lang, total=running.total))


def _progress(ctx, key: str) -> None:
    """The running check's progress; once it is done, the whole page again."""
    running = evidence.job(key)
    if running is None:
        return
    if running.finished:
        st.rerun(scope="app")  # the whole page: it reads the store afresh and says the check is done
    st.progress(
        running.done / max(running.total, 1), text=t("evidence_checking", ctx.lang, done=running.done, total=running.total)
    )


def form(ctx, table: pd.DataFrame, chosen: pd.DataFrame, folder) -> None:
    """Choose a photo (or take one out) and write its caption in both languages (the coordinator's only)."""
    if not ctx.show_personal:
        return
    lang = ctx.lang
    st.subheader(t("evidence_for_reports", lang))
    st.caption(t("evidence_for_reports_help", lang, n=MAX_REPORT_PHOTOS))
    saving.who_input(ctx)
    photos = table[(table["kind"] == PHOTO) & (table["state"] == OPEN)].drop_duplicates("url")
    if photos.empty:
        st.info(t("evidence_no_photos_open", lang))
        return
    labels = {u: f"{a or c} — {u}" for u, a, c in zip(photos["url"], photos["agency"], photos["agency_code"])}
    url = st.selectbox(t("evidence_pick_photo", lang), list(labels), format_func=labels.get, key="evidence_pick_url")
    thumb = cached_thumbnail(folder, url) if folder is not None else None
    if thumb is not None:
        st.image(thumb, width=240)
    current = chosen.set_index("url") if not chosen.empty else None
    was = current is not None and url in current.index
    with st.form("evidence_pick"):
        # One set of widgets per photo: each shows that photo's saved captions (a widget keeps its first value).
        mark = hashlib.sha256(url.encode("utf-8")).hexdigest()[:12]
        use = st.checkbox(t("evidence_pick_use", lang), value=True, key=f"evidence_use_{mark}")
        caption_vi = st.text_input(
            t("evidence_caption_vi", lang),
            value=current.at[url, "caption_vi"] if was else "",
            max_chars=300,
            key=f"evidence_caption_vi_{mark}",
        )
        caption_en = st.text_input(
            t("evidence_caption_en", lang),
            value=current.at[url, "caption_en"] if was else "",
            max_chars=300,
            key=f"evidence_caption_en_{mark}",
        )
        pressed = st.form_submit_button(t("evidence_pick_save", lang), type="primary")
    if pressed:
        if use and not was and len(chosen) >= MAX_REPORT_PHOTOS:
            st.warning(t("evidence_pick_full", lang, n=MAX_REPORT_PHOTOS))
            return
        saving.save(
            REPORT_PHOTOS,
            lambda: desk.report_photo(
                ctx.config,
                url=url,
                chosen=use,
                caption_vi=caption_vi,
                caption_en=caption_en,
                by=saving.who(ctx),
                nonce=saving.nonce(PICK_NONCE),
            ),
            lang,
            resets={PICK_NONCE: saving.DROP},
            where=REPORT_PHOTOS,
        )
    saving.flash(REPORT_PHOTOS)
