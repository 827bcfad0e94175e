"""campaign.toml read into dataclasses: defaults in one place, a typo or a bad value refused with what is accepted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from campaign.config import DEFAULT_CONFIG, CampaignSettings, Config, Limits, Matching, SheetSettings, load_config
from campaign.errors import InputError

TEXT = DEFAULT_CONFIG.read_text(encoding="utf-8")


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "campaign.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _changed(tmp_path: Path, old: str, new: str) -> Config:
    assert old in TEXT, old
    return load_config(_write(tmp_path, TEXT.replace(old, new, 1)))


def test_the_2021_campaign_is_read_into_its_tables(config):
    assert config.campaign.timezone == "Asia/Ho_Chi_Minh"
    assert config.campaign.deadline == dt.datetime(2021, 6, 4, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    assert config.campaign.roster == DEFAULT_CONFIG.parent / "campaign/data/agencies_2021.csv"
    assert config.sheet.responses_tab == "Câu trả lời biểu mẫu 1"
    assert config.matching == Matching(min_score=90.0, min_margin=5.0)
    assert config.group_label("province", "en") == "Provincial Departments of Information and Communications"
    assert config.fields["reporter"].personal and config.fields["agency_name"].required
    assert [a.key for a in config.quantity_activities] == ["webinar", "article", "itu_session", "banner"]


def test_a_setting_left_out_takes_the_default_of_its_dataclass(tmp_path):
    text = TEXT.replace("cache_ttl_seconds = 300\n", "").replace("min_score = 90\n", "")
    text = text.replace('date_order = "dmy"\n', "")
    assert "[limits]\nmax_rows = 100000\n" in text
    text = text.replace("[limits]\nmax_rows = 100000\n", "[limits]\n")
    config = load_config(_write(tmp_path, text))
    assert config.sheet.cache_ttl_seconds == SheetSettings.cache_ttl_seconds
    assert config.matching.min_score == Matching.min_score
    assert config.campaign.date_order == CampaignSettings.date_order
    assert config.limits.max_rows == Limits.max_rows


@pytest.mark.parametrize(
    ("old", "new", "key", "nearest"),
    [
        ("cache_ttl_seconds = 300", "cache_ttl_second = 60", "cache_ttl_second", "cache_ttl_seconds"),
        ("min_margin = 5", "min_marign = 5", "min_marign", "min_margin"),
        ("max_cell_chars = 5000", "max_cel_chars = 50", "max_cel_chars", "max_cell_chars"),
        ('date_order = "dmy"', 'date_ordre = "mdy"', "date_ordre", "date_order"),
        ("[matching]", "[matchng]", "matchng", "matching"),
        ('aliases = ["Notes"]', 'alias = ["Notes"]', "alias", "aliases"),
        ('label_en = "Other activities"', 'label_eng = "Other activities"', "label_eng", "label_en"),
        ('signer_name = "Phan Tâm"', 'signer_nam = "Phan Tâm"', "signer_nam", "signer_name"),  # [documents.letter]
        ('agency_code_entry = ""', 'agency_code_entri = ""', "agency_code_entri", "agency_code_entry"),  # [form]
        ("max_per_send = 50", "max_per_sends = 5", "max_per_sends", "max_per_send"),  # [reminder]
        ('coordinator_phone = "0912802454"', 'coordinator_phon = "0"', "coordinator_phon", "coordinator_phone"),
    ],
)
def test_an_unknown_key_is_refused_with_its_name_and_the_nearest_known_one(tmp_path, old, new, key, nearest):
    with pytest.raises(InputError) as err:
        _changed(tmp_path, old, new)
    assert f"unknown setting '{key}'" in err.value.en and f"did you mean '{nearest}'?" in err.value.en
    assert f"thiết lập lạ '{key}'" in err.value.vi and f"'{nearest}'" in err.value.vi


def test_an_unknown_key_with_no_near_name_lists_the_known_ones(tmp_path):
    with pytest.raises(InputError, match="known: responses_tab, responses_tab_aliases, roster_tab, cache_ttl_seconds"):
        _changed(tmp_path, "cache_ttl_seconds = 300", "xyz = 1")


@pytest.mark.parametrize(
    ("old", "new", "accepted"),
    [
        ('date_order = "dmy"', 'date_order = "ymd"', "use one of 'dmy', 'mdy'"),
        ("max_rows = 100000", 'max_rows = "many"', "expected a whole number"),
        ("min_score = 90", "min_score = true", "expected a number"),
        ("required = true", 'required = "yes"', "expected true or false"),
        ("period_start = 2021-05-01", 'period_start = "1/5/2021"', "expected a date, yyyy-mm-dd (no quotes)"),
        ('timezone = "Asia/Ho_Chi_Minh"', 'timezone = "Asia/Hanoi_City"', "use an IANA name"),
        ('quantity_field = "banner"', 'quantity_field = "banners"', "is no [fields] table"),
        ('slug = "wtisd{year}"', 'slug = "WTISD {year}"', "use lowercase letters, digits and '-'"),
    ],
)
def test_an_invalid_value_is_refused_with_what_is_accepted(tmp_path, old, new, accepted):
    with pytest.raises(InputError) as err:
        _changed(tmp_path, old, new)
    assert accepted in err.value.en
    assert err.value.vi and err.value.vi != err.value.en


def test_a_missing_required_setting_is_named(tmp_path):
    with pytest.raises(InputError, match="missing setting 'campaign.deadline'"):
        _changed(tmp_path, "deadline = 2021-06-04T00:00:00+07:00\n", "")


def test_a_deadline_without_offset_is_in_the_campaign_zone(tmp_path):
    config = _changed(tmp_path, "deadline = 2021-06-04T00:00:00+07:00", "deadline = 2021-06-04T00:00:00")
    assert config.campaign.deadline.utcoffset() == dt.timedelta(hours=7)


def test_a_document_text_with_an_unknown_placeholder_is_refused_with_the_known_ones(tmp_path):
    with pytest.raises(InputError) as err:
        _changed(tmp_path, 'closing = "Trân trọng cảm ơn./."', 'closing = "Trân trọng {cam_on}./."')
    assert "documents.letter.closing: {cam_on}" in err.value.en and "coordinator_email" in err.value.en


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        (
            'World Telecommunication and Information Society Day {year}"',
            'World Telecommunication Day {yaer}"',
            "documents.itu.title: {yaer}",
        ),
        (
            "{activity_agencies} agencies took part",
            "{agencies} agencies took part",
            "[[activities]] itu_session.document_note_en: {agencies}",
        ),
        ('story_link = "Photos and documents: {link}"', 'story_link = "Photos: {url}"', "documents.itu.story_link: {url}"),
    ],
)
def test_every_document_text_is_checked_for_its_placeholders_when_the_config_is_read(tmp_path, old, new, where):
    with pytest.raises(InputError) as err:
        _changed(tmp_path, old, new)
    assert where in err.value.en
    assert "theme_vi" in err.value.en  # the known placeholders are listed


def test_the_shipped_document_texts_carry_no_year_theme_or_deadline_of_their_own(config):
    """Every year, theme and date in [documents] comes from a placeholder: the campaign's own values are in [campaign]."""
    from dataclasses import fields

    docs = config.documents
    texts = (
        [docs.undated]
        + [
            text
            for part in (docs.letter, docs.report, docs.itu)
            for f in fields(part)
            for text in (getattr(part, f.name) if isinstance(getattr(part, f.name), tuple) else (getattr(part, f.name),))
            if isinstance(text, str)
        ]
        + [a.document_note_vi for a in config.activities]
        + [a.document_note_en for a in config.activities]
    )
    c = config.campaign
    for text in texts:
        for literal in ("2021", c.theme_vi, c.theme_en, "4/6", "31/5", "1/5"):
            assert literal not in text, (literal, text)
