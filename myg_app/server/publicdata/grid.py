"""The 기상청 forecast grid (DFS): 단기예보 is published per 5 km cell of a Lambert conformal conic
projection, asked for by (nx, ny), not by latitude and longitude. This is the conversion the
기상청 publishes with its API guide (the "LCC DFS 좌표변환" C code), both ways.

Constants of the 5 km grid: earth radius RE=6371.00877 km, GRID=5 km, standard parallels
SLAT1=30 and SLAT2=60, origin OLON=126 / OLAT=38 at grid point (XO=43, YO=136). Cells count from
1 at the south-west corner; 광양시청 (34.9407, 127.6959) is nx=73, ny=70.
"""
from __future__ import annotations

import math
from typing import NamedTuple

RE = 6371.00877  # km
GRID = 5.0  # km
SLAT1 = 30.0
SLAT2 = 60.0
OLON = 126.0
OLAT = 38.0
XO = 43
YO = 136

_DEGRAD = math.pi / 180.0
_RADDEG = 180.0 / math.pi
_re = RE / GRID
_slat1, _slat2 = SLAT1 * _DEGRAD, SLAT2 * _DEGRAD
_olon, _olat = OLON * _DEGRAD, OLAT * _DEGRAD
_sn = (math.log(math.cos(_slat1) / math.cos(_slat2))
       / math.log(math.tan(math.pi / 4 + _slat2 / 2) / math.tan(math.pi / 4 + _slat1 / 2)))
_sf = math.tan(math.pi / 4 + _slat1 / 2) ** _sn * math.cos(_slat1) / _sn
_ro = _re * _sf / math.tan(math.pi / 4 + _olat / 2) ** _sn


class GridPoint(NamedTuple):
    nx: int
    ny: int


class LatLon(NamedTuple):
    lat: float
    lon: float


def to_grid(lat: float, lon: float) -> GridPoint:
    """The 단기예보 cell (nx, ny) that holds the point `lat`, `lon` (WGS84 degrees)."""
    if not (-90.0 < lat < 90.0) or not math.isfinite(lon):
        raise ValueError(f"not a latitude/longitude: {lat!r}, {lon!r}")
    ra = _re * _sf / math.tan(math.pi / 4 + lat * _DEGRAD / 2) ** _sn
    theta = lon * _DEGRAD - _olon
    if theta > math.pi:
        theta -= 2.0 * math.pi
    if theta < -math.pi:
        theta += 2.0 * math.pi
    theta *= _sn
    return GridPoint(math.floor(ra * math.sin(theta) + XO + 0.5),
                     math.floor(_ro - ra * math.cos(theta) + YO + 0.5))


def to_latlon(nx: int, ny: int) -> LatLon:
    """The centre of cell (nx, ny) in WGS84 degrees: `to_grid` of it gives the cell back."""
    xn = nx - XO
    yn = _ro - ny + YO
    ra = math.copysign(math.hypot(xn, yn), _sn)
    lat = 2.0 * math.atan((_re * _sf / ra) ** (1.0 / _sn)) - math.pi / 2
    if xn == 0:
        theta = 0.0
    elif yn == 0:
        theta = math.copysign(math.pi / 2, xn)
    else:
        theta = math.atan2(xn, yn)
    lon = theta / _sn + _olon
    return LatLon(lat * _RADDEG, lon * _RADDEG)
