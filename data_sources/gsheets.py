"""The live Google Sheet, read with a service account: two Sheets API requests per refresh.

One metadata read (tab names, the spreadsheet's time zone) and one `values:batchGet` for the response
tab and, if the sheet has one, the roster tab. Nothing here reads Streamlit secrets: the app passes
the `[gcp_service_account]` table in, the CLI a JSON key file (`credentials_from_file`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import gspread
import pandas as pd
import requests
from google.auth.exceptions import RefreshError
from google.auth.transport.requests import Request as GoogleAuthRequest
from google.oauth2.service_account import Credentials
from gspread.exceptions import APIError
from gspread.utils import (
    DateTimeOption,
    ValueRenderOption,
    absolute_range_name,
    extract_id_from_url,
    fill_gaps,
    rowcol_to_a1,
)

from campaign.columns import name_key
from campaign.config import Config
from campaign.errors import SourceError
from campaign.model import RawTables
from data_sources import bounded, http
from data_sources.base import Source
from data_sources.http import DEFAULT_TIMEOUT, NETWORK_ERRORS, RetryPolicy, busy_failure, network_failure, send_with_retries

# For testing only: send every Google request (Sheets API and OAuth token) to this base URL instead,
# e.g. http://127.0.0.1:8765 where a fake Sheets API listens. Never set it in production.
SHEETS_API_BASE_ENV = "CAMPAIGN_SHEETS_API_BASE"
GOOGLE_BASES = (
    "https://sheets.googleapis.com",
    "https://oauth2.googleapis.com",
    "https://www.googleapis.com",  # the Drive API (data_sources/drive.py)
    "https://lh3.googleusercontent.com",  # Drive's thumbnails
)
DEFAULT_TOKEN_URI = "https://oauth2.googleapis.com/token"

# Only what the read needs from the metadata: not the cells, formats or theme.
METADATA_FIELDS = "spreadsheetId,properties(title,timeZone),sheets(properties(sheetId,title,index))"
VALUE_PARAMS = {
    "valueRenderOption": ValueRenderOption.unformatted,  # numbers as numbers, not as the locale prints them
    "dateTimeRenderOption": DateTimeOption.serial_number,  # Form timestamps as day serials, wall-clock in the sheet's zone
}
_KEY = re.compile(r"^[A-Za-z0-9_-]{20,}$")
# gspread's own pattern misses the /u/1/ a browser signed into several Google accounts puts in.
_URL_KEY = re.compile(r"/spreadsheets/(?:u/\d+/)?d/([A-Za-z0-9_-]+)")


class RebasedSession(requests.Session):
    """A requests session that sends Google's API and token URLs to another base (a local fake; testing only)."""

    def __init__(self, base: str):
        super().__init__()
        self.base = base.rstrip("/")

    def request(self, method, url, *args, **kwargs):
        for google in GOOGLE_BASES:
            if isinstance(url, str) and url.startswith(google):
                url = self.base + url[len(google) :]
                break
        return super().request(method, url, *args, **kwargs)


def default_session() -> requests.Session:
    base = os.environ.get(SHEETS_API_BASE_ENV)
    return RebasedSession(base) if base else requests.Session()


class _TokenRequest(GoogleAuthRequest):
    """google-auth's transport over our session, with our timeout (its own default is 120 s)."""

    def __init__(self, session: requests.Session, timeout: float):
        super().__init__(session)
        self._timeout = timeout

    def __call__(self, url, method="GET", body=None, headers=None, timeout=None, **kwargs):
        return super().__call__(url, method=method, body=body, headers=headers, timeout=timeout or self._timeout, **kwargs)


