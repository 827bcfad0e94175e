"""Matching a submission to the roster: code, then email, then name, then a clearly-best fuzzy name; never a guess."""

import pandas as pd
import pytest

from campaign import export
from campaign.errors import InputError
from campaign.matching import Matcher, unmatched_hint
from campaign.report import build_report
from campaign.roster import clean_roster, read_default_roster
from tests.sheets import SMALL_ROSTER, sheet, ticked


@pytest.fixture(scope="module")
def roster(config):
    return read_default_roster(config.campaign.roster)


@pytest.fixture(scope="module")
def matcher(roster, config):
    return Matcher(roster, config.matching.min_score, config.matching.min_margin)


def match(matcher, name="", code="", email=""):
    """(agency code or '', how) for one submission."""
    out = matcher.match(pd.Series([code]), pd.Series([email]), pd.Series([name])).iloc[0]
    return out["agency_code"], out["match"]


def test_the_2021_roster_has_126_agencies_with_unique_codes(roster):
    assert len(roster) == 126
    assert roster["code"].is_unique
    assert (roster["group"] == "province").sum() == 63


def test_a_roster_code_wins_over_the_typed_name(matcher):
    assert match(matcher, name="Sở TT&TT Hà Nam", code="P01") == ("P01", "code")


@pytest.mark.parametrize("typed", ["p01", " P01 ", "P01 - Sở TT&TT Hà Nội", "P01 – Sở Thông tin và Truyền thông Hà Nội"])
def test_a_typed_code_is_found_whatever_its_case_or_dropdown_label(matcher, typed):
    assert match(matcher, code=typed) == ("P01", "code")


def test_a_code_not_in_the_roster_falls_back_to_the_name(matcher):
    assert match(matcher, name="Sở TT&TT Hà Nam", code="X99") == ("P35", "name")


def test_a_roster_email_matches_whatever_its_case():
    roster = SMALL_ROSTER.assign(email=SMALL_ROSTER["email"])
    m = Matcher(clean_roster(roster))
    assert match(m, name="Phòng Thông tin", email="VanThu@STTTT-HaNam.example") == ("P35", "email")


def test_an_email_beats_the_typed_name_and_a_code_beats_the_email():
    m = Matcher(clean_roster(SMALL_ROSTER))
    assert match(m, name="Sở TT&TT Hà Tĩnh", email="vanthu@stttt-hanam.example") == ("P35", "email")
    assert match(m, code="P42", email="vanthu@stttt-hanam.example") == ("P42", "code")


def test_an_email_not_in_the_roster_falls_back_to_the_name():
    m = Matcher(clean_roster(SMALL_ROSTER))
    assert match(m, name="Bộ Y tế", email="boyte@gmail.example") == ("G18", "name")


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Sở TT&TT Hà Nội", "P01"),
        ("Sở TTTT Hà Nội", "P01"),
        ("Sở TT-TT Hà Nội", "P01"),
        ("Sở TT và TT Hà Nội", "P01"),
        ("Sở Thông tin & Truyền thông Hà Nội", "P01"),
        ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG HÀ NỘI", "P01"),
        ("Sở TT&TT TP.HCM", "P79"),
        ("Sở TT&TT TPHCM", "P79"),
        ("Sở TT&TT TP. Hồ Chí Minh", "P79"),
        ("Sở Thông tin và Truyền thông Sài Gòn", "P79"),
        ("Sở TT&TT Hoà Bình", "P17"),
        ("Sở TT&TT Hòa Bình", "P17"),
        ("Sở TT&TT Thanh Hoá", "P38"),
        ("Sở TT&TT Hà Tĩnh", "P42"),
        ("So Thong tin va Truyen thong tinh Ha Tinh", "P42"),
        ("So Thong tin va Truyen thong tinh Bac Giang", "P24"),
        ("So Thong tin va Truyen thong thanh pho Da Nang", "P48"),
        ("Sở TT&TT TP Hải Phòng", "P31"),
        ("Sở TT&TT Bà Rịa - Vũng Tàu", "P77"),
        ("Sở TT&TT BR-VT", "P77"),
        ("Bộ KH&ĐT", "G05"),
        ("Cục Viễn thông", "MIC-CVT"),
        ("VNPT", "VNPT"),
        ("Tập đoàn Viettel", "VIETTEL"),
    ],
)
def test_name_variants_match_exactly_after_folding(matcher, typed, code):
    assert match(matcher, name=typed) == (code, "name")


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Sở TT&TT Cao Bang", "P04"),  # a mark left out where folding cannot help ("Bằng" → "bang" does; this is a typo test)
        ("Sở Thông tin và Truyền thông tỉnh Hà Tình", "P42"),
        ("Sở TT&TT Thừa Thiên - Huế", "P46"),
    ],
)
def test_a_clearly_best_near_name_is_a_fuzzy_match(matcher, typed, code):
    found, how = match(matcher, name=typed)
    assert found == code
    assert how in ("name", "fuzzy")


