"""The one interface of the coordinator's store, and the failures a save can meet.

Two implementations: the Google Sheet's own tabs (data_sources/sheet_store.py) and an embedded SQLite file
(data_sources/sqlite_store.py). Entries are appended, never rewritten; each carries an id, and an id read
twice counts once, so a retried save cannot make a duplicate.
"""

from __future__ import annotations

import abc

import pandas as pd

from campaign.errors import CampaignError
from campaign.store import StoreData


class StoreWriteError(CampaignError):
    """A save that did not happen (network, permissions, quota, a changed tab): the entry stays in the form."""


class StoreReadOnly(StoreWriteError):
    """The store cannot be written at all here (Viewer access, writes switched off)."""


class StoreMaybeSaved(StoreWriteError):
    """Google did not answer a write it may have made (a 5xx, no answer in time): saving again is safe, since an
    entry's id is its content and an id read twice counts once."""


def maybe_saved(what_en: str, what_vi: str) -> StoreMaybeSaved:
    return StoreMaybeSaved(
        f"Maybe saved: Google did not answer ({what_en}). Press Save again: the entry will not be counted twice",
        f"Có thể đã lưu: Google không trả lời ({what_vi}). Bấm Lưu lại: nội dung sẽ không bị tính hai lần",
    )


class RosterConflict(CampaignError):
    """The roster changed in the store since it was read: nothing was saved; `theirs` shows the other edit."""

    def __init__(self, en: str, vi: str, theirs: pd.DataFrame):
        super().__init__(en, vi)
        self.theirs = theirs


def roster_conflict(codes: list[str], theirs: pd.DataFrame) -> RosterConflict:
    listed = ", ".join(codes)
    return RosterConflict(
        f"Someone else changed the roster rows {listed} since you opened them; nothing was saved. "
        "Their version is shown below: refresh, then make your change again",
        f"Người khác đã sửa các dòng {listed} của danh sách đơn vị sau khi bạn mở; chưa lưu gì. "
        "Bản của họ ở bên dưới: hãy tải lại dữ liệu rồi sửa lại",
        theirs,
    )


class Store(abc.ABC):
    """Where the coordinator's entries live."""

    label: str = ""

    @abc.abstractmethod
    def read(self) -> StoreData:
        """Every entry, ids unique; a tab that cannot be read is a problem in the data, not an exception."""

    @abc.abstractmethod
    def append(self, kind: str, entry: dict) -> None:
        """Add one entry (with its id) to a log: one write; raise StoreWriteError if it did not happen."""

    def append_many(self, kind: str, entries: list[dict]) -> None:
        """Add several entries to one log (the link check's results): one write where the store can (the Sheet's
        own tabs: one request, not one per link); here, one append after another."""
        for entry in entries:
            self.append(kind, entry)

    @abc.abstractmethod
    def save_roster(self, base: pd.DataFrame, changed: pd.DataFrame, by: str) -> int:
        """Write the changed and added roster rows (by code). `base` is the roster as it was read:
        if any of those rows is different in the store now, raise RosterConflict and write nothing.
        Returns the number of rows written."""