class _SheetsClient(gspread.HTTPClient):
    """gspread's HTTP client over a given session: signs each request, retries within a budget."""

    def __init__(self, credentials: Credentials, session: requests.Session, retry: RetryPolicy, timeout: float):
        super().__init__(credentials, session=session)
        self.auth = credentials
        self.retry = retry
        self.timeout = timeout
        self._token_request = _TokenRequest(session, timeout)

    def request(self, method, endpoint, params=None, data=None, json=None, files=None, headers=None):
        def send() -> requests.Response:
            signed = dict(headers or {})
            # Fetches or refreshes the access token (a signed JWT to the token endpoint) when needed.
            self.auth.before_request(self._token_request, method, endpoint, signed)
            return self.session.request(
                method=method,
                url=endpoint,
                params=params,
                data=data,
                json=json,
                files=files,
                headers=signed,
                timeout=self.timeout,
            )

        response = send_with_retries(send, self.retry)
        if response.ok:
            return response
        raise APIError(response)


def spreadsheet_key(key_or_url: str) -> str:
    """The spreadsheet key from a key or from the URL copied out of the browser."""
    text = (key_or_url or "").strip()
    if re.search(r"/spreadsheets/(?:u/\d+/)?d/e/", text) or text.startswith("2PACX-"):
        raise SourceError(
            "This is a 'Publish to web' link, not the sheet's own address; "
            "use it as csv_url (CLI: --csv-url), or copy the address of the sheet while it is open",
            "Đây là đường dẫn 'Xuất bản lên web', không phải địa chỉ của bảng tính; "
            "hãy dùng nó cho csv_url (dòng lệnh: --csv-url), hoặc sao chép địa chỉ khi đang mở bảng tính",
        )
    if "/" in text:
        found = _URL_KEY.search(text)
        if found:
            return found.group(1)
        try:
            return extract_id_from_url(text)
        except gspread.exceptions.NoValidUrlKeyFound:
            raise SourceError(
                f"'{text[:80]}' is not a Google Sheets address; copy the whole address "
                "(https://docs.google.com/spreadsheets/d/…) from the browser while the sheet is open",
                f"'{text[:80]}' không phải địa chỉ Google Sheets; hãy sao chép toàn bộ địa chỉ "
                "(https://docs.google.com/spreadsheets/d/…) trên trình duyệt khi đang mở bảng tính",
            ) from None
    if not _KEY.match(text):
        raise SourceError(
            f"'{text[:80]}' is not a Google Sheets key or address; copy the whole address from the browser while the sheet is open",
            f"'{text[:80]}' không phải mã hay địa chỉ Google Sheets; hãy sao chép toàn bộ địa chỉ trên trình duyệt khi đang mở bảng tính",
        )
    return text


# The scope a store write needs (issue #10); asked for only when writes are switched on.
WRITE_SCOPES = ["https://www.googleapis.com/auth/spreadsheets"]


def service_account_credentials(info: Mapping, write: bool = False) -> Credentials:
    """Service-account credentials from the JSON key's fields (read-only unless `write`); no network."""
    info = dict(info)  # st.secrets gives a read-only mapping
    if info.get("type", "service_account") != "service_account":
        raise SourceError(
            f"The credentials are of type '{info.get('type')}', not a service-account key; "
            "create a JSON key for a service account (Google Cloud → IAM → Service accounts → Keys)",
            f"Thông tin xác thực thuộc loại '{info.get('type')}', không phải khoá tài khoản dịch vụ; "
            "hãy tạo khoá JSON cho một tài khoản dịch vụ (Google Cloud → IAM → Service accounts → Keys)",
        )
    missing = [k for k in ("client_email", "private_key") if not info.get(k)]
    if missing:
        raise SourceError(
            f"The service-account key lacks {', '.join(missing)}; paste every field of the JSON key",
            f"Khoá tài khoản dịch vụ thiếu {', '.join(missing)}; hãy dán đủ mọi trường của tệp khoá JSON",
        )
    info.setdefault("token_uri", DEFAULT_TOKEN_URI)
    try:
        return Credentials.from_service_account_info(info, scopes=WRITE_SCOPES if write else gspread.auth.READONLY_SCOPES)
    except Exception:  # cryptography and google-auth raise several kinds for a damaged key
        # Their messages may quote the key: never pass one on.
        raise SourceError(
            f"The private_key of {info['client_email']} cannot be read; paste it again exactly as in the JSON file "
            "(from -----BEGIN PRIVATE KEY----- to -----END PRIVATE KEY-----, with its \\n line breaks)",
            f"Không đọc được private_key của {info['client_email']}; hãy dán lại đúng như trong tệp JSON "
            "(từ -----BEGIN PRIVATE KEY----- đến -----END PRIVATE KEY-----, giữ các dấu xuống dòng \\n)",
        ) from None


