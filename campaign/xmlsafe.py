"""Text made safe for XML documents (XLSX, DOCX): characters XML 1.0 cannot hold are replaced or removed.

Sheet text is typed or pasted by people: Word's manual line break (U+000B, vertical tab) and page break (U+000C)
are common and become line breaks; other control characters, lone surrogates and U+FFFE/U+FFFF are removed.
openpyxl and python-docx raise on such a character (openpyxl's IllegalCharacterError), which once took the
Export page down for everyone. One function for every writer of XML: the workbook here, documents elsewhere.
"""

from __future__ import annotations

import re

import pandas as pd

LINE_BREAKS = re.compile("[\x0b\x0c]")
ILLEGAL_XML = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(value: object) -> object:
    """Text with XML-illegal characters replaced (U+000B/U+000C → line break) or removed; other values as they are."""
    if not isinstance(value, str):
        return value
    if not (LINE_BREAKS.search(value) or ILLEGAL_XML.search(value)):
        return value
    return ILLEGAL_XML.sub("", LINE_BREAKS.sub("\n", value))


def xml_safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell and header made XML-safe (the same frame when nothing needed it)."""
    out = frame
    for i in range(frame.shape[1]):
        values = frame.iloc[:, i]
        if values.dtype != object and not pd.api.types.is_string_dtype(values):
            continue
        cleaned = values.map(xml_safe, na_action="ignore")
        if not cleaned.equals(values):
            if out is frame:
                out = frame.copy()
            out.isetitem(i, cleaned)
    headers = [xml_safe(c) for c in frame.columns]
    if headers != list(frame.columns):
        out = out.copy() if out is frame else out
        out.columns = headers
    return out
