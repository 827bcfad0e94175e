"""Files built to take a parser down (issue 15): each must be refused quickly, costing only the parsing child."""

from __future__ import annotations

import io
import time
import zipfile
import zlib

import openpyxl

from campaign.config import Config
from tests import hostile


def commas_csv(config: Config, commas: int = 2_000_000) -> bytes:
    """A header and one data row, then a line of `commas` commas (2 MB took the server to 7.9 GB and killed it)."""
    return hostile.many_rows_csv(config, 1) + b"," * commas + b"\r\n"


def far_cell_xlsx() -> bytes:
    """A 2 KB workbook with one cell at XFD1048576, the last cell a sheet may have (7.5 GB in 30 s)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"] = "Dấu thời gian"
    sheet["XFD1048576"] = "x"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def undeclared_far_cell_xlsx() -> bytes:
    """far_cell_xlsx with its <dimension> element removed: the size must be found while reading."""
    return _rewrite(far_cell_xlsx(), "xl/worksheets/sheet1.xml", lambda xml: _drop_dimension(xml))


def zip_bomb_xlsx(inflated_mb: int = 256) -> bytes:
    """A valid workbook whose sheet XML inflates to `inflated_mb` MB of blanks from a few hundred KB."""
    head = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    )
    tail = b"</sheetData></worksheet>"
    return _rewrite(far_cell_xlsx(), "xl/worksheets/sheet1.xml", lambda _: None, raw=(head, inflated_mb, tail))


def million_rows_csv(config: Config) -> bytes:
    """1,000,000 short rows, 6 MB (the limit is 100,000 rows; the upload limit 50 MB)."""
    return hostile.many_rows_csv(config, 0) + b",,,x\r\n" * 1_000_000


def _drop_dimension(xml: bytes) -> bytes:
    start = xml.find(b"<dimension")
    end = xml.find(b"/>", start) + 2
    return xml[:start] + xml[end:] if start >= 0 else xml


def _rewrite(data: bytes, member: str, change, raw: tuple | None = None) -> bytes:
    """The zip with one member's content changed (or streamed: head, MB of blanks, tail)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename != member:
                target.writestr(info, content)
            elif raw is None:
                target.writestr(info.filename, change(content))
            else:
                head, megabytes, tail = raw
                with target.open(info.filename, "w", force_zip64=True) as stream:
                    stream.write(head)
                    block = b" " * (1024 * 1024)
                    for _ in range(megabytes):
                        stream.write(block)
                    stream.write(tail)
    return out.getvalue()


# --- functions a parsing child runs in the tests (module level, so they pickle) ---------------------------------


def sleep_forever() -> None:
    time.sleep(3600)


def allocate(megabytes: int) -> int:
    return len(bytearray(megabytes * 1024 * 1024))


def inflate(data: bytes) -> int:
    return len(zlib.decompress(data))