def credentials_from_file(path: str | Path | None) -> dict:
    """The service-account key for the CLI: --credentials, else GOOGLE_APPLICATION_CREDENTIALS."""
    path = path or os.environ.get("GOOGLE_APPLICATION_CREDENTIALS")
    if not path:
        raise SourceError(
            "--sheet needs a service-account key: pass --credentials key.json or set GOOGLE_APPLICATION_CREDENTIALS",
            "--sheet cần khoá tài khoản dịch vụ: hãy thêm --credentials key.json hoặc đặt biến GOOGLE_APPLICATION_CREDENTIALS",
        )
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SourceError(
            f"{path}: credentials file not found; check the path of the JSON key",
            f"{path}: không tìm thấy tệp khoá; hãy kiểm tra đường dẫn tới tệp khoá JSON",
        ) from None
    except (OSError, UnicodeDecodeError):
        raise SourceError(
            f"{path}: cannot read the credentials file; check the path and its permissions",
            f"{path}: không đọc được tệp khoá; hãy kiểm tra đường dẫn và quyền truy cập",
        ) from None
    try:
        info = json.loads(text)
    except ValueError:
        info = None
    if not isinstance(info, dict):
        raise SourceError(
            f"{path}: not a JSON key file; download the key again (Google Cloud → IAM → Service accounts → Keys → Add key → JSON)",
            f"{path}: không phải tệp khoá JSON; hãy tải lại khoá (Google Cloud → IAM → Service accounts → Keys → Add key → JSON)",
        )
    return info


def values_frame(values: list[list]) -> pd.DataFrame:
    """A Sheets API value range → header row as labels, cells as read; ragged rows padded with ''."""
    if not values:
        return pd.DataFrame()
    rows = fill_gaps(values)
    header = [cell if isinstance(cell, str) else str(cell) for cell in rows[0]]
    return pd.DataFrame(rows[1:], columns=header, dtype=object)


def _same_title(a: str, b: str) -> bool:
    return name_key(a) == name_key(b)


# A save: three tries at most, 0.5 s then 1 s apart, none started after 6 s, each answered within 3 s or given up:
# at most about 7 s before the person is told (tests/test_store_sheet.py times it against a Google that never answers).
SAVE_RETRY = RetryPolicy(attempts=3, first_wait=0.5, max_total=6.0)
SAVE_TIMEOUT = 3.0


