"""The app's data wiring: which source, cached reads and reports, the last good data, and what pages get."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from campaign import limits, privacy
from campaign.config import Config, load_config
from campaign.errors import CampaignError, SourceError
from campaign.export import download_name, generation_moment, to_csv_bytes, to_xlsx_bytes
from campaign.export import tables as export_tables
from campaign.moments import end_of
from campaign.report import Prepared, Report, evaluate, prepare
from dashboard import errors, reads
from dashboard.shared import read_only
from data_sources.factory import SourceSpec, open_source, spec_from_secrets
from presentation import views
from presentation.labels import TEXT


@st.cache_resource(show_spinner=False)
def campaign_config() -> tuple[Config | None, CampaignError | None]:
    """(config, error): the campaign's TOML file, read once per server process; app.py passes it on from there.

    Another campaign is another TOML file: CAMPAIGN_CONFIG=other.toml streamlit run app.py. A file that cannot be
    read is the error the app shows (nothing else can run without a config).
    """
    try:
        return load_config(os.environ.get("CAMPAIGN_CONFIG") or None), None
    except CampaignError as exc:
        return None, exc


CONTEXT_KEY = "_dashboard_context"
LAST_GOOD_KEY = "_last_good_data"  # + ".upload": this session's previous good upload


@dataclass(frozen=True)
class SourceChoice:
    """A source the sidebar can pick: its identity (the cache key), its label and how to build it."""

    kind: str  # sheet / csv_url / upload / demo
    identity: tuple
    make: Callable
    config: Config  # the campaign the source is read for


def secret_source() -> SourceSpec | None:
    """The source the secrets name ([sheet], with [gcp_service_account]); None with no secrets file or no source in it."""
    try:
        sheet = dict(st.secrets.get("sheet", {}))
        credentials = dict(st.secrets.get("gcp_service_account", {})) if sheet.get("url") else None
    except StreamlitSecretNotFoundError:
        return None
    spec = spec_from_secrets(sheet, credentials)
    return spec if spec.chosen is not None else None


def sheet_choice(config: Config) -> SourceChoice | None:
    """The source named in secrets: the Google Sheet (API with a service account), a sheet published as CSV, or any
    other kind of the registry (data_sources/factory.py)."""
    spec = secret_source()
    if spec is None:
        return None
    if spec.kind == "sheet":
        credentials = spec.settings.get("credentials") or {}

        def make():
            key = (str(credentials.get("client_email", "")), str(credentials.get("private_key_id", "")))
            return _sheet_source(str(spec.chosen), key, bool(spec.settings.get("store_writes")), spec, config)

    else:

        def make():
            return open_source(config, spec)

    return SourceChoice("sheet", (spec.kind, str(spec.chosen)), make, config)


@st.cache_resource(show_spinner=False, max_entries=4)
def _sheet_source(url: str, account: tuple[str, str], writes: bool, _spec: SourceSpec, _config: Config):
    """One source object per sheet and key: its credentials keep their access token between refreshes,
    so a refresh is the two Sheets requests and not a sign-in each time."""
    return open_source(_config, _spec)


def upload_choice(config: Config, responses, roster=None) -> SourceChoice | None:
    """Uploaded files, identified by the hash of their bytes (the same file again is a cache hit)."""
    if responses is None:
        return None
    data = responses.getvalue()
    roster_data = roster.getvalue() if roster is not None else None
    max_mb = st.get_option("server.maxUploadSize")
    session = session_id()
    identity = (
        "upload",
        responses.name,
        hashlib.sha256(data).hexdigest(),
        roster.name if roster is not None else "",
        hashlib.sha256(roster_data).hexdigest() if roster_data is not None else "",
    )

    def make():
        limits.check_upload(data, responses.name, max_mb)
        if roster is not None:
            limits.check_upload(roster_data, roster.name, max_mb)
        return open_source(
            config,
            responses=data,
            responses_name=responses.name,
            agencies=roster_data,
            agencies_name=roster.name if roster is not None else None,
            session=session,  # whose turn it is to parse: one file at a time per session (data_sources/bounded.py)
        )

    return SourceChoice("upload", identity, make, config)


def session_id() -> str | None:
    """Streamlit's id of this browser session (None outside a script run)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.session_id if ctx else None


def demo_choice(config: Config) -> SourceChoice:
    def make():
        return open_source(config)

    return SourceChoice("demo", ("demo",), make, config)


