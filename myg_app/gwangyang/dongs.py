"""Gwangyang's 12 읍면동, declared once: names (REFERENCE.md), stable codes, and approximate
centroids (where a report map centres and which 읍면동 a point falls nearest to)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Dong:
    code: str  # stable ASCII id (URLs, stored bookings); the name is what people read
    name: str
    lat: float
    long: float

    @property
    def centroid(self) -> tuple[float, float]:
        return self.lat, self.long


DONGS: tuple[Dong, ...] = (
    Dong("gwangyang", "광양읍", 34.9760, 127.5870),
    Dong("bonggang", "봉강면", 35.0080, 127.5660),
    Dong("okryong", "옥룡면", 35.0440, 127.6100),
    Dong("okgok", "옥곡면", 34.9930, 127.6820),
    Dong("jinsang", "진상면", 35.0260, 127.7190),
    Dong("jinwol", "진월면", 34.9930, 127.7620),
    Dong("daap", "다압면", 35.1120, 127.7200),
    Dong("golyak", "골약동", 34.9420, 127.6620),
    Dong("jungma", "중마동", 34.9410, 127.6960),
    Dong("gwangyeong", "광영동", 34.9560, 127.6510),
    Dong("taein", "태인동", 34.9260, 127.7450),
    Dong("geumho", "금호동", 34.9120, 127.7200),
)
NAMES: tuple[str, ...] = tuple(d.name for d in DONGS)
BY_CODE: dict[str, Dong] = {d.code: d for d in DONGS}
BY_NAME: dict[str, Dong] = {d.name: d for d in DONGS}
CENTROIDS: dict[str, tuple[float, float]] = {d.name: d.centroid for d in DONGS}
