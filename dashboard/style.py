"""The dashboard's own CSS (dashboard/assets/phone.css): a compact tile layout on a phone, no chart toolbar on a touch
screen (#26).

Streamlit offers no option for how columns wrap on a narrow screen; a stylesheet added to every run does it, aimed
at containers whose key starts with "tiles" (Streamlit gives them the class st-key-<key>), so nothing else moves.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import streamlit as st

CSS = Path(__file__).resolve().parent / "assets" / "phone.css"


@cache
def _css() -> str:
    return CSS.read_text(encoding="utf-8")


def apply() -> None:
    """Add the stylesheet to this run (a <style> element alone takes no room on the page)."""
    st.html(f"<style>{_css()}</style>")
