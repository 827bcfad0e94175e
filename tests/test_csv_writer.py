"""export.to_csv_bytes writes exactly what pandas' to_csv writes (the golden files fix those bytes), faster."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from campaign.export import BOM, escape_formulas, to_csv_bytes

TEXT = st.one_of(
    st.none(),
    st.lists(st.sampled_from(list('ab ,"\r\n\t=+-@;đĐàẫ\u200b') + ["\r\n"]), max_size=8).map("".join),
)


def pandas_bytes(frame: pd.DataFrame) -> bytes:
    return (BOM + escape_formulas(frame).to_csv(index=False, lineterminator="\r\n")).encode("utf-8")


@settings(max_examples=150, deadline=None)
@given(
    texts=st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=6),
    ints=st.lists(st.integers(-(10**12), 10**12), min_size=6, max_size=6),
    floats=st.lists(st.one_of(st.floats(allow_infinity=False, width=64), st.just(float("nan"))), min_size=6, max_size=6),
    header=st.text(alphabet=st.sampled_from(list('ab ,"\n=')), min_size=1, max_size=5),
)
def test_the_same_bytes_as_pandas_for_text_numbers_gaps_and_quotes(texts, ints, floats, header):
    n = len(texts)
    frame = pd.DataFrame(
        {
            header: [a for a, _ in texts],
            "as_str": pd.Series([b for _, b in texts], dtype="str"),
            "int": ints[:n],
            "nullable": pd.array([None if i % 3 == 0 else v for i, v in enumerate(ints[:n])], dtype="Int64"),
            "float": floats[:n],
            "flag": [bool(i % 2) for i in range(n)],
            "mixed": [[1, "a,b", 2.5, None, True, "=x"][i % 6] for i in range(n)],
        }
    )
    assert to_csv_bytes(frame) == pandas_bytes(frame)


def test_zoned_dates_are_iso_8601_with_their_offset_and_a_gap_is_empty():
    """The one place the files differ from pandas' default: a date-time is ISO text Excel and ITU both read."""
    dates = pd.DataFrame({"a": ["x", "y"], "when": pd.to_datetime(["2021-06-03 23:59:59", None]).tz_localize("Asia/Ho_Chi_Minh")})
    assert to_csv_bytes(dates) == BOM.encode("utf-8") + b"a,when\r\nx,2021-06-03T23:59:59+07:00\r\ny,\r\n"
    with_text = dates.assign(when=["2021-06-03T23:59:59+07:00", ""])
    assert to_csv_bytes(dates) == pandas_bytes(with_text)


def test_the_same_bytes_for_empty_frames_and_one_column():
    for frame in (
        pd.DataFrame({"a": pd.Series([], dtype="str"), "b": pd.Series([], dtype="int64")}),
        pd.DataFrame({"only": ["", None, "a\nb"]}),
        pd.DataFrame({"a": [np.nan, 1.5], "b": ["", ""]}),
        # text pandas keeps in several pyarrow chunks (as after a concat of sheet reads)
        pd.DataFrame(
            {"a": pd.concat([pd.Series(["x", "y,z"], dtype="str"), pd.Series(['q"', None], dtype="str")]), "n": [1, 2, 3, 4]}
        ),
    ):
        assert to_csv_bytes(frame) == pandas_bytes(frame), frame
