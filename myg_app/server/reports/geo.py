"""Open reports near a point: a bounding box for the query, haversine for the exact cut."""
from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from myg_app.contracts import reports as c
from myg_app.server.reports.models import Report


@dataclass(frozen=True, slots=True)
class Box:
    min_lat: float
    min_long: float
    max_lat: float
    max_long: float


def box_around(lat: float, long: float, radius_m: float) -> Box:
    dlat = radius_m / 111_320
    dlong = radius_m / (111_320 * math.cos(math.radians(lat)))
    return Box(lat - dlat, long - dlong, lat + dlat, long + dlong)


def distance_m(lat1: float, long1: float, lat2: float, long2: float) -> float:
    """Haversine distance; exact enough for "within a few hundred metres"."""
    r = 6_371_000
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(long2 - long1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def nearby(session: Session, lat: float, long: float, radius_m: float = 300,
           category: str | None = None, limit: int = 20) -> list[tuple[Report, float]]:
    """Open reports near a point, nearest first: shown before filing so people join them."""
    b = box_around(lat, long, radius_m)
    stmt = select(Report).where(
        Report.status.in_(c.OPEN_STATUSES),
        Report.lat.between(b.min_lat, b.max_lat), Report.long.between(b.min_long, b.max_long))
    if category:
        stmt = stmt.where(Report.category == category)
    found = [(r, distance_m(lat, long, r.lat, r.long)) for r in session.scalars(stmt.limit(500))]
    found = [(r, d) for r, d in found if d <= radius_m]
    found.sort(key=lambda rd: rd[1])
    return found[:limit]
