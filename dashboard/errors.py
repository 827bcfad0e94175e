"""Unexpected errors: a bilingual apology with an error id on the page, the detail in the server log only."""

from __future__ import annotations

import logging
import secrets

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
