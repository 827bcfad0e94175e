"""The four figures of the overview (burn-up, rate per group, map, activities): the page and the documents draw the same."""

from __future__ import annotations

import plotly.graph_objects as go

from campaign.config import Config
from presentation import charts, geo, views


def overview_figures(frames: views.Frames, config: Config, lang: str) -> dict[str, go.Figure]:
    return {
        "burnup": charts.burnup_chart(frames.burnup, config, frames.summary["agencies_expected"], lang),
        "groups": charts.group_rates_chart(views.status_counts_by_group(frames), config, lang),
        "map": geo.province_map(frames.provinces, lang),
        "activities": charts.activities_chart(frames.activities, lang),
    }