def load_prepared(choice: SourceChoice) -> Prepared:
    """Read the source and normalise + match its rows (reads.ReadCache calls it: once per source and TTL, shared by
    every viewer, so read-only). Within the size limits: too many rows is refused before the expensive part,
    overlong cells are cut. Any other failure of a non-demo source is a SourceError with an error id (the detail
    is logged)."""
    try:
        from data_sources.stores import read_with_store

        return read_only(prepare(read_with_store(choice.make(), choice.config), choice.config))  # prepare applies the limits
    except CampaignError:
        raise
    except Exception as exc:  # a network or library failure must not hide the last good data
        if choice.kind == "demo":
            raise
        error_id = errors.log_unexpected(exc, f"reading the {choice.kind} source")
        raise SourceError.of(
            TEXT["unexpected_error"].format(source=choice.kind, kind=type(exc).__name__, error_id=error_id)
        ) from None


@st.cache_resource(show_spinner=False, max_entries=32)
def evaluate_cached(data_key: str, as_of: str, _prepared: Prepared) -> Report:
    return read_only(evaluate(_prepared, as_of or None))


@st.cache_resource(show_spinner=False, max_entries=64)
def frames_cached(data_key: str, as_of: str, groups: tuple[str, ...], _report: Report) -> views.Frames:
    return read_only(views.build_frames(_report, groups))


@st.cache_resource(show_spinner=False, max_entries=32)
def submissions_cached(data_key: str, as_of: str, lang: str, _report: Report) -> pd.DataFrame:
    return read_only(views.submissions_table(_report, lang))


@st.cache_resource(show_spinner=False, max_entries=32)
def exports_cached(data_key: str, as_of: str, groups: tuple[str, ...], role: str, _report: Report) -> dict[str, pd.DataFrame]:
    """The export tables as `role` may see them (campaign.privacy decides, inside export.tables), built when the
    Export page first asks (not on every filter change); generated_at is that moment (SOURCE_DATE_EPOCH fixes it,
    as for the CLI)."""
    return read_only(export_tables(_report, groups or None, generation_moment(_report.config), role=role))


@st.cache_resource(show_spinner=False, max_entries=16)
def xlsx_cached(data_key: str, as_of: str, groups: tuple[str, ...], role: str, _exports: dict, _config: Config) -> bytes:
    """The workbook: the About sheet first, then every export with typed cells."""
    return to_xlsx_bytes(_exports, _config)


@st.cache_resource(show_spinner=False, max_entries=16)
def csvs_cached(data_key: str, as_of: str, groups: tuple[str, ...], role: str, _exports: dict) -> dict[str, bytes]:
    """Each export as CSV bytes, written once (the submissions file is as large as the sheet)."""
    return {name: to_csv_bytes(frame) for name, frame in _exports.items()}


@st.cache_resource(show_spinner=False, max_entries=64)
def overview_figures(
    data_key: str, as_of: str, groups: tuple[str, ...], lang: str, _frames: views.Frames, _config: Config
) -> dict:
    """The overview's figures, built once per data, moment, filter and language (building them is most of a rerun)."""
    from presentation.figures import overview_figures as build

    figures = build(_frames, _config, lang)
    figures["map"].update_layout(height=None, autosize=True)  # as tall as its box, which follows the screen's width
    return figures


def read(choice: SourceChoice, refresh: bool = False) -> tuple[Prepared | None, CampaignError | None, bool]:
    """(prepared, error, stale): the source's data, or its own last good data and the error when a read fails;
    a failure is remembered for a back-off and not retried on every rerun (dashboard/reads.py)."""
    ttl = choice.config.sheet.cache_ttl_seconds
    pinned = choice.kind in ("sheet", "demo")  # the configured source is never pushed out by uploads
    outcome = reads.cache().read(choice.identity, lambda: load_prepared(choice), ttl, refresh=refresh, pinned=pinned)
    if outcome.data is not None:
        if not outcome.stale:
            st.session_state[_last_good_key(choice)] = outcome.data
        return outcome.data, outcome.error, outcome.stale
    # Never read well: a broken upload keeps this session's previous upload (under its own name, marked stale),
    # never the demo or another kind of source.
    last = st.session_state.get(_last_good_key(choice)) if choice.kind == "upload" else None
    return last, outcome.error, last is not None


def _last_good_key(choice: SourceChoice) -> str:
    return f"{LAST_GOOD_KEY}.{choice.kind}"


def read_moment(prepared: Prepared) -> pd.Timestamp:
    """When the data was read, in the campaign's time zone."""
    config = prepared.config
    read_at = prepared.raw.read_at or dt.datetime.now(dt.UTC)
    return config.local(read_at)