def test_a_typo_in_a_long_name_is_a_fuzzy_match(matcher):
    assert match(matcher, name="Sở TT&TT Thừa Thiên Huêế") == ("P46", "fuzzy")


@pytest.mark.parametrize(
    ("typed", "wrong"),
    [
        ("Sở TT&TT Hà Nam", "P01"),
        ("Sở TT&TT Hà Nội", "P35"),
        ("Sở TT&TT Quảng Nam", "P51"),
        ("Sở TT&TT Quảng Ngãi", "P49"),
        ("Sở TT&TT Bắc Giang", "P27"),
        ("Sở TT&TT Bắc Ninh", "P24"),
    ],
)
def test_provinces_one_syllable_apart_never_swap(matcher, typed, wrong):
    found, _ = match(matcher, name=typed)
    assert found != wrong and found != ""


@pytest.mark.parametrize(
    "typed",
    [
        "Sở TT&TT Hà",  # Hà Nam? Hà Nội? Hà Tĩnh? Hà Giang?
        "Sở TT&TT Quảng",
        "Sở TT&TT Bắc",
        "Sở TT&TT Hà Nọi Nam",
    ],
)
def test_a_name_that_fits_several_provinces_stays_unmatched(matcher, typed):
    assert match(matcher, name=typed) == ("", "none")


def test_ha_nam_never_matches_ha_noi(matcher):
    assert match(matcher, name="Sở TT&TT Hà Nam")[0] == "P35"
    assert match(matcher, name="Hà Nam")[0] != "P01"


def test_phong_thong_tin_never_matches_the_hai_phong_department(matcher):
    assert match(matcher, name="Phòng Thông tin") == ("", "none")
    assert match(matcher, name="Phòng Văn hóa - Thông tin quận Hải Phòng")[0] != "P31"


def test_a_department_without_a_province_stays_unmatched(matcher):
    for typed in ("Sở Thông tin và Truyền thông", "Sở TT&TT", "So Thong tin va Truyen thong tinh", "Sở TTTT tỉnh"):
        assert match(matcher, name=typed) == ("", "none")


@pytest.mark.parametrize(
    "typed",
    [
        "UBND tỉnh Hà Nam",
        "Ủy ban nhân dân thành phố Hải Phòng",
        "UBND huyện Đông Anh",
        "Phòng Văn hóa - Thông tin huyện Đông Anh",
        "Sở Y tế Hà Nội",
        "Sở Tư pháp tỉnh Hà Tĩnh",
        "Đài Phát thanh và Truyền hình Hà Nam",
        "Bưu điện tỉnh Bắc Ninh",
        "Bộ Thông tin và Truyền thông",
        "Trung tâm Thông tin tỉnh Hà Nam",
    ],
)
def test_agencies_of_another_level_or_sector_stay_unmatched(matcher, typed):
    assert match(matcher, name=typed) == ("", "none")


