"""Reading the evidence cell: http(s) links are kept, anything else that looks like a link is flagged, never linked."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
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


# scheme://[user@]host[:port]/path: a link's host and path, read in one match (urlsplit is slow on 100,000 links).
_PARTS = re.compile(r"^[a-z][a-z0-9+.\-]*://(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)(?::[^/?#]*)?([^?#]*)", re.I)


def _host_path(url: str) -> tuple[str, str]:
    found = _PARTS.match(url)
    return (found.group(1).casefold(), found.group(2).casefold()) if found else ("", "")


def _host(url: str) -> str:
    return _host_path(url)[0]


def _on(host: str, domains: tuple[str, ...]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def drive_file_id(url: str) -> str:
    """The file id of a Google Drive link (…/open?id=…, …/file/d/…/view), '' for any other link."""
    if "drive.google.com" not in url.casefold() or not _on(_host(url), _DRIVE_HOSTS):
        return ""
    found = _DRIVE_ID.search(url)
    return found.group(1) if found else ""


def kind_of(url: str, content_type: str = "") -> str:
    """Photo, video, document or web page: from the link's extension or host, else from the answer's content type."""
    host, path = _host_path(url)
    ext = path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else ""
    if ext in _KIND_OF_EXTENSION:
        return _KIND_OF_EXTENSION[ext]
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
    live = submissions[~submissions["blank"]] if "blank" in submissions else submissions
    text = lambda column: live[column].fillna("").astype(str) if column in live else pd.Series("", index=live.index)  # noqa: E731
    links = pd.DataFrame({"row": live["row"], "_links": text("evidence"), "_source": text("source")})
    links = links.assign(url=links["_links"].str.split(";")).explode("url")
    links["url"] = links["url"].fillna("").str.strip()
    links = links[links["url"] != ""]
    emailed = links["_source"] == EMAILED
    drive = links["url"].map(lambda u: bool(drive_file_id(u)))
    links["origin"] = np.where(emailed, EMAILED, np.where(drive, FORM_UPLOAD, FORM_LINK))
    links["state"] = PENDING
    parts = [links]
    if issues is not None and not issues.empty:
        bad = issues[(issues["issue"] == "non_http_link") & issues["row"].isin(live["row"])]
        bad = pd.DataFrame({"row": bad["row"], "url": bad["value"].astype(str).str.split(";")}).explode("url")
        bad["url"] = bad["url"].fillna("").str.strip()
        bad = bad[bad["url"] != ""]
        source = dict(zip(live["row"], text("source")))
        bad["origin"] = [EMAILED if source.get(r) == EMAILED else FORM_LINK for r in bad["row"]]
        bad["state"] = NOT_CHECKED
        parts.append(bad)
    found = pd.concat(parts, ignore_index=True)[["row", "url", "origin", "state"]]
    by_row = pd.DataFrame(
        {
            "agency_code": text("agency_code"),
            "activities": text("activities"),
            "email": text("email"),
            "reporter": text("reporter"),
        }
    ).set_index(live["row"])
    by_row = by_row[~by_row.index.duplicated()]
    row_of = by_row.reindex(found["row"])
    ticked = row_of["activities"].str.split(";").map(lambda ks: [k for k in ks if k])
    names = dict(zip(roster["code"], roster["name"]))
    groups = dict(zip(roster["code"], roster["group"])) if "group" in roster else {}
    codes = row_of["agency_code"].fillna("").to_numpy(dtype=object)
    table = pd.DataFrame(
        {
            "url": found["url"].to_numpy(dtype=object),
            "agency_code": codes,
            "agency": [names.get(c, "") for c in codes],
            "group": [groups.get(c, "") for c in codes],
            "activity": [ks[0] if len(ks) == 1 else "" for ks in ticked],
            "kind": found["url"].map({u: kind_of(u) for u in found["url"].unique()}).to_numpy(dtype=object),
            "origin": found["origin"].to_numpy(dtype=object),
            "state": found["state"].to_numpy(dtype=object),
            "status": "",
            "row": found["row"].astype("int64").to_numpy(),
            "email": row_of["email"].fillna("").to_numpy(dtype=object),
            "reporter": row_of["reporter"].fillna("").to_numpy(dtype=object),
        },
        columns=list(COLUMNS),
    )
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
