"""The dashboard's own Plotly figures as PNG pictures for the documents: kaleido 1.x driving the system Chromium.

One `ChartRenderer` is one Chromium (one kaleido session, one tab): open it once and render every chart of a
document (or of several documents) through it. kaleido finds the browser by `path=`; we pass BROWSER_PATH when it is
set (choreographer's own override), else Debian's `chromium` on PATH. MathJax is off: it would be fetched from a CDN.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import threading

import plotly.graph_objects as go

from campaign.config import Config
from campaign.errors import CampaignError
from dashboard.figures import overview_figures
from dashboard.views import Frames

# Pixel width of each chart: at 16 cm on the page the dashboard's 13 px text prints at about 8–9 pt.
WIDTHS = {"burnup": 700, "groups": 700, "activities": 700, "map": 640}
SCALE = 2  # device pixels per CSS pixel: about 220 dpi at 16 cm wide
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


class ChartRenderer:
    """`with ChartRenderer() as r: r.png(fig)` — one Chromium for every chart rendered inside the block."""

    def __init__(self, browser: str | None = None, timeout: float = TIMEOUT_S):
        self.browser = browser or browser_path()
        self.timeout = timeout
        self.rendered = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido = None
        self._opening = None

    def __enter__(self) -> ChartRenderer:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="kaleido", daemon=True)
        self._thread.start()
        # Chromium starts while the caller builds its figures; the first png() waits for it.
        self._opening = asyncio.run_coroutine_threadsafe(self._open(), self._loop)
        return self

    def _ready(self):
        if self._kaleido is not None:
            return self._kaleido
        try:
            self._kaleido = self._opening.result(self.timeout + 30)
        except Exception as exc:
            self.__exit__(None, None, None)
            raise ChartError(
                f"charts: Chromium could not be started for kaleido ({type(exc).__name__}: {exc}); install Debian's "
                "`chromium` or set BROWSER_PATH to a Chrome/Chromium executable",
                f"biểu đồ: không khởi động được Chromium cho kaleido ({type(exc).__name__}); hãy cài gói `chromium` "
                "hoặc đặt biến BROWSER_PATH trỏ tới Chrome/Chromium",
            ) from None
        return self._kaleido

    async def _open(self):
        import kaleido  # imported when a document with charts is built (it starts nothing by itself)

        k = kaleido.Kaleido(n=1, timeout=self.timeout, path=self.browser, mathjax=False)
        await k.open()
        return k

    def _run(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(self.timeout + 30)

    def png(self, fig: go.Figure, width: int, height: int | None = None) -> bytes:
        """The figure as PNG bytes, `width` × `height` CSS pixels (height: the figure's own) at SCALE."""
        height = int(height or fig.layout.height or 450)
        opts = {"format": "png", "width": int(width), "height": height, "scale": SCALE}
        try:
            data = self._run(self._ready().calc_fig(fig, opts=opts))
        except ChartError:
            raise
        except Exception as exc:
            raise ChartError(
                f"charts: a chart could not be drawn ({type(exc).__name__}: {exc}); try again, or build without charts",
                f"biểu đồ: không vẽ được biểu đồ ({type(exc).__name__}); hãy thử lại",
            ) from None
        self.rendered += 1
        return data

    def __exit__(self, *exc) -> None:
        try:
            if self._kaleido is None and self._opening is not None:
                try:
                    self._kaleido = self._opening.result(self.timeout + 30)
                except Exception:
                    self._kaleido = None
            if self._kaleido is not None:
                self._run(self._kaleido.close())
        finally:
            self._opening = None
            self._kaleido = None
            if self._loop is not None:
                self._loop.call_soon_threadsafe(self._loop.stop)
                self._thread.join(timeout=30)
                self._loop.close()
                self._loop = None


def chart_pngs(renderer: ChartRenderer, frames: Frames, config: Config, lang: str) -> dict[str, bytes]:
    """burnup, groups, activities, map: the overview's figures in the language, as PNG."""
    figures = overview_figures(frames, config, lang)
    return {key: renderer.png(fig, WIDTHS[key]) for key, fig in figures.items()}
