"""The forkserver the parsing children come from (data_sources/bounded.py), in a module that imports nothing heavy:
the command line starts it first thing (`start`), so that its own start (an interpreter importing pandas) runs
on the other core while the command imports its own modules, instead of after them."""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
import threading

# The forkserver imports these once; each child is a fork of it, ready to parse.
PRELOAD = ["data_sources.bounded", "data_sources.files", "pandas", "openpyxl"]
_CONTEXT: multiprocessing.context.BaseContext | None = None
_LOCK = threading.Lock()


def context() -> multiprocessing.context.BaseContext:
    """The forkserver context, with its preload set."""
    global _CONTEXT
    with _LOCK:
        if _CONTEXT is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(PRELOAD)
            _CONTEXT = context
        return _CONTEXT


def start() -> None:
    """Start the forkserver now rather than at the first parse (it is started once per process either way)."""
    context()
    multiprocessing.forkserver.ensure_running()
