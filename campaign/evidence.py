"""Reading the evidence cell: http(s) links are kept, anything else that looks like a link is flagged, never linked."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit  # the standard library's parser: no network

import pandas as pd

from campaign.columns import cell_text, is_text, map_distinct_parts

_LINK = re.compile(r"^https?://[^\s<>\"'`]+$", re.I)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*:", re.I)
# A web address typed without http(s):// ("drive.google.com/…", "www.…"): flagged, never made a link.
_BARE_ADDRESS = re.compile(r"^(?:www\.\S+|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/\S*)$", re.I)
_SPLIT_LINKS = re.compile(r"[\s,;]+")


def parse_evidence(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Evidence cell → (http(s) links, other things that look like links and are never shown as links)."""
    links, bad = [], []
    for token in _SPLIT_LINKS.split(text):
        token = token.strip()
        if not token:
            continue
        if _LINK.match(token):
            links.append(token)
        elif _SCHEME.match(token) or _BARE_ADDRESS.match(token):  # an http(s) token here is malformed
            bad.append(token)
    return tuple(links), tuple(bad)


def evidence_columns(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(';'-joined http(s) links, ';'-joined things that only look like links) per cell."""
    parse = lambda v: tuple(map(";".join, parse_evidence(cell_text(v))))  # noqa: E731
    if not is_text(values):
        return map_distinct_parts(values, parse, 2)
    # Most cells are one clean link or nothing: those need no parsing (every cell tends to be distinct).
    text = values.str.strip()
    simple = (text.str.fullmatch(_LINK.pattern, case=False).fillna(False) | text.fillna("").eq("")).to_numpy(dtype=bool)
    links = text.fillna("").astype(object)
    bad = pd.Series("", index=values.index, dtype=object)
    if not simple.all():
        links[~simple], bad[~simple] = map_distinct_parts(values[~simple], parse, 2)
    return links, bad


# --- every piece of evidence, one table (issue #25) -------------------------------------------------------------

# What a piece of evidence is: told from the link's extension or host, else from what the check was answered with.
PHOTO, VIDEO, DOCUMENT, PAGE, FILE = "photo", "video", "document", "page", "file"  # FILE: a Drive file not yet known
EVIDENCE_KINDS = (PHOTO, VIDEO, DOCUMENT, PAGE, FILE)
# Where it came from: a link typed into the Form, a file uploaded through the Form (Drive), a report sent by email.
FORM_LINK, FORM_UPLOAD, EMAILED = "form_link", "form_upload", "email"
ORIGINS = (FORM_LINK, FORM_UPLOAD, EMAILED)
# Its state: reachable, asks for access (sign-in, not shared), broken (404, gone, no such host), never fetched (not
# http(s), or refused: a private address, another port), and not checked yet.
OPEN, NEEDS_ACCESS, BROKEN, NOT_CHECKED, PENDING = "open", "needs_access", "broken", "not_checked", "pending"
STATES = (OPEN, NEEDS_ACCESS, BROKEN, NOT_CHECKED, PENDING)
COLUMNS = (
    "url", "agency_code", "agency", "group", "activity", "kind", "origin", "state", "status", "row", "email", "reporter",
)  # fmt: skip

_EXTENSIONS = {
    PHOTO: ("jpg", "jpeg", "png", "gif", "webp", "heic", "heif", "bmp", "tif", "tiff"),
    VIDEO: ("mp4", "mov", "avi", "mkv", "webm", "m4v", "3gp", "wmv"),
    DOCUMENT: ("pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "rtf", "txt", "zip", "rar"),
}
_KIND_OF_EXTENSION = {ext: kind for kind, exts in _EXTENSIONS.items() for ext in exts}
_VIDEO_HOSTS = ("youtube.com", "youtu.be", "vimeo.com", "tiktok.com", "fb.watch")
_DOCUMENT_HOSTS = ("docs.google.com",)
_DRIVE_HOSTS = ("drive.google.com",)
_DRIVE_ID = re.compile(r"(?:[?&]id=|/file/d/)([A-Za-z0-9_-]{10,})")


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").casefold()
    except ValueError:
        return ""


def _on(host: str, domains: tuple[str, ...]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def drive_file_id(url: str) -> str:
    """The file id of a Google Drive link (…/open?id=…, …/file/d/…/view), '' for any other link."""
    if not _on(_host(url), _DRIVE_HOSTS):
        return ""
    found = _DRIVE_ID.search(url)
    return found.group(1) if found else ""


def kind_of(url: str, content_type: str = "") -> str:
    """Photo, video, document or web page: from the link's extension or host, else from the answer's content type."""
    try:
        path = urlsplit(url).path.casefold()
    except ValueError:
        path = ""
    ext = path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else ""
    if ext in _KIND_OF_EXTENSION:
        return _KIND_OF_EXTENSION[ext]
    host = _host(url)
    if _on(host, _VIDEO_HOSTS) or (_on(host, ("facebook.com",)) and "/videos/" in path):
        return VIDEO
    if _on(host, _DOCUMENT_HOSTS):
        return DOCUMENT
    mime = content_type.split(";", 1)[0].strip().casefold()
    if mime.startswith("image/"):
        return PHOTO
    if mime.startswith("video/"):
        return VIDEO
    if mime in ("application/pdf", "text/plain") or "document" in mime or "msword" in mime or "sheet" in mime:
        return DOCUMENT
    if _on(host, _DRIVE_HOSTS) and mime in ("", "text/html"):
        return FILE  # a Drive page says nothing of the file inside it (the Drive API does)
    return PAGE


def latest_by_url(entries: pd.DataFrame | None, columns: tuple[str, ...]) -> pd.DataFrame:
    """The latest entry for each link (by its `at`, then its place in the log), indexed by url."""
    if entries is None or entries.empty or "url" not in entries:
        return pd.DataFrame(columns=list(columns), index=pd.Index([], name="url"))
    ordered = entries.assign(_n=range(len(entries))).sort_values(["at", "_n"], kind="stable")
    return ordered.drop_duplicates("url", keep="last").drop(columns="_n").set_index("url")


def evidence_table(
    submissions: pd.DataFrame,
    roster: pd.DataFrame,
    checks: pd.DataFrame | None = None,
    issues: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per link of every report (the Form's and the emailed ones), with its agency, activity (when the
    report ticked one), kind, origin and state (the latest check; `pending` when never checked). Links that are not
    http(s) (flagged on Data quality) are listed too, as `not_checked`, so nothing typed as evidence is lost."""
    names = dict(zip(roster["code"], roster["name"]))
    groups = dict(zip(roster["code"], roster["group"])) if "group" in roster else {}
    live = submissions[~submissions["blank"]] if "blank" in submissions else submissions
    by_row = live.set_index("row", drop=False)
    found: list[dict] = []

    def add(url: str, row: pd.Series, origin: str, state: str = PENDING) -> None:
        code = str(row.get("agency_code") or "")
        ticked = [k for k in str(row.get("activities") or "").split(";") if k]
        found.append(
            {
                "url": url,
                "agency_code": code,
                "agency": names.get(code, ""),
                "group": groups.get(code, ""),
                "activity": ticked[0] if len(ticked) == 1 else "",
                "kind": kind_of(url),
                "origin": origin,
                "state": state,
                "status": "",
                "row": int(row["row"]),
                "email": str(row.get("email") or ""),
                "reporter": str(row.get("reporter") or ""),
            }
        )

    for _, row in live.iterrows():
        for url in (u.strip() for u in str(row.get("evidence") or "").split(";")):
            if url:
                emailed = row.get("source") == EMAILED
                add(url, row, EMAILED if emailed else FORM_UPLOAD if drive_file_id(url) else FORM_LINK)
    if issues is not None and not issues.empty:
        for _, issue in issues[issues["issue"] == "non_http_link"].iterrows():
            if issue["row"] in by_row.index:
                row = by_row.loc[[issue["row"]]].iloc[0]
                for token in str(issue["value"]).split(";"):
                    if token.strip():
                        add(token.strip(), row, EMAILED if row.get("source") == EMAILED else FORM_LINK, NOT_CHECKED)
    table = pd.DataFrame(found, columns=list(COLUMNS)).astype({"row": "int64"})
    latest = latest_by_url(checks, ("state", "status", "content_type"))
    if len(table) and len(latest):
        known = table["url"].isin(latest.index) & (table["state"] == PENDING)
        hit = latest.reindex(table.loc[known, "url"])
        table.loc[known, "state"] = hit["state"].to_numpy()
        table.loc[known, "status"] = hit["status"].to_numpy()
        table.loc[known, "kind"] = [kind_of(u, ct) for u, ct in zip(table.loc[known, "url"], hit["content_type"])]
    return table


def problem_links(table: pd.DataFrame) -> pd.DataFrame:
    """Per agency: how many of its links are broken and how many ask for access (Data quality, Follow-up)."""
    bad = table[table["state"].isin([BROKEN, NEEDS_ACCESS]) & (table["agency_code"] != "")]
    counts = pd.crosstab(bad["agency_code"], bad["state"]).reindex(columns=[BROKEN, NEEDS_ACCESS], fill_value=0)
    agencies = bad.drop_duplicates("agency_code").set_index("agency_code")["agency"]
    out = counts.assign(agency=agencies).reset_index()
    return out[["agency_code", "agency", BROKEN, NEEDS_ACCESS]].rename_axis(None, axis=1)


# --- the photos chosen for the reports ------------------------------------------------------------------------------

MAX_REPORT_PHOTOS = 12


def chosen_photos(entries: pd.DataFrame | None, table: pd.DataFrame) -> pd.DataFrame:
    """The photos the coordinator chose (latest entry per link, still chosen, still a photo of a report), in the order
    they were first chosen, at most MAX_REPORT_PHOTOS: url, caption_vi, caption_en, agency_code, agency."""
    columns = ["url", "caption_vi", "caption_en", "agency_code", "agency"]
    latest = latest_by_url(entries, ("chosen", "caption_vi", "caption_en"))
    if latest.empty or table.empty:
        return pd.DataFrame(columns=columns)
    picked = latest[latest["chosen"].astype(str).str.strip() != ""]
    first = entries.drop_duplicates("url", keep="first").reset_index(drop=True)
    order = {u: i for i, u in enumerate(first["url"])}
    photos = table[(table["kind"] == PHOTO)].drop_duplicates("url").set_index("url")
    urls = sorted((u for u in picked.index if u in photos.index), key=order.get)[:MAX_REPORT_PHOTOS]
    return pd.DataFrame(
        {
            "url": urls,
            "caption_vi": [picked.at[u, "caption_vi"] for u in urls],
            "caption_en": [picked.at[u, "caption_en"] for u in urls],
            "agency_code": [photos.at[u, "agency_code"] for u in urls],
            "agency": [photos.at[u, "agency"] for u in urls],
        },
        columns=columns,
    )


@dataclass(frozen=True)
class ReportPhoto:
    """A chosen photo as the documents print it: the picture (JPEG bytes), its captions and whose it is."""

    image: bytes
    caption_vi: str
    caption_en: str
    agency_vi: str
    agency_en: str
