"""The map of the 63 provinces, coloured by their Department's status, drawn with no internet access.

Plotly's geo maps fetch a base map from a CDN and draw nothing offline (plotly.js issue 6767), so provinces are
filled polygons on plain axes. Hoàng Sa and Trường Sa are specks in the boundary file: they are drawn here as
marked islands with labels, coloured like Đà Nẵng and Khánh Hòa.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from campaign.names import fold_name
from campaign.status import STATUSES
from presentation.charts import finish_layout, text
from presentation.colours import NO_DATA_COLOR, STATUS_COLORS
from presentation.formats import fmt_datetime
from presentation.labels import status_label, t

# Simplified for the screen from geoBoundaries' file (python -m tools.geo_simplify): shared borders
# simplified once, every island kept, 5,000 points instead of 11,700.
BOUNDARIES = Path(__file__).resolve().parent / "assets" / "geoBoundaries-VNM-ADM1_screen.geojson"
# geoBoundaries keeps Côn Đảo as its own feature; it is a district of Bà Rịa - Vũng Tàu.
SHAPE_PROVINCE_OVERRIDES = {"Côn Đảo": "77"}
DA_NANG, KHANH_HOA = "48", "56"

# Main islands at their approximate real positions (lat, lon).
HOANG_SA = (
    ("Phú Lâm", 16.83, 112.34),
    ("Cây", 16.98, 112.27),
    ("Linh Côn", 16.67, 112.73),
    ("Hoàng Sa", 16.53, 111.61),
    ("Hữu Nhật", 16.50, 111.58),
    ("Quang Ảnh", 16.45, 111.51),
    ("Quang Hòa", 16.45, 111.71),
    ("Tri Tôn", 15.78, 111.20),
)
TRUONG_SA = (
    ("Song Tử Tây", 11.43, 114.33),
    ("Sơn Ca", 10.38, 114.48),
    ("Nam Yết", 10.18, 114.36),
    ("Sinh Tồn", 9.88, 114.33),
    ("Sinh Tồn Đông", 9.90, 114.56),
    ("Phan Vinh", 8.97, 113.69),
    ("Tiên Nữ", 8.85, 114.65),
    ("Đá Tây", 8.85, 112.22),
    ("Trường Sa", 8.64, 111.92),
)
# Plain axes in degrees: stretch latitude so the country keeps its shape around 16°N.
ASPECT = 1 / math.cos(math.radians(16))
X_RANGE = (101.8, 117.6)
Y_RANGE = (7.6, 23.6)


@dataclass(frozen=True)
class Shape:
    name: str
    lon: np.ndarray  # every polygon of the shape, separated by NaN
    lat: np.ndarray
    centre: tuple[float, float]  # (lon, lat) of the largest polygon's centroid


@functools.cache
def shapes() -> tuple[Shape, ...]:
    """Province polygons from the boundary file, read once per process. Single precision (a metre at these
    longitudes) halves the figure's bytes: plotly sends numpy arrays as packed binary of their own type."""
    data = json.loads(BOUNDARIES.read_text(encoding="utf-8"))
    out = []
    for feature in data["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        rings = [np.round(np.asarray(polygon[0], dtype=float), 4) for polygon in polygons]
        parts = [np.vstack([ring, [[np.nan, np.nan]]]) for ring in rings]
        joined = np.vstack(parts)
        out.append(
            Shape(
                name=feature["properties"]["shapeName"].strip(),
                lon=joined[:, 0].astype(np.float32),
                lat=joined[:, 1].astype(np.float32),
                centre=_centroid(max(rings, key=_area)),
            )
        )
    return tuple(out)


def _area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return abs(float(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1)))) / 2


def _centroid(ring: np.ndarray) -> tuple[float, float]:
    x, y = ring[:, 0], ring[:, 1]
    cross = x * np.roll(y, -1) - np.roll(x, -1) * y
    a = cross.sum() / 2
    if abs(a) < 1e-12:
        return float(x.mean()), float(y.mean())
    return float(((x + np.roll(x, -1)) * cross).sum() / (6 * a)), float(((y + np.roll(y, -1)) * cross).sum() / (6 * a))


