"""The coordinator's store in the Google Sheet itself: its tabs named in campaign.toml ([store]).

Reading costs nothing extra: the tabs that exist join the source's one `values:batchGet`. Writing:
- a log entry is one `values.append` (valueInputOption=RAW: no cell text becomes a formula);
- the first entry of a tab that does not exist yet is one `spreadsheets.batchUpdate` that adds the tab and
  writes its header row and the entry together (string cells stay strings);
- a roster save re-reads the roster tab (to refuse a save over someone else's edit) and writes only the
  changed and added rows in one `values:batchUpdate`.
"""

from __future__ import annotations

import unicodedata

import pandas as pd
from gspread.exceptions import APIError
from gspread.utils import absolute_range_name, fill_gaps, rowcol_to_a1

from campaign.config import TabSpec
from campaign.names import fold_name
from campaign.roster import ROSTER_COLUMNS, clean_roster
from campaign.roster_edit import roster_conflicts
from campaign.store import (
    KINDS,
    StoreData,
    StoreProblem,
    check_header,
    entries_frame,
    is_header,
    missing_tab_problem,
)
from data_sources.http import NETWORK_ERRORS, is_timeout
from data_sources.store import RosterConflict, Store, StoreReadOnly, StoreWriteError, maybe_saved, roster_conflict

RAW = {"valueInputOption": "RAW"}


def _norm(title: str) -> str:
    return unicodedata.normalize("NFC", title).strip().casefold()


def store_tabs(config, tabs: list[str]) -> tuple[dict[str, str], list[StoreProblem]]:
    """kind → the tab's title as found in the sheet; and the tabs that look renamed.

    A tab not found is one not written yet (created on the first save), unless another tab's name still
    contains its name (e.g. 'Nhật ký đôn đốc (cũ)'): then it was renamed, and that is said.
    """
    found, problems = {}, []
    if config.store is None:
        return found, problems
    by_norm = {_norm(t): t for t in tabs}
    for kind, spec in config.store.tabs.items():
        tab = by_norm.get(_norm(spec.title))
        if tab is not None:
            found[kind] = tab
            continue
        key = fold_name(spec.title)
        renamed = [t for t in tabs if key and key in fold_name(t)]
        if renamed:
            problems.append(missing_tab_problem(spec, "Google Sheet", tabs))
    return found, problems


def store_from_ranges(config, found: dict[str, str], ranges: list[dict], problems: list[StoreProblem], where: str) -> StoreData:
    """The store tabs' value ranges (in the order of `found`) → StoreData; a changed header is a problem."""
    if config.store is None:
        return None
    problems = list(problems)
    tables = {}
    for (kind, _tab), answer in zip(found.items(), ranges):
        spec: TabSpec = config.store.tabs[kind]
        values = answer.get("values", [])
        problem = check_header(spec, values[0], where) if values else None
        if problem:
            problems.append(problem)
            values = []
        # A retried first write may have put the header row in twice: it is no entry.
        rows = [r for r in values[1:] if not is_header(spec, r)] if values else []
        tables[kind] = entries_frame(rows, spec.keys)
    for kind in KINDS:
        if kind not in tables:
            tables[kind] = entries_frame([], config.store.tabs[kind].keys)
    return StoreData(tables, tuple(problems), source=where, tabs_found=frozenset(k for k in found if k in tables))


def _already_exists(exc: APIError) -> bool:
    """Google's answer to an addSheet for a title the sheet has: 400 'A sheet with the name … already exists'."""
    message = exc.error.get("message", "") if isinstance(exc.error, dict) else ""
    return exc.response.status_code == 400 and "already exists" in str(message)


