"""Shared fixtures: the 2021 config, the demo data, and small hand-made sheets."""

from __future__ import annotations

import pytest

from campaign.config import load_config


@pytest.fixture(scope="session")
def config():
    return load_config()


@pytest.fixture
def fresh_streamlit_cache():
    """st.cache_data is shared by every AppTest in the process: each app test starts from an empty cache."""
    import streamlit as st

    st.cache_data.clear()
    yield
    st.cache_data.clear()
