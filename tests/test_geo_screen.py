"""The map's screen geometry (tools/geo_simplify.py) keeps what the boundary file has, with fewer points."""

import json

from tools import geo_simplify


def test_the_screen_map_keeps_every_province_and_island_with_fewer_points():
    source = json.loads(geo_simplify.SOURCE.read_text(encoding="utf-8"))
    screen = json.loads(geo_simplify.SCREEN.read_text(encoding="utf-8"))
    names = [f["properties"]["shapeName"] for f in source["features"]]
    assert [f["properties"]["shapeName"] for f in screen["features"]] == names
    assert [len(geo_simplify.polygons(f)) for f in screen["features"]] == [
        len(geo_simplify.polygons(f)) for f in source["features"]
    ]

    def points(data):
        return sum(len(r) for f in data["features"] for poly in geo_simplify.polygons(f) for r in poly)

    assert points(screen) < 0.5 * points(source)
