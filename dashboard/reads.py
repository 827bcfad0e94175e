"""Reads of a source shared by every session of the server: failures remembered, one read in flight per source,
the last good data kept per source.

- A good read serves every session for the cache TTL (campaign.toml [sheet] cache_ttl_seconds).
- A failed read is remembered for a back-off (30 s, doubling up to the TTL): reruns within it show the source's
  last good data and the error without asking the source again (a Google 429 is not deepened by clicking).
- Refresh is honoured at most once per REFRESH_SECONDS per source, and not within a failure's back-off
  before REFRESH_SECONDS have passed since the failed try.
- Only one read per source is in flight across all sessions: others get its last good data at once, or, with
  none, wait for that read.
- The last good data is per source: a failed sheet never shows an upload's figures, nor the reverse.

The cache is process-wide (st.cache_resource) and holds at most MAX_SOURCES sources, least recently used first out.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

import streamlit as st

from campaign.errors import CampaignError

FIRST_BACKOFF = 30.0  # seconds a failed read is remembered the first time; doubles per failure up to the TTL
REFRESH_SECONDS = 30.0  # a source is read again on "Refresh data" at most this often
MAX_SOURCES = 8  # uploads (and other unpinned sources) kept at once
WAIT_SECONDS = 120.0  # a session with nothing to show waits this long for another session's read

# time.monotonic by another name, so a test can move the clock.
clock = time.monotonic


@dataclass
class Entry:
    """One source's reads."""

    lock: threading.Lock = field(default_factory=threading.Lock)  # held while a read is in flight
    good: object | None = None  # the last good data
    good_at: float = float("-inf")  # when it was read (clock)
    error: CampaignError | None = None  # the last read's failure, while it is remembered
    failures: int = 0  # failures in a row
    tried_at: float = float("-inf")  # when the last read started
    reads: int = 0  # reads started (for tests and the bench)


@dataclass(frozen=True)
class Outcome:
    data: object | None  # the source's own data (fresh or its last good), or None
    error: CampaignError | None  # why the last read failed, while that is remembered
    stale: bool  # data is the last good read, not a fresh one


def backoff(failures: int, ttl: float) -> float:
    """Seconds a failure is remembered after this many failures in a row: 30, 60, 120, … up to the TTL."""
    return min(FIRST_BACKOFF * 2 ** max(failures - 1, 0), max(ttl, FIRST_BACKOFF))


class ReadCache:
    """The reads of every source, least recently used first out, but for the pinned ones (the configured sheet, the
    demo): however many files visitors upload, the sheet is read once per TTL and its last good data stays."""

    def __init__(self):
        self._entries: OrderedDict[tuple, Entry] = OrderedDict()
        self._pinned: set[tuple] = set()
        self._lock = threading.Lock()

    def entry(self, identity: tuple, pinned: bool = False) -> Entry:
        with self._lock:
            if pinned:
                self._pinned.add(identity)
            entry = self._entries.get(identity)
            if entry is None:
                entry = self._entries[identity] = Entry()
                evictable = [k for k in self._entries if k not in self._pinned]
                while len(self._entries) - len(self._pinned & set(self._entries)) > MAX_SOURCES and evictable:
                    self._entries.pop(evictable.pop(0))
            self._entries.move_to_end(identity)
            return entry

    def read(
        self, identity: tuple, load: Callable[[], object], ttl: float, refresh: bool = False, pinned: bool = False
    ) -> Outcome:
        """The source's data: from the cache while it is fresh or while a failure is remembered, else read once."""
        entry = self.entry(identity, pinned)
        now = clock()
        if not self._due(entry, now, ttl, refresh):
            return self._outcome(entry)
        if not entry.lock.acquire(blocking=False):  # another session is reading this source
            if entry.good is not None or not entry.lock.acquire(timeout=WAIT_SECONDS):
                return self._outcome(entry)
            entry.lock.release()
            return self._outcome(entry)
        try:
            if not self._due(entry, clock(), ttl, refresh):  # it was read while this session waited
                return self._outcome(entry)
            entry.tried_at, entry.reads = clock(), entry.reads + 1
            try:
                data = load()
            except CampaignError as exc:
                entry.error, entry.failures = exc, entry.failures + 1
            else:
                entry.good, entry.good_at, entry.error, entry.failures = data, clock(), None, 0
                return Outcome(data, None, False)
        finally:
            entry.lock.release()
        return self._outcome(entry)

    @staticmethod
    def _due(entry: Entry, now: float, ttl: float, refresh: bool) -> bool:
        """Whether this source should be read now."""
        if refresh and now - entry.tried_at >= REFRESH_SECONDS:
            return True
        if entry.error is not None:
            return now - entry.tried_at >= backoff(entry.failures, ttl)
        return entry.good is None or now - entry.good_at >= ttl

    @staticmethod
    def _outcome(entry: Entry) -> Outcome:
        return Outcome(entry.good, entry.error, entry.good is not None and entry.error is not None)

    def invalidate(self, identity: tuple) -> None:
        """The next read of this source is due now (the coordinator saved into its store: show it read back)."""
        entry = self.entry(identity)
        entry.good_at = entry.tried_at = float("-inf")

    def reads(self, identity: tuple) -> int:
        """How many reads of this source started (tests, bench)."""
        with self._lock:
            entry = self._entries.get(identity)
        return entry.reads if entry else 0


@st.cache_resource(show_spinner=False)
def cache() -> ReadCache:
    """The one read cache of this server process."""
    return ReadCache()
