"""Every suggestion the engine writes reaches a Vietnamese reader in Vietnamese."""

import re

import pytest

from campaign.report import build_report
from dashboard.labels import suggestion_text
from data_sources.demo import DemoSource
from data_sources.files import FileSource
from tests import hostile
from tests.sheets import golden_raw, sheet

# Names with scores, and formats: the same in both languages.
NEUTRAL = re.compile(r"^$|^dd/mm/yyyy hh:mm:ss$|^\S+ .+ \(\d+\)(; \S+ .+ \(\d+\))*$")


def _suggestions(report) -> set[str]:
    return set(report.issues["suggestion"].astype(str))


@pytest.fixture(scope="module")
def reports(config):
    return [
        build_report(DemoSource(config).read(), config),
        build_report(golden_raw(), config),
        build_report(FileSource(config, hostile.hostile_csv(config, extra_rows=20), "hostile.csv").read(), config),
        build_report(sheet({"timestamp": "17/05/2021", "agency_name": "Bộ Y tế", "activities": "x", "banner": "9" * 40}), config),
    ]


def test_every_engine_suggestion_is_translated_or_reads_the_same_in_both_languages(reports):
    seen = set().union(*(_suggestions(r) for r in reports))
    assert len(seen) > 5, "the sample sheets should raise many kinds of suggestion"
    untranslated = {s for s in seen if suggestion_text(s, "vi") == s and not NEUTRAL.match(s)}
    assert untranslated == set()


def test_suggestions_keep_their_numbers_and_group_thousands_the_vietnamese_way():
    assert suggestion_text("counted as 1200", "vi") == "tính là 1200"
    assert suggestion_text("60,000 characters, cut to 5,000; read the whole cell in the sheet", "vi") == (
        "60.000 ký tự, đã cắt còn 5.000; hãy đọc cả ô trong bảng tính"
    )
    assert suggestion_text("matched to P01 Sở Thông tin và Truyền thông thành phố Hà Nội; check it", "vi") == (
        "đã khớp với P01 Sở Thông tin và Truyền thông thành phố Hà Nội; hãy kiểm tra lại"
    )


def test_english_readers_get_the_engine_text_unchanged():
    assert suggestion_text("several numbers: type one", "en") == "several numbers: type one"