@functools.lru_cache(maxsize=8)
def shape_provinces(roster_provinces: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Boundary shape name → province code, by the roster's agency names ('Sở TT&TT tỉnh Hà Nam' ends in 'ha nam')."""
    folded = [(code, fold_name(name)) for code, name in roster_provinces]
    found = {}
    for shape in shapes():
        if shape.name in SHAPE_PROVINCE_OVERRIDES:
            found[shape.name] = SHAPE_PROVINCE_OVERRIDES[shape.name]
            continue
        key = fold_name(shape.name)
        hits = {code for code, name in folded if name == key or name.endswith(" " + key)}
        if len(hits) == 1:
            found[shape.name] = hits.pop()
    return found


def province_map(provinces: pd.DataFrame, lang: str) -> go.Figure:
    """Provinces filled by their Department's status, with hover text per province and the two archipelagos."""
    by_code = provinces.drop_duplicates("province_code").set_index("province_code")
    codes = shape_provinces(tuple(zip(provinces["province_code"], provinces["name"])))
    status_of = by_code["status"].to_dict()
    fig = go.Figure()
    for status in (*STATUSES, None):
        members = [s for s in shapes() if status_of.get(codes.get(s.name)) == status]
        if not members:
            continue
        fig.add_trace(
            go.Scatter(
                x=np.concatenate([s.lon for s in members]),
                y=np.concatenate([s.lat for s in members]),
                mode="lines",
                fill="toself",
                fillcolor=STATUS_COLORS.get(status, NO_DATA_COLOR),
                line={"color": "white", "width": 0.6},
                name=text(status_label(status, lang)) if status else "—",
                hoverinfo="skip",
                showlegend=status is not None,
            )
        )
    hover, xs, ys = [], [], []
    for s in shapes():
        code = codes.get(s.name)
        if code is None or code not in by_code.index or s.name in SHAPE_PROVINCE_OVERRIDES:
            continue
        xs.append(s.centre[0])
        ys.append(s.centre[1])
        hover.append(_hover(by_code.loc[code], lang))
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="markers",
            marker={"size": 14, "opacity": 0},
            hovertext=hover,
            hoverinfo="text",
            showlegend=False,
        )
    )
    for key, islands, province in (("hoang_sa", HOANG_SA, DA_NANG), ("truong_sa", TRUONG_SA, KHANH_HOA)):
        _archipelago(fig, t(key, lang), islands, status_of.get(province), by_code, province, lang)
    fig.add_annotation(  # out at sea between the archipelagos, clear of the coast at a phone's scale too
        x=113.4,
        y=14.4,
        # Upright, not italic: an italic label would make every phone fetch the italic font (138 kB) for two words.
        text=text(t("east_sea", lang)),
        showarrow=False,
        font={"size": 15, "color": "#4A6B8A"},
    )
    # constrain="domain": where the picture's proportions differ from the map's, the plot narrows instead of showing
    # more sea; the page sizes the picture to the map (dashboard/assets/phone.css), so neither happens there.
    fig.update_xaxes(visible=False, range=list(X_RANGE), fixedrange=False, constrain="domain")
    fig.update_yaxes(visible=False, range=list(Y_RANGE), scaleanchor="x", scaleratio=ASPECT, constrain="domain")
    finish_layout(fig, t("chart_map", lang), lang, height=760)
    fig.update_layout(hoverlabel={"align": "left"})  # the legend under the map, as on every chart
    return fig


def _hover(row: pd.Series, lang: str) -> str:
    first = row["first_submitted_at"]
    when = f"{t('first_report', lang)}: {fmt_datetime(first)}" if not pd.isna(first) else t("no_report", lang)
    name = row["name_en"] if lang != "vi" and isinstance(row.get("name_en"), str) and row.get("name_en") else row["name"]
    return f"<b>{text(name)}</b><br>{text(status_label(row['status'], lang))}<br>{text(when)}"


def _archipelago(
    fig: go.Figure, label: str, islands: tuple, status: str | None, by_code: pd.DataFrame, province: str, lang: str
) -> None:
    """Islands as markers in their province's colour, a dashed outline around them, and the archipelago's name."""
    color = STATUS_COLORS.get(status, NO_DATA_COLOR)
    lats = [lat for _, lat, _ in islands]
    lons = [lon for _, _, lon in islands]
    detail = _hover(by_code.loc[province], lang) if province in by_code.index else ""
    fig.add_trace(
        go.Scatter(
            x=lons,
            y=lats,
            mode="markers",
            marker={"size": 7, "color": color, "line": {"color": "#333333", "width": 0.8}},
            hovertext=[f"{text(label)} — {text(name)}<br>{detail}" for name, _, _ in islands],
            hoverinfo="text",
            showlegend=False,
        )
    )
    pad = 0.35
    fig.add_shape(
        type="circle",
        x0=min(lons) - pad,
        x1=max(lons) + pad,
        y0=min(lats) - pad,
        y1=max(lats) + pad,
        line={"color": "#4A6B8A", "width": 1, "dash": "dot"},
    )
    fig.add_annotation(
        x=(min(lons) + max(lons)) / 2,
        y=max(lats) + pad,
        # "(Khánh Hòa)" on a line of its own: on one line the label reached over the coast on a 360 px phone.
        text="<br>".join(f"<b>{text(part)}</b>" for part in label.replace(" (", "\n(").split("\n")),
        showarrow=False,
        yanchor="bottom",
        font={"size": 12, "color": "#1B2430"},
    )
