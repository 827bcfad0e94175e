"""Unexpected errors: a bilingual apology with an error id on the page, the detail in the server log only."""

from __future__ import annotations

import contextlib
import functools
import logging
import secrets
from collections.abc import Callable, Iterator

import streamlit as st

from presentation.labels import t

LOG = logging.getLogger("dashboard")


def log_unexpected(exc: BaseException, where: str) -> str:
    """Log the exception with its traceback under a new error id; return the id (what a person may quote)."""
    error_id = secrets.token_hex(4)
    LOG.error("error %s while %s", error_id, where, exc_info=(type(exc), exc, exc.__traceback__))
    return error_id


def apologise(exc: BaseException, where: str, lang: str) -> None:
    """Show the apology for an unexpected error on the page: no message, path or traceback of it."""
    st.error(t("unexpected_page_error", lang, error_id=log_unexpected(exc, where)), icon=":material/error:")


@contextlib.contextmanager
def apology(where: str) -> Iterator[None]:
    """Run a block of the app: an unexpected error in it is the apology (in the sidebar's language), not Streamlit's
    exception box. Streamlit's st.stop() and reruns are no Exception, so they pass through."""
    try:
        yield
    except Exception as exc:  # noqa: BLE001 - the page shows an apology with an error id; the log has the rest
        apologise(exc, where, str(st.session_state.get("lang", "vi")))


def guarded(run: Callable[..., None], where: str) -> Callable[..., None]:
    """`run` under `apology`: for what Streamlit calls outside the page's script, like a fragment's reruns."""

    @functools.wraps(run)
    def call(*args, **kwargs) -> None:
        with apology(where):
            run(*args, **kwargs)

    return call
