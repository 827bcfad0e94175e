"""The evidence link check, safe by construction: the links are typed by the public, so the checker fetches only what
a stranger's browser could fetch from the internet, and never anything on the Ministry's own network.

- http(s) only, on ports 80/443 (a test may allow its own server's port);
- the checker resolves the host itself and refuses loopback, private, link-local, reserved, multicast and shared
  addresses, then connects to the address it checked (the name is not looked up again: no DNS rebinding), and does
  the same after every redirect (at most 3);
- it reads at most the first 256 kB, waits at most 5 s, runs at most 4 checks at once;
- it sends no cookies and no credentials (a user:password in a link is dropped), and keeps nothing between links.

The state of each link: campaign/evidence.py (open, needs_access, broken, not_checked). Each link is checked at most
once a day: the results are entries of the store's link_checks log (`check_links`).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import certifi
import urllib3

from campaign import desk
from campaign.evidence import BROKEN, NEEDS_ACCESS, NOT_CHECKED, OPEN, latest_by_url
from campaign.store import LINK_CHECKS

MAX_BYTES = 256 * 1024
TIMEOUT = 5.0
MAX_REDIRECTS = 3
WORKERS = 4
WRITE_BATCH = 500  # results written to the store at once
PORTS = frozenset({80, 443})
USER_AGENT = "campaign-dashboard-link-check/1 (+Ministry of Information and Communications, Viet Nam)"
# A redirect to a sign-in page: the file exists, but asks for an account the Ministry's check does not have.
SIGN_IN_HOSTS = ("accounts.google.com", "login.microsoftonline.com", "login.live.com")
SIGN_IN_PATHS = ("/login", "/signin", "/sign-in", "/accounts/login", "/servicelogin")

Resolver = Callable[[str, int], list[str]]
Allow = Callable[[str, str], bool]  # (host, address) → whether the checker may connect there


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system's resolver gives for a host."""
    return sorted({info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)})


def is_public(address: str) -> bool:
    """Whether an address is on the public internet: not loopback, private, link-local, reserved, multicast, shared
    (100.64/10) or unspecified; an IPv4 address written as IPv6 (::ffff:10.0.0.1) is judged as the IPv4 one."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast and not ip.is_reserved


def public_only(host: str, address: str) -> bool:
    """The checker's rule: any host, on a public address only."""
    return is_public(address)


@dataclass(frozen=True)
class LinkResult:
    """What one check found: the state, the last answer's status and content type, where it ended, why."""

    url: str
    state: str
    status: int | None = None
    content_type: str = ""
    final_url: str = ""
    detail: str = ""
    body: bytes = field(default=b"", repr=False)  # the first bytes read (at most the checker's max_bytes)


class Refused(Exception):
    """A link the checker will not fetch (scheme, port, address): its state is not_checked."""


