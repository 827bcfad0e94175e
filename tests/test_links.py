"""The evidence link check against a real HTTP server on 127.0.0.1 (data_sources/links.py): what each answer means,
every refusal (the checker never reaches a private address, whatever the link or its redirects say), the bounds
(256 kB, the time limit, 4 at once), and each link checked once a day through the store."""

from __future__ import annotations

import datetime as dt
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from campaign.config import load_config
from campaign.evidence import BROKEN, NEEDS_ACCESS, NOT_CHECKED, OPEN
from campaign.store import LINK_CHECKS
from data_sources.links import LinkChecker, check_links, is_public
from data_sources.sqlite_store import SqliteStore

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a1a3c3bd0000000049454e44ae426082"
)
BIG = 10 * 1024 * 1024
SEEN: list[dict] = []  # the headers of every request the server received


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def _send(self, status: int, body: bytes = b"", kind: str = "text/html", **headers):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 - http.server's name
        SEEN.append(dict(self.headers))
        path = self.path.split("?")[0]
        if path == "/page":
            self._send(200, b"<html><title>Le mit tinh</title></html>")
        elif path == "/photo.png":
            self._send(200, PNG, "image/png")
        elif path == "/missing":
            self._send(404, b"not found")
        elif path == "/gone":
            self._send(410, b"gone")
        elif path == "/closed":
            self._send(403, b"forbidden")
        elif path == "/loop":
            self._send(302, Location="/loop")
        elif path == "/to-page":
            self._send(302, Set_Cookie="session=secret", Location="/page")
        elif path == "/to-intranet":
            self._send(302, Location="http://intranet.test/admin")
        elif path == "/to-loopback":
            self._send(302, Location="http://127.0.0.1/")
        elif path == "/to-sign-in":
            self._send(302, Location="https://accounts.google.com/ServiceLogin?continue=x")
        elif path == "/slow":
            time.sleep(3)
            try:
                self._send(200, b"late")
            except OSError:  # the checker gave up long ago: as it should
                pass
        elif path == "/big":
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(BIG))
            self.end_headers()
            chunk = b"x" * 65536
            try:
                for _ in range(BIG // len(chunk)):
                    self.wfile.write(chunk)
            except OSError:  # the checker hung up after its 256 kB: as it should
                pass
        else:
            self._send(500, b"?")


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


NAMES = {"pages.test": ["127.0.0.1"], "intranet.test": ["10.0.0.5"], "mixed.test": ["93.184.216.34", "192.168.1.1"]}


def resolve(host: str, port: int) -> list[str]:
    if host in NAMES:
        return NAMES[host]
    if host.replace(".", "").isdigit() or ":" in host:
        return [host]
    raise OSError(f"no such host {host}")


def local_checker(port: int, **kw) -> LinkChecker:
    """The default checker, except that it may reach the test's own server (127.0.0.1 on its port) by name."""
    return LinkChecker(resolve=resolve, allow=lets_the_server_in, ports=frozenset({80, 443, port}), timeout=1.0, **kw)


def lets_the_server_in(host: str, address: str) -> bool:
    return (host == "pages.test" and address == "127.0.0.1") or is_public(address)


def test_the_addresses_of_the_public_internet_are_told_from_private_ones():
    assert is_public("93.184.216.34") and is_public("2606:2800:220:1::1")
    for private in ("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.0.1", "169.254.169.254", "100.64.0.1", "0.0.0.0"):
        assert not is_public(private), private
    for private in ("::1", "fe80::1", "fc00::1", "::ffff:10.0.0.1", "224.0.0.1", "240.0.0.1", "255.255.255.255"):
        assert not is_public(private), private


@pytest.mark.parametrize(
    ("path", "state", "status", "kind"),
    [
        ("/page", OPEN, 200, "text/html"),
        ("/photo.png", OPEN, 200, "image/png"),
        ("/missing", BROKEN, 404, "text/html"),
        ("/gone", BROKEN, 410, "text/html"),
        ("/closed", NEEDS_ACCESS, 403, "text/html"),
        ("/to-page", OPEN, 200, "text/html"),
    ],
)
def test_each_answer_of_a_server_is_a_state(server, path, state, status, kind):
    result = local_checker(server).check(f"http://pages.test:{server}{path}")
    assert (result.state, result.status, result.content_type) == (state, status, kind)


def test_a_photo_is_read_whole_when_small(server):
    assert local_checker(server).check(f"http://pages.test:{server}/photo.png").body == PNG


def test_a_redirect_to_a_sign_in_page_means_the_file_asks_for_access(server):
    result = local_checker(server).check(f"http://pages.test:{server}/to-sign-in")
    assert result.state == NEEDS_ACCESS and result.final_url.startswith("https://accounts.google.com/")


def test_a_redirect_loop_stops_after_three_redirects(server):
    before = len(SEEN)
    result = local_checker(server).check(f"http://pages.test:{server}/loop")
    assert result.state == BROKEN and "redirects" in result.detail
    assert len(SEEN) - before == 4  # the link and three redirects


def test_a_slow_page_is_given_up_within_the_time_limit(server):
    start = time.monotonic()
    result = local_checker(server).check(f"http://pages.test:{server}/slow")
    assert result.state == BROKEN and time.monotonic() - start < 2.5


def test_a_ten_megabyte_answer_is_read_only_to_256_kb(server):
    start = time.monotonic()
    result = local_checker(server).check(f"http://pages.test:{server}/big")
    assert result.state == OPEN and len(result.body) == 256 * 1024
    assert time.monotonic() - start < 2


def test_no_cookie_and_no_credentials_are_sent(server):
    SEEN.clear()
    local_checker(server).check(f"http://someone:password@pages.test:{server}/to-page")
    assert len(SEEN) == 2
    assert not any("Cookie" in h or "Authorization" in h for h in SEEN)


def test_a_name_that_does_not_resolve_is_broken(server):
    assert local_checker(server).check("http://nowhere.test/").state == BROKEN


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://10.0.0.5/",
        "http://[::1]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://intranet.test/admin",  # a name that resolves to a private address
        "http://mixed.test/",  # one of its addresses is private
        "http://93.184.216.34:8080/",  # another port
        "ftp://93.184.216.34/file",
        "javascript:alert(1)",
        "file:///etc/passwd",
    ],
)
def test_the_default_checker_refuses_what_is_not_public_http_on_80_or_443(url):
    before = len(SEEN)
    result = LinkChecker(resolve=resolve).check(url)
    assert result.state == NOT_CHECKED, result
    assert len(SEEN) == before


