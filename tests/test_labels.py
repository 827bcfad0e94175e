"""Every suggestion the engine writes reaches a Vietnamese reader in Vietnamese: each is a code of campaign.hints
with its parameters, written out in the reader's language (no translation of English text)."""

import re

import pytest

from campaign.hints import HINTS, hint_text
from campaign.report import build_report
from data_sources.demo import DemoSource
from data_sources.files import FileSource
from tests import hostile
from tests.sheets import golden_raw, sheet

# Names with scores, and formats: the same in both languages.
NEUTRAL = re.compile(r"^$|^dd/mm/yyyy hh:mm:ss$|^\S+ .+ \(\d+\)(; \S+ .+ \(\d+\))*$")


def _suggestions(report) -> set[tuple[str, str]]:
    """(Vietnamese, English) of every suggestion the report holds."""
    issues = report.issues
    return {(hint_text(c, p, "vi"), hint_text(c, p, "en")) for c, p in zip(issues["suggestion"], issues["params"])}


@pytest.fixture(scope="module")
def reports(config):
    return [
        build_report(DemoSource(config).read(), config),
        build_report(golden_raw(), config),
        build_report(FileSource(config, hostile.hostile_csv(config, extra_rows=20), "hostile.csv").read(), config),
        build_report(sheet({"timestamp": "17/05/2021", "agency_name": "Bộ Y tế", "activities": "x", "banner": "9" * 40}), config),
    ]


def test_every_engine_suggestion_is_translated_or_reads_the_same_in_both_languages(reports):
    codes = set().union(*(set(r.issues["suggestion"]) for r in reports)) - {""}
    assert codes <= set(HINTS), "every suggestion is a code with both languages"
    seen = set().union(*(_suggestions(r) for r in reports))
    assert len(seen) > 5, "the sample sheets should raise many kinds of suggestion"
    untranslated = {en for vi, en in seen if vi == en and not NEUTRAL.match(en)}
    assert untranslated == set()


def test_suggestions_keep_their_numbers_and_group_thousands_the_vietnamese_way():
    assert hint_text("counted_as", {"number": 1200}, "vi") == "tính là 1200"
    assert hint_text("cell_cut", {"chars": 60000, "limit": 5000}, "vi") == (
        "60.000 ký tự, đã cắt còn 5.000; hãy đọc cả ô trong bảng tính"
    )
    agency = {"agency": "P01 Sở Thông tin và Truyền thông thành phố Hà Nội"}
    assert hint_text("check_match", agency, "vi") == (
        "đã khớp với P01 Sở Thông tin và Truyền thông thành phố Hà Nội; hãy kiểm tra lại"
    )


def test_english_readers_get_the_engine_text_as_data_quality_csv_has_it():
    assert hint_text("several_numbers", None, "en") == "several numbers: type one"
    assert hint_text("counted_as", {"number": 1200}, "en") == "counted as 1200"
    assert hint_text("cell_cut", {"chars": 60000, "limit": 5000}, "en") == (
        "60,000 characters, cut to 5,000; read the whole cell in the sheet"
    )
