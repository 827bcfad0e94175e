"""The dashboard's own Plotly figures as PNG pictures for the documents: kaleido 1.x driving the system Chromium.

One `ChartRenderer` is one Chromium (one kaleido session, one tab). `with ChartRenderer() as r:` for one command;
the app keeps one per process (dashboard/document_downloads.py), closed after `idle_s` without a chart (a headless
Chromium holds ~400 MB) and started again by the next chart. Chromium starts in the background as soon as the
renderer is opened, so a caller builds its figures and text meanwhile; `chart_pngs` hands all the figures of a
document to Chromium at once and the caller waits for each picture only where it places it.

Where the time goes (measured on this machine, bench/RESULTS.md): starting Chromium and loading kaleido's page
(plotly.js, 4.8 MB, parsed for the first time) is ~5 CPU-seconds, once per Chromium; drawing a chart is ~0.15–0.3;
kaleido 1.5 then reloads the page after every chart (~0.5 CPU-s each, two thirds of the per-chart cost), which we
skip (`_kaleido_class`). A second tab (`Kaleido(n=2)`) costs another ~3 CPU-s to load and gains little on two cores.

kaleido finds the browser by `path=`; we pass BROWSER_PATH when it is set (choreographer's own override), else
Debian's `chromium` on PATH. MathJax is off: it would be fetched from a CDN.

kaleido's page loads plotly.js' *basic* bundle (bar, scatter and pie traces: all the documents draw), 1.2 MB instead
of plotly.py's full 4.8 MB, the same plotly.js version: the PNGs are byte-identical and a cold Chromium is ready in
about half the time (bench/RESULTS.md). It is vendored in documents/vendor/ (npm's `plotly.js-basic-dist-min`, MIT;
tests/test_documents.py checks its version is plotly.py's own).
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import os
import shutil
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

import plotly.graph_objects as go

from campaign.config import Config
from campaign.errors import CampaignError
from presentation.figures import print_figures
from presentation.views import Frames

SCALE = 2  # device pixels per CSS pixel: about 220 dpi at 16 cm wide
PLOTLY_BASIC = Path(__file__).parent / "vendor" / "plotly-basic.min.js"
BASIC_TRACES = frozenset({"bar", "scatter", "pie"})  # what plotly.js' basic bundle draws
TIMEOUT_S = 120


class ChartError(CampaignError):
    pass


def browser_path() -> str | None:
    """BROWSER_PATH if set, else Chromium or Chrome on PATH (None: let choreographer search)."""
    if os.environ.get("BROWSER_PATH"):
        return os.environ["BROWSER_PATH"]
    for exe in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(exe)
        if found:
            return found
    return None


def _kaleido_class():
    """kaleido.Kaleido without its page reload after every figure.

    kaleido 1.5 (pinned in requirements.txt) puts a tab back in its queue through `_return_kaleido_tab`, which reloads
    the page first: plotly.js parsed again, ~0.5 CPU-s a chart. The page draws each figure with
    `Plotly.toImage({data, layout, config})`, in a detached element of its own that plotly.js removes, so nothing of
    one figure is left for the next (tests/test_documents.py compares a chart drawn after others with the same chart
    drawn first, byte for byte, and counts the reloads). After a failed chart the renderer closes its Chromium and
    the next chart starts a fresh one, so a page in a bad state is never reused.
    """
    import kaleido  # imported when a chart is first drawn (it starts nothing by itself)

    class Kaleido(kaleido.Kaleido):
        async def _return_kaleido_tab(self, tab) -> None:
            await self.tabs_ready.put(tab)

    return Kaleido


class ChartRenderer:
    """`with ChartRenderer() as r: r.png(fig, width)` — one Chromium for every chart rendered inside the block.

    Thread-safe: charts from several threads (app sessions) queue for the one tab. All kaleido work runs on the
    renderer's own event loop thread; `submit` returns a future, `png` waits for it.
    """

    def __init__(self, browser: str | None = None, timeout: float = TIMEOUT_S, idle_s: float | None = None):
        self.browser = browser or browser_path()
        self.timeout = timeout
        self.idle_s = idle_s
        self.rendered = 0  # charts drawn
        self.started = 0  # Chromium processes started
        self.browser_pid: int | None = None  # the last Chromium's (bench/documents.py counts its processes' CPU)
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        # On the loop's thread only:
        self._session: asyncio.Task | None = None  # the opened kaleido (or its start)
        self._busy = 0
        self._idle: asyncio.TimerHandle | None = None
        self._closing = False

    # --- the caller's side -------------------------------------------------------------------------------------

    def open(self) -> ChartRenderer:
        """Start Chromium in the background (if it is not running) and return at once."""
        self._call(self._ensure_session)
        return self

    def __enter__(self) -> ChartRenderer:
        return self.open()

    def __exit__(self, *exc) -> None:
        # Even after an error: waits for a Chromium still starting and closes it, so its profile folder is removed
        # (a process that ended first would leave it, with a traceback from tempfile's clean-up).
        self.close()

    def submit(self, fig: go.Figure, width: int | None = None, height: int | None = None) -> concurrent.futures.Future:
        """Start drawing the figure, `width` × `height` CSS pixels (default: the figure's own size) at SCALE; a
        future of its PNG bytes (read it with `result`)."""
        other = sorted({trace.type for trace in fig.data} - BASIC_TRACES)
        if other:  # a programming error, not the user's: said plainly rather than a blank chart
            raise ChartError(
                f"charts: plotly.js' basic bundle cannot draw {', '.join(other)}; vendor the full bundle in documents/charts.py",
                f"biểu đồ: gói plotly.js cơ bản không vẽ được {', '.join(other)}; hãy dùng gói đầy đủ trong documents/charts.py",
            )
        width = int(width or fig.layout.width or 700)
        height = int(height or fig.layout.height or 450)
        opts = {"format": "png", "width": width, "height": height, "scale": SCALE}
        return self._call(lambda: self._render(fig, opts))

    def result(self, future: concurrent.futures.Future) -> bytes:
        """The PNG of a `submit`; a ChartError says what went wrong, in both languages."""
        try:
            return future.result(2 * self.timeout + 30)
        except ChartError:
            raise
        except Exception as exc:
            raise ChartError(
                f"charts: a chart could not be drawn ({type(exc).__name__}: {exc}); try again, or build without charts",
                f"biểu đồ: không vẽ được biểu đồ ({type(exc).__name__}); hãy thử lại",
            ) from None

    def png(self, fig: go.Figure, width: int | None = None, height: int | None = None) -> bytes:
        """The figure as PNG bytes (see `submit`)."""
        return self.result(self.submit(fig, width, height))

    def close(self, wait: bool = True) -> None:
        """Close Chromium and the loop thread; charts still queued fail. Without `wait`, return at once."""
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is None:
            return
        atexit.unregister(self.close)
        done = asyncio.run_coroutine_threadsafe(self._shutdown(), loop)
        if wait:
            try:
                done.result(self.timeout + 30)
            except Exception:  # noqa: BLE001 — closing: Chromium may already be gone
                pass
            thread.join(timeout=30)

    def _call(self, make_coroutine) -> concurrent.futures.Future:
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                self._thread = threading.Thread(target=_run_loop, args=(loop,), name="kaleido", daemon=True)
                self._thread.start()
                self._loop = loop
                atexit.register(self.close)
            return asyncio.run_coroutine_threadsafe(make_coroutine(), self._loop)

    # --- the loop's side ---------------------------------------------------------------------------------------

    async def _ensure_session(self):
        if self._session is None:
            self._session = asyncio.ensure_future(self._start())
            self._arm_idle()
        session = self._session
        try:
            return await asyncio.shield(session)
        except BaseException:
            if self._session is session and session.done():  # it failed to start: the next chart tries again
                self._session = None
            raise

    async def _start(self):
        self.started += 1
        try:
            k = _kaleido_class()(n=1, timeout=self.timeout, path=self.browser, mathjax=False, plotlyjs=PLOTLY_BASIC.as_uri())
            await asyncio.wait_for(k.open(), self.timeout)
            self.browser_pid = k.subprocess.pid
        except Exception as exc:
            raise ChartError(
                f"charts: Chromium could not be started for kaleido ({type(exc).__name__}: {exc}); install Debian's "
                "`chromium` or set BROWSER_PATH to a Chrome/Chromium executable",
                f"biểu đồ: không khởi động được Chromium cho kaleido ({type(exc).__name__}); hãy cài gói `chromium` "
                "hoặc đặt biến BROWSER_PATH trỏ tới Chrome/Chromium",
            ) from None
        return k

    async def _render(self, fig, opts) -> bytes:
        self._busy += 1
        try:
            for attempt in (1, 2):
                k = await self._ensure_session()
                try:
                    data = await k.calc_fig(fig, opts=opts)
                except BaseException:
                    gone = k.subprocess.poll() is not None
                    await self._drop()  # the next chart starts a fresh Chromium
                    if gone and attempt == 1 and not self._closing:  # Chromium died (killed, out of memory): again
                        continue
                    raise
                self.rendered += 1
                return data
        finally:
            self._busy -= 1
            self._arm_idle()

    def _arm_idle(self) -> None:
        if self._idle is not None:
            self._idle.cancel()
            self._idle = None
        if self.idle_s is not None and self._busy == 0 and self._session is not None:
            self._idle = asyncio.get_running_loop().call_later(self.idle_s, lambda: asyncio.ensure_future(self._if_idle()))

    async def _if_idle(self) -> None:
        if self._busy == 0:
            await self._drop()

    async def _drop(self) -> None:
        session, self._session = self._session, None
        if session is None:
            return
        try:
            k = await session
        except BaseException:  # noqa: BLE001 — it never started: nothing to close
            return
        try:
            await asyncio.wait_for(k.close(), 30)
        except Exception:  # noqa: BLE001 — Chromium is already gone
            pass

    async def _shutdown(self) -> None:
        self._closing = True
        if self._idle is not None:
            self._idle.cancel()
        await self._drop()
        others = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in others:
            task.cancel()
        await asyncio.wait(others, timeout=5) if others else None
        asyncio.get_running_loop().call_soon(asyncio.get_running_loop().stop)


def _run_loop(loop: asyncio.AbstractEventLoop) -> None:
    asyncio.set_event_loop(loop)
    try:
        loop.run_forever()
    finally:
        loop.close()


class Charts(Mapping):
    """key → PNG bytes of figures being drawn: reading one waits for that picture only."""

    def __init__(self, renderer: ChartRenderer, futures: dict[str, concurrent.futures.Future]):
        self._renderer = renderer
        self._futures = futures

    def __getitem__(self, key: str) -> bytes:
        return self._renderer.result(self._futures[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._futures)

    def __len__(self) -> int:
        return len(self._futures)


def chart_pngs(renderer: ChartRenderer, frames: Frames, config: Config, lang: str) -> Charts:
    """burnup, groups, activities, map: the overview's figures in the language, each with its own template and size
    (presentation.figures.print_figures), handed to Chromium at once as PNG."""
    figures = print_figures(frames, config, lang)
    return Charts(renderer, {key: renderer.submit(fig) for key, fig in figures.items()})
