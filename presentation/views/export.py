"""Export: the ITU summary as the page shows it and the files' names. (pure functions of a Report, no Streamlit)."""

from __future__ import annotations

import pandas as pd

from campaign import export
from presentation.formats import fmt_int
from presentation.labels import t

ITU_HEADERS = {
    "label_en": "Indicator",
    "agencies": "Agencies",
    "agencies_expected": "Agencies expected",
    "quantity_asked": "Quantity asked",
    "quantity": "Quantity",
}


ITU_SECTIONS = {"activity": "Activity", "participants": "Participants", "group": "Agencies reported, by group"}


def itu_display(itu: pd.DataFrame) -> pd.DataFrame:
    """The ITU summary as the Export page shows it: English headers, numbers grouped (1,292), empty where none."""
    number = lambda v: fmt_int(v, "en")  # noqa: E731
    return pd.DataFrame(
        {
            "Section": itu["section"].map(ITU_SECTIONS).fillna(itu["section"]),
            ITU_HEADERS["label_en"]: itu["label_en"],
            ITU_HEADERS["agencies"]: itu["agencies"].map(number),
            ITU_HEADERS["agencies_expected"]: itu["agencies_expected"].map(number),
            ITU_HEADERS["quantity_asked"]: itu["quantity_asked"].map({"yes": "Yes", "no": "No"}).fillna(""),
            ITU_HEADERS["quantity"]: itu["quantity"].astype(object).map(number),
        }
    ).reset_index(drop=True)


def export_labels(lang: str) -> dict[str, str]:
    return {name: t(f"export_{name}", lang) for name in export.EXPORT_NAMES}
