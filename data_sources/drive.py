"""Evidence files in Google Drive through the Drive API (only when [sheet] drive_evidence = true): the file's name,
type, size and owners, whether the Ministry's service account can open it, and its thumbnail.

Read-only (`drive.readonly` scope), with the same service account as the Sheet. A file the account cannot open
(Drive answers 403 or 404) is *needs access*: the agency that uploaded it is asked to share it. Only Google's own
thumbnail address (https on a Google host) is fetched, with the account's token, at most MAX_THUMBNAIL_BYTES.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote, urlsplit

import requests

from campaign.evidence import NEEDS_ACCESS, OPEN, drive_file_id
from data_sources.gsheets import _TokenRequest, default_session, service_account_credentials
from data_sources.http import NETWORK_ERRORS
from data_sources.links import LinkResult

DRIVE_API = "https://www.googleapis.com/drive/v3"
DRIVE_SCOPES = ["https://www.googleapis.com/auth/drive.readonly"]
FIELDS = "id,name,mimeType,size,thumbnailLink,owners(displayName,emailAddress),videoMediaMetadata(durationMillis)"
THUMBNAIL_HOSTS = ("googleusercontent.com", "google.com")  # where Drive's thumbnailLink points
MAX_THUMBNAIL_BYTES = 2 * 1024 * 1024
TIMEOUT = 5.0


class DriveFiles:
    """files.get for the Drive links of the evidence, as the service account sees them."""

    def __init__(self, info: Mapping, session: requests.Session | None = None, timeout: float = TIMEOUT):
        self.credentials = service_account_credentials(info).with_scopes(DRIVE_SCOPES)
        self.session = session or default_session()
        self.timeout = timeout
        self._token = _TokenRequest(self.session, timeout)

    def _get(self, url: str, **kw) -> requests.Response:
        headers: dict[str, str] = {}
        self.credentials.before_request(self._token, "GET", url, headers)  # fetches or refreshes the token
        return self.session.get(url, headers=headers, timeout=self.timeout, allow_redirects=False, **kw)

    def check(self, url: str) -> LinkResult | None:
        """The link's state from Drive itself; None for a link that is not a Drive file, or when Drive did not answer
        (the ordinary link check then runs)."""
        file_id = drive_file_id(url)
        if not file_id:
            return None
        try:
            answer = self._get(f"{DRIVE_API}/files/{quote(file_id)}", params={"fields": FIELDS, "supportsAllDrives": "true"})
        except NETWORK_ERRORS:
            return None
        if answer.status_code in (403, 404):
            account = self.credentials.service_account_email
            detail = f"Drive {answer.status_code}: not shared with {account}; ask the agency that uploaded it to share it"
            return LinkResult(url, NEEDS_ACCESS, answer.status_code, final_url=url, detail=detail)
        if answer.status_code != 200:
            return None
        meta = answer.json()
        owners = ", ".join(o.get("emailAddress") or o.get("displayName", "") for o in meta.get("owners", []))
        parts = [str(meta.get("name", "")), f"{meta['size']} B" if meta.get("size") else "", f"owner: {owners}" if owners else ""]
        millis = (meta.get("videoMediaMetadata") or {}).get("durationMillis")
        if millis:
            parts.append(f"{int(millis) // 1000} s")
        body = self.thumbnail(str(meta.get("thumbnailLink") or ""))
        return LinkResult(url, OPEN, 200, str(meta.get("mimeType", "")), url, " · ".join(p for p in parts if p), body)

    def thumbnail(self, link: str) -> bytes:
        """Drive's thumbnail of the file (b'' for none, or an address not on a Google host)."""
        parts = urlsplit(link)
        host = (parts.hostname or "").casefold()
        if parts.scheme != "https" or not any(host == h or host.endswith("." + h) for h in THUMBNAIL_HOSTS):
            return b""
        try:
            with self._get(link, stream=True) as answer:
                if answer.status_code != 200:
                    return b""
                body = bytearray()
                for chunk in answer.iter_content(64 * 1024):
                    body += chunk
                    if len(body) > MAX_THUMBNAIL_BYTES:
                        return b""
                return bytes(body)
        except NETWORK_ERRORS:
            return b""
