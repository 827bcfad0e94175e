"""The report on results to the Minister (báo cáo kết quả, Vietnamese), and the one-page English report for ITU.

Both come from one report at one moment with the group filter applied: every figure is read from campaign.metrics
(through the dashboard's Frames), the sentence is the overview's, the charts are the overview's figures.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from campaign import metrics
from campaign.report import Report
from documents import layout
from documents.charts import ChartRenderer, chart_pngs
from documents.letter import document_config
from documents.text import FREE_TEXT_CHARS, date_line, name, placeholders, plain
from presentation import views
from presentation.formats import fmt_date, fmt_int, fmt_pct, fmt_time

MAX_FREE_TEXTS = 20  # "Khác" answers quoted in the report; the rest are in the submissions export
CHART_WIDTH_CM = {"burnup": 15.5, "groups": 15.5, "activities": 15.5, "map": 12.5}

# Column headers of the group table (also read back by the tests).
GROUP_HEADER_VI = ("Nhóm đơn vị", "Phải báo cáo", "Đã báo cáo", "Đúng hạn", "Trễ hạn", "Chưa báo cáo", "Tỷ lệ")
GROUP_HEADER_EN = ("Kind of agency", "Asked", "Reported", "On time", "Late", "Not reported", "Rate")
ACTIVITY_HEADER_VI = ("Hoạt động", "Số đơn vị", "Số lượng")
ACTIVITY_HEADER_EN = ("Activity", "Agencies", "Quantity")


def group_rows(report: Report, frames: views.Frames, lang: str) -> list[list[str]]:
    """One row per group and a total: expected, reported, on time, late, missing, rate (as the summary counts them)."""
    config = report.config
    rows = []
    for _, g in ordered_groups(report, frames.by_group).iterrows():
        rows.append([name(config.group_label(g["group"], lang)), *_rate_cells(g, lang)])
    total = "Tổng cộng" if lang == "vi" else "Total"
    rows.append([total, *_rate_cells(pd.Series(frames.summary), lang)])
    return rows


def ordered_groups(report: Report, table: pd.DataFrame) -> pd.DataFrame:
    """The by-group table in the config's order of groups (unknown groups after, by key)."""
    order = {g: i for i, g in enumerate(report.config.groups)}
    key = table["group"].map(lambda g: (order.get(g, len(order)), g))
    return table.iloc[sorted(range(len(table)), key=lambda i: key.iloc[i])]


def _rate_cells(g: pd.Series, lang: str) -> list[str]:
    keys = ("agencies_expected", "agencies_reported", "agencies_on_time", "agencies_late", "agencies_missing")
    return [fmt_int(g[k], lang) for k in keys] + [fmt_pct(g["reporting_rate"], lang)]


def activity_rows(frames: views.Frames, lang: str) -> list[list[str]]:
    label = "label_vi" if lang == "vi" else "label_en"
    return [
        [plain(a[label]), fmt_int(a["agencies"], lang), fmt_int(a["quantity"], lang) if not pd.isna(a["quantity"]) else "—"]
        for _, a in frames.activities.iterrows()
    ]


def _demo_mark(doc, report: Report, lang: str) -> None:
    if report.prepared.raw.is_demo:
        text = "DỮ LIỆU MẪU — số liệu minh họa, không phải báo cáo thật." if lang == "vi" else "DEMO DATA — invented figures."
        layout.para(doc, text, bold=True, align=layout.CENTER, after=6)


