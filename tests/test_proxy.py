"""README's "Deploying", followed end to end: two dashboard processes started as the systemd unit starts them,
Debian's nginx in front with the shipped config (deploy/nginx/), ten browsers through the proxy.

nginx runs as an ordinary local process on 127.0.0.1 (its own prefix, pid, logs and temp paths in a temporary
folder; as `nobody` when the tests run as root). The two replicas read a fake Google Sheet (tests/fake_sheets.py),
one fake per replica so each replica's reads are counted apart.
"""

from __future__ import annotations

import contextlib
import http.client
import re
import shlex
import sqlite3
import sys
import threading
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

import pytest

from bench.proxy import BROTLI_MODULE, NGINX, nginx
from bench.server import free_port, running
from tests.fake_sheets import running_fake
from tests.sheet_samples import SHEET_KEY, SHEET_TITLE, sample_answers, sheet_values
from tests.test_browser import CHROMIUM

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
UNIT = DEPLOY / "systemd" / "campaign-dashboard@.service"
TTL = 30  # seconds between two reads of the sheet by one replica (cache_ttl_seconds)
SESSIONS = 10
SHEET_URL = f"https://docs.google.com/spreadsheets/d/{SHEET_KEY}/edit#gid=0"

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} not installed (apt-get install chromium)"),
    pytest.mark.skipif(not NGINX.exists(), reason="nginx not installed (apt-get install nginx-light)"),
]


def unit_command(port: int, secrets: Path) -> list[str]:
    """The systemd unit's ExecStart for this port, with this interpreter and these secrets."""
    line = next(x for x in UNIT.read_text().splitlines() if x.startswith("ExecStart="))
    argv = shlex.split(line.removeprefix("ExecStart=").replace("%i", str(port)))
    assert argv[0].endswith("/python") and argv[1:5] == ["-m", "streamlit", "run", "app.py"], argv
    return [sys.executable, *[re.sub(r"^--secrets\.files=.*", f"--secrets.files={secrets}", a) for a in argv[1:]]]


@contextlib.contextmanager
def _replica(folder: Path, port: int, google, key_info: dict):
    """One dashboard process, as the systemd unit runs it, on the fake sheet, public at the leader's level."""
    folder.mkdir(parents=True)
    secrets = folder / "secrets.toml"
    lines = [f'[sheet]\nurl = "{SHEET_URL}"\n', "[access]\nallow_anonymous = true\n", "[gcp_service_account]"]
    lines += [f"{k} = {_toml_string(v)}" for k, v in key_info.items()]
    secrets.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = folder / "campaign.toml"
    text = (ROOT / "campaign.toml").read_text(encoding="utf-8")
    roster = (ROOT / "campaign" / "data" / "agencies_2021.csv").as_posix()
    text = re.sub(r"(?m)^cache_ttl_seconds = \d+", f"cache_ttl_seconds = {TTL}", text)
    text = re.sub(r'(?m)^roster = ".*"', f'roster = "{roster}"', text)
    assert f"cache_ttl_seconds = {TTL}" in text and roster in text
    config.write_text(text, encoding="utf-8")
    env = {"CAMPAIGN_CONFIG": str(config), "CAMPAIGN_SHEETS_API_BASE": google.url}
    with running(unit_command(port, secrets), port, folder / "streamlit.log", env=env) as replica:
        yield replica.log


def _toml_string(value) -> str:
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


@pytest.fixture(scope="module")
def deployment(tmp_path_factory, config):
    """Two replicas (each with its own fake sheet, counted apart) and nginx in front: (url, fakes, access log)."""
    folder = tmp_path_factory.mktemp("proxy")
    ports = [free_port(), free_port()]
    with contextlib.ExitStack() as stack:
        fakes = {}
        for i, port in enumerate(ports):
            google, key_info = stack.enter_context(running_fake())
            google.add_sheet(
                SHEET_KEY,
                SHEET_TITLE,
                "Asia/Ho_Chi_Minh",
                {config.sheet.responses_tab: sheet_values(config, sample_answers(config))},
            )
            stack.enter_context(_replica(folder / f"replica{i}", port, google, key_info))
            fakes[f"127.0.0.1:{port}"] = google
        url, access_log = stack.enter_context(nginx(ports))
        yield url, fakes, access_log


