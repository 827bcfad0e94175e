"""CSV and XLSX files: a response sheet exported from Google Sheets, and optionally a roster file."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pandas as pd

from campaign.config import Config
from campaign.errors import InputError
from campaign.model import RawTables
from campaign.normalise import blank_rows
from data_sources.base import Source

XLSX_SUFFIXES = (".xlsx", ".xlsm")
_EMPTY_LINE = re.compile(r"\n\r?\n(?=.)|^\r?\n", re.S)  # an empty line with more after it


def read_table(data: bytes | Path, name: str, tab: str | None = None, tab_aliases: tuple[str, ...] = ()) -> pd.DataFrame:
    """One table from CSV or XLSX bytes or a path: header row as labels, cells as text (CSV) or as stored (XLSX)."""
    content = _load(data, name)
    if _is_xlsx(content, name):
        return _tab(_open_workbook(content, name), name, tab, tab_aliases)
    return _read_csv(content, name)


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
    if not content.strip():
        raise InputError(f"{name}: the file is empty; export the sheet again", f"{name}: tệp trống; hãy xuất lại bảng tính")
    return content


def _read_csv(content: bytes, name: str) -> pd.DataFrame:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(
            f"{name}: not UTF-8 text; export the sheet as CSV (UTF-8) or XLSX",
            f"{name}: không phải văn bản UTF-8; hãy xuất bảng tính dạng CSV (UTF-8) hoặc XLSX",
        ) from None
    # Only empty cells are missing: "N/A" or "null" typed in a form stays text (and is flagged where it matters).
    options = {"dtype": str, "keep_default_na": False, "na_values": [""]}
    try:
        # pyarrow's reader is many times faster, but skips empty lines; a blank sheet row must keep its number.
        if not _EMPTY_LINE.search(text):
            try:
                return _drop_trailing_blank_rows(
                    pd.read_csv(io.BytesIO(content), engine="pyarrow", encoding="utf-8-sig", **options)
                )
            except Exception:  # noqa: BLE001 - a stricter parser: let pandas' own read it, or say what is wrong
                pass
        frame = pd.read_csv(io.StringIO(text), skip_blank_lines=False, **options)
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


def _open_workbook(content: bytes, name: str) -> pd.ExcelFile:
    try:
        book = pd.ExcelFile(io.BytesIO(content), engine="openpyxl")
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise InputError(
            f"{name}: not a readable XLSX file ({type(exc).__name__}); export the sheet again",
            f"{name}: tệp XLSX không đọc được ({type(exc).__name__}); hãy xuất lại bảng tính",
        ) from None
    return book


def _tab(book: pd.ExcelFile, name: str, tab: str | None, tab_aliases: tuple[str, ...] = ()) -> pd.DataFrame:
    """The wanted tab (or the only one) of an open workbook; a missing tab lists the tabs there are."""
    sheets = book.sheet_names
    wanted = [t for t in (tab, *tab_aliases) if t]
    chosen = next((t for t in wanted if t in sheets), None)
    if chosen is None:
        if len(sheets) == 1 or not wanted:
            chosen = sheets[0]
        else:
            raise InputError(
                f"{name}: tab '{tab}' not found; tabs in the file: {', '.join(sheets)}",
                f"{name}: không thấy trang tính '{tab}'; các trang có: {', '.join(sheets)}",
            )
    frame = pd.read_excel(book, sheet_name=chosen, dtype=object, header=0)
    frame.columns = ["" if str(c).startswith("Unnamed:") else c for c in frame.columns]
    return _drop_trailing_blank_rows(frame)


def _drop_trailing_blank_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows after the last filled one are outside the data range (an export's padding), not blank answers."""
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
    ):
        self.config = config
        self.responses = responses
        self.responses_name = responses_name or str(responses)
        self.agencies = agencies
        self.agencies_name = agencies_name or (str(agencies) if agencies is not None else "")
        self.label = Path(self.responses_name).name

    def read(self) -> RawTables:
        cfg, name = self.config, self.responses_name
        content = _load(self.responses, name)
        agencies, roster_name = None, self.agencies_name
        if _is_xlsx(content, name):
            book = _open_workbook(content, name)  # once, for both tabs
            responses = _tab(book, name, cfg.responses_tab, cfg.responses_tab_aliases)
            if self.agencies is None and cfg.roster_tab in book.sheet_names:
                agencies, roster_name = _tab(book, name, cfg.roster_tab), f"{name} [{cfg.roster_tab}]"
        else:
            responses = _read_csv(content, name)
        if self.agencies is not None:
            agencies = read_table(self.agencies, self.agencies_name, cfg.roster_tab)
        return RawTables(
            responses=responses,
            agencies=agencies,
            source=self.responses_name,
            roster_source=roster_name or "roster",
            read_at=dt.datetime.now(dt.UTC),
        )