def build_final_report(
    report: Report,
    moment: pd.Timestamp,
    *,
    groups: Iterable[str] | None = None,
    renderer: ChartRenderer | None = None,
    frames: views.Frames | None = None,
    report_day=None,
) -> bytes:
    """Báo cáo kết quả as DOCX bytes. Charts through `renderer` (one is opened for this report when none is given)."""
    if renderer is None:
        with ChartRenderer() as own:
            return build_final_report(report, moment, groups=groups, renderer=own, frames=frames, report_day=report_day)
    config = report.config
    docs = document_config(config)
    text = docs.report
    groups = list(groups) if groups else None
    frames = frames or views.build_frames(report, groups)
    summary = frames.summary
    values = placeholders(config, moment, agencies=summary["agencies_expected"])
    pngs = chart_pngs(renderer, frames, config, "vi")
    vi = "vi"

    doc = layout.new_document(docs.font)
    layout.header_block(
        doc,
        [(docs.issuer if not text.issuer_parent else text.issuer_parent, False), (text.issuer, True)],
        text.number.format(**values),
        None,
        docs,
        date_line(docs.place, report_day or moment.date()),
    )
    layout.para(doc, text.title.format(**values), bold=True, align=layout.CENTER, before=6, after=0)
    layout.para(doc, text.subtitle.format(**values), bold=True, align=layout.CENTER, after=6)
    layout.recipients_block(doc, text.to_label, list(text.to))
    layout.para(doc, f"Số liệu tính đến {fmt_time(moment)} ngày {fmt_date(moment)}", size=13, italic=True, align=layout.CENTER)
    if groups:
        chosen = "; ".join(name(config.group_label(g, vi)) for g in groups)
        layout.para(doc, f"Phạm vi: {chosen}.", size=13, italic=True, align=layout.CENTER)
    _demo_mark(doc, report, vi)

    # I. The campaign
    _heading(doc, "I. KHÁI QUÁT VỀ ĐỢT HƯỞNG ỨNG")
    layout.body(
        doc,
        f"Năm 2021, Liên minh Viễn thông quốc tế (ITU) kỷ niệm {config.campaign.name_vi} với chủ đề “{config.campaign.theme_vi}” "
        f"(“{config.campaign.theme_en}”). Ngày {values['original_date']}, Bộ Thông tin và Truyền thông đã có Công văn số "
        f"{values['original_number']} đề nghị các cơ quan, đơn vị tổ chức các hoạt động hưởng ứng từ ngày "
        f"{values['period_start']} đến ngày {values['period_end']} và gửi báo cáo kết quả trước ngày {values['deadline']}.",
    )
    parts = [
        f"{name(config.group_label(g['group'], vi))} ({fmt_int(g['agencies_expected'], vi)})"
        for _, g in ordered_groups(report, frames.by_group).iterrows()
    ]
    layout.body(
        doc,
        f"Tổng số cơ quan, đơn vị được đề nghị báo cáo: {fmt_int(summary['agencies_expected'], vi)}, gồm: "
        + "; ".join(parts)
        + ".",
    )

    # II. Results
    _heading(doc, "II. KẾT QUẢ")
    _subheading(doc, "1. Tình hình báo cáo")
    layout.body(doc, views.headline(summary, moment, vi))
    layout.data_table(doc, GROUP_HEADER_VI, group_rows(report, frames, vi), (5.0, 2.0, 1.9, 1.9, 1.7, 2.0, 1.9), size=11)
    layout.figure(doc, pngs["burnup"], "Hình 1. Số đơn vị đã báo cáo, cộng dồn theo ngày", CHART_WIDTH_CM["burnup"])
    layout.figure(doc, pngs["groups"], "Hình 2. Tỷ lệ báo cáo theo nhóm đơn vị", CHART_WIDTH_CM["groups"])

    _subheading(doc, "2. Các hoạt động đã tổ chức")
    layout.data_table(doc, ACTIVITY_HEADER_VI, activity_rows(frames, vi), (10.5, 2.8, 2.8), size=12)
    layout.figure(doc, pngs["activities"], "Hình 3. Số đơn vị theo loại hoạt động", CHART_WIDTH_CM["activities"])

    _subheading(doc, "3. Số người tham dự")
    itu = frames.activities.set_index("activity")
    itu_line = ""
    if "itu_session" in itu.index:
        row = itu.loc["itu_session"]
        itu_line = (
            f" {fmt_int(row['agencies'], vi)} đơn vị tham gia các phiên họp trực tuyến của ITU, "
            f"tổng cộng {fmt_int(row['quantity'], vi)} lượt phiên họp."
        )
    layout.body(
        doc,
        f"Theo báo cáo của các đơn vị, tổng số người tham dự các hoạt động là {fmt_int(summary['participants'], vi)} người."
        + itu_line,
    )

    _subheading(doc, "4. Một số điểm nổi bật")
    _highlights(doc, report, groups)

    _subheading(doc, "5. Sở Thông tin và Truyền thông 63 tỉnh, thành phố")
    layout.figure(doc, pngs["map"], "Hình 4. Sở TT&TT 63 tỉnh, thành phố theo trạng thái báo cáo", CHART_WIDTH_CM["map"])

    # III. Agencies that did not report
    _heading(doc, "III. CÁC CƠ QUAN, ĐƠN VỊ CHƯA BÁO CÁO")
    missing = frames.agencies[frames.agencies["status"] == "missing"]
    if missing.empty:
        layout.body(doc, "Tất cả các cơ quan, đơn vị đã gửi báo cáo.")
    order = {g: i for i, g in enumerate(config.groups)}
    for group in sorted(missing["group"].unique(), key=lambda g: (order.get(g, len(order)), g)):
        part = missing[missing["group"] == group].sort_values("code")
        label = name(config.group_label(group, vi))
        layout.para(doc, f"{label} ({fmt_int(len(part), vi)}):", size=14, bold=True, italic=True, after=2, keep_with_next=True)
        for i, agency in enumerate(part["name"], start=1):
            p = layout.para(doc, f"{i}. {name(agency)}", size=13, align=layout.LEFT, after=0)
            p.paragraph_format.left_indent = layout.Cm(1.0)
        layout.para(doc, size=6, after=0)

    # IV. Proposals: the coordinator's words
    _heading(doc, "IV. ĐỀ XUẤT, KIẾN NGHỊ")
    layout.body(doc, text.proposals_placeholder.format(**values), italic=True, keep_with_next=True)
    layout.signature_block(doc, text.cc_label, text.cc, text.signer_authority, text.signer_name)
    return layout.to_bytes(doc)


