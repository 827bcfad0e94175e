"""The report on results to the Minister (báo cáo kết quả, Vietnamese), and the English report for ITU.

Both come from one report at one moment with the group filter applied: every figure is read from campaign.metrics
(through presentation's Frames), the status sentence is the overview's, the charts are the overview's figures drawn
with their own template and size. Every other sentence, heading and caption is campaign.toml's ([documents.report],
[documents.itu], and each activity's document_note_vi/_en); what only a person knows (the signer, the proposals, the
original letter) comes in `inputs`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import pandas as pd

from campaign import document_inputs, metrics
from campaign.document_inputs import DocumentInputs, lines_of
from campaign.evidence import ReportPhoto
from campaign.report import Report
from documents import layout
from documents.charts import ChartRenderer, chart_pngs
from documents.letter import document_config, plain_signer
from documents.photos import photo_page
from documents.text import FREE_TEXT_CHARS, LINK_CHARS, date_line, english_date, fill, name, placeholders, plain
from presentation import views
from presentation.formats import fmt_int, fmt_pct

MAX_FREE_TEXTS = 20  # "Khác" answers quoted in the report; the rest are in the submissions export
CHART_WIDTH_CM = {"burnup": 15.5, "groups": 15.5, "activities": 15.5, "map": 12.5}
CHARTS = ("burnup", "groups", "activities", "map")


def group_rows(report: Report, frames: views.Frames, lang: str, total_label: str) -> list[list[str]]:
    """One row per group and a total: expected, reported, on time, late, missing, rate (as the summary counts them)."""
    return _rows_by_group(report, frames, lang, total_label, _rate_cells)


def reported_rows(report: Report, frames: views.Frames, lang: str, total_label: str) -> list[list[str]]:
    """One row per group and a total: 'reported / expected' and the reporting rate."""
    return _rows_by_group(report, frames, lang, total_label, _reported_cells)


def _rows_by_group(report: Report, frames: views.Frames, lang: str, total_label: str, cells) -> list[list[str]]:
    """A row per group in the config's order (`cells` of the group's figures), then the total."""
    config = report.config
    groups = ordered_groups(report, frames.by_group)
    rows = [[name(config.group_label(g["group"], lang)), *cells(g, lang)] for _, g in groups.iterrows()]
    rows.append([total_label, *cells(pd.Series(frames.summary), lang)])
    return rows


def _reported_cells(g: pd.Series, lang: str) -> list[str]:
    return [
        f"{fmt_int(g['agencies_reported'], lang)} / {fmt_int(g['agencies_expected'], lang)}",
        fmt_pct(g["reporting_rate"], lang),
    ]


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


def activity_notes(report: Report, frames: views.Frames, lang: str, values: dict) -> list[str]:
    """Each activity's own sentence ([[activities]] document_note_vi/_en), for the activities agencies did."""
    notes = []
    done = frames.activities.set_index("activity")
    for a in report.config.activities:
        note = a.document_note_vi if lang == "vi" else a.document_note_en
        if not note or a.key not in done.index or not done.at[a.key, "agencies"]:
            continue
        quantity = done.at[a.key, "quantity"]
        notes.append(
            fill(
                note,
                values,
                activity_agencies=fmt_int(done.at[a.key, "agencies"], lang),
                activity_quantity=fmt_int(quantity, lang) if not pd.isna(quantity) else "—",
            )
        )
    return notes


def _demo_mark(doc, report: Report, lang: str) -> None:
    if report.prepared.raw.is_demo:
        text = "DỮ LIỆU MẪU — số liệu minh họa, không phải báo cáo thật." if lang == "vi" else "DEMO DATA — invented figures."
        layout.para(doc, text, bold=True, align=layout.CENTER, after=6)


def _values(report: Report, frames: views.Frames, moment: pd.Timestamp, lang: str, inputs, groups, day) -> dict:
    return placeholders(
        report.config,
        moment,
        lang,
        summary=frames.summary,
        by_group=frames.by_group,
        inputs=inputs,
        groups=groups,
        document_day=day,
    )


