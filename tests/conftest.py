"""Shared fixtures: the 2021 config, the demo data, and small hand-made sheets."""

from __future__ import annotations

import pytest

from campaign.config import load_config


@pytest.fixture(scope="session")
def config():
    return load_config()


@pytest.fixture
def fresh_streamlit_cache():
    """Streamlit's caches are shared by every AppTest in the process: each app test starts from empty ones."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(scope="session", autouse=True)
def store_outside_the_project(tmp_path_factory):
    """The SQLite store (demo's included) in a temporary folder, never the project's store/ (CAMPAIGN_STORE_PATH)."""
    import os

    folder = tmp_path_factory.mktemp("store")
    old = os.environ.get("CAMPAIGN_STORE_PATH")
    os.environ["CAMPAIGN_STORE_PATH"] = str(folder / "campaign.sqlite")
    yield folder
    if old is None:
        os.environ.pop("CAMPAIGN_STORE_PATH", None)
    else:
        os.environ["CAMPAIGN_STORE_PATH"] = old


@pytest.fixture(autouse=True)
def own_throttle(tmp_path, monkeypatch):
    """Each test its own password throttle file (the deployment's is shared by its processes, and kept)."""
    monkeypatch.setenv("CAMPAIGN_THROTTLE_PATH", str(tmp_path / "throttle.sqlite"))


@pytest.fixture
def downloads(monkeypatch):
    """key → data of every st.download_button the pages draw: bytes, or the callable a deferred download builds them with."""
    import streamlit as st

    seen: dict = {}
    original = st.download_button

    def record(label, data, *args, **kwargs):
        # A coordinator's CSV or workbook is built on click (a callable): build it here so tests read its bytes.
        # Documents stay callables (tests/test_documents_app.py builds those).
        tables = str(kwargs.get("file_name", "")).endswith((".csv", ".xlsx"))
        seen[kwargs.get("key") or label] = data() if callable(data) and tables else data
        return original(label, data, *args, **kwargs)

    monkeypatch.setattr(st, "download_button", record)
    return seen


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright (tests/test_browser.py, tests/test_proxy.py)."""
    from tests.test_browser import CHROMIUM, CHROMIUM_ARGS

    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def hashes():
    """Cheap password hashes (few iterations) so that signing in takes no time in tests: [access] secrets."""
    from campaign.access import hash_password
    from tests.apptest import COORDINATOR_PASSWORD, LEADER_PASSWORD

    return {
        "password_hash": hash_password(COORDINATOR_PASSWORD, iterations=1000),
        "leader_password_hash": hash_password(LEADER_PASSWORD, iterations=1000),
    }


@pytest.fixture(scope="module")
def demo_prepared(config):
    """The demo data read and matched once (what the app shows first)."""
    from campaign.report import prepare
    from data_sources.demo import DemoSource

    return prepare(DemoSource(config).read(), config)
