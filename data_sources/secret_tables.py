"""A table of the secrets file ([smtp], [inbox]) checked before it is used: no unknown key, the required ones there."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from campaign.errors import CampaignError


def check_table(name: str, table: Mapping, keys: Iterable[str], required: Iterable[str], readme: str) -> None:
    """Raise a CampaignError naming the first unknown key (and the known ones) or the first required key missing
    (and `readme`, where README says how to fill it in)."""
    keys = tuple(keys)
    unknown = sorted(set(table) - set(keys))
    if unknown:
        raise CampaignError(
            f"[{name}] in secrets: unknown key {unknown[0]!r}; the keys are {', '.join(keys)}",
            f"[{name}] trong secrets: khoá lạ {unknown[0]!r}; các khoá là {', '.join(keys)}",
        )
    missing = [k for k in required if not str(table.get(k, "")).strip()]
    if missing:
        raise CampaignError(
            f"[{name}] in secrets: {missing[0]!r} is missing; add it (README → {readme})",
            f"[{name}] trong secrets: thiếu {missing[0]!r}; hãy bổ sung (README → {readme})",
        )