def _overview_rendered(page) -> None:
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=300_000)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=300_000)
    page.wait_for_function(
        """() => { const plots = document.querySelectorAll('.js-plotly-plot');
                   return plots.length >= 4 && [...plots].every(p => p.querySelectorAll('svg path').length > 0); }""",
        timeout=300_000,
    )
    assert page.locator('[data-testid="stException"]').count() == 0
    # The sheet's data, not the demo: the banner for public figures is there and the demo banner is not.
    assert page.get_by_text("Dữ liệu mẫu / Demo data").count() == 0


def _cookie(context) -> str:
    return next(c["value"] for c in context.cookies() if c["name"] == "st_route")


class _ReadTimes:
    """When each replica's fake sheet answered a values read: sampled from its counter by a background thread."""

    def __init__(self, fakes: dict):
        self.fakes, self.times = fakes, {replica: [] for replica in fakes}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        seen = dict.fromkeys(self.fakes, 0)
        while not self._stop.is_set():
            now = time.monotonic()
            for replica, google in self.fakes.items():
                count = google.counts["values"]
                self.times[replica] += [now] * (count - seen[replica])
                seen[replica] = count
            time.sleep(0.1)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def test_ten_browsers_through_nginx_each_stay_on_one_replica_and_each_replica_reads_the_sheet_once_per_ttl(deployment, browser):
    url, fakes, access_log = deployment
    sessions = []  # (context, page, route cookie)
    with _ReadTimes(fakes) as reads:
        try:
            # Ten browsers (each with its own cookies) open the link at once and stay open. Should the random
            # cookies all have hashed to one replica (1 in 512), a few more until both replicas have sessions.
            while len(sessions) < SESSIONS or (len({_replica_of(s[2], access_log) for s in sessions}) < 2 and len(sessions) < 20):
                opened = []
                for _ in range(SESSIONS if not sessions else 1):
                    context = browser.new_context(viewport={"width": 1000, "height": 1200})
                    page = context.new_page()
                    page.goto(url, wait_until="commit")
                    opened.append((context, page))
                for context, page in opened:
                    _overview_rendered(page)
                    sessions.append((context, page, _cookie(context)))
            cookies = [cookie for _, _, cookie in sessions]
            assert len(set(cookies)) == len(cookies), "every browser got its own route cookie"
            assert {_replica_of(c, access_log) for c in cookies} == set(fakes), "sessions on both replicas"
            # Past the TTL, one more view on each replica reads the sheet again.
            before = {replica: len(times) for replica, times in reads.times.items()}
            assert all(before.values()), before
            time.sleep(TTL + 1)
            for replica in fakes:
                page = next(p for _, p, c in sessions if _replica_of(c, access_log) == replica)
                page.reload()
                _overview_rendered(page)
        finally:
            for context, _, _ in sessions:
                context.close()
    for replica, times in reads.times.items():
        assert len(times) > before[replica], (replica, times)
        # However many browsers it served: one read at a time, never two within a TTL (slack: the sampling).
        gaps = [b - a for a, b in zip(times, times[1:])]
        assert all(gap >= TTL - 1 for gap in gaps), (replica, gaps)
    for google in fakes.values():
        assert google.counts["token"] == 1, google.counts  # signed in once: the source object is kept
    # nginx logs a WebSocket when it closes: now every session's is there. Each session's WebSocket, page,
    # scripts and media came from one replica.
    time.sleep(1)
    routes = _routes(access_log)
    for cookie in cookies:
        assert routes[cookie]["stream"], f"no WebSocket logged for {cookie}"
        assert len(routes[cookie]["stream"] | routes[cookie]["other"]) == 1, (cookie, routes[cookie])


def _routes(access_log: Path) -> dict[str, dict[str, set[str]]]:
    """route cookie → request kind (stream, other) → the replicas that answered it, from nginx's log."""
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for line in access_log.read_text().splitlines():
        cookie, upstream, _status, request = line.split(" ", 3)
        if cookie != "-" and upstream != "-":
            found[cookie]["stream" if "/_stcore/stream" in request else "other"].add(upstream)
    return found


def _replica_of(cookie: str, access_log: Path) -> str:
    """The replica that answered this session's requests so far ("" before the first is logged)."""
    answered = _routes(access_log)[cookie]
    return next(iter(answered["stream"] | answered["other"]), "")