def build_final_report(
    report: Report,
    moment: pd.Timestamp,
    *,
    groups: Iterable[str] | None = None,
    renderer: ChartRenderer | None = None,
    frames: views.Frames | None = None,
    report_day: dt.date | None = None,
    inputs: DocumentInputs | None = None,
    photos: Sequence[ReportPhoto] = (),
) -> bytes:
    """Báo cáo kết quả as DOCX bytes. `report_day`: its date (None: left for the registry). Charts through `renderer`
    (one is opened for this report when none is given). `photos`: the page of chosen photos (none: no page)."""
    if renderer is None:
        with ChartRenderer() as own:
            return build_final_report(
                report, moment, groups=groups, renderer=own, frames=frames, report_day=report_day, inputs=inputs, photos=photos
            )
    config = report.config
    docs = document_config(config)
    text = docs.report
    inputs = inputs or document_inputs.defaults(config)
    groups = list(groups) if groups else None
    frames = frames or views.build_frames(report, groups)
    vi = "vi"
    values = _values(report, frames, moment, vi, inputs, groups, report_day)
    pngs = chart_pngs(renderer, frames, config, vi)

    doc = layout.new_document(docs.font)
    left = (
        [(fill(text.issuer_parent, values), False), (fill(text.issuer, values), True)]
        if text.issuer_parent
        else [(docs.issuer, True)]
    )
    layout.header_block(doc, left, fill(text.number, values), None, docs, date_line(config, report_day))
    layout.para(doc, fill(text.title, values), bold=True, align=layout.CENTER, before=6, after=0)
    layout.para(doc, fill(text.subtitle, values), bold=True, align=layout.CENTER, after=6)
    layout.recipients_block(doc, fill(text.to_label, values), [fill(t, values) for t in text.to])
    layout.para(doc, fill(text.as_of_line, values), size=13, italic=True, align=layout.CENTER)
    if groups:
        layout.para(doc, fill(text.scope_line, values), size=13, italic=True, align=layout.CENTER)
    _demo_mark(doc, report, vi)

    # I. The campaign
    _heading(doc, fill(text.heading_campaign, values))
    layout.body(doc, fill(text.campaign_intro, values))
    layout.body(doc, fill(text.campaign_agencies, values))

    # II. Results
    _heading(doc, fill(text.heading_results, values))
    _subheading(doc, fill(text.heading_reporting, values))
    layout.body(doc, views.headline(frames.summary, moment, vi))
    header = [fill(h, values) for h in text.group_columns]
    rows = group_rows(report, frames, vi, fill(text.total_label, values))
    layout.data_table(doc, header, rows, (5.0, 2.0, 1.9, 1.9, 1.7, 2.0, 1.9), size=11, bold_rows=[len(rows) - 1])
    layout.figure(doc, pngs["burnup"], fill(text.caption_burnup, values), CHART_WIDTH_CM["burnup"])
    layout.figure(doc, pngs["groups"], fill(text.caption_groups, values), CHART_WIDTH_CM["groups"])

    _subheading(doc, fill(text.heading_activities, values))
    layout.data_table(doc, [fill(h, values) for h in text.activity_columns], activity_rows(frames, vi), (10.5, 2.8, 2.8), size=12)
    layout.figure(doc, pngs["activities"], fill(text.caption_activities, values), CHART_WIDTH_CM["activities"])

    _subheading(doc, fill(text.heading_participants, values))
    layout.body(doc, " ".join([fill(text.participants_line, values), *activity_notes(report, frames, vi, values)]))

    _subheading(doc, fill(text.heading_highlights, values))
    _highlights(doc, report, groups, values)

    _subheading(doc, fill(text.heading_provinces, values))
    layout.figure(doc, pngs["map"], fill(text.caption_map, values), CHART_WIDTH_CM["map"])

    # III. Agencies that did not report
    _heading(doc, fill(text.heading_missing, values))
    missing = frames.agencies[frames.agencies["status"] == "missing"]
    if missing.empty:
        layout.body(doc, fill(text.all_reported, values))
    order = {g: i for i, g in enumerate(config.groups)}
    for group in sorted(missing["group"].unique(), key=lambda g: (order.get(g, len(order)), g)):
        part = missing[missing["group"] == group].sort_values("code")
        label = name(config.group_label(group, vi))
        layout.para(doc, f"{label} ({fmt_int(len(part), vi)}):", size=14, bold=True, italic=True, after=2, keep_with_next=True)
        for i, agency in enumerate(part["name"], start=1):
            p = layout.para(doc, f"{i}. {name(agency)}", size=13, align=layout.LEFT, after=0, keep_with_next=i == 1)
            p.paragraph_format.left_indent = layout.Cm(1.0)
        layout.para(doc, size=6, after=0)

    # IV. Proposals: the coordinator's words
    _heading(doc, fill(text.heading_proposals, values))
    proposals = [line for line in lines_of(inputs.proposals) if line.strip()]
    if proposals:
        for i, line in enumerate(proposals):
            layout.body(doc, plain(line), keep_with_next=i == len(proposals) - 1)
    else:
        layout.body(doc, fill(text.proposals_placeholder, values), italic=True, keep_with_next=True)
    authority = [fill(line, values) for line in inputs.report_signer_title]
    layout.signature_block(
        doc, fill(text.cc_label, values), [fill(c, values) for c in text.cc], authority, plain_signer(inputs.report_signer_name)
    )
    photo_page(doc, text.heading_photos, text.photo_credit, photos, vi, values)
    return layout.to_bytes(doc)


