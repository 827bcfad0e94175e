"""Thumbnails of the evidence photos, made once with Pillow at one size and kept on disk beside the store: the app
serves them itself, so a leader's browser never loads a picture from the public internet."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from pathlib import Path

from PIL import Image, UnidentifiedImageError

SIZE = (320, 240)  # every thumbnail fits this box, its proportions kept
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
