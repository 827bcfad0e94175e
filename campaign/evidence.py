"""Reading the evidence cell: http(s) links are kept, anything else that looks like a link is flagged, never linked."""

from __future__ import annotations

import re

import pandas as pd

from campaign.columns import cell_text, is_text, map_distinct_parts

_LINK = re.compile(r"^https?://[^\s<>\"'`]+$", re.I)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*:", re.I)
# A web address typed without http(s):// ("drive.google.com/…", "www.…"): flagged, never made a link.
_BARE_ADDRESS = re.compile(r"^(?:www\.\S+|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/\S*)$", re.I)
_SPLIT_LINKS = re.compile(r"[\s,;]+")


def parse_evidence(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Evidence cell → (http(s) links, other things that look like links and are never shown as links)."""
    links, bad = [], []
    for token in _SPLIT_LINKS.split(text):
        token = token.strip()
        if not token:
            continue
        if _LINK.match(token):
            links.append(token)
        elif _SCHEME.match(token) or _BARE_ADDRESS.match(token):  # an http(s) token here is malformed
            bad.append(token)
    return tuple(links), tuple(bad)


def evidence_columns(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(';'-joined http(s) links, ';'-joined things that only look like links) per cell."""
    parse = lambda v: tuple(map(";".join, parse_evidence(cell_text(v))))  # noqa: E731
    if not is_text(values):
        return map_distinct_parts(values, parse, 2)
    # Most cells are one clean link or nothing: those need no parsing (every cell tends to be distinct).
    text = values.str.strip()
    simple = (text.str.fullmatch(_LINK.pattern, case=False).fillna(False) | text.fillna("").eq("")).to_numpy(dtype=bool)
    links = text.fillna("").astype(object)
    bad = pd.Series("", index=values.index, dtype=object)
    if not simple.all():
        links[~simple], bad[~simple] = map_distinct_parts(values[~simple], parse, 2)
    return links, bad