def _heading(doc, text: str) -> None:
    layout.para(doc, text, bold=True, align=layout.LEFT, before=10, after=6, keep_with_next=True)


def _subheading(doc, text: str) -> None:
    layout.para(doc, text, bold=True, italic=True, align=layout.LEFT, before=4, after=4, keep_with_next=True)


def _highlights(doc, report: Report, groups: list[str] | None, values: dict) -> None:
    """The agencies with the most kinds of activity, and what agencies wrote under "Khác" (plain text, cut)."""
    config = report.config
    text = config.documents.report
    names = dict(zip(report.prepared.roster["code"], report.prepared.roster["name"]))
    labels = {a.key: a.label_vi for a in config.activities}
    top = metrics.most_active(report, groups)
    if not top.empty:
        layout.body(doc, fill(text.most_active, values), keep_with_next=True)
        for _, row in top.iterrows():
            kinds = "; ".join(labels.get(k, k) for k in row["keys"].split(";") if k)
            line = fill(
                text.most_active_item,
                values,
                agency=name(names.get(row["code"], row["code"])),
                count=fmt_int(row["activities"], "vi"),
                activities=kinds,
            )
            p = layout.para(doc, f"- {line}", size=13, align=layout.LEFT)
            p.paragraph_format.left_indent = layout.Cm(1.0)
    counted = metrics.counted_reports(report, groups)
    other = counted[counted["other_text"].fillna("").astype(str).str.strip() != ""].sort_values("agency_code")
    if other.empty:
        return
    layout.body(doc, fill(text.other_intro, values), keep_with_next=True)
    for _, row in other.head(MAX_FREE_TEXTS).iterrows():
        p = layout.para(doc, f"- {name(names.get(row['agency_code'], row['agency_code']))}: ", size=13, align=layout.LEFT)
        p.paragraph_format.left_indent = layout.Cm(1.0)
        layout.run(p, plain(row["other_text"], FREE_TEXT_CHARS), size=13, italic=True)
    if len(other) > MAX_FREE_TEXTS:
        more = fmt_int(len(other) - MAX_FREE_TEXTS, "vi")
        layout.body(doc, fill(text.other_more, values, more=more), size=13, italic=True)


