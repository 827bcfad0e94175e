"""Chart builders: frames in, plotly figures out (pages only render them)."""

from __future__ import annotations

import html
import textwrap

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from campaign.config import Config
from campaign.status import STATUSES
from presentation.colours import GROUP_COLORS, STATUS_COLORS
from presentation.formats import fmt_date, fmt_int, fmt_pct
from presentation.labels import status_label, t

FONT = "Source Sans, Arial, sans-serif"

# The documents' charts carry this template, never the process's default: importing Streamlit makes its own template
# the default (no automargin), and the documents built in the app's process lost their category labels. A copy of
# plotly's own, so a chart drawn by the app and by the CLI is the same picture.
PRINT_TEMPLATE = go.layout.Template(pio.templates["plotly"])


def png_config(name: str) -> dict:
    """Plotly toolbar settings: the camera button saves a PNG a leader can paste into a report."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": name, "scale": 2},
    }


def text(value: object) -> str:
    """Plotly renders a few HTML tags in labels: escape anything that came from a sheet or a file."""
    return html.escape(str(value), quote=False)


def _wrap(label: str, width: int = 38) -> str:
    return "<br>".join(text(line) for line in textwrap.wrap(str(label), width)) or text(label)


# Room at the top for Plotly's toolbar (the PNG camera): the title starts under it, so they never overlap on a phone.
TOOLBAR_ROOM = 30
TITLE_LINE = 20
TITLE_WIDTH = 40  # characters per title line: a phone's width (390 px) in bold 14 px


def finish_layout(fig: go.Figure, title: str, lang: str, height: int = 420) -> go.Figure:
    lines = textwrap.wrap(str(title), TITLE_WIDTH) or [str(title)]
    fig.update_layout(
        # Title at the top of the picture, under the toolbar, wrapped to a phone's width; legend under the plot:
        # a pasted PNG explains itself and nothing is cut at the right edge.
        title={
            "text": "<br>".join(f"<b>{text(line)}</b>" for line in lines),
            "x": 0.01,
            "xanchor": "left",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": TOOLBAR_ROOM},
            "font": {"size": 14},
        },
        # Decimal and thousands separators: 65,5% and 1.200 in Vietnamese.
        separators=",." if lang == "vi" else ".,",
        font={"family": FONT, "size": 13},
        height=height + TITLE_LINE * (len(lines) - 1),
        margin={"l": 10, "r": 10, "t": TOOLBAR_ROOM + TITLE_LINE * len(lines) + 14, "b": 10},
        # Under the plot, from the figure's bottom up: long group names wrap onto more rows, never over the axis.
        legend={
            "orientation": "h",
            "yref": "container",
            "y": 0,
            "yanchor": "bottom",
            "xanchor": "left",
            "x": 0,
            "traceorder": "normal",
        },
        plot_bgcolor="white",
        paper_bgcolor="white",
    )
    return fig


def group_colors(config: Config, groups: list[str]) -> dict[str, str]:
    """A colour per group, in the config's order, never a status colour."""
    order = [g for g in config.groups if g in groups] + sorted(g for g in groups if g not in config.groups)
    return {g: GROUP_COLORS[i % len(GROUP_COLORS)] for i, g in enumerate(order)}


