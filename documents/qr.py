"""An agency's own link as a QR code, for the clerk who prints the urging letter (segno: pure Python, no network)."""

from __future__ import annotations

import io

import pandas as pd
import segno
from docx.document import Document as DocxDocument
from docx.shared import Cm

from campaign.config import Config
from campaign.form_links import agency_link
from documents import layout
from presentation.labels import t

QR_WIDTH_CM = 3.2


def qr_png(link: str) -> bytes:
    """The link as a QR code picture (PNG), with the quiet zone a phone's camera needs."""
    buffer = io.BytesIO()
    segno.make(link, error="m", micro=False).save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()


def add_agency_link(doc: DocxDocument, config: Config, to: pd.DataFrame, demo: bool = False) -> None:
    """Beside the request, in a letter to one agency: its own pre-filled link and its QR code. Nothing for a
    letter to several agencies (one link cannot carry several codes) or a campaign without a Form."""
    if len(to) != 1:
        return
    code = str(to["code"].iloc[0])
    link = agency_link(config, code, demo)
    if not link:
        return
    table = layout.grid(doc, 1, (3.6, 12.9), borders=False)
    picture, words = table.rows[0].cells
    picture.paragraphs[0].add_run().add_picture(io.BytesIO(qr_png(link)), width=Cm(QR_WIDTH_CM))
    layout.para(words, t("letter_own_link", "vi", code=code), size=13, align=layout.LEFT, after=0)
    layout.para(words, link, size=11, align=layout.LEFT, after=0)