def _ask(base: str, path: str, method: str = "GET", body: bytes = b"", cookie: str = "", length: int | None = None):
    """(status, server that answered: "nginx" or "streamlit"). With `length`, only the headers are sent, announcing
    that many bytes: nginx must refuse on the header alone."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.putrequest(method, path)
        connection.putheader("Content-Length", str(len(body) if length is None else length))
        if cookie:
            connection.putheader("Cookie", cookie)
        connection.endheaders(body if length is None else None)
        answer = connection.getresponse()
        text = answer.read()
        return answer.status, "nginx" if b"<center>nginx" in text else "streamlit"
    finally:
        connection.close()


def test_the_proxy_hides_metrics_caps_bodies_and_refuses_uploads_without_a_session_cookie(deployment):
    url, fakes, _log = deployment
    replica = f"http://{next(iter(fakes))}"
    upload = "/_stcore/upload_file/some-session/some-file"

    # The replica itself answers /_stcore/metrics; through the proxy it is not there.
    assert _ask(replica, "/_stcore/metrics")[0] == 200
    assert _ask(url, "/_stcore/metrics") == (404, "nginx")
    assert _ask(url, "/_stcore/health") == (200, "streamlit")
    # An upload from a client that never loaded a page through the proxy: refused before Streamlit sees it.
    assert _ask(url, upload, "PUT", b"x" * 1000) == (403, "nginx")
    # With the cookie it reaches Streamlit (which refuses a request without its XSRF token or session itself).
    status, by = _ask(url, upload, "PUT", b"x" * 1000, cookie="st_route=abc")
    assert by == "streamlit" and status in (400, 403)
    # Bodies over the cap stop at nginx: 51 MB for uploads (maxUploadSize 50 MB), 1 MB anywhere else.
    assert _ask(url, upload, "PUT", cookie="st_route=abc", length=52 * 1024 * 1024) == (413, "nginx")
    assert _ask(url, "/", "POST", cookie="st_route=abc", length=2 * 1024 * 1024) == (413, "nginx")


def test_the_proxy_serves_streamlits_static_files_from_its_cache_after_the_first(deployment):
    url, _fakes, _log = deployment
    with urllib.request.urlopen(url + "/", timeout=30) as answer:
        page = answer.read().decode()
    script = re.search(r'src="\.?(/?static/js/[^"]+\.js)"', page).group(1).lstrip("/")
    seen = []
    for _ in range(3):
        with urllib.request.urlopen(f"{url}/{script}", timeout=60) as answer:
            seen.append((answer.status, answer.headers.get("X-Cache-Status"), answer.headers.get("Set-Cookie", "")))
    assert [s[:2] for s in seen[1:]] == [(200, "HIT"), (200, "HIT")], seen
    assert not any("_streamlit" in cookie for *_, cookie in seen), seen


# --- what the app hears of who is asking (#29) --------------------------------------------------------------------


@contextlib.contextmanager
def _echo_upstreams(count: int):
    """`count` stand-ins for the app processes, answering every request 200 and keeping its headers."""
    import http.server

    seen: list[tuple[str, dict]] = []

    class Echo(http.server.BaseHTTPRequestHandler):
        def _answer(self):
            seen.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        do_GET = do_PUT = do_POST = _answer

        def log_message(self, *args):
            pass

    servers = [http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Echo) for _ in range(count)]
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in servers]
    for t in threads:
        t.start()
    try:
        yield [s.server_address[1] for s in servers], seen
    finally:
        for s in servers:
            s.shutdown()
            s.server_close()


def _from(source: str, base: str, path: str, method: str = "GET", headers: dict | None = None):
    """A request to nginx from the loopback address `source` (127.0.0.2 …): (status, response headers)."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30, source_address=(source, 0))
    try:
        connection.request(method, path, body=b"x" if method == "PUT" else None, headers=headers or {})
        answer = connection.getresponse()
        answer.read()
        return answer.status, {k.lower(): v for k, v in answer.getheaders()}
    finally:
        connection.close()


