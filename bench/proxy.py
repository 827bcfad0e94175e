"""Debian's nginx with the README's own site files (deploy/nginx/), run as an ordinary local process on 127.0.0.1:
its own prefix, pid, logs and temp paths in a temporary folder (as `nobody` when run as root). Used by
tests/test_proxy.py and by the phone measurement (bench/phone.py)."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from bench.server import DidNotStart, free_port, stop, wait_started

ROOT = Path(__file__).resolve().parent.parent
NGINX = Path(shutil.which("nginx") or "/usr/sbin/nginx")
SITE = ROOT / "deploy" / "nginx" / "campaign.conf"
UPSTREAM = ROOT / "deploy" / "nginx" / "campaign-upstream.conf"
BROTLI = ROOT / "deploy" / "nginx" / "campaign-brotli.conf"
BROTLI_MODULES = tuple(  # libnginx-mod-http-brotli-filter and -static
    Path(f"/usr/lib/nginx/modules/ngx_http_brotli_{kind}_module.so") for kind in ("filter", "static")
)
BROTLI_MODULE = BROTLI_MODULES[0]
STATIC_ROOT = "/var/cache/campaign-dashboard/www"


@contextlib.contextmanager
def nginx(ports: list[int], *, gzip: bool = True, brotli: bool = True, tls: bool = False, static: Path | None = None):
    """Debian's nginx with the shipped site and upstream files, only the ports changed; (url, access log).

    gzip=False takes the site's gzip lines out (the "before" of a measurement); brotli adds campaign-brotli.conf
    where Debian's module is installed; tls listens with HTTPS and HTTP/2 as README's commented lines do, with a
    certificate made for the run (browsers must be told to accept it); static: a folder made by
    tools/precompress_static.py, served as the shipped `root` (without it every static file comes from the app)."""
    prefix = Path(tempfile.mkdtemp(prefix="nginx-"))
    try:
        prefix.chmod(0o755)
        for sub in ("logs", "temp", "cache"):
            (prefix / sub).mkdir()
        listen = free_port()
        site = SITE.read_text()
        if not re.search(r"(?m)^    listen 80;$", site) or "/var/cache/nginx/campaign" not in site:
            raise ValueError(f"{SITE} no longer has `listen 80;` and the cache path this runner replaces")
        listen_line = f"    listen 127.0.0.1:{listen}" + (" ssl http2;" if tls else ";")
        if tls:
            _certificate(prefix)
            listen_line += f"\n    ssl_certificate {prefix}/cert.pem;\n    ssl_certificate_key {prefix}/key.pem;"
        site = re.sub(r"(?m)^    listen 80;$", listen_line, site)
        site = site.replace("/var/cache/nginx/campaign", str(prefix / "cache"))
        if STATIC_ROOT not in site:
            raise ValueError(f"{SITE} no longer serves Streamlit's static files from {STATIC_ROOT}")
        site = site.replace(STATIC_ROOT, str(prefix / "www"))
        if static is not None and gzip:
            shutil.copytree(static, prefix / "www")
        else:
            (prefix / "www").mkdir()
        if not gzip:  # the "before" of the phone measurement: the same site, nothing compressed
            site = re.sub(r"(?m)^\s*gzip\w*\s[^;]*;\n", "", site)
        (prefix / "site.conf").write_text(site)
        upstream = UPSTREAM.read_text()
        shipped = re.findall(r"server 127\.0\.0\.1:(\d+);", upstream)
        if len(shipped) != len(ports):
            raise ValueError("the shipped upstream lists one server per unit the README starts")
        for old, new in zip(shipped, ports):
            upstream = upstream.replace(f"127.0.0.1:{old};", f"127.0.0.1:{new};")
        (prefix / "upstream.conf").write_text(upstream)
        temp = prefix / "temp"
        with_brotli = brotli and all(m.exists() for m in BROTLI_MODULES)
        load = "\n".join(f"load_module {m};" for m in BROTLI_MODULES) if with_brotli else ""
        (prefix / "brotli.conf").write_text(BROTLI.read_text() if with_brotli else "")
        (prefix / "nginx.conf").write_text(
            f"""
{load}
worker_processes 1;
pid {prefix}/logs/nginx.pid;
error_log {prefix}/logs/error.log info;
daemon off;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    log_format routes '$cookie_st_route $upstream_addr $status "$request"';
    access_log {prefix}/logs/access.log routes;
    include {prefix}/brotli.conf;
    include {prefix}/upstream.conf;
    include {prefix}/site.conf;
}}
"""
        )
        command = [str(NGINX), "-p", str(prefix), "-e", str(prefix / "logs" / "error.log"), "-c", str(prefix / "nginx.conf")]
        if os.geteuid() == 0:  # never as root: nginx then runs as nobody, who owns its folder
            for path in [prefix, *prefix.rglob("*")]:
                os.chown(path, 65534, 65534)
            command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
        check = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
        if check.returncode != 0:
            raise DidNotStart(check.stderr)
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        url = f"{'https' if tls else 'http'}://127.0.0.1:{listen}"
        if not wait_started(url, proc, 90):
            raise DidNotStart(f"nginx did not start:\n{(prefix / 'logs' / 'error.log').read_text()}")
        try:
            yield url, prefix / "logs" / "access.log"
        finally:
            stop(proc)
    finally:
        shutil.rmtree(prefix, ignore_errors=True)


def _certificate(prefix: Path) -> None:
    """A self-signed certificate for 127.0.0.1, for one run."""
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            str(prefix / "key.pem"),
            "-out",
            str(prefix / "cert.pem"),
        ],
        check=True,
        capture_output=True,
    )
