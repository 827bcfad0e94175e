"""A local stand-in for Google: the Sheets API v4 (metadata, values:batchGet, values.get, values.append,
values.update, values:batchUpdate, spreadsheets:batchUpdate with addSheet/appendCells), the OAuth token
endpoint, and 'Publish to web' CSV links, on 127.0.0.1. Answers have the JSON shapes and error bodies the
real API sends; every request is counted by kind.

Writes are checked as Google checks them: the token must carry the read-write spreadsheets scope, the
sheet must be shared with the account as Editor (`editor=True`), and values must be sent RAW (this fake
refuses USER_ENTERED, so a test proves no cell text is ever parsed as a formula).
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
WRITE_TOKEN = ACCESS_TOKEN + "-read-write"  # issued when the assertion asks for the read-write scope
WRITE_SCOPE = "https://www.googleapis.com/auth/spreadsheets"
# The Drive API (evidence files, data_sources/drive.py): a token issued for the read-only Drive scope, and files.get.
DRIVE_SCOPE = "https://www.googleapis.com/auth/drive.readonly"
DRIVE_TOKEN = ACCESS_TOKEN + "-drive-readonly"
WRITE_KINDS = ("append", "update", "batch_update")

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
    editor: bool = True  # shared as Editor (False: Viewer, every write is refused with 403)


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
    lost: dict[str, int] = field(default_factory=dict)  # kind -> how many more writes are done but answered 503
    token_error: dict | None = None
    writes: list[tuple] = field(default_factory=list)  # (kind, tab, payload) of each accepted write
    # Drive files by id: files.get's fields, "shared" (False: 404 as Drive answers for a file the account cannot see,
    # or "403"), and "thumbnail" (its bytes, served at the file's thumbnailLink).
    drive: dict[str, dict] = field(default_factory=dict)

    def reset(self) -> None:
        self.writes.clear()
        self.spreadsheets.clear()
        self.published.clear()
        self.counts.clear()
        self.batch_params.clear()
        self.token_claims.clear()
        self.failures.clear()
        self.stalls.clear()
        self.lost.clear()
        self.token_error = None
        self.drive.clear()

    def add_drive_file(self, file_id: str, shared: bool | int = True, thumbnail: bytes = b"", **fields) -> None:
        """A file in Drive: `shared` True, False (404) or 403; `fields` as files.get answers (name, mimeType …)."""
        link = {"thumbnailLink": f"https://lh3.googleusercontent.com/drive-storage/{file_id}=s220"} if thumbnail else {}
        self.drive[file_id] = {"id": file_id, **link, **fields, "_shared": shared, "_thumbnail": thumbnail}

    def add_sheet(
        self, key: str, title: str, time_zone: str, tabs: dict[str, list[list]], shared: bool = True, editor: bool = True
    ) -> None:
        self.spreadsheets[key] = FakeSpreadsheet(key, title, time_zone, tabs, shared, editor)

    def publish(self, name: str, body: bytes, content_type: str = "text/csv") -> str:
        """Serve body at a 'Publish to web'-like path; returns the link."""
        self.published[f"/spreadsheets/d/e/2PACX-{name}/pub"] = (body, content_type)
        return f"{self.url}/spreadsheets/d/e/2PACX-{name}/pub?gid=0&single=true&output=csv"

    def fail(self, kind: str, status: int, times: int = 1, body: dict | None = None) -> None:
        """The next `times` requests of this kind ("metadata", "values", "published") answer `status`."""
        self.failures.setdefault(kind, []).extend([(status, body)] * times)

    def lose(self, kind: str, times: int = 1) -> None:
        """The next `times` writes of this kind ("append", "batch_update", "update") are made, but their answer is
        lost: the client sees 503, as when Google stored the row and the connection broke."""
        self.lost[kind] = self.lost.get(kind, 0) + times

    def disable_sheets_api(self) -> None:
        """The next metadata read answers as for a project that never enabled the Sheets API."""
        self.fail("metadata", 403, body=SERVICE_DISABLED)

    @property
    def sheets_requests(self) -> int:
        """Every request to the Sheets API (reads and writes), not the token endpoint."""
        return self.counts["metadata"] + self.counts["values"] + self.counts["values_get"] + self.write_requests

    @property
    def write_requests(self) -> int:
        return sum(self.counts[k] for k in WRITE_KINDS)


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

        def _answer(self, kind: str, payload: dict) -> None:
            """A write that was made: its answer, unless the test asked for it to be lost."""
            if google.lost.get(kind):
                google.lost[kind] -= 1
                return self._json(503, error_body(503))
            return self._json(200, payload)

        def _sheet_for_write(self, kind: str, key: str):
            """Count a write; the sheet if the token and sharing allow it, else None (the error already sent)."""
            if self._scripted(kind):
                return None
            auth = self.headers.get("Authorization")
            if auth not in (f"Bearer {ACCESS_TOKEN}", f"Bearer {WRITE_TOKEN}"):
                self._json(401, error_body(401))
                return None
            sheet = google.spreadsheets.get(key)
            if sheet is None:
                self._json(404, error_body(404))
                return None
            if auth != f"Bearer {WRITE_TOKEN}":
                self._json(403, error_body(403, "Request had insufficient authentication scopes."))
                return None
            if not sheet.shared or not sheet.editor:
                self._json(403, error_body(403))
                return None
            return sheet

        def _single_get(self, key: str, a1: str):
            if self._scripted("values_get"):
                return
            if self.headers.get("Authorization") not in (f"Bearer {ACCESS_TOKEN}", f"Bearer {WRITE_TOKEN}"):
                return self._json(401, error_body(401))
            sheet = google.spreadsheets.get(key)
            if sheet is None or not sheet.shared:
                return self._json(404 if sheet is None else 403, error_body(404 if sheet is None else 403))
            title = _tab_of(a1)
            if title not in sheet.tabs:
                return self._json(400, error_body(400, f"Unable to parse range: {a1}"))
            self._json(200, _value_range(title, sheet.tabs[title]))

        def _write(self, path: str, query: dict, payload: dict):
            append = re.fullmatch(r"/v4/spreadsheets/([^/]+)/values/(.+):append", path)
            batch_values = re.fullmatch(r"/v4/spreadsheets/([^/]+)/values:batchUpdate", path)
            batch = re.fullmatch(r"/v4/spreadsheets/([^/:]+):batchUpdate", path)
            if append:
                sheet = self._sheet_for_write("append", append.group(1))
                if sheet is None:
                    return
                if query.get("valueInputOption") != ["RAW"]:
                    return self._json(400, error_body(400, "This fake accepts valueInputOption=RAW only."))
                title = _tab_of(append.group(2))
                if title not in sheet.tabs:
                    return self._json(400, error_body(400, f"Unable to parse range: {append.group(2)}"))
                rows = sheet.tabs[title]
                start = len(rows) + 1
                rows.extend([list(r) for r in payload.get("values", [])])
                google.writes.append(("append", title, payload.get("values", [])))
                return self._answer("append", {"spreadsheetId": sheet.key, "updates": {"updatedRange": f"{title}!A{start}"}})
            if batch_values:
                sheet = self._sheet_for_write("update", batch_values.group(1))
                if sheet is None:
                    return
                if payload.get("valueInputOption") != "RAW":
                    return self._json(400, error_body(400, "This fake accepts valueInputOption=RAW only."))
                for item in payload.get("data", []):
                    title, cell = _split_a1(item["range"])
                    if title not in sheet.tabs:
                        return self._json(400, error_body(400, f"Unable to parse range: {item['range']}"))
                    _put(sheet.tabs[title], cell, item["values"])
                google.writes.append(("update", None, payload.get("data", [])))
                return self._answer("update", {"spreadsheetId": sheet.key, "totalUpdatedRows": len(payload.get("data", []))})
            if batch:
                sheet = self._sheet_for_write("batch_update", batch.group(1))
                if sheet is None:
                    return
                ids, replies = {}, []
                taken = {1000 + i for i in range(len(sheet.tabs))}  # the ids _metadata gives the tabs
                for request in payload.get("requests", []):
                    if "addSheet" in request:
                        props = request["addSheet"]["properties"]
                        if props["title"] in sheet.tabs:
                            msg = f'Invalid requests[0].addSheet: A sheet with the name "{props["title"]}" already exists.'
                            return self._json(400, error_body(400, msg))
                        sheet_id = props.get("sheetId", 1000 + len(sheet.tabs))
                        if sheet_id in taken:
                            return self._json(
                                400, error_body(400, f"Invalid requests[0].addSheet: sheetId {sheet_id} already exists.")
                            )
                        ids[sheet_id] = props["title"]
                        sheet.tabs[props["title"]] = []
                        replies.append({"addSheet": {"properties": {"sheetId": sheet_id, "title": props["title"]}}})
                    elif "appendCells" in request:
                        cells = request["appendCells"]
                        title = ids.get(cells["sheetId"])
                        if title is None:
                            return self._json(400, error_body(400, f"No grid with id: {cells['sheetId']}"))
                        for row in cells["rows"]:
                            sheet.tabs[title].append([_entered(c) for c in row.get("values", [])])
                        replies.append({})
                    else:
                        return self._json(400, error_body(400, "This fake knows addSheet and appendCells only."))
                google.writes.append(("batch_update", None, payload.get("requests", [])))
                return self._answer("batch_update", {"spreadsheetId": sheet.key, "replies": replies})
            return self._json(404, error_body(404))

        def do_PUT(self):
            length = int(self.headers.get("Content-Length", 0))
            payload = json.loads(self.rfile.read(length).decode() or "{}")
            parts = urllib.parse.urlsplit(self.path)
            path, query = urllib.parse.unquote(parts.path), urllib.parse.parse_qs(parts.query)
            single = re.fullmatch(r"/v4/spreadsheets/([^/]+)/values/(.+)", path)
            if not single:
                return self._json(404, error_body(404))
            sheet = self._sheet_for_write("update", single.group(1))
            if sheet is None:
                return
            if query.get("valueInputOption") != ["RAW"]:
                return self._json(400, error_body(400, "This fake accepts valueInputOption=RAW only."))
            title, cell = _split_a1(single.group(2))
            if title not in sheet.tabs:
                return self._json(400, error_body(400, f"Unable to parse range: {single.group(2)}"))
            _put(sheet.tabs[title], cell, payload.get("values", []))
            google.writes.append(("update", title, payload.get("values", [])))
            return self._answer("update", {"spreadsheetId": sheet.key})

        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            body = self.rfile.read(length).decode()
            if self.path.startswith("/v4/"):
                parts = urllib.parse.urlsplit(self.path)
                path, query = urllib.parse.unquote(parts.path), urllib.parse.parse_qs(parts.query)
                return self._write(path, query, json.loads(body or "{}"))
            if self.path != "/token":
                return self._json(404, error_body(404))

            google.counts["token"] += 1
            form = urllib.parse.parse_qs(body)
            if google.token_error:
                return self._json(400, google.token_error)
            # The assertion must really be signed with the service account's key.
            claims = jwt.decode(form["assertion"][0], certs=google.public_pem, audience=TOKEN_URI)
            google.token_claims.append(claims)
            scopes = str(claims.get("scope", "")).split()
            token = WRITE_TOKEN if WRITE_SCOPE in scopes else DRIVE_TOKEN if scopes == [DRIVE_SCOPE] else ACCESS_TOKEN
            self._json(200, {"access_token": token, "expires_in": 3599, "token_type": "Bearer"})

        def _drive(self, path: str, query: dict):
            """files.get and the thumbnails, for the read-only Drive token only."""
            google.counts["drive"] += 1
            if self.headers.get("Authorization") != f"Bearer {DRIVE_TOKEN}":
                return self._json(401 if not self.headers.get("Authorization") else 403, error_body(403))
            thumb = re.fullmatch(r"/drive-storage/([^=]+)=s220", path)
            found = google.drive.get(thumb.group(1) if thumb else path.rsplit("/", 1)[-1])
            if found is None or found["_shared"] is False:
                return self._json(404, error_body(404, f"File not found: {path.rsplit('/', 1)[-1]}."))
            if found["_shared"] == 403:
                return self._json(403, error_body(403))
            if thumb:
                return self._send(200, found["_thumbnail"], "image/jpeg")
            wanted = query.get("fields", [""])[0]
            return self._json(200, {k: v for k, v in found.items() if not k.startswith("_") and k.split("(")[0] in wanted})

        def do_GET(self):
            parts = urllib.parse.urlsplit(self.path)
            path = urllib.parse.unquote(parts.path)
            query = urllib.parse.parse_qs(parts.query)
            if path.startswith(("/drive/v3/files/", "/drive-storage/")):
                return self._drive(path, query)
            if path in google.published:
                if self._scripted("published"):
                    return
                body, content_type = google.published[path]
                return self._send(200, body, content_type)
            values = re.fullmatch(r"/v4/spreadsheets/([^/]+)/values:batchGet", path)
            meta = re.fullmatch(r"/v4/spreadsheets/([^/:]+)", path)
            single = re.fullmatch(r"/v4/spreadsheets/([^/]+)/values/([^:]+)", path)
            if single and not values:
                return self._single_get(single.group(1), single.group(2))
            kind = "values" if values else "metadata" if meta else None
            if kind is None:
                return self._send(404, b"Not Found", "text/plain")
            if self._scripted(kind):
                return
            if self.headers.get("Authorization") not in (f"Bearer {ACCESS_TOKEN}", f"Bearer {WRITE_TOKEN}"):
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


def _tab_of(a1: str) -> str:
    return _split_a1(a1)[0]


def _split_a1(a1: str) -> tuple[str, str]:
    """An A1 range → (tab title, cell part): quoted titles unquoted; a bare tab name gives an empty cell part."""
    if a1.startswith("'"):
        end = 1
        while True:
            end = a1.index("'", end)
            if a1[end + 1 : end + 2] == "'":
                end += 2
                continue
            break
        title, rest = a1[1:end].replace("''", "'"), a1[end + 1 :]
    else:
        title, _, cell = a1.partition("!")
        rest = "!" + cell if cell else ""
    return title, rest.lstrip("!")


def _put(rows: list[list], cell: str, values: list[list]) -> None:
    """Write values with their top-left corner at cell (A1 notation), growing the tab as needed."""
    found = re.fullmatch(r"([A-Z]+)(\d+)(?::.*)?", cell or "A1")
    col = 0
    for ch in found.group(1):
        col = col * 26 + ord(ch) - 64
    row, col = int(found.group(2)) - 1, col - 1
    for i, line in enumerate(values):
        while len(rows) <= row + i:
            rows.append([])
        target = rows[row + i]
        while len(target) < col + len(line):
            target.append("")
        target[col : col + len(line)] = list(line)


def _entered(cell: dict) -> object:
    """The value of an appendCells cell; a formula is refused (the app never sends one)."""
    value = cell.get("userEnteredValue", {})
    if "formulaValue" in value:
        raise ValueError("this fake never takes formulas")
    return value.get("numberValue", value.get("stringValue", ""))


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
