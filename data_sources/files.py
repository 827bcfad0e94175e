"""CSV and XLSX files: a response sheet exported from Google Sheets, and optionally a roster file."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow as pa
from pyarrow import csv as pa_csv

from campaign.columns import blank_rows, name_key
from campaign.config import Config
from campaign.errors import InputError
from campaign.model import RawTables
from data_sources import bounded
from data_sources.base import Source
from data_sources.bounded import Limits

XLSX_SUFFIXES = (".xlsx", ".xlsm")
_EMPTY_LINE = re.compile(rb"\n\r?\n(?=.)|^(\xef\xbb\xbf)?\r?\n", re.S)  # an empty line with more after it


def _has_empty_line(content: bytes) -> bool:
    """An empty line with more after it (two line ends in a row looked for first: most files have none)."""
    if b"\n\n" not in content and b"\n\r\n" not in content and not content.lstrip(b"\xef\xbb\xbf\r").startswith(b"\n"):
        return False
    return _EMPTY_LINE.search(content) is not None


def read_table(
    data: bytes | Path,
    name: str,
    tab: str | None = None,
    tab_aliases: tuple[str, ...] = (),
    limits: Limits | None = None,
    *,
    session: str | None = None,
    slots: str = "files",
) -> pd.DataFrame:
    """One table from CSV or XLSX bytes or a path: header row as labels, cells as text (CSV) or as stored (XLSX).

    Parsed inside the limits (data_sources/bounded.py): a file past them is refused before it is read in full;
    `session` and `slots` say whose turn it is to parse (bounded.run)."""
    return read_tables(_load(data, name), name, tab, tab_aliases, None, limits, session=session, slots=slots)[0]


def read_tables(
    content: bytes,
    name: str,
    tab: str | None,
    tab_aliases: tuple[str, ...] = (),
    extra_tab: str | None = None,
    limits: Limits | None = None,
    *,
    session: str | None = None,
    slots: str = "files",
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """(the wanted table, the workbook's `extra_tab` if it has one) parsed in a child process inside the limits."""
    limits = limits or Limits()
    bounded.check_size(content, name, limits)
    args = (content, name, tab, tuple(tab_aliases), extra_tab, limits)
    return bounded.run(parse_tables, *args, name=name, limits=limits, session=session, slots=slots)


def parse_tables(
    content: bytes, name: str, tab: str | None, tab_aliases: tuple[str, ...], extra_tab: str | None, limits: Limits
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """read_tables' work, in the parsing child: the workbook is opened once for both tabs."""
    bounded.check_zip(content, name, limits)
    if _is_xlsx(content, name):
        book = _open_workbook(content, name)
        table = _tab(book, name, tab, tab_aliases, limits)
        extra = _tab(book, f"{name} [{extra_tab}]", extra_tab, (), limits) if extra_tab in book.sheet_names else None
        return table, extra
    return _read_csv(content, name, limits), None


def _is_xlsx(content: bytes, name: str) -> bool:
    return name.lower().endswith(XLSX_SUFFIXES) or content[:2] == b"PK"


def _load(data: bytes | Path, name: str) -> bytes:
    """The file's bytes; a missing, unreadable or empty file is an input error."""
    try:
        content = data.read_bytes() if isinstance(data, Path) else data
    except FileNotFoundError:
        raise InputError(
            f"{name}: file not found; check the path", f"{name}: không tìm thấy tệp; hãy kiểm tra đường dẫn"
        ) from None
    except OSError as exc:
        raise InputError(
            f"{name}: cannot read the file ({exc.strerror}); check the path and permissions",
            f"{name}: không đọc được tệp ({exc.strerror}); hãy kiểm tra đường dẫn và quyền truy cập",
        ) from None
    if not content or content.isspace():  # not strip(): that copies the whole file
        raise InputError(f"{name}: the file is empty; export the sheet again", f"{name}: tệp trống; hãy xuất lại bảng tính")
    return content


def _read_csv(content: bytes, name: str, limits: Limits) -> pd.DataFrame:
    frame = _arrow_csv(content, name, limits)
    if frame is not None:
        return frame
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(
            f"{name}: not UTF-8 text; export the sheet as CSV (UTF-8) or XLSX",
            f"{name}: không phải văn bản UTF-8; hãy xuất bảng tính dạng CSV (UTF-8) hoặc XLSX",
        ) from None
    bounded.scan_csv(text, name, limits)  # too many rows or columns: refused before pandas builds anything
    # Only empty cells are missing: "N/A" or "null" typed in a form stays text (and is flagged where it matters).
    try:
        frame = pd.read_csv(io.StringIO(text), skip_blank_lines=False, dtype=str, keep_default_na=False, na_values=[""])
    except pd.errors.ParserError as exc:
        raise InputError(
            f"{name}: not a readable CSV ({str(exc).splitlines()[0]}); export the sheet again",
            f"{name}: tệp CSV không đọc được ({str(exc).splitlines()[0]}); hãy xuất lại bảng tính",
        ) from None
    except pd.errors.EmptyDataError:
        raise InputError(
            f"{name}: the file is empty; export the sheet again", f"{name}: tệp trống; hãy xuất lại bảng tính"
        ) from None
    return _drop_trailing_blank_rows(frame)


def _arrow_csv(content: bytes, name: str, limits: Limits) -> pd.DataFrame | None:
    """The CSV read by pyarrow's reader block by block, every cell as text (only an empty cell missing), its rows
    counted as they come (one too many: refused at once). None where pandas' reader must decide: an empty line
    (pyarrow skips it, but a blank sheet row keeps its number), a header cell empty or repeated, a row of another
    width, text that is not UTF-8, more columns than allowed: the caller then reads it the slow, exact way."""
    if _has_empty_line(content):
        return None
    # Names generated, so that every column (the header row too) is read as text: f0, f1, …
    text_columns = {f"f{i}": pa.string() for i in range(limits.max_columns + 1)}
    try:
        reader = pa_csv.open_csv(
            io.BytesIO(content),
            read_options=pa_csv.ReadOptions(use_threads=False, autogenerate_column_names=True, encoding="utf8"),
            parse_options=pa_csv.ParseOptions(newlines_in_values=True),
            convert_options=pa_csv.ConvertOptions(
                column_types=text_columns, null_values=[""], strings_can_be_null=True, quoted_strings_can_be_null=True
            ),
        )
        if len(reader.schema) > limits.max_columns:
            return None
        batches, rows = [], -1  # the header is a row of the file, not of the table
        for batch in reader:
            rows += batch.num_rows
            if rows > limits.max_rows:
                raise bounded.too_many_rows(name, limits)
            batches.append(batch)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, UnicodeDecodeError):
        return None
    table = pa.Table.from_batches(batches, reader.schema)
    if not table.num_rows:
        return None
    header = [column[0].as_py() for column in table.columns]
    if None in header or len(set(header)) < len(header):
        return None
    frame = table.slice(1).rename_columns(header).to_pandas()
    return _drop_trailing_blank_rows(frame)


def _open_workbook(content: bytes, name: str) -> pd.ExcelFile:
    try:
        # Read-only: rows are streamed from the sheet's XML, not loaded whole (pandas' own options).
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True, keep_links=False)
        book = pd.ExcelFile(workbook, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise InputError(
            f"{name}: not a readable XLSX file ({type(exc).__name__}); export the sheet again",
            f"{name}: tệp XLSX không đọc được ({type(exc).__name__}); hãy xuất lại bảng tính",
        ) from None
    return book


def _tab(book: pd.ExcelFile, name: str, tab: str | None, tab_aliases: tuple[str, ...], limits: Limits) -> pd.DataFrame:
    """The wanted tab (or the only one) of an open workbook; a missing tab lists the tabs there are."""
    sheets = book.sheet_names
    wanted = [t for t in (tab, *tab_aliases) if t]
    chosen = next((s for t in wanted for s in sheets if name_key(s) == name_key(t)), None)
    if chosen is None:
        if len(sheets) == 1 or not wanted:
            chosen = sheets[0]
        else:
            raise InputError(
                f"{name}: tab '{tab}' not found; tabs in the file: {', '.join(sheets)}",
                f"{name}: không thấy trang tính '{tab}'; các trang có: {', '.join(sheets)}",
            )
    _check_dimensions(book.book[chosen], name, limits)
    try:
        frame = pd.read_excel(book, sheet_name=chosen, dtype=object, header=0, nrows=limits.max_rows + 1)
    except (OverflowError, ValueError):  # pandas turns a whole-number float into int: a cell of 1e309 is infinity
        frame = _cells_as_stored(book, chosen, limits.max_rows + 1)
    if len(frame) > limits.max_rows:  # the sheet declared fewer rows than it holds
        raise bounded.too_many_rows(name, limits)
    frame.columns = ["" if str(c).startswith("Unnamed:") else c for c in frame.columns]
    return _drop_trailing_blank_rows(frame)


def _check_dimensions(sheet, name: str, limits: Limits) -> None:
    """The sheet's declared size (its <dimension> element); without one, its rows counted as they stream by."""
    rows, columns = sheet.max_row, sheet.max_column
    if rows is None or columns is None:
        rows = columns = 0
        for rows, values in enumerate(sheet.iter_rows(max_col=limits.max_columns + 1, values_only=True), start=1):
            if values and values[-1] is not None:
                columns = limits.max_columns + 1
            if rows > limits.max_rows + 1 or columns > limits.max_columns:
                break
        sheet.reset_dimensions()
    bounded.check_sheet_size(rows, columns, name, limits)


def _cells_as_stored(book: pd.ExcelFile, tab: str, max_rows: int) -> pd.DataFrame:
    """A tab's cells as openpyxl reads them (no conversion), the first row as the header, at most max_rows more."""
    rows = [list(r) for r in book.book[tab].iter_rows(max_row=max_rows + 1, values_only=True)]
    width = max((len(r) for r in rows), default=0)
    rows = [r + [None] * (width - len(r)) for r in rows]
    header = ["" if c is None else c for c in rows[0]] if rows else []
    return pd.DataFrame(rows[1:], columns=header, dtype=object)


def _drop_trailing_blank_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows after the last filled one are outside the data range (an export's padding), not blank answers."""
    if len(frame) and not blank_rows(frame.iloc[-1:])[0]:  # most files end on a filled row: nothing to look for
        return frame
    rows_with_data = ~blank_rows(frame)
    last = rows_with_data.nonzero()[0].max() + 1 if rows_with_data.any() else 0
    return frame.iloc[:last].reset_index(drop=True)


class FileSource(Source):
    """A response file (CSV/XLSX) and an optional roster file; an XLSX may hold both as tabs."""

    def __init__(
        self,
        config: Config,
        responses: Path | bytes,
        responses_name: str | None = None,
        agencies: Path | bytes | None = None,
        agencies_name: str | None = None,
        *,
        session: str | None = None,
    ):
        self.config = config
        self.session = session  # the app's session id: its files are parsed one at a time (bounded.Slots)
        self.responses = responses
        self.responses_name = responses_name or str(responses)
        self.agencies = agencies
        self.agencies_name = agencies_name or (str(agencies) if agencies is not None else "")

    def read(self) -> RawTables:
        cfg, name, limits = self.config, self.responses_name, self.config.limits
        content = _load(self.responses, name)
        roster_tab = cfg.sheet.roster_tab if self.agencies is None else None
        responses, agencies = read_tables(
            content, name, cfg.sheet.responses_tab, cfg.sheet.responses_tab_aliases, roster_tab, limits, session=self.session
        )
        roster_name = f"{name} [{cfg.sheet.roster_tab}]" if agencies is not None else self.agencies_name
        if self.agencies is not None:
            agencies = read_table(self.agencies, self.agencies_name, cfg.sheet.roster_tab, limits=limits, session=self.session)
        return RawTables(
            responses=responses,
            agencies=agencies,
            source=self.responses_name,
            roster_source=roster_name or "roster",
            read_at=dt.datetime.now(dt.UTC),
        )