def data_key(prepared: Prepared) -> str:
    """One data load: the source and the moment it was read (a refresh is a new load)."""
    return f"{prepared.raw.source}|{prepared.raw.roster_source}|{read_moment(prepared).isoformat()}"


def as_of_moment(config: Config, day: dt.date, time: dt.time, read_at: pd.Timestamp) -> tuple[str, pd.Timestamp]:
    """(as_of for evaluate, moment shown): the end of the chosen minute, or everything read when that is later."""
    chosen = config.local(dt.datetime.combine(day, time))
    end_of_minute = end_of(chosen, "minute")
    if end_of_minute >= read_at:
        return "", read_at
    return end_of_minute.isoformat(), chosen


def moment_of(
    config: Config, chosen: dt.datetime | None, now: pd.Timestamp, read_at: pd.Timestamp
) -> tuple[str, pd.Timestamp, bool]:
    """(as_of, moment, final) for the moment a viewer sees.

    Chosen: the end of that minute. Not chosen (the default): now, which is everything read, and once the deadline
    has passed that is the round's final picture (`final`).
    """
    if chosen is not None:
        as_of, moment = as_of_moment(config, chosen.date(), chosen.time(), read_at)
        return as_of, moment, False
    if now >= read_at:
        as_of, moment = "", read_at
    else:  # a clock set before the data was read (DASHBOARD_NOW, tests): what had arrived by then
        as_of, moment = now.isoformat(), now
    return as_of, moment, moment >= config.deadline


MOMENTS_KEY = "_moments_asked"
MOMENTS_PER_MINUTE = 6  # new moments a session may ask for in a minute: each is a whole evaluation (~2 CPU-s at scale)


def moment_wait(asked: list[tuple[float, str]], as_of: str, now: float, per_minute: int = MOMENTS_PER_MINUTE) -> float:
    """Seconds before this session may have `as_of` evaluated (0: now, and it is remembered in `asked`).

    A moment it has already seen costs nothing (the report is cached) and "now" ("") is always free; a new moment is
    let in while the session asked for fewer than `per_minute` new ones in the last minute."""
    asked[:] = [(at, moment) for at, moment in asked if now - at < 60 or moment == as_of]
    if not as_of or any(moment == as_of for _, moment in asked):
        return 0.0
    recent = sorted(at for at, _ in asked)  # all within the minute: the older ones were dropped above
    if len(recent) >= per_minute:
        return recent[len(recent) - per_minute] + 60 - now
    asked.append((now, as_of))
    return 0.0


def allowed_moment(as_of: str) -> float:
    """moment_wait for this session (its record kept in session_state)."""
    import time  # here: as_of_moment's parameter is named `time`

    return moment_wait(st.session_state.setdefault(MOMENTS_KEY, []), as_of, time.monotonic())