def test_an_unmatched_name_comes_with_its_best_suggestions(matcher):
    out = matcher.match(pd.Series([""]), pd.Series([""]), pd.Series(["Sở TT&TT Quảng"])).iloc[0]
    assert out["agency_code"] == ""
    # Both Quảng Nam and Quảng Ngãi (and the other Quảng provinces) are worth showing; none is taken.
    assert "Quảng" in out["suggestions"]
    assert out["suggestions"].count(";") <= 2


def test_a_name_shared_by_two_agencies_matches_neither():
    roster = clean_roster(
        pd.DataFrame(
            {
                "code": ["A1", "A2"],
                "name": ["Trung tâm Dữ liệu", "Trung tâm Điều hành"],
                "group": ["mic_unit", "mic_unit"],
                "aliases": ["Trung tâm", "Trung tâm"],
            }
        )
    )
    m = Matcher(roster)
    assert match(m, name="Trung tâm") == ("", "none")
    assert match(m, name="Trung tâm Dữ liệu") == ("A1", "name")


def test_duplicate_roster_codes_are_an_input_error():
    dup = pd.concat([SMALL_ROSTER, SMALL_ROSTER.iloc[[2]]], ignore_index=True)
    with pytest.raises(InputError) as err:
        clean_roster(dup, "danh_sach.csv")
    assert "P35" in err.value.en and "duplicate" in err.value.en
    assert "trùng" in err.value.vi


def test_a_roster_row_without_a_code_is_an_input_error():
    roster = SMALL_ROSTER.copy()
    roster.loc[3, "code"] = "  "
    with pytest.raises(InputError, match="row 5"):
        clean_roster(roster)


def test_unmatched_submissions_are_kept_with_their_suggestions(config):
    raw = sheet(
        {"timestamp": "20/05/2021 08:00:00", "agency_name": "Sở TT&TT Quảng", "activities": ticked("rally")},
        {"timestamp": "21/05/2021 08:00:00", "agency_name": "Phòng Thông tin", "activities": ticked("rally")},
        roster=None,
    )
    report = build_report(raw, config)
    subs = report.submissions
    assert list(subs["category"]) == ["unmatched", "unmatched"]
    assert list(subs["agency_name"]) == ["Sở TT&TT Quảng", "Phòng Thông tin"]
    unmatched = report.issues[report.issues["issue"] == "unmatched_name"]
    assert list(unmatched["row"]) == [2, 3]
    assert "P49 Sở Thông tin và Truyền thông tỉnh Quảng Nam" in unmatched["hint"].iloc[0].text("en")
    assert (report.agencies["status"] == "missing").all()


def test_an_agencys_own_alias_does_not_hide_its_name_from_fuzzy_matching():
    # In a small roster "Hồ Chí Minh" is in two spellings of P79 only: still P79's distinctive words.
    m = Matcher(clean_roster(SMALL_ROSTER))
    assert match(m, name="Sở TT&TT TP Hồ Chí Min") == ("P79", "fuzzy")


# --- Reading a name: kind, domain and place (issue #9) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "ministry"),
    [
        ("Sở Y tế", "G18"),
        ("Sở Tư pháp", "G15"),
        ("Sở GD&ĐT", "G03"),
        ("Sở KH&CN", "G06"),
        ("Sở TN&MT", "G13"),
        ("Sở LĐ-TB&XH", "G07"),
        ("Sở Y tế Hà Nội", "G18"),
        ("Công an tỉnh", "G01"),
        ("Văn phòng Sở TT&TT", "MIC-VP"),
        ("Thanh tra Sở", "MIC-TTRA"),
        ("Chi cục Viễn thông", "MIC-CVT"),
        ("Trung tâm Ứng cứu khẩn cấp không gian mạng tỉnh Nghệ An", "MIC-VNCERT"),
        ("Vụ Hợp tác quốc tế - Sở Y tế Hà Nội", "MIC-VHTQT"),
    ],
)
def test_a_body_of_another_kind_is_never_taken_for_a_ministry_or_its_unit(matcher, typed, ministry):
    found, _ = match(matcher, name=typed)
    assert found == "", f"{typed} → {found} (the trap was {ministry})"


