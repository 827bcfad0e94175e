"""Untrusted files parsed inside limits, so that no file can take the server down.

Every uploaded or fetched file (responses, roster; the dashboard, the CLI, a published CSV) goes through here:

1. before parsing, in this process: the byte size, and for an XLSX (a zip) the members' declared uncompressed
   sizes and their expansion ratio, read from the zip's directory without inflating anything;
2. then the parse itself runs in a **child process** with an address-space limit (`RLIMIT_AS`), a CPU limit and
   a wall-clock limit. Inside it, a CSV is scanned row by row (more columns or rows than allowed: refused at
   once, before pandas sees it) and an XLSX sheet's declared dimensions are checked before it is read.
   A file bomb then costs only the child: it runs out of memory or time, dies, and the person sees
   "Tệp quá lớn hoặc không hợp lệ / The file is too large or malformed". The server and every other session
   carry on.

The child comes from a *forkserver*: a small single-threaded process started once, which forks a child per parse.
Forking the server itself is unsafe (Streamlit and pyarrow run threads; a fork copies locks held by other
threads), and a fresh *spawn* would import pandas for every file.
"""

from __future__ import annotations

import csv
import io
import multiprocessing
import resource
import threading
import zipfile
from collections.abc import Callable
from multiprocessing import spawn

from campaign.config import Limits as Limits  # what a file may be: [limits], every default in campaign/config.py
from campaign.errors import CampaignError, InputError

REFUSED_EN = "The file is too large or malformed"
REFUSED_VI = "Tệp quá lớn hoặc không hợp lệ"
_WHAT_TO_DO_EN = (
    "upload only the response tab (File → Download → CSV), or ask the administrator to raise [limits] in campaign.toml"
)
_WHAT_TO_DO_VI = (
    "hãy chỉ tải lên trang câu trả lời (Tệp → Tải xuống → CSV), hoặc nhờ quản trị viên tăng mục [limits] trong campaign.toml"
)
_MB = 1024 * 1024
# Parses at the same time in this process; more wait their turn (each child may use `memory_mb`).
_PARALLEL = threading.BoundedSemaphore(2)


def refused(name: str, reason_en: str, reason_vi: str) -> InputError:
    """'<file>: The file is too large or malformed (<why>); <what to do>', in both languages."""
    return InputError(
        f"{name}: {REFUSED_EN} ({reason_en}); {_WHAT_TO_DO_EN}",
        f"{name}: {REFUSED_VI} ({reason_vi}); {_WHAT_TO_DO_VI}",
    )


def _fmt_mb(size: float) -> str:
    return f"{size / _MB:.1f} MB"


def _vi(number: float) -> str:
    """A whole number as Vietnamese writes it: 100.000."""
    return f"{number:,.0f}".replace(",", ".")


def check_size(content: bytes, name: str, limits: Limits) -> None:
    """Refuse a file over max_file_mb, and a zip whose members would inflate past the limits (read from its
    directory: nothing is inflated here)."""
    if len(content) > limits.max_file_mb * _MB:
        raise refused(
            name,
            f"{_fmt_mb(len(content))}, more than {limits.max_file_mb:g} MB",
            f"{_fmt_mb(len(content)).replace('.', ',')}, vượt quá {limits.max_file_mb:g} MB",
        )
    if not content.startswith(b"PK"):
        return
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise refused(name, "not a readable XLSX/zip file", "không phải tệp XLSX/zip đọc được") from None
    total = sum(m.file_size for m in members)
    if total > limits.max_unzipped_mb * _MB:
        raise refused(
            name,
            f"its parts hold {_fmt_mb(total)} once unzipped, more than {limits.max_unzipped_mb:g} MB",
            f"các phần của tệp chiếm {_fmt_mb(total).replace('.', ',')} khi giải nén, vượt quá {limits.max_unzipped_mb:g} MB",
        )
    for member in members:
        # Small members compress arbitrarily well (a blank sheet); a ratio matters once a member is large.
        if member.file_size > _MB and member.file_size > limits.max_zip_ratio * max(member.compress_size, 1):
            ratio = member.file_size / max(member.compress_size, 1)
            raise refused(
                name,
                f"a zip bomb: {member.filename} inflates {ratio:,.0f} times",
                f"tệp nén bất thường: {member.filename} phình ra {_vi(ratio)} lần",
            )


# --- inside the child -------------------------------------------------------------------------------


def scan_csv(text: str, name: str, limits: Limits) -> None:
    """Refuse a CSV with a row past the limits before any table is built.

    Lines and separators are upper bounds of rows and fields (a quoted cell may hold either): a file within
    them passes at once; otherwise its rows are read one by one, and it is refused at the first one too many."""
    lines = text.count("\n") + (not text.endswith("\n"))
    if lines <= limits.max_rows + 1 and max(map(_commas, text.split("\n"))) < limits.max_columns:
        return
    csv.field_size_limit(max(int(limits.max_file_mb * _MB), 131072))
    for number, row in enumerate(csv.reader(io.StringIO(text, newline=""))):
        if len(row) > limits.max_columns:
            raise too_many_columns(name, len(row), limits, line=number + 1)
        if number > limits.max_rows:  # the header is line 0
            raise too_many_rows(name, limits)


