"""Text on the page: sheet text escaped for Markdown; numbers and dates as campaign.formats writes them."""

from __future__ import annotations

import re

from campaign.formats import fmt_date, fmt_datetime, fmt_int, fmt_pct, fmt_time

__all__ = ["escape_markdown", "fmt_date", "fmt_datetime", "fmt_int", "fmt_pct", "fmt_time"]

# Every ASCII punctuation character may be backslash-escaped in Markdown; escaping all of them leaves none active.
_MARKDOWN_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")


def escape_markdown(text: str) -> str:
    """Text from a sheet or a file, safe to put inside st.markdown/st.error: shown as typed, never as markup."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", "  \n")