def test_a_unit_of_another_ministry_names_that_ministry_never_the_units_namesake(matcher):
    assert match(matcher, name="Vụ Hợp tác quốc tế - Bộ Y tế") == ("G18", "name")
    assert match(matcher, name="Vụ Hợp tác quốc tế - Bộ TT&TT") == ("MIC-VHTQT", "name")
    assert match(matcher, name="Vụ Hợp tác quốc tế") == ("MIC-VHTQT", "name")


@pytest.mark.parametrize(
    ("typed", "provinces"),
    [
        ("Sở TT&TT Bình Phúc", ("P70", "P26")),
        ("Sở TT&TT Vinh Phuoc", ("P70", "P26")),
        ("Sở TT&TT Quang Ngam", ("P49", "P51")),
        ("Sở TT&TT Hà Nam - Hà Nội", ("P35", "P01")),
    ],
)
def test_a_name_equally_close_to_two_provinces_or_naming_two_is_not_placed(matcher, typed, provinces):
    out = matcher.match(pd.Series([""]), pd.Series([""]), pd.Series([typed])).iloc[0]
    assert out["agency_code"] == ""
    assert all(code in out["suggestions"] for code in provinces), out["suggestions"]


def test_a_one_edit_typo_closer_to_one_province_is_placed_and_flagged(matcher):
    assert match(matcher, name="Sở TT&TT Tuyen Quag") == ("P08", "fuzzy")


def test_suggestions_keep_to_the_kind_and_put_the_province_first(matcher):
    out = matcher.match(pd.Series(["", ""]), pd.Series(["", ""]), pd.Series(["Sở Y tế Hà Nội", "Chi cục Thuế"]))
    departments = out["suggestions"].iloc[0].split("; ")
    assert departments[0].startswith("P01 ")
    assert all(s.startswith("P") for s in departments)
    assert out["suggestions"].iloc[1] == ""  # none to suggest; the reason says why
    assert unmatched_hint("", out["reason"].iloc[1]).text("en") == "no agency of this kind on the roster (Chi cục)"


def test_a_code_and_a_name_that_disagree_match_neither(matcher):
    assert match(matcher, name="P51 - Sở TT&TT Quảng Ngãi") == ("P51", "name")
    assert match(matcher, name="P49 - Sở TT&TT Quảng Ngãi") == ("", "none")


def test_telex_leftovers_are_repaired_before_folding(matcher):
    assert match(matcher, name="Sowr Thoong tin vaf Truyeenf thoong Quangr Ngaix") == ("P51", "name")


def test_a_name_read_not_spelled_says_why_on_data_quality_in_both_languages(config):
    raw = sheet(
        {"timestamp": "20/05/2021 08:00:00", "agency_name": "Quảng Ngãi - Sở TTTT", "activities": ticked("rally")},
        {"timestamp": "20/05/2021 09:00:00", "agency_name": "Sở TT&TT Tuyen Quag", "activities": ticked("rally")},
        {"timestamp": "20/05/2021 10:00:00", "agency_name": "Sở TT&TT Hà Nam", "activities": ticked("rally")},
        roster=None,
    )
    report = build_report(raw, config)
    assert list(report.submissions["agency_code"]) == ["P51", "P08", "P35"]
    written = export.data_quality_table(report)  # as data_quality.csv has them
    lines = written[written["issue"].isin(["read_match", "fuzzy_match"])].set_index("row")
    assert list(lines.index) == [2, 3]  # the name typed as the roster spells it needs no line
    assert lines.loc[2, "issue"] == "read_match"
    assert lines.loc[2, "suggestion"].startswith("matched by place + kind (Sở, Quảng Ngãi): P51 ")
    assert lines.loc[3, "issue"] == "fuzzy_match"
    assert "a near spelling of the province (tuyen quag → Tuyên Quang)" in lines.loc[3, "suggestion"]
    from presentation import views

    page = views.issues_table(report, "vi")
    said = page.loc[page["row"] == "2", "suggestion"].iloc[0]
    assert said == (
        "đã khớp với P51 Sở Thông tin và Truyền thông tỉnh Quảng Ngãi theo nơi + loại cơ quan (Sở, Quảng Ngãi); hãy kiểm tra lại"
    )


