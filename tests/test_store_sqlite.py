"""The embedded SQLite store: created on first use, migrated from an older schema, retry-safe appends, roster edits."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pandas as pd
import pytest

from campaign.store import CHASES, EMAIL_REPORTS, RESOLUTIONS, new_id
from data_sources.sqlite_store import MIGRATIONS, SCHEMA_VERSION, SqliteStore
from data_sources.store import RosterConflict, StoreWriteError


def chase(code="P01", note="Đã gọi điện", **extra) -> dict:
    return {
        "id": new_id(),
        "agency_code": code,
        "contacted_at": "2021-06-01T09:00:00+07:00",
        "channel": "phone",
        "contact": "Chị Lan",
        "note": note,
        "promised_date": "2021-06-03",
        "by": "dntuyen",
        "at": "2021-06-01T09:05:00+07:00",
        **extra,
    }


def test_the_file_is_created_on_first_use_with_the_current_schema(tmp_path, config):
    path = tmp_path / "sub" / "store.sqlite"
    store = SqliteStore(path, config)
    assert not path.exists()
    data = store.read()
    assert path.exists()
    assert store.schema_version() == SCHEMA_VERSION == 2
    assert all(data[k].empty for k in (RESOLUTIONS, EMAIL_REPORTS, CHASES))
    assert list(data[EMAIL_REPORTS].columns) == list(config.store.tabs[EMAIL_REPORTS].keys)


def test_an_older_file_is_migrated_and_keeps_its_entries(tmp_path, config):
    path = tmp_path / "store.sqlite"
    old = SqliteStore(path, config, migrations=MIGRATIONS[:1])  # an app of schema 1 wrote this file
    entry = chase()
    old.append(CHASES, entry)
    assert old.schema_version() == 1
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("SELECT name FROM sqlite_master WHERE name = 'roster'").fetchone() is None
    store = SqliteStore(path, config)
    data = store.read()
    assert store.schema_version() == 2
    assert data[CHASES]["id"].tolist() == [entry["id"]]
    assert data[CHASES]["note"].tolist() == ["Đã gọi điện"]
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("SELECT name FROM sqlite_master WHERE name = 'roster'").fetchone() == ("roster",)


def test_a_file_from_a_newer_app_is_refused_with_a_message(tmp_path, config):
    path = tmp_path / "store.sqlite"
    SqliteStore(path, config).read()
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA user_version = 9")
    with pytest.raises(StoreWriteError) as caught:
        SqliteStore(path, config).read()
    assert "schema 9" in caught.value.en and "cập nhật" in caught.value.vi


def test_a_retried_save_is_read_once(tmp_path, config):
    store = SqliteStore(tmp_path / "s.sqlite", config)
    entry = chase(note='=HYPERLINK("http://x")')
    store.append(CHASES, entry)
    store.append(CHASES, entry)  # the same save again (the first answer was lost)
    store.append(CHASES, chase(code="P02"))
    data = store.read()
    assert len(data[CHASES]) == 2
    assert data[CHASES]["note"].iloc[0] == '=HYPERLINK("http://x")'  # text, as typed


def test_the_env_variable_overrides_the_configured_path(tmp_path, config, monkeypatch):
    monkeypatch.setenv("CAMPAIGN_STORE_PATH", str(tmp_path / "x.sqlite"))
    assert config.store.path() == tmp_path / "x.sqlite"
    assert config.store.path(demo=True) == tmp_path / "x-demo.sqlite"


def _roster_rows(*rows):
    cols = ["code", "name", "group", "email", "phone", "aliases", "name_en", "province_code", "contact", "retired"]
    return pd.DataFrame([dict(zip(cols, r + ("",) * (len(cols) - len(r)))) for r in rows], columns=cols)


def test_roster_edits_are_saved_and_a_concurrent_edit_is_refused(tmp_path, config):
    store = SqliteStore(tmp_path / "s.sqlite", config)
    base = _roster_rows(("P01", "Sở A", "province"), ("P02", "Sở B", "province"))
    first = base.copy()
    first.loc[0, "email"] = "a@so-a.example"
    assert store.save_roster(base, first.iloc[[0]], "coordinator 1") == 1
    edits = store.read()["roster"]
    assert edits["email"].tolist() == ["a@so-a.example"]
    # A second coordinator still has the roster as read before the first save.
    second = base.copy()
    second.loc[0, "phone"] = "024 000"
    with pytest.raises(RosterConflict) as caught:
        store.save_roster(base, second.iloc[[0]], "coordinator 2")
    assert caught.value.theirs["email"].tolist() == ["a@so-a.example"]
    assert "P01" in caught.value.en and "P01" in caught.value.vi
    assert store.read()["roster"]["phone"].tolist() == [""]  # nothing overwritten
    # An edit of another row goes through.
    other = base.copy()
    other.loc[1, "contact"] = "Anh Nam"
    assert store.save_roster(base, other.iloc[[1]], "coordinator 2") == 1


def test_reset_empties_the_demo_store(tmp_path, config):
    store = SqliteStore(tmp_path / "s.sqlite", config)
    store.append(CHASES, chase())
    store.mark_seeded()
    store.reset()
    assert store.read()[CHASES].empty and not store.is_seeded()
