"""The four figures of the overview (burn-up, rate per group, map, activities): the page and the documents draw the same."""

from __future__ import annotations

import plotly.graph_objects as go

from campaign.config import Config
from presentation import charts, geo, views

# Pixel width of each chart in a document: at 16 cm on the page the dashboard's 13 px text prints at about 8–9 pt.
PRINT_WIDTHS = {"burnup": 700, "groups": 700, "activities": 700, "map": 640}


def overview_figures(frames: views.Frames, config: Config, lang: str) -> dict[str, go.Figure]:
    return {
        "burnup": charts.burnup_chart(frames.burnup, config, frames.summary["agencies_expected"], lang),
        "groups": charts.group_rates_chart(views.status_counts_by_group(frames), config, lang),
        "map": geo.province_map(frames.provinces, lang),
        "activities": charts.activities_chart(frames.activities, lang),
    }


def print_figures(frames: views.Frames, config: Config, lang: str) -> dict[str, go.Figure]:
    """The overview's figures for a document: each with its own template and size, so the picture is the same in
    any process (the app's, where Streamlit changed plotly's default template, and the CLI's)."""
    figures = overview_figures(frames, config, lang)
    for key, fig in figures.items():
        fig.update_layout(template=charts.PRINT_TEMPLATE, width=PRINT_WIDTHS[key], height=fig.layout.height, autosize=False)
    return figures