def test_the_proxy_passes_the_real_address_everywhere_and_replaces_what_a_client_claims():
    """Two visitors (127.0.0.2, 127.0.0.3) each claim another address in X-Forwarded-For and X-Real-IP: every
    location, the WebSocket's included, tells the app the address that connected, and nothing else."""
    spoof = {"X-Forwarded-For": "6.6.6.6", "X-Real-IP": "6.6.6.6", "Cookie": "st_route=abc"}
    upgrade = {**spoof, "Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13"}
    with _echo_upstreams(2) as (ports, seen), nginx(ports) as (url, _log):
        for source in ("127.0.0.2", "127.0.0.3"):
            for path, method, headers in (
                ("/", "GET", spoof),
                ("/_stcore/stream", "GET", upgrade),
                (f"/static/js/{source}.js", "GET", spoof),  # one file each: a second would come from the cache
                ("/_stcore/upload_file/s/f", "PUT", spoof),
            ):
                before = len(seen)
                status, _ = _from(source, url, path, method, headers)
                assert status == 200, (path, status)
                got = seen[before][1]
                assert (got["x-forwarded-for"], got["x-real-ip"]) == (source, source), (path, got)
                assert got["host"].startswith("127.0.0.1"), (path, got)


def test_the_proxy_says_no_version_and_forbids_framing_and_sniffing():
    with _echo_upstreams(2) as (ports, _seen), nginx(ports) as (url, _log):
        for path in ("/", "/static/js/index.js", "/_stcore/metrics"):
            _, headers = _from("127.0.0.2", url, path)
            assert headers["x-frame-options"] == "DENY" and "frame-ancestors 'none'" in headers["content-security-policy"]
            assert headers["x-content-type-options"] == "nosniff" and headers["referrer-policy"] == "same-origin"
            assert headers["server"] == "nginx", path  # no version


# --- sign-in through the proxy from two addresses ---------------------------------------------------------------------


@contextlib.contextmanager
def _relay(target: str, source: str):
    """A local port whose connections reach `target` (nginx) from the loopback address `source`, so that a browser
    on this machine arrives at nginx as another visitor would (127.0.0.2, 127.0.0.3 …): the url to open."""
    import socket

    host, port = target.removeprefix("http://").split(":")
    listener = socket.create_server(("127.0.0.1", 0))
    stopping = threading.Event()

    def pump(src, dst):
        with contextlib.suppress(OSError):
            while chunk := src.recv(65536):
                dst.sendall(chunk)
        for s in (src, dst):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)

    def accept():
        while not stopping.is_set():
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection((host, int(port)), source_address=(source, 0))
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=pump, args=(a, b), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stopping.set()
        listener.close()


