"""The photos chosen on the Evidence page in the reports (documents/photos.py): the report to the Minister gets a page
"Hình ảnh tiêu biểu", the ITU report a page "Photos", two per row, captioned and credited to the agency; rendered by
LibreOffice and looked at (tests/artifacts/documents/photos-*.png)."""

from __future__ import annotations

import pytest

from campaign.evidence import ReportPhoto
from campaign.report import build_report
from data_sources.demo import DemoSource
from data_sources.demo_evidence import demo_photo
from data_sources.thumbnails import make_thumbnail, photos_for_report, thumbnail_dir
from documents.charts import ChartRenderer
from documents.final_report import build_final_report, build_itu_report
from tests.documents_helpers import ARTIFACTS, body_texts, images, ink, open_docx, page_count, page_pngs, page_text, to_pdf

HOSTILE = '=HYPERLINK("http://x") <b>**đậm**</b>'


def _photos(config) -> tuple[ReportPhoto, ...]:
    year = config.campaign.year
    return (
        ReportPhoto(make_thumbnail(demo_photo(0, year)), "Băng rôn tại Huế", "A banner in Hue", "Sở TT&TT Huế", "Hue DIC"),
        ReportPhoto(make_thumbnail(demo_photo(1, year)), "Hội thảo", "A workshop", "Bộ Y tế", "Ministry of Health"),
        ReportPhoto(make_thumbnail(demo_photo(2, year)), HOSTILE, HOSTILE, "Đài Truyền hình", "Vietnam Television"),
    )


@pytest.fixture(scope="module")
def built(config, tmp_path_factory):
    report = build_report(DemoSource(config).read(), config)
    photos = _photos(config)
    with ChartRenderer() as renderer:
        docs = {
            "photos-final": build_final_report(report, report.as_of or config.deadline, renderer=renderer, photos=photos),
            "photos-itu": build_itu_report(report, report.as_of or config.deadline, renderer=renderer, photos=photos),
            "plain-final": build_final_report(report, report.as_of or config.deadline, renderer=renderer),
        }
    work = tmp_path_factory.mktemp("photos")
    files = []
    for name, data in docs.items():
        (work / f"{name}.docx").write_bytes(data)
        files.append(work / f"{name}.docx")
    pdfs = to_pdf(files, work, work)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name in ("photos-final", "photos-itu"):
        page_pngs(pdfs[name], ARTIFACTS)
    return docs, pdfs


def test_the_report_to_the_minister_ends_with_a_page_of_the_chosen_photos_in_vietnamese(built, config):
    docs, pdfs = built
    last = page_text(pdfs["photos-final"], page_count(pdfs["photos-final"]))
    assert config.documents.report.heading_photos in last
    for caption, credit in (("Băng rôn tại Huế", "Ảnh: Sở TT&TT Huế"), ("Hội thảo", "Ảnh: Bộ Y tế")):
        assert caption in last and credit in last
    assert "A banner in Hue" not in last
    assert len(images(open_docx(docs["photos-final"]))) == len(images(open_docx(docs["plain-final"]))) + 3
    assert page_count(pdfs["photos-final"]) == page_count(pdfs["plain-final"]) + 1


def test_the_itu_report_ends_with_a_page_of_photos_with_english_captions_two_per_row(built, config):
    docs, pdfs = built
    pdf = pdfs["photos-itu"]
    last = page_text(pdf, page_count(pdf))
    assert config.documents.itu.photos_heading in last
    assert "A banner in Hue" in last and "Photo: Hue DIC" in last and "Photo: Ministry of Health" in last
    assert "Băng rôn" not in last
    table = open_docx(docs["photos-itu"]).tables[-1]
    assert (len(table.rows), len(table.columns)) == (2, 2)  # three photos: two in the first row, one in the second
    png = page_pngs(pdf, pdf.parent)[-1]
    assert ink(png) > 0.05  # the photos are drawn, not empty frames


def test_a_caption_is_printed_as_the_characters_typed(built):
    docs, _ = built
    texts = body_texts(open_docx(docs["photos-itu"]))
    assert HOSTILE in texts


def test_no_photo_chosen_means_no_photo_page(built, config):
    docs, _ = built
    assert config.documents.report.heading_photos not in "\n".join(body_texts(open_docx(docs["plain-final"])))


def test_the_demos_chosen_photos_reach_the_documents_from_the_kept_thumbnails(config):
    report = build_report(DemoSource(config).read(), config)
    photos = photos_for_report(report, thumbnail_dir(config.store.path(demo=True)))
    assert len(photos) == 6 and all(p.image[:2] == b"\xff\xd8" for p in photos)  # JPEG pictures
    assert photos[0].caption_en and photos[0].agency_vi
