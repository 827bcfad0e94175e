"""The coordinator's store in an embedded SQLite file (stdlib sqlite3): for the demo, uploads and the CLI.

Created on first use. `PRAGMA user_version` is the schema version; MIGRATIONS bring an older file up to
date, in order, each in its own transaction. Entries are JSON objects keyed by (kind, id): saving the same
id again changes nothing, so a retried save cannot make a duplicate.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pandas as pd

from campaign.config import STORE_PATH_ENV, Config
from campaign.errors import InputError
from campaign.roster import ROSTER_COLUMNS
from campaign.roster_edit import roster_conflicts
from campaign.store import KINDS, StoreData, entries_frame, now_iso, store_columns
from data_sources.store import RosterConflict, Store, StoreWriteError, roster_conflict


def _v1(db: sqlite3.Connection) -> None:
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute(
        "CREATE TABLE entries (seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, id TEXT NOT NULL, "
        "data TEXT NOT NULL, UNIQUE (kind, id))"
    )


def _v2(db: sqlite3.Connection) -> None:
    # Roster edits: the latest version of each edited or added agency, over the source's roster.
    db.execute("CREATE TABLE roster (code TEXT PRIMARY KEY, data TEXT NOT NULL, revision INTEGER NOT NULL, by TEXT, at TEXT)")


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_v1, _v2)
SCHEMA_VERSION = len(MIGRATIONS)
EDITABLE_ROSTER = (*ROSTER_COLUMNS,)


def _write_failure(path: Path, exc: Exception) -> StoreWriteError:
    return StoreWriteError(
        f"{path}: the entry could not be saved ({type(exc).__name__}: {str(exc)[:120]}); "
        "check the disk and the file's permissions, then press Save again (the entry is still in the form)",
        f"{path}: chưa lưu được ({type(exc).__name__}: {str(exc)[:120]}); "
        "hãy kiểm tra ổ đĩa và quyền ghi tệp, rồi bấm Lưu lại (nội dung vẫn còn trong biểu mẫu)",
    )


class SqliteStore(Store):
    def __init__(self, path: str | Path, config: Config, *, migrations=MIGRATIONS):
        self.path = Path(path)
        self.config = config
        self.migrations = migrations
        self.label = str(self.path)

    @property
    def quantity_keys(self) -> tuple[str, ...]:
        spec = self.config.store.tabs["email_reports"]
        return tuple(k for k in spec.keys if k not in store_columns("email_reports", ()))

    def connect(self) -> sqlite3.Connection:
        """Open (creating the file and folder on first use) and bring the schema up to date."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        db.execute("PRAGMA busy_timeout = 10000")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(self.migrations):
            db.close()
            raise StoreWriteError(
                f"{self.path}: the store was written by a newer version of the app (schema {version}); update the app",
                f"{self.path}: kho dữ liệu do phiên bản mới hơn của ứng dụng tạo (lược đồ {version}); hãy cập nhật ứng dụng",
            )
        for number, migrate in enumerate(self.migrations[version:], start=version + 1):
            db.execute("BEGIN IMMEDIATE")
            try:
                if db.execute("PRAGMA user_version").fetchone()[0] < number:  # another process may have done it
                    migrate(db)
                    db.execute(f"PRAGMA user_version = {number}")
                db.execute("COMMIT")
            except Exception:
                db.execute("ROLLBACK")
                db.close()
                raise
        return db

    def schema_version(self) -> int:
        with closing(self.connect()) as db:
            return db.execute("PRAGMA user_version").fetchone()[0]

    # --- reading ------------------------------------------------------------------------------------------

    def read(self) -> StoreData:
        try:
            with closing(self.connect()) as db:
                rows = db.execute("SELECT kind, data FROM entries ORDER BY seq").fetchall()
                roster = db.execute("SELECT data FROM roster ORDER BY code").fetchall()
        except (sqlite3.Error, OSError) as exc:  # a folder, a file that is no database, no permission
            raise InputError(
                f"{self.path}: the coordinator's store cannot be opened ({type(exc).__name__}: {str(exc)[:120]}); "
                f"point {STORE_PATH_ENV} or [store] sqlite_path at an SQLite file this user may write",
                f"{self.path}: không mở được kho dữ liệu của cán bộ điều phối ({type(exc).__name__}: {str(exc)[:120]}); "
                f"hãy trỏ {STORE_PATH_ENV} hoặc [store] sqlite_path tới một tệp SQLite mà người dùng này được ghi",
            ) from None
        tables = {}
        for kind in KINDS:
            columns = store_columns(kind, self.quantity_keys)
            entries = [json.loads(data) for k, data in rows if k == kind]
            tables[kind] = entries_frame([[e.get(c, "") for c in columns] for e in entries], columns)
        edits = pd.DataFrame([json.loads(d) for (d,) in roster], columns=list(EDITABLE_ROSTER), dtype=object).fillna("")
        return StoreData({**tables, "roster": edits}, source=str(self.path), tabs_found=frozenset(KINDS))

    # --- writing ------------------------------------------------------------------------------------------

    def append(self, kind: str, entry: dict) -> None:
        if kind not in KINDS or not entry.get("id"):
            raise ValueError(f"not a store entry: {kind} {entry}")
        try:
            with closing(self.connect()) as db:
                db.execute(
                    "INSERT OR IGNORE INTO entries (kind, id, data) VALUES (?, ?, ?)",
                    (kind, entry["id"], json.dumps(entry, ensure_ascii=False, default=str)),
                )
        except sqlite3.Error as exc:
            raise _write_failure(self.path, exc) from None

    def append_many(self, kind: str, entries: list[dict]) -> None:
        """Several entries in one transaction (the link check's results)."""
        if kind not in KINDS or not all(e.get("id") for e in entries):
            raise ValueError(f"not store entries: {kind}")
        rows = [(kind, e["id"], json.dumps(e, ensure_ascii=False, default=str)) for e in entries]
        try:
            with closing(self.connect()) as db:
                db.execute("BEGIN")  # one transaction: one write to disk for all of them
                db.executemany("INSERT OR IGNORE INTO entries (kind, id, data) VALUES (?, ?, ?)", rows)
                db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise _write_failure(self.path, exc) from None

    def save_roster(self, base: pd.DataFrame, changed: pd.DataFrame, by: str) -> int:
        if changed.empty:
            return 0
        try:
            with closing(self.connect()) as db:
                db.execute("BEGIN IMMEDIATE")  # no other save between the check and the write
                try:
                    stored = {}
                    for code in changed["code"]:
                        found = db.execute("SELECT data FROM roster WHERE code = ?", (code,)).fetchone()
                        if found is not None:
                            stored[code] = json.loads(found[0])
                    theirs = roster_conflicts(base, stored, changed["code"], EDITABLE_ROSTER)
                    if theirs:
                        raise roster_conflict(
                            [t["code"] for t in theirs], pd.DataFrame(theirs, columns=list(EDITABLE_ROSTER)).fillna("")
                        )
                    at = now_iso(self.config.tz)
                    for row in changed.to_dict("records"):
                        data = json.dumps({c: str(row.get(c, "") or "") for c in EDITABLE_ROSTER}, ensure_ascii=False)
                        db.execute(
                            "INSERT INTO roster (code, data, revision, by, at) VALUES (?, ?, 1, ?, ?) "
                            "ON CONFLICT (code) DO UPDATE SET data = excluded.data, revision = revision + 1, "
                            "by = excluded.by, at = excluded.at",
                            (row["code"], data, by, at),
                        )
                    db.execute("COMMIT")
                except BaseException:
                    db.execute("ROLLBACK")
                    raise
        except RosterConflict:
            raise
        except sqlite3.Error as exc:
            raise _write_failure(self.path, exc) from None
        return len(changed)

    # --- the demo -----------------------------------------------------------------------------------------

    def reset(self) -> None:
        """Empty the store (the demo's, when the server starts)."""
        with closing(self.connect()) as db:
            db.execute("BEGIN IMMEDIATE")
            db.execute("DELETE FROM entries")
            db.execute("DELETE FROM roster")
            db.execute("DELETE FROM meta")
            db.execute("COMMIT")

    def is_seeded(self) -> bool:
        with closing(self.connect()) as db:
            return db.execute("SELECT 1 FROM meta WHERE key = 'seeded'").fetchone() is not None

    def mark_seeded(self) -> None:
        with closing(self.connect()) as db:
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('seeded', ?)", (now_iso(self.config.tz),))