def english_date(day) -> str:
    """'4 June 2021'."""
    return f"{day.day} {day:%B %Y}"


def _heading(doc, text: str) -> None:
    layout.para(doc, text, bold=True, align=layout.LEFT, before=10, after=6, keep_with_next=True)


def _subheading(doc, text: str) -> None:
    layout.para(doc, text, bold=True, italic=True, align=layout.LEFT, before=4, after=4, keep_with_next=True)


def _highlights(doc, report: Report, groups: list[str] | None) -> None:
    """The agencies with the most kinds of activity, and what agencies wrote under "Khác" (plain text, cut)."""
    config = report.config
    names = dict(zip(report.prepared.roster["code"], report.prepared.roster["name"]))
    labels = {a.key: a.label_vi for a in config.activities}
    top = metrics.most_active(report, groups)
    if not top.empty:
        layout.body(doc, "a) Các đơn vị triển khai nhiều loại hoạt động nhất:", keep_with_next=True)
        for _, row in top.iterrows():
            kinds = "; ".join(labels.get(k, k) for k in row["keys"].split(";") if k)
            p = layout.para(
                doc,
                f"- {name(names.get(row['code'], row['code']))}: {row['activities']} loại hoạt động ({kinds}).",
                size=13,
                align=layout.LEFT,
            )
            p.paragraph_format.left_indent = layout.Cm(1.0)
    counted = metrics.counted_reports(report, groups)
    other = counted[counted["other_text"].fillna("").astype(str).str.strip() != ""].sort_values("agency_code")
    if other.empty:
        return
    layout.body(doc, "b) Các hoạt động khác do đơn vị tự ghi (mục «Khác»):", keep_with_next=True)
    for _, row in other.head(MAX_FREE_TEXTS).iterrows():
        p = layout.para(doc, f"- {name(names.get(row['agency_code'], row['agency_code']))}: ", size=13, align=layout.LEFT)
        p.paragraph_format.left_indent = layout.Cm(1.0)
        layout.run(p, plain(row["other_text"], FREE_TEXT_CHARS), size=13, italic=True)
    if len(other) > MAX_FREE_TEXTS:
        layout.body(
            doc,
            f"(Và {fmt_int(len(other) - MAX_FREE_TEXTS, 'vi')} đơn vị khác; xem đầy đủ trong tệp submissions.csv.)",
            size=13,
            italic=True,
        )


