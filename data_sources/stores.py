"""Which store goes with a source, and reading a source with its store: the save plumbing the app and the CLI share."""

from __future__ import annotations

import dataclasses

from data_sources.sqlite_store import SqliteStore
from data_sources.store import Store


def store_of(source, config) -> Store | None:
    """The store that goes with a source: its own (the Sheet's tabs, the demo's file) or the SQLite file."""
    if config.store is None:
        return None
    own = getattr(source, "coordinator_store", None)
    if own is not None:
        return own()
    return SqliteStore(config.store.path(), config)


def read_with_store(source, config):
    """source.read(), with the store's entries when the source did not read them itself."""
    raw = source.read()
    if raw.store is None and config.store is not None:
        raw = dataclasses.replace(raw, store=store_of(source, config).read())
    return raw
