"""The administrative document layout (Phụ lục I, Nghị định 30/2020/NĐ-CP) with python-docx: page, header block,
body paragraphs, tables, the signature block with "Nơi nhận", figures."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
LEFT = WD_ALIGN_PARAGRAPH.LEFT
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT

HEADER_COLUMNS_CM = (7.9, 9.9)  # issuing body | national title: wider than the text, into the left margin as usual
HEADER_SHIFT_CM = -0.8


def new_document(font: str) -> DocxDocument:
    """An empty A4 document: margins 20/20/30/15 mm, the font at 14 pt, justified paragraphs 6 pt apart, page
    numbers from page 2."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = section.footer_distance = Mm(10)
    normal = doc.styles["Normal"]
    normal.font.name = font
    normal.font.size = Pt(14)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), font)
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(6), 1.15
    page_numbers(doc)
    return doc


def page_numbers(doc: DocxDocument) -> None:
    """The page number centred in the top margin, 13 pt upright, from page 2 on (NĐ 30: the first page shows none):
    a PAGE field in the header, and an empty header of its own for the first page."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False  # its own, empty
    p = section.header.paragraphs[0]
    p.paragraph_format.alignment = CENTER
    p.paragraph_format.space_after = Pt(0)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        r = run(p, "", size=13)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            r._r.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            r._r.append(instr)
        else:
            r.text = text


def para(
    where: DocxDocument | _Cell,
    text: str = "",
    *,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    align=JUSTIFY,
    indent: bool = False,
    before: float = 0,
    after: float = 6,
    keep_with_next: bool = False,
    line_spacing: float | None = None,
) -> Paragraph:
    """One paragraph (in the document or a table cell; a fresh cell's empty first paragraph is used)."""
    if isinstance(where, _Cell) and len(where.paragraphs) == 1 and not where.paragraphs[0].text and not where.paragraphs[0].runs:
        p = where.paragraphs[0]
    else:
        p = where.add_paragraph()
    fmt = p.paragraph_format
    fmt.alignment = align
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if indent:
        fmt.first_line_indent = Cm(1.27)
    if keep_with_next:
        fmt.keep_with_next = True
    if line_spacing is not None:
        fmt.line_spacing = line_spacing
    if text:
        run(p, text, size=size, bold=bold, italic=italic)
    return p


def run(p: Paragraph, text: str, *, size: float = 14, bold: bool = False, italic: bool = False):
    r = p.add_run(text)
    r.font.size = Pt(size)
    r.bold, r.italic = bold or None, italic or None
    return r


def rule(cell: _Cell, length_cm: float, width_cm: float) -> None:
    """A short solid line centred in the cell (under the issuing body, under the motto)."""
    p = para(cell, size=2, align=CENTER, after=4)
    side = max((width_cm - length_cm) / 2, 0)
    p.paragraph_format.left_indent = p.paragraph_format.right_indent = Cm(side)
    p.paragraph_format.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    _put(p._p.get_or_add_pPr(), borders)


# The schema's order of the property elements we add (ECMA-376 CT_TblPr, CT_PPr): Word refuses other orders.
_ORDER = {
    "tblPr": (
        "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc tblCellSpacing tblInd "
        "tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription tblPrChange"
    ).split(),
    "pPr": (
        "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
        "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd "
        "snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
        "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
    ).split(),
}


def _put(parent, child) -> None:
    """Insert a property element where the schema wants it."""
    seq = _ORDER[parent.tag.split("}")[1]]
    tag = child.tag.split("}")[1]
    later = [f"w:{t}" for t in seq[seq.index(tag) + 1 :]]
    parent.insert_element_before(child, *later)


def grid(
    doc: DocxDocument,
    rows: int,
    widths_cm: Sequence[float],
    borders: bool,
    shift_cm: float | None = None,
    padding_cm: float | None = None,
) -> Table:
    """A table of fixed column widths (long text wraps inside its cell and never widens the table); centred, or
    shifted from the left margin by `shift_cm`; `padding_cm` left and right inside each cell."""
    table = doc.add_table(rows=rows, cols=len(widths_cm))
    if borders:
        table.style = doc.styles["Table Grid"]
    table.autofit = False
    props = table._tbl.tblPr
    width = props.find(qn("w:tblW"))  # python-docx writes "auto": LibreOffice then squeezes the table to the text width
    if width is None:
        width = OxmlElement("w:tblW")
        _put(props, width)
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(int(sum(widths_cm) * 567)))
    if shift_cm is None:
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
    else:
        indent = OxmlElement("w:tblInd")
        indent.set(qn("w:w"), str(int(shift_cm * 567)))
        indent.set(qn("w:type"), "dxa")
        _put(props, indent)
    if padding_cm is not None:
        margins = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            edge = OxmlElement(f"w:{side}")
            edge.set(qn("w:w"), str(int(padding_cm * 567)))
            edge.set(qn("w:type"), "dxa")
            margins.append(edge)
        _put(props, margins)
    for i, width in enumerate(widths_cm):
        table.columns[i].width = Cm(width)
        for cell in table.columns[i].cells:
            cell.width = Cm(width)
    return table


