"""Coordinates: GCJ-02 (高德/腾讯 pickers) to WGS-84, and line simplification for boundaries.

GCJ-02 is WGS-84 shifted by a published obfuscation formula; converting back is done by
iterating the forward formula, which is accurate to well under a metre inside China.
"""

from __future__ import annotations

import math

_A = 6378245.0
_EE = 0.00669342162296594323


def _in_china(lon: float, lat: float) -> bool:
    return 72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271


def _shift(lon: float, lat: float) -> tuple[float, float]:
    x, y = lon - 105.0, lat - 35.0
    d_lat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    d_lat += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    d_lat += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    d_lat += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    d_lon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    d_lon += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    d_lon += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    d_lon += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    rad = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    d_lon = (d_lon * 180.0) / (_A / sqrt_magic * math.cos(rad) * math.pi)
    return d_lon, d_lat


def wgs84_to_gcj02(lon: float, lat: float) -> tuple[float, float]:
    if not _in_china(lon, lat):
        return lon, lat
    d_lon, d_lat = _shift(lon, lat)
    return lon + d_lon, lat + d_lat


def gcj02_to_wgs84(lon: float, lat: float) -> tuple[float, float]:
    """The WGS-84 point whose GCJ-02 image is (lon, lat), found by fixed-point iteration."""
    if not _in_china(lon, lat):
        return lon, lat
    w_lon, w_lat = lon, lat
    for _ in range(30):
        g_lon, g_lat = wgs84_to_gcj02(w_lon, w_lat)
        d_lon, d_lat = g_lon - lon, g_lat - lat
        w_lon, w_lat = w_lon - d_lon, w_lat - d_lat
        if abs(d_lon) < 1e-9 and abs(d_lat) < 1e-9:
            break
    return w_lon, w_lat


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker: drop points closer than `tolerance` (degrees) to the simplified line."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy) or 1e-12
        index, farthest = -1, 0.0
        for i in range(first + 1, last):
            x, y = points[i]
            distance = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / norm
            if distance > farthest:
                index, farthest = i, distance
        if farthest > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def simplify_ring(ring: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Simplify a closed ring: split it at the point farthest from its start, simplify each half."""
    points = ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else ring
    if len(points) < 4:
        return [*points, points[0]]
    x0, y0 = points[0]
    far = max(range(len(points)), key=lambda i: math.hypot(points[i][0] - x0, points[i][1] - y0))
    first = simplify(points[: far + 1], tolerance)
    second = simplify([*points[far:], points[0]], tolerance)
    return first + second[1:]