def test_a_telex_repair_must_give_a_roster_word_tone_and_all(matcher):
    assert match(matcher, name="Sở TT&TT Haf Giang") == ("P02", "name")  # "haf" is Telex for "hà"
    assert match(matcher, name="Sở TT&TT Haj Giang") == ("", "none")  # "hạ" is no one's word; Hà or Hậu Giang


# --- The last few percent (issue #22) ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Bộ Nông nghiệp và PTNT", "G10"),  # an abbreviation mixed with full words
        ("Bộ NN-PTNT", "G10"),
        ("Bộ LĐTB&XH", "G07"),  # its pieces grouped otherwise
        ("Bộ Lao động - TB&XH", "G07"),
        ("Bộ VH TT DL", "G16"),
        ("Bộ Giáo dục & ĐT", "G03"),  # the first pieces written out, the last abbreviated
        ("Bộ Giao thông VT", "G04"),
        ("Văn phòng CP", "G22"),
        ("Thanh tra CP", "G20"),
        ("Cục Bưu điện TW", "MIC-BDTW"),  # "TW" is no Telex slip for "tư"
        ("BQL Lăng", "BQLLANG"),
        ("TCT Bưu điện VN", "VNPOST"),
        ("VP Sở TT&TT Hải Dương", "P30"),
    ],
)
def test_administrative_abbreviations_are_read_as_their_words(matcher, typed, code):
    assert match(matcher, name=typed) == (code, "name")


@pytest.mark.parametrize(
    "typed",
    ["Sở NN&PTNT Lào Cai", "Sở GD-ĐT Nam Định", "BQL dự án ĐTXD tỉnh Bắc Kạn", "TCT Điện lực miền Nam", "HĐND tỉnh Gia Lai"],
)
def test_an_abbreviated_body_of_another_kind_or_sector_stays_unmatched(matcher, typed):
    assert match(matcher, name=typed) == ("", "none")


def test_no_abbreviation_is_a_province_spelling_or_a_word_of_one():
    from campaign.abbreviations import abbreviations
    from campaign.places import finder

    table = abbreviations()
    assert not set(table.expansions) & set(finder().forms)
    assert not set(table.expansions) & finder().words


def test_readme_lists_every_abbreviation():
    import csv
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Matching names") : readme.index("## Sources and credits")]
    with open(root / "campaign/data/abbreviations.csv", encoding="utf-8") as f:
        missing = [r["abbreviation"] for r in csv.DictReader(f) if f"`{r['abbreviation']}`" not in section]
    assert not missing


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Bộ Giáo dục", "G03"),
        ("Bộ Lao động", "G07"),
        ("Bộ Văn hoá", "G16"),
        ("Ministry of Culture", "G16"),
        ("Vụ Hợp tác quốc tế - Bộ Giáo dục", "G03"),
    ],
)
def test_a_ministry_named_by_its_first_words_is_that_ministry(matcher, typed, code):
    assert match(matcher, name=typed) == (code, "name")


