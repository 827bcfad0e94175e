"""A local stand-in for Google: the Sheets API v4 (metadata, values:batchGet), the OAuth token endpoint,
and 'Publish to web' CSV links, on 127.0.0.1. Answers have the JSON shapes and error bodies the real
API sends; every request is counted by kind.
"""

from __future__ import annotations

import json
import re
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from google.auth import jwt
from gspread.utils import a1_to_rowcol

TOKEN_URI = "https://oauth2.googleapis.com/token"
ACCESS_TOKEN = "ya29.fake-access-token-for-tests"

# Error bodies as the Sheets API sends them.
ERRORS = {
    400: ("Unable to parse range: %s", "INVALID_ARGUMENT"),
    401: ("Request had invalid authentication credentials.", "UNAUTHENTICATED"),
    403: ("The caller does not have permission", "PERMISSION_DENIED"),
    404: ("Requested entity was not found.", "NOT_FOUND"),
    429: (
        "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' "
        "of service 'sheets.googleapis.com' for consumer 'project_number:123456789012'.",
        "RESOURCE_EXHAUSTED",
    ),
    500: ("Internal error encountered.", "INTERNAL"),
    503: ("The service is currently unavailable.", "UNAVAILABLE"),
}


def error_body(code: int, message: str | None = None, **extra) -> dict:
    default, status = ERRORS[code]
    return {"error": {"code": code, "message": message or default, "status": status, **extra}}


SERVICE_DISABLED = error_body(
    403,
    "Google Sheets API has not been used in project 123456789012 before or it is disabled. Enable it by visiting "
    "https://console.developers.google.com/apis/api/sheets.googleapis.com/overview?project=123456789012 then retry.",
    details=[{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "SERVICE_DISABLED", "domain": "googleapis.com"}],
)


def service_account(email: str = "bao-cao-17-5@bao-cao-chien-dich.iam.gserviceaccount.com") -> tuple[dict, str]:
    """A throwaway service-account key (as in the JSON Google gives) and its public key in PEM."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public_pem = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    info = {
        "type": "service_account",
        "project_id": "bao-cao-chien-dich",
        "private_key_id": "0123456789abcdef0123456789abcdef01234567",
        "private_key": private_pem,
        "client_email": email,
        "client_id": "109876543210987654321",
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": TOKEN_URI,
        "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
        "universe_domain": "googleapis.com",
    }
    return info, public_pem.decode()


@dataclass
class FakeSpreadsheet:
    key: str
    title: str
    time_zone: str
    tabs: dict[str, list[list]]  # title -> values as the API returns them (ragged, serials)
    shared: bool = True


@dataclass
class FakeGoogle:
    """The fake's state; `url` is where it listens. Call reset() between tests."""

    public_pem: str
    url: str = ""
    spreadsheets: dict[str, FakeSpreadsheet] = field(default_factory=dict)
    published: dict[str, tuple[bytes, str]] = field(default_factory=dict)  # path -> (body, content type)
    counts: Counter = field(default_factory=Counter)
    batch_params: list[dict] = field(default_factory=list)
    token_claims: list[dict] = field(default_factory=list)
    failures: dict[str, list[tuple[int, dict | None]]] = field(default_factory=dict)
    stalls: dict[str, float] = field(default_factory=dict)
    token_error: dict | None = None

    def reset(self) -> None:
        self.spreadsheets.clear()
        self.published.clear()
        self.counts.clear()
        self.batch_params.clear()
        self.token_claims.clear()
        self.failures.clear()
        self.stalls.clear()
        self.token_error = None

    def add_sheet(self, key: str, title: str, time_zone: str, tabs: dict[str, list[list]], shared: bool = True) -> None:
        self.spreadsheets[key] = FakeSpreadsheet(key, title, time_zone, tabs, shared)

    def publish(self, name: str, body: bytes, content_type: str = "text/csv") -> str:
        """Serve body at a 'Publish to web'-like path; returns the link."""
        self.published[f"/spreadsheets/d/e/2PACX-{name}/pub"] = (body, content_type)
        return f"{self.url}/spreadsheets/d/e/2PACX-{name}/pub?gid=0&single=true&output=csv"

    def fail(self, kind: str, status: int, times: int = 1, body: dict | None = None) -> None:
        """The next `times` requests of this kind ("metadata", "values", "published") answer `status`."""
        self.failures.setdefault(kind, []).extend([(status, body)] * times)

    def disable_sheets_api(self) -> None:
        """The next metadata read answers as for a project that never enabled the Sheets API."""
        self.fail("metadata", 403, body=SERVICE_DISABLED)

    @property
    def sheets_requests(self) -> int:
        return self.counts["metadata"] + self.counts["values"]


