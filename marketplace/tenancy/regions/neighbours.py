"""Which labour-market regions border each other, read from the shipped CBS outlines.

Two regions are neighbours when their outlines share at least two vertices: the CBS outlines come from
one topology, so a shared border keeps identical (quantised) coordinates in both. Computed once per
process from the newest classification's GeoJSON; no extra data file to keep in step.
"""

from __future__ import annotations

import itertools
import json
from functools import lru_cache

from .loader import DATA_DIR


def _vertices(geometry: dict) -> set[tuple[float, float]]:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return {(round(x, 3), round(y, 3)) for polygon in polygons for ring in polygon for x, y in ring}


@lru_cache(maxsize=1)
def neighbour_map() -> dict[str, frozenset[str]]:
    folder = max(p for p in DATA_DIR.iterdir() if p.is_dir() and any(p.glob("*.geojson")))
    shapes = json.loads(next(folder.glob("*.geojson")).read_text())
    vertices = {f["properties"]["statcode"]: _vertices(f["geometry"]) for f in shapes["features"]}
    found: dict[str, set[str]] = {code: set() for code in vertices}
    for a, b in itertools.combinations(vertices, 2):
        if len(vertices[a] & vertices[b]) >= 2:
            found[a].add(b)
            found[b].add(a)
    return {code: frozenset(others) for code, others in found.items()}


def neighbours(region_code: str) -> frozenset[str]:
    return neighbour_map().get(region_code, frozenset())
