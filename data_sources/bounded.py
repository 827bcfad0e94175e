"""Untrusted files parsed inside limits, so that no file can take the server down.

Every uploaded or fetched file (responses, roster; the dashboard, the CLI, a published CSV) goes through here:

1. before parsing, in this process: the byte size only (nothing of the file is parsed here, not even a zip's
   directory: 560,000 empty members cost the server 375 MB when it was read here);
2. then the parse itself runs in a **child process** with an address-space limit (`RLIMIT_AS`), a CPU limit and
   a wall-clock limit. Inside it, an XLSX's (a zip's) members' declared sizes and expansion ratio are checked
   from its directory without inflating anything, a CSV is read by pyarrow's CSV reader block by block (more
   columns or rows than allowed: refused at once) and an XLSX sheet's declared dimensions are checked before it
   is read. Tables come back as Arrow IPC bytes (`send_bytes`), not as pickled Python objects.
   A file bomb then costs only the child: it runs out of memory or time, dies, and the person sees
   "Tệp quá lớn hoặc không hợp lệ / The file is too large or malformed". The server and every other session
   carry on.

The child comes from a *forkserver*: a small single-threaded process started once, which forks a child per parse.
Forking the server itself is unsafe (Streamlit and pyarrow run threads; a fork copies locks held by other
threads), and a fresh *spawn* would import pandas for every file.

Parse slots are shared fairly (`Slots`): two children at once for files, one of them at most per session; a
session whose files ran out of time twice has its next files refused for a minute; the published CSV, read for
every visitor, has a slot of its own that uploads cannot take.
"""

from __future__ import annotations

import csv
import io
import multiprocessing
import resource
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing import spawn

from campaign.config import Limits as Limits  # what a file may be: [limits], every default in campaign/config.py
from campaign.errors import CampaignError, InputError
from data_sources import forkserver

REFUSED_EN = "The file is too large or malformed"
REFUSED_VI = "Tệp quá lớn hoặc không hợp lệ"
_WHAT_TO_DO_EN = (
    "upload only the response tab (File → Download → CSV), or ask the administrator to raise [limits] in campaign.toml"
)
_WHAT_TO_DO_VI = (
    "hãy chỉ tải lên trang câu trả lời (Tệp → Tải xuống → CSV), hoặc nhờ quản trị viên tăng mục [limits] trong campaign.toml"
)
_MB = 1024 * 1024
_MAX_ZIP_MEMBERS = 10_000  # a workbook has tens of parts (one per sheet, style, image …)


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
    """Refuse a file over max_file_mb (in the server: the length of the bytes, nothing parsed)."""
    if len(content) > limits.max_file_mb * _MB:
        raise refused(
            name,
            f"{_fmt_mb(len(content))}, more than {limits.max_file_mb:g} MB",
            f"{_fmt_mb(len(content)).replace('.', ',')}, vượt quá {limits.max_file_mb:g} MB",
        )


# --- inside the child -------------------------------------------------------------------------------


def check_zip(content: bytes, name: str, limits: Limits) -> None:
    """In the child: refuse a zip whose members would inflate past the limits, read from its directory (nothing is
    inflated). A directory of very many members costs memory to read, which is why this runs in the child."""
    if not content.startswith(b"PK"):
        return
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise refused(name, "not a readable XLSX/zip file", "không phải tệp XLSX/zip đọc được") from None
    if len(members) > _MAX_ZIP_MEMBERS:
        raise refused(
            name,
            f"it holds {len(members):,} parts, more than {_MAX_ZIP_MEMBERS:,}",
            f"tệp gồm {_vi(len(members))} phần, vượt quá {_vi(_MAX_ZIP_MEMBERS)} phần",
        )
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


class _Table:
    """A table in the answer: the index of its Arrow IPC stream, sent after the answer with `send_bytes`."""

    def __init__(self, index: int):
        self.index = index


def _to_wire(value, streams: list) -> object:
    """The answer with each table (a pyarrow Table, or a DataFrame of text) replaced by a _Table whose IPC stream
    is appended to `streams`; anything else (an XLSX's cells as stored) stays as it is, pickled."""
    if isinstance(value, tuple):
        return tuple(_to_wire(v, streams) for v in value)
    import pandas as pd
    import pyarrow as pa

    if isinstance(value, pd.DataFrame):
        # A table of text (a CSV's) goes as Arrow; an XLSX's cells as stored (numbers, dates, text mixed in one
        # column) would change kind on the way, so they are pickled.
        text = all(isinstance(dtype, pd.StringDtype) for dtype in value.dtypes)
        if not text or not all(isinstance(c, str) for c in value.columns) or value.columns.has_duplicates:
            return value
        value = pa.Table.from_pandas(value, preserve_index=False)
    if isinstance(value, pa.Table):
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, value.schema) as writer:
            writer.write_table(value)
        streams.append(sink.getvalue())
        return _Table(len(streams) - 1)
    return value