# The report for ITU -----------------------------------------------------------------------------------------------


def _sentence_case(label: str) -> str:
    """'Articles and news posts' → 'articles and news posts' inside a sentence; 'ITU sessions' stays."""
    if len(label) > 1 and label[0].isupper() and not label[1].isupper():
        return label[0].lower() + label[1:]
    return label


def success_stories(report: Report, groups: list[str] | None, values: dict) -> list[tuple[str, str]]:
    """(agency, paragraph) for each agency that held the most kinds of activity, in the shape of ITU's own success
    stories: who, what (with its quantities), when, how many people, a link."""
    config = report.config
    text = config.documents.itu
    roster = report.prepared.roster.set_index("code")
    counted = metrics.counted_reports(report, groups).set_index("agency_code")
    activities = {a.key: a for a in config.activities}
    stories = []
    for _, row in metrics.most_active(report, groups).iterrows():
        code = row["code"]
        agency = roster.loc[code] if code in roster.index else None
        english = plain(agency.get("name_en", "")) if agency is not None else ""
        who = name(english or (agency["name"] if agency is not None else code))
        group = config.group_label(agency["group"], "en") if agency is not None else ""
        answer = counted.loc[code] if code in counted.index else None
        if isinstance(answer, pd.DataFrame):
            answer = answer.iloc[-1]
        what = []
        for key in (k for k in row["keys"].split(";") if k):
            a = activities.get(key)
            if a is None:
                continue
            item = _sentence_case(plain(a.label_en))
            quantity = answer.get(a.quantity_field) if answer is not None and a.quantity_field else None
            if quantity is not None and not pd.isna(quantity) and quantity > 0:
                item += f" ({fmt_int(quantity, 'en')})"
            what.append(item)
        reported_on = english_date(answer["submitted_at"]) if answer is not None and not pd.isna(answer["submitted_at"]) else "…"
        parts = [
            fill(
                text.story,
                values,
                agency=who,
                group=name(group),
                count=fmt_int(row["activities"], "en"),
                activities="; ".join(what),
                reported_on=reported_on,
            )
        ]
        people = answer.get("participants") if answer is not None else None
        if people is not None and not pd.isna(people) and people > 0:
            parts.append(fill(text.story_people, values, people=fmt_int(people, "en")))
        links = str(answer.get("evidence") or "") if answer is not None else ""
        link = next((plain(part, LINK_CHARS) for part in links.split(";") if part.strip()), "")
        if link:
            parts.append(fill(text.story_link, values, link=link))
        stories.append((who, " ".join(parts)))
    return stories


