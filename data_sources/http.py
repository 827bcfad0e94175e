"""HTTP for the online sources: bounded retries, and the network failures a person can meet."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import requests
from google.auth.exceptions import TransportError

from campaign.errors import SourceError

DEFAULT_TIMEOUT = 30.0  # seconds for one request to connect and answer

NETWORK_ERRORS = (requests.ConnectionError, requests.Timeout, TransportError)


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try: gspread's own back-off client would retry forever, this one gives up."""

    attempts: int = 4  # tries in all, the first included
    first_wait: float = 1.0  # seconds before the second try; doubles after each
    max_total: float = 30.0  # never start a wait that would end later than this after the first try
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic


def send_with_retries(send: Callable[[], requests.Response], policy: RetryPolicy) -> requests.Response:
    """Call send() until it answers with something other than a retryable status, within the policy's budget.

    Returns the last response (a retryable status included, once the budget is spent); re-raises the
    last network error when even the last try could not connect.
    """
    start = policy.clock()
    wait = policy.first_wait
    for attempt in range(1, policy.attempts + 1):
        failure: BaseException | None = None
        try:
            response = send()
        except NETWORK_ERRORS as exc:
            failure = exc
        else:
            if not is_retryable(response.status_code):
                return response
        if attempt == policy.attempts or policy.clock() - start + wait > policy.max_total:
            if failure is not None:
                raise failure
            return response
        policy.sleep(wait)
        wait *= 2
    raise AssertionError("unreachable: the last try returns or raises")


def is_retryable(status: int) -> bool:
    """Worth another try: a timeout on Google's side (408), quota (429), server errors (5xx)."""
    return status in (408, 429) or status >= 500


def is_timeout(exc: BaseException) -> bool:
    """A timeout, also when google-auth wrapped it in its TransportError."""
    seen = exc
    while seen is not None:
        if isinstance(seen, requests.Timeout):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def network_failure(exc: BaseException, where: str, where_vi: str, timeout: float) -> SourceError:
    """No network, or no answer in time: what to do about it."""
    if is_timeout(exc):
        return SourceError(
            f"{where}: no answer within {timeout:g} s; check the internet connection and refresh in a minute",
            f"{where_vi}: không có phản hồi sau {timeout:g} giây; hãy kiểm tra kết nối Internet rồi tải lại sau một phút",
        )
    return SourceError(
        f"{where}: cannot connect (no network?); check the internet connection and refresh",
        f"{where_vi}: không kết nối được (mất mạng?); hãy kiểm tra kết nối Internet rồi tải lại",
    )


def busy_failure(status: int, where: str, where_vi: str) -> SourceError:
    """Quota or server errors that outlasted the retries."""
    if status == 429:
        return SourceError(
            f"{where}: too many requests (Google's quota, HTTP 429), still refused after retrying; "
            "wait a minute and refresh; if it keeps happening, raise cache_ttl_seconds in campaign.toml",
            f"{where_vi}: quá nhiều yêu cầu (vượt hạn mức của Google, HTTP 429), vẫn bị từ chối sau khi thử lại; "
            "hãy đợi một phút rồi tải lại; nếu còn lặp lại, hãy tăng cache_ttl_seconds trong campaign.toml",
        )
    return SourceError(
        f"{where}: Google's server failed (HTTP {status}), still failing after retrying; refresh in a few minutes",
        f"{where_vi}: máy chủ Google gặp lỗi (HTTP {status}), vẫn lỗi sau khi thử lại; hãy tải lại sau vài phút",
    )