def burnup_chart(burnup: pd.DataFrame, config: Config, expected: int, lang: str) -> go.Figure:
    """Agencies reported per day, cumulative, stacked by group; the deadline and the number expected marked."""
    fig = go.Figure()
    groups = list(dict.fromkeys(burnup["group"]))
    colors = group_colors(config, groups)
    for group in sorted(groups, key=list(colors).index):
        part = burnup[burnup["group"] == group]
        name = text(config.group_label(group, lang))
        fig.add_trace(
            go.Scatter(
                x=part["date"],
                y=part["reported"],
                name=_wrap(config.group_label(group, lang)),  # a long group name in two lines: inside a phone's width
                mode="lines",
                stackgroup="reported",
                line={"color": colors[group], "width": 1.5},
                hovertemplate=f"{name}<br>%{{x|%d/%m/%Y}}: %{{y}}<extra></extra>",
            )
        )
    deadline = config.deadline.tz_localize(None)
    due = deadline - pd.Timedelta(minutes=1)  # "before 4 June": due 03/06
    fig.add_shape(type="line", x0=deadline, x1=deadline, yref="paper", y0=0, y1=1, line={"color": "#333333", "dash": "dash"})
    # The deadline's label at the bottom, the expected line's at the top: apart at any width.
    fig.add_annotation(
        x=deadline,
        y=0.02,
        yref="paper",
        text=text(f"{t('deadline', lang)} {fmt_date(due)}"),
        showarrow=False,
        xanchor="right",
        yanchor="bottom",
        bgcolor="rgba(255,255,255,0.85)",
    )
    fig.add_hline(
        y=expected,
        line={"color": "#777777", "dash": "dot"},
        annotation_text=text(t("expected_line", lang, n=fmt_int(expected, lang))),
        annotation_position="top left",
    )
    fig.update_xaxes(title=t("axis_date", lang), tickformat="%d/%m", showgrid=True, gridcolor="#EEEEEE")
    # Room above the expected line for its label.
    fig.update_yaxes(title=t("axis_agencies", lang), range=[0, max(expected, 1) * 1.15], showgrid=True, gridcolor="#EEEEEE")
    fig.update_layout(hovermode="x unified")
    return finish_layout(fig, t("chart_burnup", lang), lang)


def group_rates_chart(counts: pd.DataFrame, config: Config, lang: str) -> go.Figure:
    """One bar per group: shares on time, late and missing; the reporting rate in the group's label."""
    fig = go.Figure()
    labels = [
        _wrap(f"{config.group_label(g, lang)} — {fmt_pct(r, lang)}", 26)
        for g, r in zip(counts["group"], counts["reporting_rate"])
    ]
    expected = counts["expected"].where(counts["expected"] > 0, 1)
    for status in STATUSES:
        name = text(status_label(status, lang))
        fig.add_trace(
            go.Bar(
                y=labels,
                x=counts[status] / expected,
                orientation="h",
                name=name,
                marker_color=STATUS_COLORS[status],
                text=[fmt_int(n, lang) if n else "" for n in counts[status]],
                textposition="inside",
                customdata=counts[status],
                hovertemplate=f"{name}: %{{customdata}} (%{{x:.1%}})<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title=t("axis_share", lang), tickformat=".0%", range=[0, 1.001], tickvals=[0, 0.25, 0.5, 0.75, 1])
    fig.update_yaxes(autorange="reversed")
    return finish_layout(fig, t("chart_groups", lang), lang, height=max(300, 110 + 70 * len(counts)))


def activities_chart(activities: pd.DataFrame, lang: str) -> go.Figure:
    """Agencies per activity, most done first."""
    table = activities.sort_values("agencies", ascending=True)
    label_col = "label_vi" if lang == "vi" else "label_en"
    fig = go.Figure(
        go.Bar(
            y=[_wrap(label, 28) for label in table[label_col]],
            x=table["agencies"],
            orientation="h",
            marker_color="#56B4E9",
            text=[fmt_int(n, lang) for n in table["agencies"]],
            textposition="outside",
            hovertemplate="%{y}: %{x}<extra></extra>",
            cliponaxis=False,
        )
    )
    fig.update_xaxes(title=t("axis_agencies", lang), rangemode="tozero", showgrid=True, gridcolor="#EEEEEE")
    return finish_layout(fig, t("chart_activities", lang), lang, height=max(360, 60 + 48 * len(table)))


CHART_NAMES = {
    "burnup": ("tien-do-bao-cao", "reporting-progress"),
    "groups": ("ty-le-theo-nhom", "rate-by-group"),
    "map": ("ban-do-63-tinh", "province-map"),
    "activities": ("hoat-dong", "activities"),
}


def filename(config: Config, chart: str, moment: pd.Timestamp, lang: str) -> str:
    """'wtisd2021_tien-do-bao-cao_03-06-2021': the campaign, what the chart is and the moment it shows."""
    vi, en = CHART_NAMES[chart]
    return f"{config.campaign.slug}_{vi if lang == 'vi' else en}_{moment.strftime('%d-%m-%Y')}"
