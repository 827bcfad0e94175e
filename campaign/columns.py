"""Column helpers shared by normalising, the roster, matching and the file sources: a cell as text, emptiness,
how tab and column names compare (`name_key`), finding the form's headers, and computing once per distinct value."""

from __future__ import annotations

import math
import unicodedata

import numpy as np
import pandas as pd

from campaign.config import Config
from campaign.errors import InputError
from campaign.names import HIDDEN_CHARS, strip_hidden

FIRST_DATA_ROW = 2  # the sheet's own numbering: the header is row 1


def is_empty(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str) and not value.strip():
        return True
    return value is pd.NaT


def cell_text(value: object) -> str:
    """A cell as clean text: '' for empty, whole numbers without '.0', hidden characters removed.

    Text is kept as typed otherwise (Unicode normalisation is matching's business: campaign.names).
    """
    if is_empty(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text, _ = strip_hidden(str(value))
    return text.strip()


def name_key(text: object) -> str:
    """How a tab or column name is compared, everywhere: composed Unicode, case and spacing ignored."""
    return " ".join(unicodedata.normalize("NFC", str(text)).casefold().split())


def find_headers(columns: list[object], config: Config, source: str) -> dict[str, object]:
    """Field key → the sheet's column label; a required field that is missing is an input error."""
    by_key = {}
    for col in columns:
        by_key.setdefault(name_key(col), col)
    found: dict[str, object] = {}
    for key, field in config.fields.items():
        for spelling in field.spellings:
            if name_key(spelling) in by_key:
                found[key] = by_key[name_key(spelling)]
                break
    missing = [f for k, f in config.fields.items() if f.required and k not in found]
    if missing:
        wanted = "; ".join(f"'{f.header}'" for f in missing)
        seen = "; ".join(f"'{c}'" for c in columns if str(c).strip()) or "(none)"
        raise InputError(
            f"{source}: required header {wanted} not found; headers found: {seen}. "
            "Rename the column back or add its spelling to campaign.toml",
            f"{source}: không thấy cột bắt buộc {wanted}; các cột có: {seen}. "
            "Hãy đặt lại tên cột hoặc thêm tên này vào campaign.toml",
        )
    return found


def blank_rows(frame: pd.DataFrame) -> np.ndarray:
    """True for rows whose every cell is empty or white space."""
    blank = np.ones(len(frame), dtype=bool)
    for i in range(frame.shape[1]):
        blank &= empty_mask(frame.iloc[:, i])
        if not blank.any():
            break
    return blank


def empty_mask(series: pd.Series) -> np.ndarray:
    """is_empty for a whole column, vectorised for a text column."""
    if is_text(series):
        return series.isna().to_numpy() | (series.str.strip() == "").fillna(True).to_numpy(dtype=bool)
    return map_distinct(series, is_empty).to_numpy(dtype=bool)


def text_column(series: pd.Series) -> pd.Series:
    """cell_text for a whole column; for a text column (a CSV's) vectorised on pyarrow's strings, over its distinct
    values when they repeat (each becomes a Python string once), once per distinct value in Python otherwise."""
    if not is_text(series):
        return map_distinct(series, cell_text)
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    if len(uniques) > len(series) // 2:  # mostly distinct (timestamps, links): the column as it is
        return series.str.replace(HIDDEN_CHARS.pattern, "", regex=True).str.strip().fillna("").astype(object)
    text = pd.Series(uniques, dtype=series.dtype).str.replace(HIDDEN_CHARS.pattern, "", regex=True).str.strip()
    cleaned = np.append(text.fillna("").to_numpy(dtype=object), "")  # the last: a missing cell (code -1)
    return pd.Series(cleaned[codes], index=series.index, dtype=object)


def is_text(series: pd.Series) -> bool:
    return isinstance(series.dtype, pd.StringDtype)


def map_distinct(series: pd.Series, fn) -> pd.Series:
    """fn(cell) for every cell, computed once per distinct value (answers repeat a lot in a big sheet)."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    results = np.empty(len(uniques) + 1, dtype=object)
    for i, value in enumerate(np.asarray(uniques, dtype=object)):
        results[i] = fn(value)
    results[-1] = fn(None)  # code -1: a missing cell
    return pd.Series(results[codes], index=series.index, dtype=object)


def map_distinct_parts(series: pd.Series, fn, width: int) -> tuple[pd.Series, ...]:
    """Like map_distinct for an fn returning a tuple: one Series per position, split once per distinct value."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    parts = [np.empty(len(uniques) + 1, dtype=object) for _ in range(width)]
    for i, value in enumerate([*np.asarray(uniques, dtype=object), None]):  # the last: a missing cell (code -1)
        for part, item in zip(parts, fn(value)):
            part[i] = item
    return tuple(pd.Series(part[codes], index=series.index, dtype=object) for part in parts)