def _plain(value):
    """A value as the Sheets API takes it in JSON: numbers as numbers, everything else as text."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, (int, float)):
        return value if not pd.isna(value) else ""
    return str(value)


class SheetStore(Store):
    """Writes through the source's credentials (read-write scope only when writes are switched on)."""

    def __init__(self, source):
        self.source = source
        self.config = source.config
        self.label = source.label

    # The source's one refresh already read the tabs; this is for a caller that wants them alone.
    def read(self) -> StoreData:
        return self.source.read().store

    def _client(self):
        if not self.source.writes:
            raise StoreReadOnly(
                "Saving to the Google Sheet is switched off: set store_writes = true under [sheet] in the secrets "
                "and share the sheet with the service account as Editor",
                "Chưa bật ghi vào Google Sheet: hãy đặt store_writes = true trong mục [sheet] của secrets "
                "và chia sẻ bảng tính cho tài khoản dịch vụ với quyền Người chỉnh sửa (Editor)",
            )
        return self.source.client(for_save=True)

    def _problem(self, kind: str) -> None:
        store = self.source.last_store
        for problem in store.problems if store else ():
            if problem.kind == kind:
                raise StoreWriteError(problem.en, problem.vi)

    def append(self, kind: str, entry: dict) -> None:
        self.append_many(kind, [entry])

    def append_many(self, kind: str, entries: list[dict]) -> None:
        """The entries as rows of the tab, in one request (the link check's results would otherwise cost one
        request per link, past the Sheets API's write quota)."""
        if not entries:
            return
        spec = self.config.store.tabs[kind]
        self._problem(kind)
        client = self._client()
        rows = [[_plain(entry.get(k, "")) for k in spec.keys] for entry in entries]
        try:
            header = [spec.header_row] if self._needs_header(client, spec.title) else []
            self._append(client, spec.title, header + rows)
        except APIError as exc:
            raise self._failure(exc) from None
        except NETWORK_ERRORS as exc:
            raise self._network(exc) from None

    def _append(self, client, title: str, rows: list[list]) -> None:
        client.values_append(
            self.source.key,
            absolute_range_name(title, "A1"),
            params={**RAW, "insertDataOption": "INSERT_ROWS"},
            body={"majorDimension": "ROWS", "values": rows},
        )

    def _needs_header(self, client, title: str) -> bool:
        """Make sure the tab exists; whether it still wants its header row (a tab this process made, or found empty).

        A tab this process has not seen may exist all the same: another server process (or a person) made it since
        the last read, or our own earlier try made it and its answer was lost. So the sheet is looked up first (one
        metadata request), Google assigns the new tab's id (two processes never pick the same), and "already
        exists" is taken as the success it is. A tab found that way is asked whether it has its header yet."""
        if title in self.source.tab_ids:
            return False  # read with the sheet: its header was checked then
        self._learn_tabs(client)
        if title not in self.source.tab_ids:
            try:
                reply = client.batch_update(self.source.key, {"requests": [{"addSheet": {"properties": {"title": title}}}]})
                added = reply.get("replies", [{}])[0].get("addSheet", {}).get("properties", {})
                self.source.tab_ids[title] = added.get("sheetId", 0)
                return True
            except APIError as exc:
                if not _already_exists(exc):
                    raise
                self._learn_tabs(client)
        found = client.values_get(self.source.key, absolute_range_name(title, "A1"))
        return not found.get("values")

    def _learn_tabs(self, client) -> None:
        meta = client.fetch_sheet_metadata(self.source.key, params={"fields": "sheets.properties(sheetId,title)"})
        for sheet in meta.get("sheets", []):
            props = sheet.get("properties", {})
            self.source.tab_ids[props.get("title", "")] = props.get("sheetId", 0)

    def save_roster(self, base: pd.DataFrame, changed: pd.DataFrame, by: str) -> int:
        if changed.empty:
            return 0
        client = self._client()
        key = self.source.key
        title = self.source.roster_tab or self.config.sheet.roster_tab
        try:
            if self.source.roster_tab is None and self._needs_header(client, title):
                # No roster tab yet: the first save creates it with the whole roster, edits included.
                merged = pd.concat([base[~base["code"].isin(changed["code"])], changed], ignore_index=True)
                rows = [list(ROSTER_COLUMNS)] + [
                    [_plain(r.get(c, "")) for c in ROSTER_COLUMNS] for r in merged.to_dict("records")
                ]
                self._append(client, title, rows)
                self.source.roster_tab = title
                return len(changed)
            self.source.roster_tab = title  # made by someone else meanwhile: an edit of it like any other
            values = client.values_get(key, absolute_range_name(title), params={"valueRenderOption": "UNFORMATTED_VALUE"})
            current = fill_gaps(values.get("values", []))
            header = [str(h).strip().lower() for h in current[0]] if current else []
            now = clean_roster(pd.DataFrame(current[1:], columns=header).fillna("") if current else pd.DataFrame(), title)
            by_code = {r["code"]: r for r in now.to_dict("records")}
            theirs = roster_conflicts(base, by_code, changed["code"], ROSTER_COLUMNS)
            if theirs:
                raise roster_conflict([t["code"] for t in theirs], pd.DataFrame(theirs, columns=list(ROSTER_COLUMNS)))
            columns = list(header)
            for c in ROSTER_COLUMNS:
                if c not in columns:
                    columns.append(c)
            data = []
            if columns != header:
                data.append({"range": absolute_range_name(title, "A1"), "values": [columns]})
            row_of = {}
            for i, r in enumerate(current[1:], start=2):
                code = str(r[header.index("code")]).strip() if "code" in header and len(r) > header.index("code") else ""
                if code:
                    row_of[code] = i
            next_row = len(current) + 1
            for r in changed.to_dict("records"):
                at = row_of.get(r["code"])
                if at is None:
                    at, next_row = next_row, next_row + 1
                data.append(
                    {
                        "range": absolute_range_name(title, rowcol_to_a1(at, 1)),
                        "values": [[_plain(r.get(c, "")) for c in columns]],
                    }
                )
            client.values_batch_update(key, body={**RAW, "data": data})
        except RosterConflict:
            raise
        except APIError as exc:
            raise self._failure(exc) from None
        except NETWORK_ERRORS as exc:
            raise self._network(exc) from None
        return len(changed)

    def _failure(self, exc: APIError) -> StoreWriteError:
        status = exc.response.status_code
        email = self.source.service_account_email
        if status == 403:
            return StoreReadOnly(
                f"Google Sheet: not saved, the service account {email} may only view the sheet; press Share in the "
                "sheet and give it Editor access, then save again (the entry is still in the form)",
                f"Google Sheet: chưa lưu, tài khoản dịch vụ {email} chỉ có quyền xem; trong bảng tính hãy bấm Chia sẻ "
                "(Share) và cấp quyền Người chỉnh sửa (Editor), rồi lưu lại (nội dung vẫn còn trong biểu mẫu)",
            )
        if status == 408 or status >= 500:  # the write may have been made before Google failed to answer
            return maybe_saved(f"Google Sheet, HTTP {status}", f"Google Sheet, HTTP {status}")
        if status == 429:  # refused before anything was written
            return StoreWriteError(
                f"Google Sheet: not saved, too many requests (Google's quota, HTTP {status}); wait a minute and press "
                "Save again (the entry is still in the form)",
                f"Google Sheet: chưa lưu, quá nhiều yêu cầu (vượt hạn mức của Google, HTTP {status}); hãy đợi một phút "
                "rồi bấm Lưu lại (nội dung vẫn còn trong biểu mẫu)",
            )
        message = str(exc.error.get("message", ""))[:200] if isinstance(exc.error, dict) else ""
        return StoreWriteError(
            f"Google Sheet: not saved (HTTP {status}: {message}); check the sheet and press Save again",
            f"Google Sheet: chưa lưu (HTTP {status}: {message}); hãy kiểm tra bảng tính rồi bấm Lưu lại",
        )

    def _network(self, exc: BaseException) -> StoreWriteError:
        if is_timeout(exc):  # the request may have reached Google
            return maybe_saved("Google Sheet, no answer in time", "Google Sheet, không có phản hồi kịp")
        what, what_vi = "cannot connect (no network?)", "không kết nối được (mất mạng?)"
        return StoreWriteError(
            f"Google Sheet: not saved, {what}; check the connection and press Save again (the entry is still in the form)",
            f"Google Sheet: chưa lưu, {what_vi}; hãy kiểm tra kết nối rồi bấm Lưu lại (nội dung vẫn còn trong biểu mẫu)",
        )