@pytest.mark.parametrize(
    "typed",
    [
        "Bộ Tài",  # Tài chính or Tài nguyên và Môi trường
        "Bộ Công",  # too short to tell
        "Viện Hàn lâm",  # two academies, and not a ministry's kind
        "Bộ Thông tin",  # the campaign's own ministry
        "Bộ Giáo dục Hà Nội",  # a place: no ministry has one
    ],
)
def test_first_words_that_fit_two_bodies_or_none_stay_unmatched(matcher, typed):
    assert match(matcher, name=typed) == ("", "none")


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Mobi Fone", "MOBIFONE"),
        ("Viet tel", "VIETTEL"),
        ("VN Post", "VNPOST"),  # the brand, not "Vietnam Post newspaper" (the Báo's English name)
        ("Viet Nam Net", "MIC-VNN"),
        ("www.vnnic.vn", "MIC-VNNIC"),
        ("vncert.gov.vn", "MIC-VNCERT"),
        ("MobiFone Corp", "MOBIFONE"),
    ],
)
def test_brands_typed_in_pieces_and_web_addresses_are_their_agency(matcher, typed, code):
    assert match(matcher, name=typed) == (code, "name")


@pytest.mark.parametrize("typed", ["Viettel Telecom", "VNPT VinaPhone", "VNPT-Media", "vietnamplus.vn", "Mobifone khu vực 3"])
def test_a_brands_companies_and_other_websites_stay_unmatched(matcher, typed):
    assert match(matcher, name=typed)[0] == ""


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Sở TT&TT Điện Biên Phủ", "P11"),
        ("Sở TT&TT Buôn Ma Thuột", "P66"),
        ("Sở TT&TT TP Đà Lạt", "P68"),
        ("Nha Trang - Sở TT&TT", "P56"),
        ("Sở TTTT Hạ Long", "P22"),
        ("Sở TT&TT Quy Nhơn", "P52"),
    ],
)
def test_a_city_that_names_its_province_places_the_department(matcher, typed, code):
    assert match(matcher, name=typed) == (code, "name")


@pytest.mark.parametrize("typed", ["Sở TT&TT Vinh", "Sở TT&TT Hội An", "UBND TP Nha Trang", "Sở Y tế Nha Trang"])
def test_a_city_that_is_not_its_provinces_name_or_a_citys_own_body_stays_unmatched(matcher, typed):
    assert match(matcher, name=typed) == ("", "none")


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("UBND tỉnh Lào Cai - Sở Thông tin và Truyền thông", "P10"),
        ("Sở TT&TT - UBND tỉnh Hà Giang", "P02"),
        ("UBND TỈNH BẮC GIANG SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "P24"),
        ("Sở Thông tin và Truyền thông (UBND tỉnh Sơn La)", "P14"),
        ("Sở TT&TT (Quảng Ninh)", "P22"),
    ],
)
def test_a_provinces_peoples_committee_around_its_department_is_that_department(matcher, typed, code):
    assert match(matcher, name=typed) == (code, "name")


@pytest.mark.parametrize(
    "typed", ["UBND tỉnh Lào Cai - Sở Y tế", "UBND tỉnh Lào Cai - Văn phòng", "UBND tỉnh Lâm Đồng - Sở TT&TT Đắk Nông"]
)
def test_a_committee_around_another_body_or_another_provinces_department_stays_unmatched(matcher, typed):
    assert match(matcher, name=typed) == ("", "none")


@pytest.mark.parametrize(("typed", "code"), [("Bộ Tài cihnh", "G12"), ("Cục Viễn thnôg", "MIC-CVT")])
def test_two_swapped_letters_in_a_name_score_like_one_letter_dropped(matcher, typed, code):
    assert match(matcher, name=typed) == (code, "fuzzy")


def test_a_tie_names_both_provinces_first_in_its_suggestions(matcher):
    out = matcher.match(pd.Series([""]), pd.Series([""]), pd.Series(["Sở TT&TT Hàu Giang"])).iloc[0]
    assert out["agency_code"] == ""
    first_two = sorted(s.split()[0] for s in out["suggestions"].split("; ")[:2])
    assert first_two == ["P02", "P93"]
    assert out["reason"] == ("place_tie", "Hà Giang", "Hậu Giang")


