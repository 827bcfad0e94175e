"""The demo's evidence: the demo reports' links with a check of each state already in the demo store, photos drawn
with Pillow (kept as the thumbnails the app serves), and a few chosen for the reports with their captions."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pandas as pd
from PIL import Image, ImageDraw

from campaign.config import Config
from campaign.evidence import BROKEN, NEEDS_ACCESS, OPEN
from campaign.store import LINK_CHECKS, REPORT_PHOTOS
from data_sources.thumbnails import store_thumbnail

# What the check "found" for the demo's links, in turn: photos first (so the gallery has pictures), then each state.
_PATTERN = [
    (OPEN, "200", "image/jpeg"),
    (OPEN, "200", "image/jpeg"),
    (NEEDS_ACCESS, "403", "text/html"),
    (OPEN, "200", "video/mp4"),
    (OPEN, "200", "image/jpeg"),
    (BROKEN, "404", "text/html"),
    (OPEN, "200", "application/pdf"),
    (OPEN, "200", "image/jpeg"),
]
_COLOURS = [(178, 34, 34), (0, 102, 153), (34, 139, 34), (204, 119, 0), (102, 51, 153), (0, 128, 128)]
_SCENES = [
    (
        "Băng rôn hưởng ứng Ngày Viễn thông và Xã hội thông tin thế giới",
        "A banner for World Telecommunication and Information Society Day",
    ),
    ("Hội thảo chuyển đổi số tại hội trường", "A digital transformation workshop in the hall"),
    ("Lễ mít tinh hưởng ứng", "A rally to mark the day"),
    ("Tọa đàm trực tuyến với chuyên gia ITU", "An online talk with ITU experts"),
    ("Triển lãm sản phẩm công nghệ số", "An exhibition of digital products"),
    ("Cuộc thi ảnh về xã hội thông tin", "A photo contest on the information society"),
]
PHOTOS_CHOSEN = 6


def demo_links(responses: pd.DataFrame, evidence_header: str) -> list[str]:
    """The demo reports' links, in order, each once."""
    cells = responses.get(evidence_header, pd.Series(dtype=object)).fillna("").astype(str)
    links = [u.strip() for cell in cells for u in cell.split(",") if u.strip().startswith("https://")]
    return list(dict.fromkeys(links))


def demo_photo(i: int, year: int) -> bytes:
    """A made-up photo: a coloured scene with a banner, as a JPEG."""
    colour = _COLOURS[i % len(_COLOURS)]
    image = Image.new("RGB", (960, 720), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((80, 120, 880, 300), fill=(250, 240, 200), outline=(120, 0, 0), width=8)
    draw.text((120, 180), f"WTISD {year} - DEMO {i + 1}", fill=(120, 0, 0), font_size=64)
    for k in range(12):  # people in the hall
        x = 60 + k * 72
        draw.ellipse((x, 470, x + 44, 514), fill=(240, 210, 180))
        draw.rectangle((x - 6, 514, x + 50, 680), fill=(30 + 15 * k % 200, 60, 90))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def demo_evidence_entries(config: Config, links: list[str], day: dt.date, folder: Path) -> list[tuple[str, dict]]:
    """The store's link checks for the demo's links (one of each state in turn), thumbnails of the photos drawn into
    `folder`, and the first photos chosen for the reports with a caption in each language."""
    at = dt.datetime.combine(day, dt.time(9, 0), tzinfo=config.tz).isoformat()
    entries: list[tuple[str, dict]] = []
    photos: list[str] = []
    for i, url in enumerate(links):
        state, status, kind = _PATTERN[i % len(_PATTERN)]
        entry = {"id": f"demo-check-{i}", "url": url, "checked_on": day.isoformat(), "state": state, "status": status}
        entries.append(
            (LINK_CHECKS, entry | {"content_type": kind, "final_url": url, "detail": f"HTTP {status}", "by": "demo", "at": at})
        )
        if kind == "image/jpeg":
            store_thumbnail(folder, url, demo_photo(len(photos), config.campaign.year))
            photos.append(url)
    for i, url in enumerate(photos[:PHOTOS_CHOSEN]):
        vi, en = _SCENES[i % len(_SCENES)]
        entry = {"id": f"demo-photo-{i}", "url": url, "chosen": "x", "caption_vi": vi, "caption_en": en, "by": "demo", "at": at}
        entries.append((REPORT_PHOTOS, entry))
    return entries
