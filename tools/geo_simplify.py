"""Make the map's screen geometry from the boundary file: shared borders simplified once (topology kept: no gaps,
no overlaps between provinces), every island kept, coordinates rounded to 4 decimals (11 m).

    pip install topojson shapely     # only to regenerate: the app reads the file this writes
    python -m tools.geo_simplify

The tolerance, 0.005° (about 550 m), is a quarter of a pixel of the overview's map on a desktop screen and half
a pixel of its PNG at scale 2: the outline looks the same, with 5,000 points instead of 11,700.
"""

from __future__ import annotations

import json
from pathlib import Path

ASSETS = Path(__file__).resolve().parent.parent / "presentation" / "assets"
SOURCE = ASSETS / "geoBoundaries-VNM-ADM1_simplified.geojson"
SCREEN = ASSETS / "geoBoundaries-VNM-ADM1_screen.geojson"
TOLERANCE = 0.005  # degrees


def polygons(feature: dict) -> list:
    geometry = feature["geometry"]
    return geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]


def _rounded(value):
    if isinstance(value, float):
        return round(value, 4)
    return [_rounded(v) for v in value]


def simplify(source: dict, tolerance: float = TOLERANCE) -> dict:
    import topojson  # a tool for this step only, not a requirement of the app

    topology = topojson.Topology(
        source, prequantize=False, topology=True, toposimplify=tolerance, simplify_algorithm="dp", prevent_oversimplify=True
    )
    out = json.loads(topology.to_geojson())
    names = [f["properties"]["shapeName"] for f in source["features"]]
    by_name = {f["properties"]["shapeName"]: f for f in out["features"]}
    features = []
    for name in names:  # the source's order and properties; geometry rounded
        feature = by_name[name]
        feature["geometry"]["coordinates"] = _rounded(feature["geometry"]["coordinates"])
        features.append({"type": "Feature", "properties": feature["properties"], "geometry": feature["geometry"]})
    return {"type": "FeatureCollection", "features": features}


def main() -> None:
    source = json.loads(SOURCE.read_text(encoding="utf-8"))
    out = simplify(source)
    before = [len(polygons(f)) for f in source["features"]]
    after = [len(polygons(f)) for f in out["features"]]
    assert before == after, "every island of every province is kept"
    SCREEN.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    points = sum(len(r) for f in out["features"] for p in polygons(f) for r in p)
    print(f"{SCREEN.name}: {len(out['features'])} provinces, {sum(after)} polygons, {points} points")


if __name__ == "__main__":
    main()
