"""README's "Settings" lists every key campaign.toml may hold, and no key that does not exist (as datasette checks its
SETTINGS against its docs): a setting added to a dataclass and forgotten in README fails here, and the reverse."""

from __future__ import annotations

import re
from pathlib import Path

from campaign.config import setting_keys

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def documented(readme: str = README) -> set[str]:
    section = readme[readme.index("## Settings (campaign.toml)") :]
    section = section[: section.index("\n## ", 1)]
    keys = set()
    for line in section.splitlines():
        found = re.match(r"\| `\[\[?([^\]`]+)\]\]?` \| (.*?) \|", line)
        if found:
            table, cell = found.groups()
            keys |= {f"{table}.{key}" for key in re.findall(r"`([^`]+)`", cell)}
    return keys


def test_every_setting_is_in_the_readme_and_every_key_there_exists():
    assert documented() == set(setting_keys())


def test_the_check_can_fail():
    """README without one key, or with one more, no longer matches."""
    assert len(documented()) > 60
    without = README.replace("| `[limits]` | `max_rows`, ", "| `[limits]` | ", 1)
    assert set(setting_keys()) - documented(without) == {"limits.max_rows"}
    extra = README.replace("| `[limits]` | `max_rows`, ", "| `[limits]` | `max_rows`, `max_fun`, ", 1)
    assert documented(extra) - set(setting_keys()) == {"limits.max_fun"}


def test_the_defaults_live_in_the_config_dataclasses_only():
    """No module of the project writes a [limits] default of its own (it was in two places)."""
    root = Path(__file__).resolve().parent.parent
    offenders = [
        str(p.relative_to(root))
        for folder in ("campaign", "data_sources", "dashboard", "presentation", "documents")
        for p in (root / folder).rglob("*.py")
        if p.name != "config.py" and re.search(r"max_rows\s*:\s*int\s*=", p.read_text(encoding="utf-8"))
    ]
    assert offenders == []