def build_itu_report(
    report: Report,
    moment: pd.Timestamp,
    *,
    groups: Iterable[str] | None = None,
    renderer: ChartRenderer | None = None,
    frames: views.Frames | None = None,
) -> bytes:
    """The English report for ITU: the observance and its theme, agencies by kind, activities, ITU sessions, the
    as-of moment and the source on the first page; the charts with English labels after it."""
    if renderer is None:
        with ChartRenderer() as own:
            return build_itu_report(report, moment, groups=groups, renderer=own, frames=frames)
    config = report.config
    docs = document_config(config)
    text = docs.itu
    groups = list(groups) if groups else None
    frames = frames or views.build_frames(report, groups)
    summary = frames.summary
    values = placeholders(config, moment, agencies=summary["agencies_reported"])
    en = "en"
    pngs = chart_pngs(renderer, frames, config, en)

    doc = layout.new_document(docs.font)
    layout.para(doc, text.sender.format(**values), size=12, align=layout.LEFT, after=2)
    layout.para(doc, english_date(moment), size=12, align=layout.LEFT, after=10)
    layout.para(doc, text.title.format(**values), size=16, bold=True, align=layout.CENTER, after=2)
    layout.para(doc, f"Theme: “{config.campaign.theme_en}”", size=13, italic=True, align=layout.CENTER, after=10)
    _demo_mark(doc, report, en)
    layout.para(
        doc,
        f"In response to ITU's call, the Ministry of Information and Communications of Viet Nam asked "
        f"{fmt_int(summary['agencies_expected'], en)} agencies to hold activities for {config.campaign.name_en} from "
        f"{english_date(config.campaign.period_start)} to {english_date(config.campaign.period_end)} and to report their results. As of "
        f"{fmt_time(moment)} on {english_date(moment)}, {fmt_int(summary['agencies_reported'], en)} agencies "
        f"({fmt_pct(summary['reporting_rate'], en)}) had reported the activities they held.",
        size=12,
    )
    layout.para(doc, "Agencies that took part, by kind", size=12, bold=True, align=layout.LEFT, after=2, keep_with_next=True)
    layout.data_table(doc, GROUP_HEADER_EN, group_rows(report, frames, en), (5.0, 1.9, 1.9, 1.9, 1.7, 2.1, 1.9), size=10)
    layout.para(doc, "Activities held", size=12, bold=True, align=layout.LEFT, after=2, keep_with_next=True)
    layout.data_table(doc, ACTIVITY_HEADER_EN, activity_rows(frames, en), (10.5, 2.8, 2.8), size=10)
    itu = frames.activities.set_index("activity")
    lines = [f"Participants in the activities: {fmt_int(summary['participants'], en)}."]
    if "itu_session" in itu.index:
        row = itu.loc["itu_session"]
        lines.append(
            f"Participation in ITU online sessions: {fmt_int(row['agencies'], en)} agencies attended "
            f"{fmt_int(row['quantity'], en)} sessions in total."
        )
    for line in lines:
        layout.para(doc, line, size=12, align=layout.LEFT, after=2)
    layout.para(doc, text.source.format(**values), size=11, italic=True, align=layout.LEFT, before=6)
    layout.page_break(doc)
    captions = {
        "burnup": "Figure 1. Agencies reported, cumulative by day",
        "groups": "Figure 2. Reporting rate by kind of agency",
        "activities": "Figure 3. Agencies per activity",
        "map": "Figure 4. Provincial Departments by reporting status",
    }
    for key in ("burnup", "groups", "activities", "map"):
        layout.figure(doc, pngs[key], captions[key], CHART_WIDTH_CM[key])
    return layout.to_bytes(doc)
