"""병원·약국 search and detail over the two adapters (or the bundled sample without keys).

A screen never waits on a slow API: every source is asked with `wait_s` (client.py runs the
load in the background and serves the previous answer, marked, meanwhile). The two sources of
one answer share one wait budget, so the answer comes within about WAIT_S whatever they do.
국립중앙의료원 is required (it has the hours); 건강보험심사평가원 only adds places and 종별, so
when it fails the answer is served without it."""
from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from urllib.parse import quote

from myg_app.contracts import hospital as c
from myg_app.contracts.publicdata import SourceInfo
from myg_app.server.errors import AppError
from myg_app.server.hospital import hira, hours, nmc
from myg_app.server.hospital.places import Place, PlaceKind, distance_m, merge, parse_hira, \
    parse_nmc
from myg_app.server.publicdata.client import PublicDataError, Result, items_of, parse_xml
from myg_app.server.publicdata.serve import live_source, sample_source, unavailable

log = logging.getLogger(__name__)

DATA = Path(__file__).resolve().parent / "data"
NAME = "국립중앙의료원 · 건강보험심사평가원"  # spaced: each name stays whole on a phone
WAIT_S = 1.0


# the bundled sample: the APIs' own formats, read by the same parsers --------------------------

def _xml_items(text: str) -> list[dict]:
    doc = parse_xml(text) or {}
    return items_of((doc.get("response") or {}).get("body"))


def _json_items(text: str) -> list[dict]:
    return items_of(json.loads(text)["response"]["body"])


@cache
def sample(kind: PlaceKind) -> tuple[Place, ...]:
    stem = "hospitals" if kind == "hospital" else "pharmacies"
    ours = parse_nmc(_xml_items((DATA / f"nmc_{stem}.xml").read_text("utf-8")), kind)
    theirs = parse_hira(_json_items((DATA / f"hira_{stem}.json").read_text("utf-8")), kind)
    return tuple(merge(ours, theirs))


# the sources --------------------------------------------------------------------------------

@dataclass
class Sources:
    """The adapters of one app (None: no key, the sample serves)."""
    nmc: nmc.NmcClient | None
    hira: hira.HiraClient | None
    wait_s: float = WAIT_S

    @classmethod
    def from_env(cls) -> Sources:
        return cls(nmc.from_settings(nmc.NmcSettings()), hira.from_settings(hira.HiraSettings()))

    @property
    def live(self) -> bool:
        return self.nmc is not None

    def close(self) -> None:
        for client in (self.nmc, self.hira):
            if client is not None:
                client.close()


_lock = threading.Lock()


def sources_of(state) -> Sources:
    """The app's Sources, made on first use from the environment (MYG_NMC_*, MYG_HIRA_*)."""
    found = getattr(state, "hospital_sources", None)
    if found is None:
        with _lock:
            found = getattr(state, "hospital_sources", None)
            if found is None:
                found = state.hospital_sources = Sources.from_env()
    return found


def _oldest(results: list[Result]) -> Result:
    """The result whose age the answer shows: a stale one first, else the oldest."""
    return sorted(results, key=lambda r: (not r.stale, r.fetched_at))[0]


def places(src: Sources, kind: PlaceKind, dept: str | None) -> tuple[list[Place], SourceInfo]:
    """All places of `kind` (of 진료과목 `dept`), and where they came from."""
    if not src.live:
        found = list(sample(kind))
        if dept:
            name = c.DEPARTMENT_NAMES[dept]
            found = [p for p in found if name in p.departments]
        return found, sample_source(NAME)
    started = time.monotonic()
    try:
        first = src.nmc.places(kind, dept, wait_s=src.wait_s)
    except PublicDataError as e:
        raise unavailable("병원·약국", e) from None
    results, found = [first], list(first.value)
    if src.hira is not None:
        left = max(0.05, src.wait_s - (time.monotonic() - started))
        try:
            extra = src.hira.places(kind, dept, wait_s=left)
        except PublicDataError as e:  # the hours came: serve them without the extra places
            log.info("hira left out of this answer: %s", e)
        else:
            results.append(extra)
            found = merge(found, list(extra.value))
    return found, live_source(NAME, _oldest(results))


