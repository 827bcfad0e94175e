"""The page of photos the coordinator chose for the reports ("Hình ảnh tiêu biểu", "Photos"): two per row, each with
its caption and the agency it came from, on a page of its own."""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx.shared import Cm, Pt

from campaign.evidence import ReportPhoto
from documents import layout
from documents.text import fill, name, plain

PHOTO_WIDTH_CM = 7.6  # two side by side in the text width, with room between them
CAPTION_CHARS = 300


def photo_page(doc, heading: str, credit: str, photos: Sequence[ReportPhoto], lang: str, values: dict) -> None:
    """A new page: the heading, then the photos two per row, each captioned in `lang` and credited to its agency.
    Nothing at all when no photo was chosen."""
    if not photos:
        return
    p = layout.para(doc, fill(heading, values), size=14, bold=True, align=layout.CENTER, after=8, keep_with_next=True)
    p.paragraph_format.page_break_before = True
    rows = (len(photos) + 1) // 2
    table = layout.grid(doc, rows, (8.2, 8.2), borders=False)
    layout.keep_rows_whole(table)
    for i, photo in enumerate(photos):
        cell = table.cell(i // 2, i % 2)
        picture = cell.paragraphs[0]
        picture.alignment = layout.CENTER
        picture.add_run().add_picture(io.BytesIO(photo.image), width=Cm(PHOTO_WIDTH_CM))
        caption = photo.caption_vi if lang == "vi" else photo.caption_en
        agency = photo.agency_vi if lang == "vi" else photo.agency_en
        text = cell.add_paragraph()
        text.alignment = layout.CENTER
        layout.run(text, plain(caption, CAPTION_CHARS), size=11)
        who = cell.add_paragraph()
        who.alignment = layout.CENTER
        who.paragraph_format.space_after = Pt(10)
        layout.run(who, fill(credit, values, agency=name(agency)), size=10, italic=True)
