"""One shape for a hospital or pharmacy, whichever API (or bundled sample) described it, and
the parsing of both APIs' items into it. Live answers and the bundled samples go through the
same functions.

Quirks handled (from the APIs' guides and the behaviour every data.go.kr API shares): numbers
may come as strings or numbers; coordinates may be empty or 0; a field may be missing, empty
or a lone space; 건강보험심사평가원 puts longitude in XPos and latitude in YPos."""
from __future__ import annotations

import hashlib
import logging
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from myg_app.server.hospital.hours import Span, week_of

log = logging.getLogger(__name__)

PlaceKind = Literal["hospital", "pharmacy"]
DEMO_MARK = "(예시)"  # every bundled sample place's name starts with it
MOONLIGHT = "달빛어린이"  # how 국립중앙의료원 notes a 달빛어린이병원 in dutyEtc / dutyInf / the name


@dataclass(frozen=True)
class Place:
    id: str
    kind: PlaceKind
    name: str
    category: str | None = None
    address: str | None = None
    phone: str | None = None
    emergency_phone: str | None = None
    lat: float | None = None
    lon: float | None = None
    week: Mapping[int, Span] = field(default_factory=dict)
    departments: tuple[str, ...] = ()
    emergency: bool = False
    moonlight: bool = False
    note: str | None = None
    demo: bool = False
    key: str | None = None  # hpid or ykiho as the API gave it


def clean(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def coordinate(value: Any, low: float, high: float) -> float | None:
    try:
        x = float(str(value).strip())
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) and low <= x <= high else None


def phone_digits(phone: str | None) -> str:
    return "".join(ch for ch in phone or "" if ch.isdigit())


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), metres."""
    r = 6_371_000.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))


def _departments(value: Any) -> tuple[str, ...]:
    text = clean(value)
    return tuple(d.strip() for d in text.split(",") if d.strip()) if text else ()


def parse_nmc(items: Iterable[Mapping[str, Any]], kind: PlaceKind) -> list[Place]:
    """국립중앙의료원 items (getHsptlMdcncListInfoInqire / getParmacyListInfoInqire) as Places;
    an item without hpid or dutyName is skipped (logged), never fatal."""
    out = []
    for item in items:
        hpid, name = clean(item.get("hpid")), clean(item.get("dutyName"))
        if not hpid or not name or not hpid.isalnum() or len(hpid) > 40:
            log.warning("nmc: an item without a usable hpid/dutyName, skipped")
            continue
        note = clean(item.get("dutyEtc"))
        about = " ".join(filter(None, (name, note, clean(item.get("dutyInf")))))
        out.append(Place(
            id=f"n-{hpid}", kind=kind, name=name,
            category=clean(item.get("dutyDivNam")) or ("약국" if kind == "pharmacy" else None),
            address=clean(item.get("dutyAddr")), phone=clean(item.get("dutyTel1")),
            emergency_phone=clean(item.get("dutyTel3")),
            lat=coordinate(item.get("wgs84Lat"), 33.0, 39.0),
            lon=coordinate(item.get("wgs84Lon"), 124.0, 132.0),
            week=week_of(dict(item)), departments=_departments(item.get("dgidIdName")),
            emergency=kind == "hospital" and clean(item.get("dutyEryn")) == "1",
            moonlight=kind == "hospital" and MOONLIGHT in about,
            note=note, demo=name.startswith(DEMO_MARK), key=hpid))
    return out


def hira_id(ykiho: str) -> str:
    """A path-safe id for a 건강보험심사평가원 place (ykiho is long and may hold + / =)."""
    return "y-" + hashlib.sha256(ykiho.encode()).hexdigest()[:20]


def parse_hira(items: Iterable[Mapping[str, Any]], kind: PlaceKind) -> list[Place]:
    """건강보험심사평가원 items (getHospBasisList / getParmacyBasisList) as Places (no hours:
    that API has none)."""
    out = []
    for item in items:
        ykiho, name = clean(item.get("ykiho")), clean(item.get("yadmNm"))
        if not ykiho or not name:
            log.warning("hira: an item without ykiho/yadmNm, skipped")
            continue
        out.append(Place(
            id=hira_id(ykiho), kind=kind, name=name,
            category=clean(item.get("clCdNm")) or ("약국" if kind == "pharmacy" else None),
            address=clean(item.get("addr")), phone=clean(item.get("telno")),
            lat=coordinate(item.get("YPos"), 33.0, 39.0),
            lon=coordinate(item.get("XPos"), 124.0, 132.0),
            demo=name.startswith(DEMO_MARK), key=ykiho))
    return out


def _same(a: Place, b: Place) -> bool:
    pa, pb = phone_digits(a.phone), phone_digits(b.phone)
    if pa and pa == pb:
        return True
    return "".join(a.name.split()) == "".join(b.name.split()) and (
        a.address or "")[:12] == (b.address or "")[:12]


def merge(nmc: list[Place], hira: list[Place]) -> list[Place]:
    """국립중앙의료원 places (they have hours) first; a 건강보험심사평가원 place that is one of
    them (same phone, or same name and address) lends its 종별 and coordinates where missing;
    the others are added without hours."""
    out = list(nmc)
    by_phone = {phone_digits(p.phone): i for i, p in enumerate(out) if phone_digits(p.phone)}
    for h in hira:
        i = by_phone.get(phone_digits(h.phone))
        if i is None:
            i = next((j for j, p in enumerate(out[:len(nmc)]) if _same(p, h)), None)
        if i is None:
            out.append(h)
            continue
        p = out[i]
        out[i] = replace(p, category=h.category or p.category,
                         lat=p.lat if p.lat is not None else h.lat,
                         lon=p.lon if p.lon is not None else h.lon)
    return out
