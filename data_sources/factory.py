"""The one place a data source is built from what a person named: a registry of kinds, used by the CLI and the app.

A source is named by a `SourceSpec`: its kind and its settings (plain values), parsed once from the command line's
options (`spec_from(vars(args))`) or from the app's `[sheet]` secrets (`spec_from_secrets`). Each kind is one line of
`SOURCES`: how to build it, which setting chooses it, and its command-line options. A new source is its adapter and
one line here (docs/ARCHITECTURE.md, "Add a source"; tests/test_walkthroughs.py does it).
Each adapter is imported only when chosen (gspread and requests are slow to import and absent from the demo's path).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from campaign.config import Config
from campaign.errors import CampaignError
from data_sources.base import Source


@dataclass(frozen=True)
class Option:
    """A command-line option of a kind of source; its value is the setting of the same name (--csv-url → csv_url)."""

    flag: str
    help: str
    path: bool = False  # a file on this machine (the command line gives a Path)

    @property
    def setting(self) -> str:
        return self.flag.lstrip("-").replace("-", "_")


@dataclass(frozen=True)
class SourceKind:
    build: Callable[[Config, Mapping], Source]
    chosen_by: str | None  # the setting whose value picks this kind; None: the kind used when nothing else is named
    options: tuple[Option, ...] = ()


@dataclass(frozen=True)
class SourceSpec:
    """Which source, as plain values: `kind` is a key of SOURCES, `settings` what that kind's builder reads."""

    kind: str
    settings: Mapping[str, object] = field(default_factory=dict)

    @property
    def chosen(self) -> object:
        """The value that chose this kind (the sheet's URL, the file …): with the kind, what identifies the source."""
        by = SOURCES[self.kind].chosen_by
        return self.settings.get(by) if by else None


def _google_sheet(config: Config, s: Mapping) -> Source:
    """A Google Sheet (key or URL) with a service-account key (a mapping, or a JSON file; GOOGLE_APPLICATION_CREDENTIALS).

    `store_writes`: the Sheet's own tabs may be written (the coordinator's store; the read-write scope is asked)."""
    from data_sources.gsheets import GoogleSheetSource, credentials_from_file

    credentials = s.get("credentials")
    if not isinstance(credentials, Mapping):
        credentials = credentials_from_file(credentials)
    return GoogleSheetSource(config, str(s["sheet"]), credentials, writes=bool(s.get("store_writes", False)))


def _published_csv(config: Config, s: Mapping) -> Source:
    """A sheet published to the web as CSV; `timezone` is its wall-clock zone (default: the campaign's)."""
    from data_sources.published import PublishedCsvSource

    return PublishedCsvSource(config, str(s["csv_url"]), timezone=str(s["timezone"]) if s.get("timezone") else None)


def _files(config: Config, s: Mapping) -> Source:
    """Response and roster files: paths, or bytes with their names (an upload, with the app's `session` id)."""
    from data_sources.files import FileSource

    files = (s["responses"], s.get("responses_name"), s.get("agencies"), s.get("agencies_name"))
    return FileSource(config, *files, session=s.get("session"))


def _demo(config: Config, s: Mapping) -> Source:
    from data_sources.demo import DemoSource

    return DemoSource(config)


# Every kind of source, in the order they are looked for: the first whose setting is given is the one read.
SOURCES: dict[str, SourceKind] = {
    "sheet": SourceKind(
        _google_sheet,
        "sheet",
        (
            Option("--sheet", "Google Sheet key or URL (needs --credentials or GOOGLE_APPLICATION_CREDENTIALS)"),
            Option("--credentials", "service-account JSON key file", path=True),
        ),
    ),
    "csv_url": SourceKind(_published_csv, "csv_url", (Option("--csv-url", "URL of a sheet published to the web as CSV"),)),
    "files": SourceKind(
        _files,
        "responses",
        (
            Option("--responses", "response sheet as CSV or XLSX", path=True),
            Option("--agencies", "roster as CSV or XLSX (default: the campaign's roster)", path=True),
        ),
    ),
    "demo": SourceKind(_demo, None),
}

# The app's [sheet] secrets name the Google Sheet `url`; everything else has the setting's own name.
SECRET_NAMES = {"url": "sheet"}


def _given(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def spec_from(settings: Mapping[str, object]) -> SourceSpec:
    """The source the settings name: the first kind whose choosing setting is given, else the demo."""
    given = {k: v for k, v in settings.items() if _given(v)}
    for kind, entry in SOURCES.items():
        if entry.chosen_by is not None and entry.chosen_by in given:
            return SourceSpec(kind, given)
    return SourceSpec(next(k for k, e in SOURCES.items() if e.chosen_by is None), given)


def spec_from_secrets(sheet: Mapping[str, object], credentials: Mapping | None = None) -> SourceSpec:
    """The source the app's [sheet] secrets name ([gcp_service_account] as the credentials)."""
    settings = {SECRET_NAMES.get(k, k): v for k, v in sheet.items()}
    if credentials:
        settings["credentials"] = dict(credentials)
    return spec_from(settings)


def cli_options() -> list[Option]:
    """Every kind's command-line options, in the registry's order."""
    return [option for kind in SOURCES.values() for option in kind.options]


def open_source(config: Config, spec: SourceSpec | None = None, /, **settings) -> Source:
    """Build the source `spec` names (or the settings given as keywords name: `open_source(config, responses=path)`)."""
    spec = spec if spec is not None else spec_from(settings)
    kind = SOURCES.get(spec.kind)
    if kind is None:
        raise CampaignError(
            f"Unknown kind of source {spec.kind!r}; the kinds are: {', '.join(SOURCES)}",
            f"Không có loại nguồn dữ liệu {spec.kind!r}; các loại là: {', '.join(SOURCES)}",
        )
    return kind.build(config, spec.settings)