def _sign_in(browser, url: str, password: str, headers: dict | None = None):
    """A fresh browser at `url`: types the password once and presses Đăng nhập; the page, after the answer."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, extra_http_headers=headers or {})
    page = context.new_page()
    page.goto(url, wait_until="domcontentloaded", timeout=120_000)
    page.get_by_label("Mật khẩu").wait_for(timeout=120_000)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_function(
        """() => document.querySelector('[data-testid="stMetric"], [data-testid="stException"]')
                 || /mật khẩu\\.|mật khẩu;/i.test(document.body.innerText)""",
        timeout=120_000,
    )
    return context, page


def test_an_address_locked_out_through_the_proxy_never_keeps_the_coordinator_out(tmp_path, browser):
    """Two replicas behind the shipped nginx share one throttle (beside the store, as the systemd unit sets it).
    127.0.0.2 has guessed wrong ten times and is locked out; it now claims to be a fresh address (X-Forwarded-For)
    and is still refused on either replica, while the coordinator, from 127.0.0.3, gets in with the first try."""
    from campaign.access import Throttle, hash_password

    right = "mật-khẩu-điều-phối-2021"
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f'[access]\npassword_hash = "{hash_password(right, iterations=1000)}"\n', encoding="utf-8")
    store = tmp_path / "state" / "campaign.sqlite"
    throttle_file = store.parent / "throttle.sqlite"
    locked = Throttle(path=throttle_file)
    for _ in range(locked.lockout_after):
        locked.failed("127.0.0.2", time.time())
    env = {"CAMPAIGN_STORE_PATH": str(store), "CAMPAIGN_THROTTLE_PATH": ""}
    ports = [free_port(), free_port()]
    with contextlib.ExitStack() as stack:
        for i, port in enumerate(ports):
            stack.enter_context(running(unit_command(port, secrets), port, tmp_path / f"replica{i}.log", env=env))
        url, access_log = stack.enter_context(nginx(ports))
        attacker = stack.enter_context(_relay(url, "127.0.0.2"))
        coordinator = stack.enter_context(_relay(url, "127.0.0.3"))
        replicas = set()
        for _ in range(4):  # fresh browsers, so nginx spreads them over both replicas
            context, page = _sign_in(browser, attacker, right, {"X-Forwarded-For": "203.0.113.7"})
            assert "quá nhiều lần thử mật khẩu" in page.inner_text("body")
            assert page.locator('[data-testid="stMetric"]').count() == 0  # the right password, refused unchecked
            replicas.add(_replica_of(_cookie(context), access_log))
            context.close()
        context, page = _sign_in(browser, coordinator, right, {"X-Forwarded-For": "127.0.0.2"})
        assert page.locator('[data-testid="stMetric"]').count() >= 1, page.inner_text("body")
        context.close()
    assert len(replicas) == 2  # both processes refused it: one throttle for the deployment
    with sqlite3.connect(throttle_file) as db:
        addresses = {a for (a,) in db.execute("SELECT address FROM addresses")}
    assert addresses <= {"127.0.0.2", "127.0.0.3"}, addresses  # nothing a client claimed


def _transferred(base: str, paths: list[str], encoding: str) -> tuple[int, set[str]]:
    """Bytes of the bodies as sent (not decoded) for these paths, asking for `encoding`; and the encodings answered."""
    total, answered = 0, set()
    for path in paths:
        status, headers, body = _ask_encoded(base, path, encoding)
        assert status == 200, (path, status)
        total += len(body)
        answered.add(headers.get("content-encoding", "identity"))
    return total, answered


def _ask_encoded(base: str, path: str, encoding: str):
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": encoding, "Cookie": "st_route=abc"})
        answer = connection.getresponse()
        return answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def precompressed(tmp_path_factory):
    """Streamlit's static files with their .br/.gz twins, as README's deployment makes them (quality 5: seconds)."""
    from tools.precompress_static import precompress

    folder = tmp_path_factory.mktemp("www")
    counts = precompress(folder, quality=5)
    assert counts["files"] > 100 and counts["br_bytes"] < counts["gz_bytes"] < counts["bytes"] / 2
    return folder


def test_the_proxy_sends_the_page_and_streamlits_bundles_compressed(deployment, precompressed):
    """What a phone's first visit fetches that compresses (the page, the main bundle, the Plotly bundle, the CSS):
    through the shipped nginx with and without its compression lines, bytes as transferred. Streamlit's files come
    from the precompressed copy on disk, with a year's cache; one the copy lacks still comes from the app."""
    import streamlit

    url, fakes, _log = deployment
    static = Path(streamlit.__file__).parent / "static" / "static"
    bundles = [next(static.glob(f"{pattern}")) for pattern in ("js/index.*.js", "js/PlotlyChart.*.js", "css/index.*.css")]
    paths = ["/", *(f"/static/{b.relative_to(static).as_posix()}" for b in bundles)]
    ports = [int(replica.rsplit(":", 1)[1]) for replica in fakes]
    with nginx(ports, gzip=False, brotli=False) as (plain_url, _):
        plain, plain_encodings = _transferred(plain_url, paths, "gzip, br")
    with nginx(ports, static=precompressed) as (shipped, _):
        gzipped, gzip_encodings = _transferred(shipped, paths, "gzip")
        _status, headers, _body = _ask_encoded(shipped, paths[2], "gzip")
        assert "x-cache-status" not in headers and "immutable" in headers["cache-control"]  # from disk
        if BROTLI_MODULE.exists():  # where Debian's modules are installed, campaign-brotli.conf is used (.ci/run)
            brotli, brotli_encodings = _transferred(shipped, paths, "gzip, br")
            assert brotli_encodings == {"br"} and brotli < 0.9 * gzipped, (brotli, gzipped)
    assert plain_encodings == {"identity"} and gzip_encodings == {"gzip"}
    assert plain > 5_000_000  # Plotly's bundle alone is 4.7 MB as it is
    assert gzipped < 0.33 * plain, (gzipped, plain)
    # Without the copy (Streamlit upgraded, the tool not run again) the same files come from the app, compressed.
    gzipped_from_app, encodings = _transferred(url, paths, "gzip")
    assert encodings == {"gzip"} and gzipped_from_app < 0.33 * plain
