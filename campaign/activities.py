"""Reading the activities cell: the ticked checkboxes of the form, and the "Khác" (other) free text."""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd


def split_activities(answer: str, labels: list[tuple[str, str]]) -> tuple[tuple[str, ...], str]:
    """Checkbox answer → (activity keys in config order, the leftover "Khác" text).

    Google Forms joins ticked labels with ", " and the labels contain commas themselves,
    so known labels are found whole; only what is left over is split on commas.
    """
    text = " ".join(unicodedata.normalize("NFC", answer).split())
    if not text:
        return (), ""
    found = set()
    for label, key in sorted(labels, key=lambda lk: -len(lk[0])):
        pattern = re.compile(r"(?:^|(?<=,))\s*" + re.escape(label) + r"\s*(?=,|$)", re.I)
        text, count = pattern.subn("", text)
        if count:
            found.add(key)
    other = ", ".join(p.strip() for p in text.split(",") if p.strip())
    keys = tuple(key for _, key in labels if key in found)
    if other:
        keys = keys + ("other",)
    return keys, other


def has_activity(activities: pd.Series, key: str) -> np.ndarray:
    """For ';'-joined activity keys: which rows name this key."""
    return (";" + activities + ";").str.contains(f";{key};", regex=False).to_numpy(dtype=bool)