def _commas(line: str) -> int:
    return line.count(",")


def check_sheet_size(rows: int | None, columns: int | None, name: str, limits: Limits) -> None:
    """A sheet's size (header row included), as declared or as counted."""
    if columns is not None and columns > limits.max_columns:
        raise too_many_columns(name, columns, limits)
    if rows is not None and rows > limits.max_rows + 1:
        raise too_many_rows(name, limits)


def too_many_columns(name: str, columns: int, limits: Limits, line: int | None = None) -> InputError:
    where_en = f" on line {line:,}" if line else ""
    where_vi = f" ở dòng {_vi(line)}" if line else ""
    return refused(
        name,
        f"{columns:,} columns{where_en}, more than {limits.max_columns:,}",
        f"{_vi(columns)} cột{where_vi}, vượt quá {_vi(limits.max_columns)} cột",
    )


def too_many_rows(name: str, limits: Limits) -> InputError:
    return refused(
        name,
        f"more than {limits.max_rows:,} rows; delete test or duplicate rows, or split the sheet",
        f"hơn {_vi(limits.max_rows)} dòng; hãy xóa các dòng thử hoặc trùng lặp, hoặc tách bảng tính",
    )


def _limit_child(limits: Limits) -> None:
    """Set the child's own limits before it touches the file."""
    memory = int(limits.parse_memory_mb * _MB)
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = int(limits.parse_seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    try:  # pyarrow's own allocator reserves hundreds of MB of address space up front; malloc does not
        import pyarrow

        pyarrow.set_memory_pool(pyarrow.system_memory_pool())
        pyarrow.set_cpu_count(1)
        pyarrow.set_io_thread_count(1)
    except ImportError:  # pragma: no cover - pyarrow is a dependency of the app
        pass


def _child(conn, fn: Callable, args: tuple, limits: Limits) -> None:
    try:
        _limit_child(limits)
        result = ("ok", fn(*args))
    except CampaignError as exc:
        result = ("error", type(exc).__name__, exc.en, exc.vi)
    except MemoryError:
        result = ("memory",)
    except RecursionError:
        result = ("malformed", "RecursionError")
    except Exception as exc:  # noqa: BLE001 - whatever a hostile file makes a parser raise, it is refused
        result = ("malformed", type(exc).__name__)
    try:
        conn.send(result)
    except MemoryError:  # the answer itself did not fit
        conn.send(("memory",))
    finally:
        conn.close()


_CONTEXT: multiprocessing.context.BaseContext | None = None
_CONTEXT_LOCK = threading.Lock()
_PROCESS_NAME = "bounded-parse"
_preparation_data = spawn.get_preparation_data


def _without_main(name: str) -> dict:
    """A parsing child needs none of the parent's __main__ (under `streamlit run` it is Streamlit's command line,
    which the child would otherwise import again for every file): multiprocessing's preparation data without it,
    for this module's children only."""
    data = _preparation_data(name)
    if name == _PROCESS_NAME:
        data.pop("init_main_from_path", None)
        data.pop("init_main_from_name", None)
    return data


spawn.get_preparation_data = _without_main


def _context() -> multiprocessing.context.BaseContext:
    global _CONTEXT
    with _CONTEXT_LOCK:
        if _CONTEXT is None:
            context = multiprocessing.get_context("forkserver")
            # The forkserver imports these once; each child is a fork of it, ready to parse.
            context.set_forkserver_preload(["data_sources.bounded", "data_sources.files", "pandas", "openpyxl"])
            _CONTEXT = context
        return _CONTEXT


def run(fn: Callable, *args, name: str, limits: Limits):
    """fn(*args) in a child process inside the limits; its result, or an InputError saying the file was refused.

    fn and its arguments and result must pickle (fn a module-level function). A CampaignError raised by fn comes
    back as the same kind of error with its message.
    """
    with _PARALLEL:
        parent, child = _context().Pipe(duplex=False)
        process = _context().Process(target=_child, args=(child, fn, args, limits), name=_PROCESS_NAME, daemon=True)
        process.start()
        child.close()
        try:
            if parent.poll(limits.parse_seconds):
                try:
                    answer = parent.recv()
                except (EOFError, OSError):
                    answer = ("died",)
            else:
                answer = ("timeout",)
        finally:
            parent.close()
            if process.is_alive():
                process.kill()
            process.join(5)
    kind = answer[0]
    if kind == "ok":
        return answer[1]
    if kind == "error":
        error_type = {"InputError": InputError}.get(answer[1], CampaignError)
        raise error_type(answer[2], answer[3])
    if kind == "timeout":
        raise refused(
            name,
            f"reading it took longer than {limits.parse_seconds:g} s",
            f"đọc tệp mất hơn {limits.parse_seconds:g} giây",
        )
    if kind in ("memory", "died"):
        raise refused(
            name,
            f"reading it needs more than {limits.parse_memory_mb:,} MB of memory",
            f"đọc tệp cần hơn {_vi(limits.parse_memory_mb)} MB bộ nhớ",
        )
    raise refused(name, f"the reader failed: {answer[1]}", f"trình đọc tệp gặp lỗi: {answer[1]}")
