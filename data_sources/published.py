"""A response tab published to the web as CSV (File → Share → Publish to web): no service account needed.

Such a link gives one tab only, so the roster is the campaign's default one. Its timestamps are text
in the sheet's own time zone, which the CSV does not name: pass `timezone` if the sheet is not set
to the campaign's zone. The link lets anyone read the answers: keep it in the secrets, out of messages.
"""

from __future__ import annotations

import datetime as dt
import re

import requests

from campaign.config import Config
from campaign.errors import SourceError
from campaign.model import RawTables
from data_sources import http
from data_sources.base import Source
from data_sources.files import read_table
from data_sources.http import DEFAULT_TIMEOUT, NETWORK_ERRORS, RetryPolicy, busy_failure, network_failure, send_with_retries

# How the link is named in messages: never the URL itself.
WHERE = "Published sheet (csv_url)"
WHERE_VI = "Bảng tính xuất bản (csv_url)"
# The sheet's own address (…/d/KEY/edit): it needs a sign-in. Export and published links pass.
_EDIT_LINK = re.compile(r"/spreadsheets/d/(?!e/)[A-Za-z0-9_-]+(/(edit|view|copy)\b|/?$|/?[?#])")
_PUBLISH_HOW_EN = "in the sheet choose File → Share → Publish to web, pick the response tab and 'Comma-separated values (.csv)', then copy the link"
_PUBLISH_HOW_VI = "trong bảng tính chọn Tệp → Chia sẻ → Xuất bản lên web, chọn trang câu trả lời và 'Giá trị phân tách bằng dấu phẩy (.csv)', rồi sao chép đường dẫn"


class PublishedCsvSource(Source):
    """The response tab from a 'Publish to web' CSV link, read with requests."""

    def __init__(
        self,
        config: Config,
        url: str,
        session: requests.Session | None = None,
        *,
        timezone: str | None = None,
        retry: RetryPolicy | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ):
        self.config = config
        self.url = (url or "").strip()
        self.session = session
        self.timezone = timezone
        self.retry = retry or RetryPolicy()
        self.timeout = timeout
        if not self.url.lower().startswith(("https://", "http://")):
            raise SourceError(
                f"{WHERE}: the link must start with https://; {_PUBLISH_HOW_EN}",
                f"{WHERE_VI}: đường dẫn phải bắt đầu bằng https://; {_PUBLISH_HOW_VI}",
            )
        if _EDIT_LINK.search(self.url):
            raise SourceError(
                f"{WHERE}: this is the sheet's own address, not a published CSV link; {_PUBLISH_HOW_EN} "
                "(or use the sheet's address with a service account: [sheet] url)",
                f"{WHERE_VI}: đây là địa chỉ của bảng tính, không phải đường dẫn CSV đã xuất bản; {_PUBLISH_HOW_VI} "
                "(hoặc dùng địa chỉ bảng tính cùng tài khoản dịch vụ: [sheet] url)",
            )

    def read(self) -> RawTables:
        session = self.session or requests.Session()
        try:
            response = send_with_retries(lambda: session.get(self.url, timeout=self.timeout), self.retry)
        except NETWORK_ERRORS as exc:
            raise network_failure(exc, WHERE, WHERE_VI, self.timeout) from None
        status = response.status_code
        if http.is_retryable(status):
            raise busy_failure(status, WHERE, WHERE_VI)
        if status in (401, 403, 404, 410) or not response.ok:
            raise SourceError(
                f"{WHERE}: the link gives HTTP {status} (not published, or publishing was stopped); {_PUBLISH_HOW_EN}",
                f"{WHERE_VI}: đường dẫn trả về HTTP {status} (chưa xuất bản, hoặc đã ngừng xuất bản); {_PUBLISH_HOW_VI}",
            )
        if "text/html" in response.headers.get("Content-Type", "").lower():
            raise SourceError(
                f"{WHERE}: the link gives a web page, not CSV (a sign-in page, or published as a web page); {_PUBLISH_HOW_EN}",
                f"{WHERE_VI}: đường dẫn trả về trang web chứ không phải CSV (trang đăng nhập, hoặc xuất bản dạng trang web); {_PUBLISH_HOW_VI}",
            )
        cfg = self.config
        # Parsed in a slot of its own: every visitor's figures come from this read, so no upload makes it wait.
        tab, aliases = cfg.sheet.responses_tab, cfg.sheet.responses_tab_aliases
        responses = read_table(response.content, WHERE, tab, aliases, cfg.limits, slots="published")
        return RawTables(
            responses=responses,
            agencies=None,
            timezone=self.timezone,
            source=WHERE,
            roster_source="default roster",
            read_at=dt.datetime.now(dt.UTC),
        )