def header_block(doc: DocxDocument, left: Sequence[tuple[str, bool]], number: str, subject: str | None, docs, date_text: str):
    """The two columns at the top of the first page: the issuing body (lines, bold or not) with a short line under it,
    the number and the subject on the left; the national title, the motto with its line, place and date on the right."""
    left_w, right_w = HEADER_COLUMNS_CM
    table = grid(doc, 1, HEADER_COLUMNS_CM, borders=False, shift_cm=HEADER_SHIFT_CM, padding_cm=0.05)
    cell_l, cell_r = table.rows[0].cells
    for text, bold in left:  # 12 pt (NĐ 30: 12–13): "BỘ THÔNG TIN VÀ TRUYỀN THÔNG" in bold fits on one line
        para(cell_l, text, size=12, bold=bold, align=CENTER, after=0)
    rule(cell_l, 2.6, left_w)
    para(cell_l, number, size=13, align=CENTER, after=2)
    if subject:
        para(cell_l, subject, size=12, align=CENTER, after=0)
    para(cell_r, docs.national_title, size=13, bold=True, align=CENTER, after=0)
    para(cell_r, docs.motto, size=14, bold=True, align=CENTER, after=0)
    rule(cell_r, 5.9, right_w)
    para(cell_r, date_text, size=14, italic=True, align=CENTER, after=0)
    para(doc, after=6, size=6)
    return table


def recipients_block(doc: DocxDocument, label: str, names: Sequence[str]) -> None:
    """'Kính gửi: X.' on one line for one recipient; several: one line each, '- X;' and the last '- Y.'."""
    if len(names) == 1:
        p = para(doc, align=CENTER, after=12)
        run(p, f"{label} ")
        run(p, _end(names[0], "."))
        return
    p = para(doc, label, align=LEFT, after=0)
    p.paragraph_format.left_indent = Cm(3.0)
    for i, name in enumerate(names):
        last = i == len(names) - 1
        line = para(doc, f"- {_end(name, '.' if last else ';')}", align=LEFT, after=12 if last else 0)
        line.paragraph_format.left_indent = Cm(4.0)


def _end(text: str, mark: str) -> str:
    return text.rstrip(" .;,") + mark


def body(doc: DocxDocument, text: str, **kw) -> Paragraph:
    """A body paragraph: justified, first line indented 1,27 cm."""
    return para(doc, text, indent=True, **kw)


def signature_block(doc: DocxDocument, cc_label: str, cc: Sequence[str], authority: Sequence[str], signer: str) -> None:
    """'Nơi nhận:' and its list on the left; the signing authority, room for the signature and seal, the name on the right."""
    widths = (7.8, 8.7)
    table = grid(doc, 1, widths, borders=False)
    left, right = table.rows[0].cells
    para(left, cc_label, size=12, bold=True, italic=True, align=LEFT, after=0)
    for item in cc:
        para(left, f"- {item}", size=11, align=LEFT, after=0)
    for line in authority:
        para(right, line, size=14, bold=True, align=CENTER, after=0)
    for _ in range(4):
        para(right, "", size=14, align=CENTER, after=0)
    para(right, signer, size=14, bold=True, align=CENTER, after=0)
    keep_rows_whole(table)


def keep_rows_whole(table: Table) -> None:
    """No row of the table split across two pages (w:cantSplit on every row)."""
    for row in table.rows:
        props = row._tr.get_or_add_trPr()
        if props.find(qn("w:cantSplit")) is None:
            props.append(OxmlElement("w:cantSplit"))


def repeat_header(table: Table) -> None:
    """The table's first row printed again at the top of each page it runs onto (w:tblHeader)."""
    props = table.rows[0]._tr.get_or_add_trPr()
    if props.find(qn("w:tblHeader")) is None:
        props.append(OxmlElement("w:tblHeader"))


def data_table(
    doc: DocxDocument,
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    widths_cm: Sequence[float],
    *,
    size: float = 12,
    numeric_from: int = 1,
    bold_rows: Iterable[int] = (),
) -> Table:
    """A bordered table: bold header row repeated on every page, no row split across pages; columns from
    `numeric_from` right-aligned."""
    rows = [list(r) for r in rows]
    bold_rows = set(bold_rows)
    table = grid(doc, len(rows) + 1, widths_cm, borders=True)
    for j, text in enumerate(header):
        para(table.rows[0].cells[j], text, size=size, bold=True, align=CENTER, after=0)
    repeat_header(table)
    for i, values in enumerate(rows, start=1):
        for j, text in enumerate(values):
            align = RIGHT if j >= numeric_from else LEFT
            para(table.rows[i].cells[j], str(text), size=size, bold=(i - 1) in bold_rows, align=align, after=0)
    keep_rows_whole(table)
    para(doc, after=6, size=6)
    return table


def figure(doc: DocxDocument, png: bytes, caption: str, width_cm: float, new_page: bool = False) -> None:
    """A chart as a picture, centred, with its caption under it (kept on the picture's page); `new_page`: at the top
    of a new page."""
    p = para(doc, align=CENTER, after=2, keep_with_next=True)
    p.paragraph_format.page_break_before = new_page or None
    p.add_run().add_picture(io.BytesIO(png), width=Cm(width_cm))
    para(doc, caption, size=12, italic=True, align=CENTER, after=10)


def page_break(doc: DocxDocument) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def to_bytes(doc: DocxDocument) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