def _handler(google: FakeGoogle):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # keep the test output clean
            pass

        def _send(self, status: int, body: bytes, content_type: str = "application/json; charset=UTF-8") -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (the timeout tests): nothing to answer

        def _json(self, status: int, payload: dict) -> None:
            self._send(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"))

        def _scripted(self, kind: str) -> bool:
            """Count the request; stall or fail it if the test asked so."""
            google.counts[kind] += 1
            if kind in google.stalls:
                time.sleep(google.stalls[kind])
            queue = google.failures.get(kind)
            if queue:
                status, body = queue.pop(0)
                if kind == "published":
                    self._send(status, b"<html>Error</html>", "text/html; charset=utf-8")
                else:
                    self._json(status, body or error_body(status))
                return True
            return False

        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            body = self.rfile.read(length).decode()
            if self.path != "/token":
                return self._json(404, error_body(404))
            google.counts["token"] += 1
            form = urllib.parse.parse_qs(body)
            if google.token_error:
                return self._json(400, google.token_error)
            # The assertion must really be signed with the service account's key.
            claims = jwt.decode(form["assertion"][0], certs=google.public_pem, audience=TOKEN_URI)
            google.token_claims.append(claims)
            self._json(200, {"access_token": ACCESS_TOKEN, "expires_in": 3599, "token_type": "Bearer"})

        def do_GET(self):
            parts = urllib.parse.urlsplit(self.path)
            path = urllib.parse.unquote(parts.path)
            query = urllib.parse.parse_qs(parts.query)
            if path in google.published:
                if self._scripted("published"):
                    return
                body, content_type = google.published[path]
                return self._send(200, body, content_type)
            values = re.fullmatch(r"/v4/spreadsheets/([^/]+)/values:batchGet", path)
            meta = re.fullmatch(r"/v4/spreadsheets/([^/:]+)", path)
            kind = "values" if values else "metadata" if meta else None
            if kind is None:
                return self._send(404, b"Not Found", "text/plain")
            if self._scripted(kind):
                return
            if self.headers.get("Authorization") != f"Bearer {ACCESS_TOKEN}":
                return self._json(401, error_body(401))
            sheet = google.spreadsheets.get((values or meta).group(1))
            if sheet is None:
                return self._json(404, error_body(404))
            if not sheet.shared:
                return self._json(403, error_body(403))
            if meta:
                return self._json(200, _metadata(sheet))
            google.batch_params.append(query)
            if query.get("valueRenderOption") != ["UNFORMATTED_VALUE"] or query.get("dateTimeRenderOption") != ["SERIAL_NUMBER"]:
                return self._json(400, error_body(400, "This fake answers UNFORMATTED_VALUE / SERIAL_NUMBER reads only."))
            ranges = []
            for a1 in query.get("ranges", []):
                title, cells = _split_range(a1)
                if title not in sheet.tabs:
                    return self._json(400, error_body(400, f"Unable to parse range: {a1}"))
                rows = sheet.tabs[title]
                if cells:  # 'Tab'!A1:GS100002: only the rows and columns inside the corner
                    last_row, last_col = a1_to_rowcol(cells.split(":")[-1])
                    rows = [row[:last_col] for row in rows[:last_row]]
                ranges.append(_value_range(title, rows))
            self._json(200, {"spreadsheetId": sheet.key, "valueRanges": ranges})

    return Handler


def _metadata(sheet: FakeSpreadsheet) -> dict:
    return {
        "spreadsheetId": sheet.key,
        "properties": {"title": sheet.title, "locale": "vi_VN", "autoRecalc": "ON_CHANGE", "timeZone": sheet.time_zone},
        "sheets": [
            {
                "properties": {
                    "sheetId": 1000 + i,
                    "title": title,
                    "index": i,
                    "sheetType": "GRID",
                    "gridProperties": {"rowCount": max(1000, len(rows)), "columnCount": 26},
                }
            }
            for i, (title, rows) in enumerate(sheet.tabs.items())
        ],
        "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{sheet.key}/edit",
    }


def _split_range(a1: str) -> tuple[str, str]:
    """ "'Tab''s name'!A1:B2" → ("Tab's name", "A1:B2"); a bare title → (title, "")."""
    if a1.startswith("'"):
        end = a1.rfind("'")
        return a1[1:end].replace("''", "'"), a1[end + 2 :]
    title, _, cells = a1.partition("!")
    return title, cells


def _value_range(title: str, rows: list[list]) -> dict:
    quoted = "'" + title.replace("'", "''") + "'"
    answer = {"range": f"{quoted}!A1:Z{max(1000, len(rows))}", "majorDimension": "ROWS"}
    if rows:
        answer["values"] = rows  # the real API leaves the key out for an empty range
    return answer


class running_fake:
    """Start the fake on a free port for a `with` block: `with running_fake() as google: …`."""

    def __init__(self):
        self.info, public_pem = service_account()
        self.google = FakeGoogle(public_pem=public_pem)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.google))
        self.server.daemon_threads = True
        self.google.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> tuple[FakeGoogle, dict]:
        self.thread.start()
        return self.google, self.info

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


# Fixtures for the test modules that name this file in `pytest_plugins`.


@pytest.fixture(scope="session")
def fake():
    with running_fake() as started:
        yield started


@pytest.fixture
def google(fake) -> FakeGoogle:
    """The running fake, emptied for this test."""
    fake[0].reset()
    return fake[0]


@pytest.fixture
def key_info(fake) -> dict:
    """The throwaway service-account key the fake trusts."""
    return fake[1]