def _from_wire(value, streams: list[bytes]) -> object:
    if isinstance(value, tuple):
        return tuple(_from_wire(v, streams) for v in value)
    if isinstance(value, _Table):
        import pyarrow as pa

        # Zero-copy over the received bytes; pandas' own str columns (pyarrow-backed) come out.
        return pa.ipc.open_stream(pa.py_buffer(streams[value.index])).read_all().to_pandas()
    return value


def _child(conn, fn: Callable, args: tuple, limits: Limits) -> None:
    streams: list = []
    try:
        _limit_child(limits)
        result = ("ok", _to_wire(fn(*args), streams), len(streams))
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
        for stream in streams if result[0] == "ok" else ():
            conn.send_bytes(stream)
    except MemoryError:  # the answer itself did not fit
        conn.send(("memory",))
    finally:
        conn.close()


class Slots:
    """Who may start a parsing child now: `size` at once, at most one per session (a session's next file waits for
    its previous one); a session whose files ran out of time `strikes` times has its files refused for `pause_s`.
    One per kind of read (`SLOTS`), so the published CSV every visitor sees never waits behind uploads."""

    def __init__(self, size: int, strikes: int = 2, pause_s: float = 60.0, clock: Callable[[], float] = time.monotonic):
        self.size, self.strikes, self.pause_s, self.clock = size, strikes, pause_s, clock
        self._free = threading.BoundedSemaphore(size)
        self._lock = threading.Lock()
        self._sessions: dict[str, list] = {}  # session -> [its lock, how many hold or wait for it]
        self._timeouts: dict[str, list[float]] = {}  # session -> when its files ran out of time, recent first

    @contextmanager
    def hold(self, session: str | None, name: str, limits: Limits) -> Iterator[None]:
        """A slot for one parse of `session`'s file (None: a read of no session, such as the CLI's)."""
        if session is None:
            with self._free:
                yield
            return
        self._refuse_if_paused(session, name, limits)
        with self._lock:
            entry = self._sessions.setdefault(session, [threading.Lock(), 0])
            entry[1] += 1
        try:
            with entry[0]:
                self._refuse_if_paused(session, name, limits)  # its files before this one may have run out of time
                with self._free:
                    yield
        finally:
            with self._lock:
                entry[1] -= 1
                if not entry[1]:
                    del self._sessions[session]

    def timed_out(self, session: str | None) -> None:
        if session is not None:
            with self._lock:
                self._timeouts[session] = [self.clock(), *self._timeouts.get(session, ())][: self.strikes]

    def _refuse_if_paused(self, session: str, name: str, limits: Limits) -> None:
        with self._lock:
            times = self._timeouts.get(session, [])
            if len(times) < self.strikes:
                return
            wait = times[0] + self.pause_s - self.clock()
            if wait <= 0:
                del self._timeouts[session]
                return
        raise refused(
            name,
            f"your last {self.strikes} files each took longer than {limits.parse_seconds:g} s to read; try again in {wait:.0f} s",
            f"{self.strikes} tệp gần nhất của bạn đều đọc mất hơn {limits.parse_seconds:g} giây; hãy thử lại sau {wait:.0f} giây",
        )


# Parse slots per kind of read (each child may use `parse_memory_mb`): uploaded and local files, and the published
# CSV of the app's configured sheet.
SLOTS = {"files": Slots(2), "published": Slots(1)}


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
    return forkserver.context()


def run(fn: Callable, *args, name: str, limits: Limits, session: str | None = None, slots: str = "files"):
    """fn(*args) in a child process inside the limits; its result, or an InputError saying the file was refused.

    fn and its arguments must pickle (fn a module-level function); its result too, except tables (a pyarrow Table or
    a DataFrame, alone or in a tuple), which come back as Arrow IPC. A CampaignError raised by fn comes back as the
    same kind of error with its message. `session` (the app's session id) and `slots` (a key of SLOTS) say whose
    turn it is to parse.
    """
    slot = SLOTS[slots]
    with slot.hold(session, name, limits):
        answer = _parse_in_child(fn, args, limits)
        if answer[0] == "timeout":  # counted while the session's turn is held: its next file sees it
            slot.timed_out(session)
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


def _parse_in_child(fn: Callable, args: tuple, limits: Limits) -> tuple:
    """The child's answer: ("ok", result) with its tables rebuilt, an error's fields, or ("timeout",) / ("died",)."""
    parent, child = _context().Pipe(duplex=False)
    process = _context().Process(target=_child, args=(child, fn, args, limits), name=_PROCESS_NAME, daemon=True)
    deadline = time.monotonic() + limits.parse_seconds
    process.start()
    child.close()
    try:
        if not parent.poll(limits.parse_seconds):
            return ("timeout",)
        answer = parent.recv()
        if answer[0] != "ok":
            return answer
        streams = []
        for _ in range(answer[2]):  # the tables follow the answer; the same deadline holds for them
            if not parent.poll(max(deadline - time.monotonic(), 0)):
                return ("timeout",)
            streams.append(parent.recv_bytes())
        return ("ok", _from_wire(answer[1], streams))
    except (EOFError, OSError):
        return ("died",)
    finally:
        parent.close()
        if process.is_alive():
            process.kill()
        process.join(5)
