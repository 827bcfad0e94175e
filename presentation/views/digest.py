"""The leaders' morning digest: what "how is it going" needs, as text (pure functions of a Report, no Streamlit).

The quotable sentence, the reporting rate per group, and who reported since the same hour yesterday. Everything here
passes the privacy gate as a leader: agency names and counts, never a reporter, phone or email.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from campaign import metrics, privacy
from campaign.model import Report
from presentation.formats import fmt_date, fmt_int, fmt_pct, fmt_time
from presentation.labels import t
from presentation.views.columns import agency_names
from presentation.views.overview import deadline_state, headline, is_closed

LEADER = "leader"  # the digest goes to leaders: what they may see (campaign/privacy.py) and nothing more


@dataclass(frozen=True)
class Digest:
    """The digest's parts, in one language."""

    subject: str
    sentence: str
    deadline_line: str  # once the round has closed: what stood at the deadline; '' before
    groups_title: str
    groups: list[str]  # "Sở TT&TT các tỉnh, thành phố: 50/63 (79,4%)"
    new_title: str
    new: list[str]  # agency names
    chart_caption: str
    footer: str

    def text(self) -> str:
        """The plain-text body (the HTML part says the same, with the chart)."""
        lines = [self.sentence]
        if self.deadline_line:
            lines.append(self.deadline_line)
        lines += ["", self.groups_title, *(f"- {g}" for g in self.groups), "", self.new_title]
        lines += [f"- {n}" for n in self.new]
        lines += ["", self.footer]
        return "\n".join(lines) + "\n"


def since_yesterday(agencies: pd.DataFrame, moment: pd.Timestamp) -> pd.DataFrame:
    """The agencies whose first report arrived in the 24 hours before `moment`, earliest first."""
    first = pd.to_datetime(agencies["first_submitted_at"], utc=True)
    start, end = moment - pd.Timedelta(days=1), moment
    new = agencies[first.notna() & (first > start.tz_convert("UTC")) & (first <= end.tz_convert("UTC"))]
    return new.assign(_first=first[new.index]).sort_values("_first", kind="stable").drop(columns="_first")


def build_digest(report: Report, moment: pd.Timestamp, lang: str, *, final: bool = False) -> Digest:
    """The digest of `report` as it stands at `moment` (campaign time), in `lang`."""
    config = report.config
    agencies = privacy.visible(report.agencies, config, LEADER, report.prepared.headers)
    summary = metrics.summary(report)
    closed = is_closed(config, moment)
    sentence = headline(summary, moment, lang, closed=closed, final=final)
    groups = privacy.visible(metrics.by_group(report), config, LEADER)
    order = {g: i for i, g in enumerate(config.groups)}
    groups = groups.assign(_o=groups["group"].map(lambda g: order.get(g, len(order)))).sort_values(["_o", "group"])
    group_lines = [
        f"{config.group_label(g['group'], lang)}: {fmt_int(g['agencies_reported'], lang)}/"
        f"{fmt_int(g['agencies_expected'], lang)} ({fmt_pct(g['reporting_rate'], lang)})"
        for _, g in groups.iterrows()
    ]
    new = since_yesterday(agencies, moment)
    since = moment - pd.Timedelta(days=1)
    when = {"time": fmt_time(since), "date": fmt_date(since)}
    new_title = t("digest_new", lang, n=fmt_int(len(new), lang), **when) if len(new) else t("digest_new_none", lang, **when)
    campaign = config.campaign.short_title or config.campaign.name.get(lang)
    return Digest(
        subject=t(
            "digest_subject",
            lang,
            campaign=campaign,
            date=fmt_date(moment),
            reported=fmt_int(summary["agencies_reported"], lang),
            expected=fmt_int(summary["agencies_expected"], lang),
            rate=fmt_pct(summary["reporting_rate"], lang),
        ),
        sentence=sentence,
        deadline_line=deadline_state(summary, config, lang) if final else "",
        groups_title=t("digest_groups", lang),
        groups=group_lines,
        new_title=new_title,
        new=agency_names(new, lang).tolist(),
        chart_caption=t("digest_chart", lang),
        footer=t("digest_footer", lang, source=report.prepared.raw.source, time=fmt_time(moment), date=fmt_date(moment)),
    )