# search and detail --------------------------------------------------------------------------

@dataclass(frozen=True)
class Query:
    kind: c.Kind = "hospital"
    dept: str | None = None
    open_now: bool = False
    night: bool = False
    holiday: bool = False
    moonlight: bool = False
    near: tuple[float, float] | None = None
    near_label: str | None = None
    page: int = 1
    size: int = 20


def summary(p: Place, at: datetime, near: tuple[float, float] | None = None) -> dict:
    far = None
    if near is not None and p.lat is not None and p.lon is not None:
        far = round(distance_m(near[0], near[1], p.lat, p.lon))
    week = dict(p.week)
    return dict(id=p.id, kind=p.kind, name=p.name, category=p.category, address=p.address,
                phone=p.phone, lat=p.lat, lon=p.lon, distance_m=far,
                open_now=hours.is_open(week, at), today_text=hours.today_text(week, at),
                night=hours.open_at_night(week, at), holiday=hours.open_on_holidays(week),
                moonlight=p.moonlight, emergency=p.emergency, demo=p.demo)


def search(src: Sources, q: Query, now: datetime) -> c.PlaceList:
    kind: PlaceKind = "pharmacy" if q.kind == "pharmacy" else "hospital"
    found, source = places(src, kind, q.dept)
    rows = [summary(p, now, q.near) for p in found]
    keep: list[Callable[[dict], bool]] = []
    if q.kind == "emergency":
        keep.append(lambda r: r["emergency"])
    if q.open_now:
        keep.append(lambda r: r["open_now"] is True)
    if q.night:
        keep.append(lambda r: r["night"])
    if q.holiday:
        keep.append(lambda r: r["holiday"])
    if q.moonlight:
        keep.append(lambda r: r["moonlight"])
    rows = [r for r in rows if all(k(r) for k in keep)]
    if q.near is not None:  # nearest first; places without coordinates last
        rows.sort(key=lambda r: (r["distance_m"] is None, r["distance_m"] or 0, r["name"]))
    else:  # open ones first, then by name
        rows.sort(key=lambda r: (r["open_now"] is not True, r["name"]))
    start = (q.page - 1) * q.size
    local = now.astimezone(hours.SEOUL)
    return c.PlaceList(items=[c.PlaceSummary(**r) for r in rows[start:start + q.size]],
                       total=len(rows), page=q.page, size=q.size, now=local,
                       holiday_name=hours.holiday_name(local.date()), near=q.near_label,
                       source=source)


def map_url(p: Place) -> str | None:
    """Kakao Map's public link scheme: https://map.kakao.com/link/map/<name>,<lat>,<lon>
    opens the map with a pin (the app, or the web on a computer)."""
    if p.lat is None or p.lon is None:
        return None
    return f"https://map.kakao.com/link/map/{quote(p.name, safe='')},{p.lat:.6f},{p.lon:.6f}"


def detail(src: Sources, place_id: str, now: datetime) -> c.PlaceDetail:
    for kind in ("hospital", "pharmacy"):
        found, source = places(src, kind, None)
        p = next((p for p in found if p.id == place_id), None)
        if p is not None:
            week = dict(p.week)
            return c.PlaceDetail(
                **summary(p, now), source=source, departments=list(p.departments),
                emergency_phone=p.emergency_phone, map_url=map_url(p), note=p.note,
                hours=[c.DayHours(day=d, text=t, today=today)
                       for d, t, today in hours.day_texts(week, now)])
    raise AppError(404, "hospital.not_found", "병원·약국 정보를 찾을 수 없습니다. 목록에서 다시 "
                                              "골라 주세요.")
