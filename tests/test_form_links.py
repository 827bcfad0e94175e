"""Each agency's own link: the Form pre-filled with its code; an answer carrying it matches by code; the link as a
QR code in the per-agency letter; the roster and Follow-up carry it; Data quality counts the answers it brought."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import urllib.parse
import zipfile

import pandas as pd
import pytest

from campaign import metrics
from campaign.config import FormSettings
from campaign.form_links import agency_link, code_in_link
from campaign.match_kinds import CODE
from campaign.model import RawTables
from campaign.report import build_report, evaluate, prepare
from data_sources.demo import DemoSource
from documents.letter import build_letter, letters_zip
from documents.qr import qr_png
from tests.documents_helpers import body_texts, open_docx

FORM = "https://docs.google.com/forms/d/e/1FAIpQLSe-Ngay17thang5/viewform"
ENTRY = "entry.1234567890"


@pytest.fixture(scope="module")
def linked(config):
    """The campaign with its Form and the code question's entry id filled in."""
    return dataclasses.replace(config, form=FormSettings(url=FORM + "?usp=sf_link", agency_code_entry=ENTRY))


def test_an_agencys_link_opens_the_form_with_its_code_filled_in(linked):
    link = agency_link(linked, "P51")
    assert link == f"{FORM}?usp=pp_url&{ENTRY}=P51"  # the Form's own ?usp=sf_link replaced by pp_url
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)  # as the Form reads it
    assert query == {"usp": ["pp_url"], ENTRY: ["P51"]}
    assert code_in_link(link, ENTRY) == "P51"


def test_the_entry_id_may_be_given_bare_and_a_code_is_quoted(linked):
    bare = dataclasses.replace(linked, form=FormSettings(url=FORM, agency_code_entry="1234567890"))
    assert agency_link(bare, "P51") == agency_link(linked, "P51")
    odd = agency_link(linked, "A&B=1 #2")
    assert code_in_link(odd, ENTRY) == "A&B=1 #2" and "#" not in odd


def test_without_an_entry_id_every_agency_gets_the_plain_link_and_without_a_form_none(config, linked):
    plain = dataclasses.replace(linked, form=FormSettings(url=FORM))
    assert agency_link(plain, "P51") == FORM
    assert agency_link(config, "P51") == ""  # campaign.toml has no Form yet
    assert code_in_link(agency_link(config, "P51", demo=True), "entry.1000001") == "P51"  # the demo's invented one


def test_an_answer_sent_through_the_link_matches_by_code_whatever_name_is_typed(linked):
    header = {k: f.header for k, f in linked.fields.items()}
    code = code_in_link(agency_link(linked, "P51"), ENTRY)
    answers = pd.DataFrame(
        [
            {
                header["timestamp"]: "20/05/2021 10:00:00",
                header["agency_code"]: code,
                header["agency_name"]: "Phòng Bưu chính, sở ttt qngai",  # a name the matcher would not place
                header["activities"]: "Khác",
            }
        ],
        dtype=object,
    )
    report = build_report(RawTables(responses=answers), linked)
    row = report.submissions.iloc[0]
    assert (row["agency_code"], row["match"]) == ("P51", CODE)
    assert report.agencies.set_index("code").loc["P51", "status"] == "on_time"
    assert metrics.answers_by_way(report) == {"code": 1, "email": 0, "typed": 0}


def test_data_quality_counts_answers_by_link_by_email_and_by_typed_name(config):
    report = evaluate(prepare(DemoSource(config).read(), config))
    ways = metrics.answers_by_way(report)
    subs = report.submissions
    form = subs[(subs["source"] == "form") & ~subs["blank"]]
    assert sum(ways.values()) == len(form)
    assert ways["code"] == (form["match"] == "code").sum() and ways["typed"] > 0


def _decoded(png: bytes) -> str:
    import zxingcpp
    from PIL import Image

    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert len(found) == 1
    return found[0].text


def test_the_qr_code_decodes_to_the_link(linked):
    link = agency_link(linked, "P51")
    assert _decoded(qr_png(link)) == link


@pytest.fixture(scope="module")
def missing_report(linked):
    return evaluate(prepare(DemoSource(linked).read(), linked), "2021-06-04T09:00")


def _pictures(docx: bytes) -> list[bytes]:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return [archive.read(n) for n in archive.namelist() if n.startswith("word/media/")]


def test_a_letter_to_one_agency_carries_its_link_and_its_qr_code(missing_report, linked):
    archive = zipfile.ZipFile(
        io.BytesIO(letters_zip(missing_report, missing_report.as_of, dt.date(2021, 6, 10), groups=["province"]))
    )
    name = archive.namelist()[0]
    code = name.removesuffix(".docx")
    letter = archive.read(name)
    link = agency_link(linked, code)
    assert any(link == text for text in body_texts(open_docx(letter)))
    pictures = _pictures(letter)
    assert len(pictures) == 1 and _decoded(pictures[0]) == link


def test_a_letter_to_several_agencies_carries_no_single_agencys_link(missing_report):
    letter = build_letter(missing_report, missing_report.as_of, dt.date(2021, 6, 10))
    assert _pictures(letter) == []
    assert not any(ENTRY in text for text in body_texts(open_docx(letter)))


def test_follow_up_and_the_roster_list_carry_each_agencys_own_link(missing_report, linked):
    from presentation import views

    frames = views.build_frames(missing_report, ())
    table = views.followup_table(frames, missing_report, ["missing"], "vi")
    assert (table["form_link"] == table["code"].map(lambda c: agency_link(linked, c))).all()
    with_email = table[table["mailto"] != ""]
    assert len(with_email)
    for code, link in zip(with_email["code"], with_email["mailto"]):
        body = urllib.parse.parse_qs(link.split("?", 1)[1])["body"][0]
        assert agency_link(linked, code) in body  # the reminder carries that agency's own link
    roster = views.roster_with_links(missing_report.prepared.roster, linked)
    assert code_in_link(roster.set_index("code").loc["P51", "form_link"], ENTRY) == "P51"
