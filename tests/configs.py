"""campaign.toml copied into a test's folder with some lines changed (its roster still found: the path made absolute)."""

from __future__ import annotations

from pathlib import Path

from campaign.config import DEFAULT_CONFIG

ROSTER_LINE = 'roster = "campaign/data/agencies_{year}.csv"'


def campaign_copy(folder: Path, *changes: tuple[str, str]) -> Path:
    """The copy's path; each (old, new) must be in the file."""
    text = DEFAULT_CONFIG.read_text(encoding="utf-8")
    roster = (DEFAULT_CONFIG.parent / "campaign/data/agencies_{year}.csv").as_posix()
    for old, new in ((ROSTER_LINE, f'roster = "{roster}"'), *changes):
        assert old in text, old
        text = text.replace(old, new)
    path = folder / "campaign.toml"
    path.write_text(text, encoding="utf-8")
    return path