def test_the_default_checker_refuses_even_the_test_servers_own_port(server):
    assert LinkChecker(resolve=resolve).check(f"http://93.184.216.34:{server}/page").state == NOT_CHECKED


@pytest.mark.parametrize("path", ["/to-intranet", "/to-loopback"])
def test_a_redirect_into_a_private_address_is_refused(server, path):
    """The server may be reached by its name; the address it sends the checker to may not (intranet.test is
    10.0.0.5; 127.0.0.1 by itself is not the name the test lets through)."""
    before = len(SEEN)
    result = local_checker(server).check(f"http://pages.test:{server}{path}")
    assert len(SEEN) == before + 1
    assert result.state == NOT_CHECKED and "private" in result.detail


def test_a_thousand_links_are_checked_four_at_a_time_within_the_budget(server):
    checker = local_checker(server)
    seen = []
    start = time.monotonic()
    results = checker.check_many([f"http://pages.test:{server}/page?n={i}" for i in range(1000)], seen.append)
    assert time.monotonic() - start < 60
    assert [r.state for r in results] == [OPEN] * 1000 and sorted(seen) == list(range(1, 1001))


def test_each_link_is_checked_at_most_once_a_day_through_the_store(server, tmp_path):
    config = load_config()
    store = SqliteStore(tmp_path / "store.sqlite", config)
    checker = local_checker(server)
    urls = [f"http://pages.test:{server}/page", f"http://pages.test:{server}/missing", "javascript:alert(1)"]
    day = dt.date(2021, 6, 2)
    first = check_links(urls, store, config, checker, today=day, by="test")
    assert [r.state for r in first] == [OPEN, BROKEN]  # the javascript: link is never fetched
    assert check_links(urls, store, config, checker, today=day, by="test") == []
    assert len(check_links(urls, store, config, checker, today=day + dt.timedelta(days=1), by="test")) == 2
    logged = store.read()[LINK_CHECKS]
    assert logged[["state", "status", "checked_on"]].values.tolist()[:2] == [
        [OPEN, "200", "2021-06-02"],
        [BROKEN, "404", "2021-06-02"],
    ]
    assert len(logged) == 4
