"""Folding agency names: two spellings of one agency share a key, two agencies never do."""

import unicodedata

import pytest

from campaign.names import fold_diacritics, fold_name, strip_hidden

HA_NOI = "so thong tin va truyen thong ha noi"
HCM = "so thong tin va truyen thong ho chi minh"


@pytest.mark.parametrize(
    "typed",
    [
        "Sở Thông tin và Truyền thông thành phố Hà Nội",
        "Sở TT&TT Hà Nội",
        "Sở TTTT Hà Nội",
        "Sở TT-TT Hà Nội",
        "Sở TT và TT Hà Nội",
        "Sở TT & TT Hà Nội",
        "Sở Thông tin & Truyền thông Hà Nội",
        "SỞ THÔNG TIN VÀ TRUYỀN THÔNG TP. HÀ NỘI",
        "sở  thông tin và truyền thông,  hà   nội.",
        "So Thong tin va Truyen thong thanh pho Ha Noi",
        "Sở TT&TT TP Hà Nội",
    ],
)
def test_spellings_of_the_ha_noi_department_fold_to_one_key(typed):
    assert fold_name(typed) == HA_NOI


@pytest.mark.parametrize(
    "typed",
    [
        "Sở TT&TT TP.HCM",
        "Sở TT&TT TPHCM",
        "Sở TT&TT TP. HCM",
        "Sở TT&TT TP. Hồ Chí Minh",
        "Sở Thông tin và Truyền thông thành phố Hồ Chí Minh",
        "Sở Thông tin và Truyền thông Hồ Chí Minh",
    ],
)
def test_ho_chi_minh_city_abbreviations_mean_the_city(typed):
    assert fold_name(typed) == HCM


def test_ubnd_means_uy_ban_nhan_dan():
    assert fold_name("UBND tỉnh Hà Nam") == fold_name("Ủy ban nhân dân tỉnh Hà Nam") == "uy ban nhan dan ha nam"


def test_old_and_new_tone_placement_fold_alike():
    # "Hoà" (old style) and "Hòa" (new style), "Uỷ"/"Ủy": the same word.
    assert fold_name("Sở TT&TT tỉnh Hoà Bình") == fold_name("Sở TT&TT tỉnh Hòa Bình") == "so thong tin va truyen thong hoa binh"
    assert fold_name("Uỷ ban Dân tộc") == fold_name("Ủy ban Dân tộc")


def test_decomposed_unicode_folds_like_composed():
    composed = "Sở Thông tin và Truyền thông tỉnh Đắk Lắk"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert fold_name(decomposed) == fold_name(composed) == "so thong tin va truyen thong dak lak"


def test_d_with_stroke_folds_to_d():
    assert fold_diacritics("Đà Nẵng, Bình Định") == "Da Nang, Binh Dinh"
    assert fold_name("Đà Nẵng") == "da nang"


@pytest.mark.parametrize(
    "typed",
    [
        "Sở Thông tin và Truyền thông tỉnh Hà Tĩnh",
        "Sở TT&TT Hà Tĩnh",
        "Sở TTTT tỉnh Hà Tĩnh",
        "So Thong tin va Truyen thong tinh Ha Tinh",
        "So TT&TT Ha Tinh",
    ],
)
def test_ha_tinh_keeps_its_name_when_tinh_is_dropped(typed):
    assert fold_name(typed) == "so thong tin va truyen thong ha tinh"


def test_ha_tinh_never_folds_to_ha():
    assert fold_name("Hà Tĩnh") == "ha tinh"
    assert fold_name("tỉnh Hà Tĩnh") == "ha tinh"


def test_tinh_and_thanh_pho_are_optional_words():
    assert fold_name("Sở TT&TT tỉnh Bắc Giang") == fold_name("Sở TT&TT Bắc Giang")
    assert fold_name("So TT&TT tinh Bac Giang") == fold_name("Sở TT&TT Bắc Giang")
    assert fold_name("Sở TT&TT thành phố Hải Phòng") == fold_name("Sở TT&TT Hải Phòng")


def test_provinces_one_syllable_apart_keep_different_keys():
    pairs = [("Hà Nam", "Hà Nội"), ("Quảng Nam", "Quảng Ngãi"), ("Bắc Giang", "Bắc Ninh"), ("Hà Tĩnh", "Hà Nam")]
    for a, b in pairs:
        assert fold_name(f"Sở TT&TT {a}") != fold_name(f"Sở TT&TT {b}")


def test_hidden_characters_are_removed_and_reported():
    spoofed = "Sở TT&TT\u200b Hà\u202e Nội\ufeff"
    cleaned, found = strip_hidden(spoofed)
    assert found and cleaned == "Sở TT&TT Hà Nội"
    assert fold_name(spoofed) == HA_NOI
    assert strip_hidden("Sở TT&TT Hà Nội") == ("Sở TT&TT Hà Nội", False)


@pytest.mark.parametrize("empty", [None, float("nan"), "", "   ", 12])
def test_a_cell_without_text_folds_to_the_empty_key(empty):
    assert fold_name(empty) == ""
