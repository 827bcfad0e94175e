"""The evidence page's wiring: the evidence table of the current report, the thumbnails' folder, and the link check
run in the background (a thread per data source; the page only reads its progress)."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pandas as pd
import streamlit as st

from campaign.evidence import OPEN, PHOTO, drive_file_id, evidence_table, kind_of
from campaign.store import LINK_CHECKS, REPORT_PHOTOS
from data_sources.links import LinkChecker, LinkResult, Progress, check_links
from data_sources.thumbnails import MAX_PHOTO_BYTES, store_thumbnail, thumbnail_dir


def table(ctx) -> pd.DataFrame:
    """Every piece of evidence of the report, with the store's latest check of each link (personal columns in:
    pages pass it through ctx.visible)."""
    return _table(ctx.data_key, ctx.as_of, ctx.report)


@st.cache_data(show_spinner=False, max_entries=4)
def _table(data_key: str, as_of: str, _report) -> pd.DataFrame:
    """Once per data load and moment (a campaign of 100,000 links takes about a second)."""
    report = _report
    store = report.prepared.raw.store
    checks = store.tables.get(LINK_CHECKS) if store is not None else None
    return evidence_table(report.submissions, report.prepared.roster, checks, report.issues)


def problems(ctx) -> pd.DataFrame:
    """Broken and closed links per agency, with the drafted email asking it to share (what the role may see)."""
    from presentation.views import evidence as views

    shared = views.share_table(table(ctx), ctx.report.prepared.roster, ctx.config, ctx.lang)
    return views.problem_table(ctx.visible(shared), ctx.lang)


def problems_section(ctx, key: str) -> None:
    """The broken and closed links per agency, with a "Soạn thư" link asking each to share its files (Data quality,
    Follow-up); a leader sees the counts only."""
    from presentation.labels import t

    lang = ctx.lang
    broken = problems(ctx)
    if broken.empty:
        st.caption(t("evidence_problems_none", lang))
        return
    st.caption(t("evidence_problems_intro", lang))
    write = {t("col_mailto", lang): st.column_config.LinkColumn(display_text=t("col_mailto_text", lang))}
    st.dataframe(broken, hide_index=True, column_config=write, key=key)


def choices(ctx) -> pd.DataFrame | None:
    store = ctx.report.prepared.raw.store
    return store.tables.get(REPORT_PHOTOS) if store is not None else None


def thumbnails(ctx) -> Path | None:
    """The folder of this store's thumbnails (None without a store)."""
    if ctx.config.store is None:
        return None
    return thumbnail_dir(ctx.config.store.path(demo=ctx.is_demo))


@st.cache_resource(show_spinner=False)
def _jobs() -> dict[str, tuple[threading.Thread, Progress]]:
    return {}


def job(key: str) -> Progress | None:
    found = _jobs().get(key)
    return found[1] if found is not None else None


def drive_files(config):
    """The Drive API client for Drive links ([sheet] drive_evidence = true, with the Sheet's service account in
    secrets); None otherwise (Drive links then get the ordinary link check)."""
    if not config.sheet.drive_evidence:
        return None
    try:
        info = dict(st.secrets.get("gcp_service_account", {}))
    except FileNotFoundError:  # no secrets file at all (StreamlitSecretNotFoundError)
        return None
    if not info:
        return None
    from data_sources.drive import DriveFiles

    return DriveFiles(info)


def start_check(
    key: str, urls: list[str], store, config, folder: Path | None, by: str, checker: LinkChecker | None = None
) -> Progress:
    """Start checking the links in a thread (one at a time per source: a running check is returned as it is)."""
    jobs = _jobs()
    running = jobs.get(key)
    if running is not None and running[0].is_alive():
        return running[1]
    if checker is None:
        drive = drive_files(config)
        checker = LinkChecker(first=drive.check if drive is not None else None)
    progress = Progress(total=len(urls))

    def keep_thumbnail(result: LinkResult) -> None:
        if folder is None or result.state != OPEN or kind_of(result.url, result.content_type) != PHOTO:
            return
        body = result.body
        if result.status == 200 and drive_file_id(result.url) and not body:
            return  # a Drive file without a thumbnail: nothing to draw
        if len(body) >= checker.max_bytes and not drive_file_id(
            result.url
        ):  # cut at 256 kB: the photo itself, fetched as safely again, within a bound
            body = checker.check(result.url, MAX_PHOTO_BYTES).body
        store_thumbnail(folder, result.url, body)

    def run() -> None:
        try:
            check_links(
                urls,
                store,
                config,
                checker,
                today=dt.datetime.now(config.tz).date(),
                by=by,
                progress=progress,
                on_result=keep_thumbnail,
            )
        except Exception as exc:  # noqa: BLE001 - said on the page; the app keeps working
            progress.error = str(exc)[:300]
        finally:
            progress.finished = True

    thread = threading.Thread(target=run, name=f"link-check-{key[:8]}", daemon=True)
    jobs[key] = (thread, progress)
    thread.start()
    return progress