@dataclass
class LinkChecker:
    """Checks links one at a time (`check`) or several at once (`check_many`, at most `workers` in flight)."""

    resolve: Resolver = system_resolver
    allow: Allow = public_only  # a test lets its own server's name through, and nothing else
    ports: frozenset[int] = PORTS
    timeout: float = TIMEOUT
    max_bytes: int = MAX_BYTES
    max_redirects: int = MAX_REDIRECTS
    workers: int = WORKERS
    # Tried before the HTTP check (the Drive API for Drive links, data_sources/drive.py); None: not its link.
    first: Callable[[str], LinkResult | None] | None = None

    def check(self, url: str, max_bytes: int | None = None) -> LinkResult:
        """Follow the link (and up to max_redirects redirects, each checked again) and say what it is."""
        limit = self.max_bytes if max_bytes is None else max_bytes
        deadline = time.monotonic() + self.timeout
        current = url
        for _ in range(self.max_redirects + 1):
            if current != url and _is_sign_in(current):  # a redirect to a sign-in page: no need to go there
                return LinkResult(url, NEEDS_ACCESS, final_url=current, detail="sign-in page")
            try:
                host, port, address, path = self._target(current)
            except Refused as refused:
                return LinkResult(url, NOT_CHECKED, final_url=current, detail=str(refused))
            except OSError as failed:  # the name does not resolve
                return LinkResult(url, BROKEN, final_url=current, detail=f"DNS: {failed}")
            try:
                status, headers, body = self._get(urlsplit(current).scheme, host, port, address, path, limit, deadline)
            except (urllib3.exceptions.HTTPError, OSError) as failed:
                return LinkResult(url, BROKEN, final_url=current, detail=type(failed).__name__)
            content_type = headers.get("content-type", "")
            if status in (301, 302, 303, 307, 308) and headers.get("location"):
                current = urljoin(current, headers["location"])
                continue
            return LinkResult(url, _state(status), status, content_type, current, f"HTTP {status}", body)
        return LinkResult(url, BROKEN, final_url=current, detail=f"more than {self.max_redirects} redirects")

    def check_many(self, urls: Iterable[str], progress: Callable[[int], None] | None = None) -> list[LinkResult]:
        """Every link checked, `workers` at a time, in the order given; progress(n done) after each."""
        urls = list(urls)
        done = 0
        lock = threading.Lock()

        def one(url: str) -> LinkResult:
            nonlocal done
            result = (self.first(url) if self.first is not None else None) or self.check(url)
            with lock:
                done += 1
                if progress is not None:
                    progress(done)
            return result

        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            return list(pool.map(one, urls))

    def _target(self, url: str) -> tuple[str, int, str, str]:
        """(host, port, the address to connect to, path with query) of an http(s) link, or Refused."""
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError as bad:
            raise Refused(f"not a valid link: {bad}") from None
        scheme = parts.scheme.casefold()
        if scheme not in ("http", "https") or not parts.hostname:
            raise Refused(f"not an http(s) link: {scheme or '(none)'}")
        port = port or (443 if scheme == "https" else 80)
        if port not in self.ports:
            raise Refused(f"port {port} is not 80 or 443")
        host = parts.hostname
        addresses = self.resolve(host, port)
        if not addresses:
            raise OSError(f"{host} has no address")
        private = [a for a in addresses if not self.allow(host, a)]
        if private:  # one private answer is enough to refuse: the next lookup might pick it
            raise Refused(f"{host} resolves to a private or reserved address ({private[0]})")
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        return host, port, addresses[0], path

    def _get(
        self, scheme: str, host: str, port: int, address: str, path: str, limit: int, deadline: float
    ) -> tuple[int, dict[str, str], bytes]:
        """One GET to the checked address (the name sent as Host and, for https, as SNI and for the certificate)."""
        left = max(deadline - time.monotonic(), 0.05)
        timeout = urllib3.Timeout(connect=left, read=left)
        if scheme == "https":
            pool = urllib3.HTTPSConnectionPool(
                address, port, server_hostname=host, assert_hostname=host, cert_reqs="CERT_REQUIRED",
                ca_certs=certifi.where(), timeout=timeout, retries=False, maxsize=1,
            )  # fmt: skip
        else:
            pool = urllib3.HTTPConnectionPool(address, port, timeout=timeout, retries=False, maxsize=1)
        default = 443 if scheme == "https" else 80
        headers = {"Host": host if port == default else f"{host}:{port}", "User-Agent": USER_AGENT, "Accept": "*/*"}
        with pool:
            response = pool.urlopen("GET", path, headers=headers, redirect=False, preload_content=False, retries=False)
            try:
                body = bytearray()
                for chunk in response.stream(16 * 1024, decode_content=False):
                    body += chunk
                    if len(body) >= limit or time.monotonic() > deadline:
                        break
                found = {k.casefold(): v for k, v in response.headers.items()}
                return response.status, found, bytes(body[:limit])
            finally:
                response.close()  # never drain the rest of a large answer


def _is_sign_in(url: str) -> bool:
    try:
        parts = urlsplit(url)
        host, path = (parts.hostname or "").casefold(), parts.path.casefold()
    except ValueError:
        return False
    return host in SIGN_IN_HOSTS or any(path.startswith(p) for p in SIGN_IN_PATHS)


def _state(status: int) -> str:
    if 200 <= status < 300:
        return OPEN
    if status in (401, 403, 407):
        return NEEDS_ACCESS
    return BROKEN  # 404, 410, any other refusal and a server error: the link does not give the evidence today


# --- once a day per link, through the store -----------------------------------------------------------------------


@dataclass
class Progress:
    """How far a background check is: read by the page while the check runs."""

    total: int = 0
    done: int = 0
    finished: bool = False
    error: str = ""


def due(urls: Iterable[str], checks, today: dt.date) -> list[str]:
    """The http(s) links not yet checked today (each once, in the order given)."""
    latest = latest_by_url(checks, ("checked_on",))
    checked = set(latest.index[latest["checked_on"] == today.isoformat()]) if len(latest) else set()
    return [u for u in dict.fromkeys(urls) if u not in checked and u.casefold().startswith(("http://", "https://"))]


def check_links(
    urls: Iterable[str],
    store,
    config,
    checker: LinkChecker,
    *,
    today: dt.date,
    by: str,
    progress: Progress | None = None,
    on_result: Callable[[LinkResult], None] | None = None,
) -> list[LinkResult]:
    """Check the links not checked today and append each result to the store's link_checks log."""
    read = store.read()
    todo = due(urls, read.tables.get(LINK_CHECKS), today)
    progress = progress if progress is not None else Progress()
    progress.total, progress.done = len(todo), 0

    def step(n: int) -> None:
        progress.done = n

    results = checker.check_many(todo, step)
    entries = []
    for result in results:
        entry = desk.link_check(
            config,
            url=result.url,
            checked_on=today,
            state=result.state,
            status=result.status,
            content_type=result.content_type,
            final_url=result.final_url,
            detail=result.detail,
            by=by,
        )
        entries.append(entry)
        if on_result is not None:
            on_result(result)
    for start in range(0, len(entries), WRITE_BATCH):  # the Sheet's tab: one request per batch, not per link
        store.append_many(LINK_CHECKS, entries[start : start + WRITE_BATCH])
    progress.finished = True
    return results