def test_a_code_and_a_name_that_name_two_agencies_are_flagged_and_the_code_wins(config):
    from campaign.model import RawTables
    from campaign.report import build_report
    from tests.sheets import responses, ticked

    rows = responses(
        {"timestamp": "20/05/2021 10:00:00", "agency_code": "G05", "agency_name": "Bộ Y tế", "activities": ticked("rally")},
        {
            "timestamp": "20/05/2021 10:00:00",
            "agency_code": "P01",
            "agency_name": "So TTTT Ha Noi",
            "activities": ticked("rally"),
        },
        {
            "timestamp": "20/05/2021 10:00:00",
            "agency_code": "P01",
            "agency_name": "Sở TT&TT Hà Nôi",
            "activities": ticked("rally"),
        },
        {"timestamp": "20/05/2021 10:00:00", "agency_code": "P01", "agency_name": "Phòng Văn thư", "activities": ticked("rally")},
    )
    report = build_report(RawTables(responses=rows), config)
    assert report.submissions["agency_code"].tolist() == ["G05", "P01", "P01", "P01"]  # the code wins, as README says
    flagged = report.issues[report.issues["issue"] == "code_name_disagree"]
    assert flagged["row"].tolist() == [2]  # a typo of the code's own name, or a name of nobody, is no disagreement
    said = flagged["hint"].iloc[0].text("en")
    assert "G05 Bộ Kế hoạch và Đầu tư" in said and "G18 Bộ Y tế" in said


# --- the index built once per roster (issue 27) ---------------------------------------------------------------------


@pytest.fixture
def builds(monkeypatch):
    """How many Matchers were built; matcher_for's memory of this process emptied for the test."""
    from campaign import matching

    count = []
    real_init = matching.Matcher.__init__

    def counting(self, *args, **kwargs):
        count.append(1)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(matching.Matcher, "__init__", counting)
    monkeypatch.setattr(matching, "_MATCHERS", matching.OrderedDict())
    return count


def test_the_matchers_index_is_built_once_per_roster_content(roster, builds):
    from campaign.matching import matcher_for

    first = matcher_for(roster, 90, 5)
    assert matcher_for(roster.copy(), 90, 5) is first and len(builds) == 1  # the same content: the same index
    renamed = roster.copy()
    renamed.loc[0, "name"] = renamed.loc[0, "name"] + " mới"
    assert matcher_for(renamed, 90, 5) is not first and len(builds) == 2
    assert matcher_for(roster, 80, 5) is not first and len(builds) == 3  # other settings: another index


def test_the_index_kept_in_a_folder_is_read_back_by_the_next_run_and_matches_the_same(roster, builds, tmp_path):
    from campaign import matching

    built = matching.matcher_for(roster, 90, 5, tmp_path)
    assert len(builds) == 1 and len(list(tmp_path.glob("matcher-*.pickle"))) == 1
    matching._MATCHERS.clear()  # as a new process: nothing in memory
    read = matching.matcher_for(roster, 90, 5, tmp_path)
    assert len(builds) == 1 and read is not built
    names = pd.Series(["Sở TT&TT Hà Nội", "so thong tin truyen thong ha noi", "Sở Thông tin và Truyền thông Hà Nọi", "Bộ Y tế"])
    blank = pd.Series([""] * len(names))
    pd.testing.assert_frame_equal(read.match(blank, blank, names), built.match(blank, blank, names))
    changed = roster.iloc[1:].reset_index(drop=True)
    matching._MATCHERS.clear()
    matching.matcher_for(changed, 90, 5, tmp_path)
    assert len(builds) == 2 and len(list(tmp_path.glob("matcher-*.pickle"))) == 1  # one roster's index is kept
    (next(tmp_path.glob("matcher-*.pickle"))).write_bytes(b"not a pickle")
    matching._MATCHERS.clear()
    assert matching.matcher_for(changed, 90, 5, tmp_path).names == matching.Matcher(changed, 90, 5).names
