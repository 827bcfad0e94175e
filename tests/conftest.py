"""Shared fixtures: the 2021 config, the demo data, and small hand-made sheets."""

from __future__ import annotations

import pytest

from campaign.config import load_config


@pytest.fixture(scope="session")
def config():
    return load_config()
