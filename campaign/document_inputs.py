"""What only a person knows for the documents: the original letter's number and date, who signs, the proposals.

campaign.toml gives what it can (the original letter's signer, the titles); the coordinator types the rest on the
Export page, which keeps it in the coordinator's store (one `document_settings` entry per save, the latest counts),
or gives it to the command line. `resolve` puts the three together, in that order of precedence from the last:
config, then the store, then what is given now. `missing` names what a document still lacks.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import pandas as pd

if TYPE_CHECKING:
    from campaign.config import Config

DOCUMENTS = ("letter", "final", "itu")


@dataclass(frozen=True)
class Input:
    """One thing a person fills in: its key (the store's column, the form's field), its kind, the documents using it."""

    key: str
    kind: Literal["text", "date", "lines", "long"]
    documents: tuple[str, ...]


# In the order the Export page asks for them.
INPUTS = (
    Input("original_number", "text", ("letter", "final")),
    Input("original_date", "date", ("letter", "final")),
    Input("letter_signer_title", "lines", ("letter",)),
    Input("letter_signer_name", "text", ("letter",)),
    Input("report_signer_title", "lines", ("final",)),
    Input("report_signer_name", "text", ("final", "itu")),
    Input("itu_signer_title", "text", ("itu",)),
    Input("proposals", "long", ("final",)),
)
INPUT_KEYS = tuple(i.key for i in INPUTS)
KIND = {i.key: i.kind for i in INPUTS}


@dataclass(frozen=True)
class DocumentInputs:
    """The values the documents are built with (empty: not known)."""

    original_number: str = ""
    original_date: dt.date | None = None
    letter_signer_title: tuple[str, ...] = ()
    letter_signer_name: str = ""
    report_signer_title: tuple[str, ...] = ()
    report_signer_name: str = ""
    itu_signer_title: str = ""
    proposals: str = ""

    def missing(self, document: str) -> tuple[str, ...]:
        """The keys a document uses that have no value yet, in INPUTS order."""
        return tuple(i.key for i in INPUTS if document in i.documents and not getattr(self, i.key))

    def as_text(self) -> dict[str, str]:
        """key → the value as one text cell (a date as 2021-05-06, lines joined by a line break)."""
        return {key: to_text(KIND[key], getattr(self, key)) for key in INPUT_KEYS}

    def entry(self, entry_id: str, by: str, at: str) -> dict[str, str]:
        """The store entry that keeps these values."""
        return {"id": entry_id, **self.as_text(), "by": by, "at": at}


def to_text(kind: str, value) -> str:
    if kind == "date":
        return value.isoformat() if value else ""
    if kind == "lines":
        return "\n".join(value)
    return str(value or "")


_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def from_text(kind: str, text: object):
    """A cell (as typed into the store's tab, by the form or by hand) → the value; a date that is not one → None."""
    text = "" if text is None or (not isinstance(text, str) and pd.isna(text)) else str(text).strip()
    if kind == "date":
        if not text:
            return None
        found = _DMY.match(text)
        try:
            if found:
                day, month, year = map(int, found.groups())
                return dt.date(year, month, day)
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            return None
    if kind == "lines":
        return tuple(line.strip() for line in lines_of(text) if line.strip())
    if kind == "long":
        return "\n".join(line.rstrip() for line in lines_of(text.strip()))
    return " ".join(text.split())


def lines_of(text: str) -> list[str]:
    """Text cut at its line breaks only (str.splitlines also cuts at control characters a pasted text may hold)."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def defaults(config: Config) -> DocumentInputs:
    """What campaign.toml knows."""
    docs = config.documents
    c = config.campaign
    if docs is None:
        return DocumentInputs(original_number=c.original_letter_number, original_date=c.original_letter_date)
    return DocumentInputs(
        original_number=c.original_letter_number,
        original_date=c.original_letter_date,
        letter_signer_title=docs.letter.signer_authority,
        letter_signer_name=docs.letter.signer_name,
        report_signer_title=docs.report.signer_authority,
        report_signer_name=docs.report.signer_name,
        itu_signer_title=docs.itu.signer_title,
    )


def latest_saved(table: pd.DataFrame | None) -> dict[str, object]:
    """The latest saved entry's values (its empty cells left out: the config's value stands for them)."""
    if table is None or table.empty:
        return {}
    ordered = table.assign(_n=range(len(table))).sort_values(["at", "_n"], kind="stable")
    last = ordered.iloc[-1]
    out = {}
    for key in INPUT_KEYS:
        value = from_text(KIND[key], last.get(key, ""))
        if value:
            out[key] = value
    return out


def resolve(config: Config, saved: pd.DataFrame | None = None, given: dict | None = None) -> DocumentInputs:
    """The config's values, over them the store's latest entry, over that what is `given` now (None: not given)."""
    values = defaults(config)
    values = dataclasses.replace(values, **latest_saved(saved))
    given = {k: (from_text(KIND[k], v) if isinstance(v, str) else v) for k, v in (given or {}).items() if v is not None}
    unknown = set(given) - set(INPUT_KEYS)
    if unknown:
        raise KeyError(f"not a document input: {', '.join(sorted(unknown))}")
    return dataclasses.replace(values, **{k: tuple(v) if KIND[k] == "lines" else v for k, v in given.items()})
