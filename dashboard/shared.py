"""What st.cache_resource holds is one object shared by every session: it is made read-only before it is shared.

A page that writes into a shared frame (a number, a date, a tick, a code) fails loudly ("assignment destination is
read-only") instead of changing what every other viewer sees. Arrow-backed text columns are immutable buffers, but
pandas answers a write to one by swapping in a new buffer, which no flag can stop: that is why pages get their
tables from the Context, as copies, and read the shared report only. A page that must change a table asks the Context for
it: those are handed out as copies (cheap: pandas copies on write), so its changes stay its own.
"""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

import numpy as np
import pandas as pd


def read_only(value):
    """`value` with every DataFrame and Series in it (through dataclasses, dicts, lists) backed by read-only buffers."""
    if isinstance(value, pd.DataFrame):
        for block in value._mgr.blocks:  # each block's buffer holds several columns of one dtype
            _freeze(block.values)
    elif isinstance(value, pd.Series):
        _freeze(value.array)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            read_only(getattr(value, field.name))
    elif isinstance(value, dict | MappingProxyType):
        for item in value.values():
            read_only(item)
    elif isinstance(value, list | tuple):
        for item in value:
            read_only(item)
    return value


def _freeze(values) -> None:
    """Numbers, booleans, dates and object text live in numpy arrays (nullable numbers in two: values and mask)."""
    if isinstance(values, np.ndarray):
        values.flags.writeable = False
        return
    for name in ("_ndarray", "_data", "_mask"):  # dates, categoricals; nullable integers and booleans
        array = getattr(values, name, None)
        if isinstance(array, np.ndarray):
            array.flags.writeable = False
