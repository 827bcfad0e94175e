"""Thumbnails of the evidence photos, made once with Pillow at one size and kept on disk beside the store: the app
serves them itself, so a leader's browser never loads a picture from the public internet."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from pathlib import Path

from PIL import Image, UnidentifiedImageError

SIZE = (640, 480)  # every thumbnail fits this box, its proportions kept (sharp enough for a report page)
MAX_PIXELS = 40_000_000  # a larger picture (or a decompression bomb) is not opened
MAX_PHOTO_BYTES = 8 * 1024 * 1024  # what the thumbnailer reads of a photo (the check itself reads 256 kB)


def thumbnail_dir(store_path: Path) -> Path:
    """Where the thumbnails of a store's evidence live: a folder beside its SQLite file."""
    return store_path.with_name(f"{store_path.stem}-thumbnails")


def thumbnail_path(folder: Path, url: str) -> Path:
    return folder / f"{hashlib.sha256(url.encode('utf-8')).hexdigest()[:40]}.jpg"


def make_thumbnail(data: bytes) -> bytes | None:
    """JPEG bytes of the picture shrunk into SIZE; None for what is not a picture Pillow can read safely."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                return None
            image.draft("RGB", SIZE)  # a JPEG is decoded at a fraction of its size: faster, less memory
            picture = image.convert("RGB")
            picture.thumbnail(SIZE)
            out = io.BytesIO()
            picture.save(out, "JPEG", quality=82)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None


def cached_thumbnail(folder: Path, url: str) -> bytes | None:
    """The thumbnail made earlier for this link, if any."""
    path = thumbnail_path(folder, url)
    return path.read_bytes() if path.is_file() else None


def store_thumbnail(folder: Path, url: str, data: bytes) -> bool:
    """Make and keep the thumbnail of a photo's bytes; whether there is one now."""
    thumb = make_thumbnail(data)
    if thumb is None:
        return False
    folder.mkdir(parents=True, exist_ok=True)
    path = thumbnail_path(folder, url)
    partial = path.with_suffix(".part")
    partial.write_bytes(thumb)
    partial.replace(path)  # a reader never sees half a file
    return True


def ensure_thumbnail(folder: Path, url: str, fetch: Callable[[str], bytes | None]) -> bool:
    """A thumbnail for the link, fetched (through the safe link check) only when none is kept yet."""
    if thumbnail_path(folder, url).is_file():
        return True
    data = fetch(url)
    return bool(data) and store_thumbnail(folder, url, data)


def report_photos(chosen, roster, folder: Path | None) -> tuple:
    """The chosen photos (campaign.evidence.chosen_photos) with their pictures from the thumbnails kept on disk, as
    the documents take them; a photo without a kept picture is left out (check the links first)."""
    from campaign.evidence import ReportPhoto

    english = dict(zip(roster["code"], roster["name_en"])) if "name_en" in roster else {}
    out = []
    for row in chosen.itertuples(index=False):
        image = cached_thumbnail(folder, row.url) if folder is not None else None
        if image is not None:
            name_en = str(english.get(row.agency_code) or "").strip() or row.agency
            out.append(ReportPhoto(image, row.caption_vi, row.caption_en, row.agency, name_en))
    return tuple(out)


def photos_for_report(report, folder: Path | None) -> tuple:
    """The photos the coordinator chose for this report's documents (campaign.evidence), with their kept pictures."""
    from campaign.evidence import chosen_photos, evidence_table
    from campaign.store import LINK_CHECKS, REPORT_PHOTOS

    store = report.prepared.raw.store
    if store is None or folder is None:
        return ()
    table = evidence_table(report.submissions, report.prepared.roster, store.tables.get(LINK_CHECKS), report.issues)
    return report_photos(chosen_photos(store.tables.get(REPORT_PHOTOS), table), report.prepared.roster, folder)