class GoogleSheetSource(Source):
    """The response tab (and the optional roster tab) of a Google Sheet, through the Sheets API."""

    def __init__(
        self,
        config: Config,
        key_or_url: str,
        credentials: Mapping,
        *,
        session: requests.Session | None = None,
        retry: RetryPolicy | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        writes: bool = False,
    ):
        self.config = config
        self.key = spreadsheet_key(key_or_url)
        self.writes = writes  # the coordinator's store may be written (read-write scope)
        self._credentials = service_account_credentials(credentials, write=writes)
        self.tab_ids: dict[str, int] = {}  # tab title -> sheetId, as of the last read
        self.roster_tab: str | None = None
        self.last_store = None
        self._session = session
        self.retry = retry or RetryPolicy()
        self.timeout = timeout

    @property
    def service_account_email(self) -> str:
        return self._credentials.service_account_email

    def client(self, for_save: bool = False) -> _SheetsClient:
        """A client for the reads (the source's retry policy and timeout), or for a save a person waits on: then no
        looser than SAVE_RETRY and SAVE_TIMEOUT, so a save that fails is answered within 10 s, retries included."""
        retry, timeout = self.retry, self.timeout
        if for_save:
            retry = dataclasses.replace(
                retry,
                attempts=min(retry.attempts, SAVE_RETRY.attempts),
                first_wait=min(retry.first_wait, SAVE_RETRY.first_wait),
                max_total=min(retry.max_total, SAVE_RETRY.max_total),
            )
            timeout = min(timeout, SAVE_TIMEOUT)
        return _SheetsClient(self._credentials, self._session or default_session(), retry, timeout)

    def coordinator_store(self):
        """The coordinator's store in this sheet's own tabs."""
        from data_sources.sheet_store import SheetStore

        return SheetStore(self)

    def read(self) -> RawTables:
        from data_sources import sheet_store

        cfg = self.config
        client = self.client()
        try:
            meta = client.fetch_sheet_metadata(self.key, params={"includeGridData": "false", "fields": METADATA_FIELDS})
            title = meta.get("properties", {}).get("title") or self.key
            zone = meta.get("properties", {}).get("timeZone") or None
            tabs = [sheet["properties"]["title"] for sheet in meta.get("sheets", [])]
            responses_tab = self._responses_tab(title, tabs)
            roster_tab = next((t for t in tabs if _same_title(t, cfg.sheet.roster_tab)), None)
            wanted = [responses_tab] + ([roster_tab] if roster_tab else [])
            # The coordinator's tabs that exist join the same request: a refresh stays at two.
            found, problems = sheet_store.store_tabs(cfg, tabs)
            wanted += list(found.values())
            # A fresh params dict each time: gspread writes the ranges into it.
            # Bounded ranges: one row and one column past the limits, enough to tell a sheet is too large.
            limits = cfg.limits
            corner = rowcol_to_a1(limits.max_rows + 2, limits.max_columns + 1)
            ranges = [absolute_range_name(t, f"A1:{corner}") for t in wanted]
            answer = client.values_batch_get(self.key, ranges, params=dict(VALUE_PARAMS))
        except APIError as exc:
            raise self._api_failure(exc) from None
        except RefreshError as exc:
            raise self._key_refused(exc) from None
        except NETWORK_ERRORS as exc:
            raise network_failure(exc, "Google Sheets", "Google Sheets", self.timeout) from None
        _check_zone(zone, title)
        ranges = answer.get("valueRanges", [])
        for tab, value_range in zip(wanted, ranges, strict=False):
            values = value_range.get("values", [])
            bounded.check_sheet_size(len(values), max(map(len, values), default=0), f"Google Sheet '{title}' [{tab}]", limits)
        responses = values_frame(ranges[0].get("values", []) if ranges else [])
        agencies = None
        where = f"Google Sheet '{title}'"
        if roster_tab:
            roster_values = ranges[1].get("values", []) if len(ranges) > 1 else []
            if len(roster_values) < 2:
                raise SourceError(
                    f"{where}: the roster tab '{roster_tab}' is empty; fill it (columns code, name, group) "
                    "or delete the tab to use the campaign's default roster",
                    f"{where}: trang danh sách đơn vị '{roster_tab}' đang trống; hãy điền danh sách (các cột code, name, group) "
                    "hoặc xoá trang này để dùng danh sách đơn vị mặc định của đợt",
                )
            agencies = values_frame(roster_values)
        self.label = title
        self.tab_ids = {sheet["properties"]["title"]: sheet["properties"].get("sheetId", 0) for sheet in meta.get("sheets", [])}
        self.roster_tab = roster_tab
        base = 2 if roster_tab else 1
        self.last_store = sheet_store.store_from_ranges(cfg, found, ranges[base:], problems, where)
        return RawTables(
            responses=responses,
            agencies=agencies,
            timezone=zone,
            source=f"{where} [{responses_tab}]",
            roster_source=f"{where} [{roster_tab}]" if roster_tab else "default roster",
            read_at=dt.datetime.now(dt.UTC),
            store=self.last_store,
        )

    def _responses_tab(self, title: str, tabs: list[str]) -> str:
        cfg = self.config
        wanted = (cfg.sheet.responses_tab, *cfg.sheet.responses_tab_aliases)
        for name in wanted:
            for tab in tabs:
                if _same_title(tab, name):
                    return tab
        names = " / ".join(f"'{n}'" for n in wanted)
        found = ", ".join(f"'{t}'" for t in tabs) or "(none)"
        raise SourceError(
            f"Google Sheet '{title}': no response tab {names}; tabs in the sheet: {found}. "
            "Rename the Form's response tab back, or set responses_tab in campaign.toml",
            f"Google Sheet '{title}': không thấy trang câu trả lời {names}; các trang có: {found}. "
            "Hãy đặt lại tên trang câu trả lời của biểu mẫu, hoặc sửa responses_tab trong campaign.toml",
        )

    def _api_failure(self, exc: APIError) -> SourceError:
        status = exc.response.status_code
        where = f"Google Sheet {self.key}"
        email = self.service_account_email
        message = str(exc.error.get("message", ""))
        if status == 403 and ("SERVICE_DISABLED" in json.dumps(exc.error) or "has not been used" in message):
            return SourceError(
                f"{where}: the Google Sheets API is not enabled for the project of {email}; "
                "enable it (Google Cloud console → APIs & Services → Enable APIs → Google Sheets API), wait a minute and refresh",
                f"{where}: dự án của {email} chưa bật Google Sheets API; "
                "hãy bật nó (Google Cloud console → APIs & Services → Enable APIs → Google Sheets API), đợi một phút rồi tải lại",
            )
        if status == 403:
            return SourceError(
                f"{where}: the sheet is not shared with the service account; in the sheet press Share and add {email} as Viewer, then refresh",
                f"{where}: bảng tính chưa được chia sẻ cho tài khoản dịch vụ; trong bảng tính hãy bấm Chia sẻ (Share) "
                f"và thêm {email} với quyền Người xem (Viewer), rồi tải lại",
            )
        if status == 404:
            return SourceError(
                f"{where}: no such spreadsheet; check the key or URL: copy the whole address from the browser while the sheet is open",
                f"{where}: không có bảng tính này; hãy kiểm tra mã hoặc địa chỉ: sao chép toàn bộ địa chỉ trên trình duyệt khi đang mở bảng tính",
            )
        if status == 401:
            return self._key_refused(exc)
        if http.is_retryable(status):
            return busy_failure(status, "Google Sheets", "Google Sheets")
        return SourceError(
            f"{where}: Google Sheets refused the request (HTTP {status}: {message[:200]}); check the sheet and refresh",
            f"{where}: Google Sheets từ chối yêu cầu (HTTP {status}: {message[:200]}); hãy kiểm tra bảng tính rồi tải lại",
        )

    def _key_refused(self, exc: Exception) -> SourceError:
        # Only the reason code (e.g. invalid_grant): the rest of Google's answer is not needed to act.
        reason = str(exc.args[0]).split(":")[0][:60] if exc.args and not isinstance(exc, APIError) else "HTTP 401"
        email = self.service_account_email
        return SourceError(
            f"Google refused the service-account key of {email} ({reason}); the key may have been deleted or the account "
            "disabled: create a new JSON key (Google Cloud → IAM → Service accounts → Keys) and put it in the secrets or --credentials",
            f"Google từ chối khoá của tài khoản dịch vụ {email} ({reason}); khoá có thể đã bị xoá hoặc tài khoản bị vô hiệu: "
            "hãy tạo khoá JSON mới (Google Cloud → IAM → Service accounts → Keys) và đặt vào secrets hoặc --credentials",
        )


def _check_zone(zone: str | None, title: str) -> None:
    if zone is None:
        return
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise SourceError(
            f"Google Sheet '{title}': unknown time zone '{zone}'; choose a city in File → Settings → Time zone",
            f"Google Sheet '{title}': múi giờ '{zone}' không xác định; hãy chọn múi giờ trong Tệp → Cài đặt → Múi giờ",
        ) from None
