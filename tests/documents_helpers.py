"""Reading generated DOCX files back (python-docx) and rendering them (LibreOffice headless, poppler) for the tests."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import uuid
import zipfile
from pathlib import Path

from docx import Document
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts" / "documents"
ZWSP = "\u200b"


def open_docx(data: bytes):
    return Document(io.BytesIO(data))


def body_texts(doc) -> list[str]:
    """Every paragraph of the body and of its tables, in document order, without our break opportunities."""
    out = []
    for block in doc.element.body.iterchildren():
        tag = block.tag.split("}")[1]
        if tag == "p":
            out.append("".join(t.text or "" for t in block.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            for p in block.iter():
                if p.tag.endswith("}p"):
                    out.append("".join(t.text or "" for t in p.iter() if t.tag.endswith("}t")))
    return [t.replace(ZWSP, "") for t in out]


def table_with_header(doc, header: tuple[str, ...]) -> list[list[str]]:
    """The rows (without the header) of the table whose first row is `header`."""
    for table in doc.tables:
        first = [c.text for c in table.rows[0].cells]
        if tuple(first) == tuple(header):
            return [[c.text.replace(ZWSP, "") for c in row.cells] for row in table.rows[1:]]
    raise AssertionError(f"no table with header {header}")


def number(text: str) -> int:
    """'1.259' (vi) or '1,259' (en) → 1259."""
    return int(re.sub(r"[.,]", "", text))


def share(text: str) -> float:
    """'66,7%' or '66.7%' → 0.667."""
    return float(text.rstrip("%").replace(",", ".")) / 100


def images(doc) -> list[bytes]:
    """The pictures placed in the document, in order."""
    out = []
    for shape in doc.inline_shapes:
        rid = shape._inline.graphic.graphicData.pic.blipFill.blip.embed
        out.append(doc.part.related_parts[rid].blob)
    return out


def ink(png: bytes | Path) -> float:
    """Share of pixels that are not (near) white: 0 for a blank picture."""
    image = Image.open(io.BytesIO(png) if isinstance(png, bytes) else png).convert("L")
    histogram = image.histogram()
    dark = sum(histogram[:235])
    return dark / (image.width * image.height)


def have_renderer() -> bool:
    return all(shutil.which(tool) for tool in ("soffice", "pdftoppm", "pdfinfo", "pdfimages", "pdftotext"))


def to_pdf(docx_files: list[Path], out_dir: Path, profile_dir: Path) -> dict[str, Path]:
    """Convert DOCX files to PDF with one LibreOffice run, in a user profile of its own (parallel runs never clash)."""
    profile = profile_dir / f"lo-profile-{uuid.uuid4().hex}"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            *map(str, docx_files),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    shutil.rmtree(profile, ignore_errors=True)
    return {f.stem: out_dir / f"{f.stem}.pdf" for f in docx_files}


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def page_sizes(pdf: Path) -> set[str]:
    pages = page_count(pdf)
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", str(pages), str(pdf)], check=True, capture_output=True, text=True).stdout
    return {m.group(1) for m in re.finditer(r"size:\s+([\d.]+ x [\d.]+ pts)", info)}


def page_text(pdf: Path, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


def page_pngs(pdf: Path, out_dir: Path, dpi: int = 80) -> list[Path]:
    """Each page as a PNG (for the tests and for people to look at)."""
    stem = out_dir / pdf.stem
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(stem)], check=True, capture_output=True, timeout=300)
    return sorted(out_dir.glob(f"{pdf.stem}-*.png"))


def pdf_images(pdf: Path, out_dir: Path) -> list[Path]:
    """The pictures embedded in the PDF, extracted as PNG."""
    prefix = out_dir / f"{pdf.stem}-img"
    subprocess.run(["pdfimages", "-png", str(pdf), str(prefix)], check=True, capture_output=True, timeout=300)
    return sorted(out_dir.glob(f"{pdf.stem}-img-*.png"))


def row_flags(table) -> list[set[str]]:
    """Per row of a python-docx table: the row properties set on it ('cantSplit', 'tblHeader')."""
    return [{child.tag.split("}")[1] for child in (row._tr.trPr if row._tr.trPr is not None else [])} for row in table.rows]


def keeps_with_next(paragraph) -> bool:
    return bool(paragraph.paragraph_format.keep_with_next)


def page_number_field(doc) -> dict[str, object]:
    """What the first section's headers hold: the first page's own header (and its text), and the field of the others."""
    section = doc.sections[0]
    instructions = "".join(el.text or "" for el in section.header._element.iter() if el.tag.endswith("}instrText"))
    return {
        "first_page_apart": section.different_first_page_header_footer,
        "first_page_text": "".join(p.text for p in section.first_page_header.paragraphs).strip(),
        "field": instructions.strip(),
        "centred": [p.alignment for p in section.header.paragraphs if p.text or p.runs],
    }


def all_text(data: bytes) -> str:
    """Every character of every part of a DOCX that is text (XML), for a search: document, headers, properties."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(
            archive.read(name).decode("utf-8", "replace") for name in archive.namelist() if name.endswith((".xml", ".rels"))
        )
