"""Numbers and dates as a Vietnamese reader writes them (1.200; 65,5%; 03/06/2021), and as an English one does."""

from __future__ import annotations

import datetime as dt

import pandas as pd


def fmt_int(value: int | float | None, lang: str = "vi") -> str:
    """1200 → '1.200' (vi) or '1,200' (en); '' for none."""
    if value is None or pd.isna(value):
        return ""
    text = f"{int(value):,}"
    return text.replace(",", ".") if lang == "vi" else text


def fmt_pct(share: float, lang: str = "vi", digits: int = 1) -> str:
    """0.655 → '65,5%' (vi) or '65.5%' (en)."""
    text = f"{share * 100:,.{digits}f}"
    if lang == "vi":
        text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{text}%"


def fmt_date(moment: dt.datetime | dt.date | pd.Timestamp) -> str:
    """dd/mm/yyyy in both languages (the form and the letter write dates so)."""
    return moment.strftime("%d/%m/%Y")


def fmt_time(moment: dt.datetime | pd.Timestamp) -> str:
    return moment.strftime("%H:%M")


def fmt_datetime(moment: dt.datetime | pd.Timestamp | None) -> str:
    """'03/06/2021 17:00'; '' for none."""
    if moment is None or pd.isna(moment):
        return ""
    return f"{fmt_date(moment)} {fmt_time(moment)}"