def build_itu_report(
    report: Report,
    moment: pd.Timestamp,
    *,
    groups: Iterable[str] | None = None,
    renderer: ChartRenderer | None = None,
    frames: views.Frames | None = None,
    report_day: dt.date | None = None,
    inputs: DocumentInputs | None = None,
    contact: bool = True,
    photos: Sequence[ReportPhoto] = (),
) -> bytes:
    """The English report for ITU: sender and addressee, the observance and its theme, agencies that reported by kind,
    activities, participants, success stories, the source and the signature; the charts with English labels after.
    `report_day`: its date (default: the day of `moment`). `contact`: the coordinator's contacts in the sender block
    (only for a viewer who may see them). `photos`: the page of chosen photos, English captions (none: no page)."""
    if renderer is None:
        with ChartRenderer() as own:
            return build_itu_report(
                report,
                moment,
                groups=groups,
                renderer=own,
                frames=frames,
                report_day=report_day,
                inputs=inputs,
                contact=contact,
                photos=photos,
            )
    config = report.config
    docs = document_config(config)
    text = docs.itu
    inputs = inputs or document_inputs.defaults(config)
    groups = list(groups) if groups else None
    frames = frames or views.build_frames(report, groups)
    en = "en"
    values = _values(report, frames, moment, en, inputs, groups, report_day or moment.date())
    pngs = chart_pngs(renderer, frames, config, en)

    doc = layout.new_document(docs.font)
    for i, line in enumerate(text.sender):
        layout.para(doc, fill(line, values), size=12, bold=i == 0, align=layout.LEFT, after=0)
    if contact:
        layout.para(doc, fill(text.contact, values), size=12, align=layout.LEFT, after=0)
    layout.para(doc, fill(text.date_line, values), size=12, align=layout.RIGHT, before=6, after=6)
    p = layout.para(doc, align=layout.LEFT, after=0)
    layout.run(p, f"{fill(text.addressee_label, values)} ", size=12, bold=True)
    for i, line in enumerate(text.addressee):
        if i:
            p = layout.para(doc, align=layout.LEFT, after=0)
            p.paragraph_format.left_indent = layout.Cm(1.0)
        layout.run(p, fill(line, values), size=12)
    layout.para(doc, fill(text.title, values), size=16, bold=True, align=layout.CENTER, before=12, after=2)
    layout.para(doc, fill(text.theme_line, values), size=13, italic=True, align=layout.CENTER, after=10)
    _demo_mark(doc, report, en)
    layout.para(doc, fill(text.intro, values), size=12)
    layout.para(
        doc, fill(text.groups_heading, values), size=12, bold=True, align=layout.LEFT, before=4, after=2, keep_with_next=True
    )
    rows = reported_rows(report, frames, en, fill(text.total_label, values))
    layout.data_table(
        doc, [fill(h, values) for h in text.group_columns], rows, (9.0, 3.8, 3.2), size=10, bold_rows=[len(rows) - 1]
    )
    layout.para(doc, fill(text.activities_heading, values), size=12, bold=True, align=layout.LEFT, after=2, keep_with_next=True)
    layout.data_table(doc, [fill(h, values) for h in text.activity_columns], activity_rows(frames, en), (10.5, 2.8, 2.8), size=10)
    for line in [fill(text.participants_line, values), *activity_notes(report, frames, en, values)]:
        layout.para(doc, line, size=12, align=layout.LEFT, after=2)
    stories = success_stories(report, groups, values)
    if stories:
        layout.para(
            doc, fill(text.stories_heading, values), size=12, bold=True, align=layout.LEFT, before=8, after=2, keep_with_next=True
        )
        layout.para(doc, fill(text.stories_intro, values), size=12, align=layout.LEFT, after=4, keep_with_next=True)
        for who, story in stories:
            p = layout.para(doc, size=12, align=layout.LEFT, after=4)  # a long link would stretch a justified line
            p.paragraph_format.keep_together = True
            if story.startswith(who):  # the agency's name in bold, as ITU's stories start
                layout.run(p, who, size=12, bold=True)
                story = story[len(who) :]
            layout.run(p, story, size=12)
    layout.para(doc, fill(text.source, values), size=11, italic=True, align=layout.LEFT, before=6, after=12, keep_with_next=True)
    _itu_signature(
        doc, fill(text.sign_for, values), plain_signer(inputs.report_signer_name), fill(inputs.itu_signer_title, values)
    )
    for i, key in enumerate(CHARTS):
        layout.figure(doc, pngs[key], fill(getattr(text, f"caption_{key}"), values), CHART_WIDTH_CM[key], new_page=i == 0)
    photo_page(doc, text.photos_heading, text.photo_credit, photos, en, values)
    return layout.to_bytes(doc)


def _itu_signature(doc, sign_for: str, signer: str, title: str) -> None:
    """On the right: for whom, room for the signature, the name, the title (kept together on one page)."""
    lines = [(sign_for, False), *[("", False)] * 3, (signer, True), (title, False)]
    for i, (line, bold) in enumerate(lines):
        p = layout.para(doc, line, size=12, bold=bold, align=layout.CENTER, after=0, keep_with_next=i < len(lines) - 1)
        p.paragraph_format.left_indent = layout.Cm(6.0)