@dataclass(frozen=True)
class Context:
    """What every page lays out: one report and its frames, the language and the viewer's rights."""

    config: Config
    lang: str
    report: Report
    frames: views.Frames
    groups: tuple[str, ...]
    data_key: str
    as_of: str
    moment: pd.Timestamp
    read_at: pd.Timestamp
    is_demo: bool
    role: str  # "coordinator" or "leader" (campaign.access.ROLES), set by dashboard/access.py
    # The moment as chosen (None: now), the source, and whether this is the closed round's final picture:
    # what a live board needs to build the same view again from newer data.
    chosen: dt.datetime | None = None
    choice: SourceChoice | None = None
    final: bool = False

    # Every table and file a page shows leaves through one of these, and so through campaign.privacy.visible:
    # pages lay them out and never filter.

    @property
    def show_personal(self) -> bool:
        """Whether this viewer's tables and files can carry personal data (campaign.privacy.sees_personal): pages
        use it to build such files only on click and to offer the coordinator's own tools, never to filter."""
        return privacy.sees_personal(self.role)

    def download(self, make: Callable[[], bytes]) -> Callable[[], bytes] | bytes:
        """A download button's data: a file that may carry personal data is built when the button is clicked
        (st.download_button takes a callable), so no media URL holds it before; any other is built now."""
        return make if self.show_personal else make()

    def offers(self, file: str) -> bool:
        """Whether this viewer may have the download `file` (campaign.privacy.may_have)."""
        return privacy.may_have(file, self.config, self.role)

    def visible(self, frame: pd.DataFrame) -> pd.DataFrame:
        """What the role may see, as the page's own copy (the cached frame is shared and read-only)."""
        return privacy.visible(frame, self.config, self.role, self.report.prepared.headers).copy(deep=False)

    def submissions(self) -> pd.DataFrame:
        """Every sheet row as the Submissions page shows it."""
        return self.visible(submissions_cached(self.data_key, self.as_of, self.lang, self.report))

    def followup(self, statuses, draft_lang: str, thank_late: bool = False) -> pd.DataFrame:
        """Agencies with the chosen statuses, their contacts and a reminder link for those not reported."""
        return self.visible(views.followup_table(self.frames, self.report, statuses, self.lang, draft_lang, thank_late))

    def unmatched(self) -> pd.DataFrame:
        """Rows no roster agency was found for, with the closest names."""
        return self.visible(views.unmatched_table(self.report, self.lang))

    def issues(self) -> pd.DataFrame:
        """Flagged cells, in the page's language."""
        return self.visible(views.issues_table(self.report, self.lang))

    def exports(self) -> dict[str, pd.DataFrame]:
        """The export tables (the coordinator's submissions carry the reporter's contacts)."""
        shared = exports_cached(self.data_key, self.as_of, self.groups, self.role, self.report)
        return {name: frame.copy(deep=False) for name, frame in shared.items()}

    def xlsx(self) -> bytes:
        shared = exports_cached(self.data_key, self.as_of, self.groups, self.role, self.report)
        return xlsx_cached(self.data_key, self.as_of, self.groups, self.role, shared, self.config)

    def csvs(self) -> dict[str, bytes]:
        shared = exports_cached(self.data_key, self.as_of, self.groups, self.role, self.report)
        return csvs_cached(self.data_key, self.as_of, self.groups, self.role, shared)

    def download_name(self, name: str, suffix: str = "csv") -> str:
        """A download's name with the moment its figures stand at (a person saves several versions)."""
        return download_name(self.config, name, self.moment, suffix)


def context_for(
    prepared: Prepared,
    *,
    lang: str,
    groups: tuple[str, ...],
    chosen: dt.datetime | None,
    now: pd.Timestamp,
    role: str,
    choice: SourceChoice | None = None,
) -> Context:
    """The context pages lay out, for one data load, language, group filter and moment."""
    config = prepared.config
    read_at = read_moment(prepared)
    as_of, moment, final = moment_of(config, chosen, now, read_at)
    key = data_key(prepared)
    report = evaluate_cached(key, as_of, prepared)
    present = set(report.agencies["group"])
    groups = tuple(g for g in groups if g in present)
    return Context(
        config=config,
        lang=lang,
        report=report,
        frames=frames_cached(key, as_of, groups, report),
        groups=groups,
        data_key=key,
        as_of=as_of,
        moment=moment,
        read_at=read_at,
        is_demo=prepared.raw.is_demo,
        role=role,
        chosen=chosen,
        choice=choice,
        final=final,
    )


def refreshed(ctx: Context, now: pd.Timestamp) -> Context:
    """The same view on the source's current data (the live board): a cache hit until the TTL has passed, so
    the sheet is still read once per TTL for every viewer. The context as it was if the read fails."""
    if ctx.choice is None:
        return ctx
    prepared, _error, _stale = read(ctx.choice)
    if prepared is None:
        return ctx
    fresh = context_for(prepared, lang=ctx.lang, groups=ctx.groups, chosen=ctx.chosen, now=now, role=ctx.role, choice=ctx.choice)
    set_context(fresh)
    return fresh


def set_context(ctx: Context) -> None:
    st.session_state[CONTEXT_KEY] = ctx


def context() -> Context:
    return st.session_state[CONTEXT_KEY]


def smtp_settings():
    """The mail server from secrets' [smtp] (data_sources/mailer.py), None without one; a CampaignError when it is
    there but wrong. Its password goes to the mailer only, never to a page."""
    from data_sources.mailer import smtp_settings as parse

    try:
        table = st.secrets.get("smtp")
    except StreamlitSecretNotFoundError:
        return None
    return parse(dict(table) if table else None)


def fresh_report(ctx: Context) -> Report:
    """The source read again now, and the report as of now (everything read): what a send is decided on, so an
    agency that reported a minute ago is not reminded. A failed read is a SourceError (nothing is sent)."""
    if ctx.choice is None:
        return ctx.report
    reads.cache().invalidate(ctx.choice.identity)  # a press is rare: past the Refresh button's 30-second limit
    prepared, error, stale = read(ctx.choice, refresh=True)
    if prepared is None or stale:
        raise error or SourceError("the data could not be read again", "không đọc lại được dữ liệu")
    return evaluate(prepared, None)
