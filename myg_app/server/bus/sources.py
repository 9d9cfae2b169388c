"""Where the bus figures come from: TAGO (tago.py) when the server has a key, else the bundled
sample (data/sample.json, in TAGO's answer format and read by the same parse functions),
labelled as a sample on every answer. Both give the same shapes to service.py.

A route must not wait on a slow TAGO: LiveBus asks with `wait_s` (the load goes on in the
background) and turns "nothing to serve" into the Korean 503 of publicdata/serve.py."""
from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any, Protocol, TypeVar

from myg_app.contracts.bus import Stop
from myg_app.contracts.publicdata import SourceInfo
from myg_app.seoul_time import SEOUL, now_seoul
from myg_app.server.bus.tago import (
    ArrivalRow,
    RouteStopRow,
    TagoClient,
    TagoSettings,
    distance_m,
    from_settings,
    parse_arrivals,
    parse_route_stops,
    parse_stops,
)
from myg_app.server.publicdata.client import PublicDataError, Result, items_of
from myg_app.server.publicdata.serve import live_source, sample_source, unavailable

NAME = "국토교통부 TAGO 버스정보"
SAMPLE_FILE = Path(__file__).resolve().parent / "data" / "sample.json"
T = TypeVar("T")


@dataclass(frozen=True)
class Served:
    """What a source answers: the value, where it came from, and how many seconds old it is
    (arrival seconds are counted down by it)."""
    value: Any
    source: SourceInfo
    age_s: float = 0.0


class BusSource(Protocol):
    def stops(self, query: str) -> Served: ...
    def near(self, lat: float, lon: float) -> Served: ...
    def arrivals(self, stop_id: str) -> Served: ...
    def route_stops(self, route_id: str) -> Served: ...
    def known_stop(self, stop_id: str) -> Stop | None: ...
    def route_no(self, route_id: str) -> str | None: ...
    def prefetch_arrivals(self, stop_ids: list[str], budget_s: float) -> dict[str, Served]: ...


class _Memory:
    """Stops and route numbers seen in answers (TAGO has no "one stop" call; a stop page
    opened from a link still wants its name). Bounded."""

    def __init__(self, size: int = 5000):
        self.size = size
        self.stops: OrderedDict[str, Stop] = OrderedDict()
        self.routes: OrderedDict[str, str] = OrderedDict()
        self.lock = threading.Lock()

    def remember(self, stops: list[Stop] = (), routes: dict[str, str] | None = None) -> None:
        with self.lock:
            for s in stops:
                self.stops[s.id] = s.model_copy(update={"distance_m": None})
            for rid, no in (routes or {}).items():
                self.routes[rid] = no
            for d in (self.stops, self.routes):
                while len(d) > self.size:
                    d.popitem(last=False)


class LiveBus:
    def __init__(self, client: TagoClient, wait_s: float = 1.0):
        self.client = client
        self.wait_s = wait_s
        self.memory = _Memory()

    def _ask(self, call: Callable[..., Result[T]], *args: Any,
             wait_s: float | None = None) -> Served:
        failure: PublicDataError | None = None
        try:
            result = call(*args, wait_s=self.wait_s if wait_s is None else wait_s)
        except PublicDataError as e:
            failure = e
        if failure is not None:
            raise unavailable(NAME, failure)
        age = max(0.0, (result.served_at - result.fetched_at).total_seconds())
        return Served(result.value, live_source(NAME, result), age)

    def stops(self, query: str) -> Served:
        served = self._ask(self.client.stops_by_name, query)
        self.memory.remember(served.value)
        return served

    def near(self, lat: float, lon: float) -> Served:
        served = self._ask(self.client.stops_near, lat, lon)
        self.memory.remember(served.value)
        return served

    def arrivals(self, stop_id: str, wait_s: float | None = None) -> Served:
        served = self._ask(self.client.arrivals, stop_id, wait_s=wait_s)
        self.memory.remember(routes={r.route_id: r.route_no for r in served.value})
        return served

    def route_stops(self, route_id: str) -> Served:
        served = self._ask(self.client.route_stops, route_id)
        self.memory.remember([r.stop for r in served.value])
        return served

    def known_stop(self, stop_id: str) -> Stop | None:
        return self.memory.stops.get(stop_id)

    def route_no(self, route_id: str) -> str | None:
        return self.memory.routes.get(route_id)

    def prefetch_arrivals(self, stop_ids: list[str], budget_s: float) -> dict[str, Served]:
        """Arrivals of several stops within one budget: every load starts at once (in the
        client's background pool), then each is waited for with what is left of the budget.
        A stop with nothing to serve yet is left out."""
        out: dict[str, Served] = {}
        deadline = time.monotonic() + budget_s
        for sid in stop_ids:  # start them all; a miss raises at once with wait_s ~0
            try:
                out[sid] = self.arrivals(sid, wait_s=0.001)
            except Exception:  # noqa: BLE001 - pending or failing: asked again below
                pass
        for sid in stop_ids:
            if sid in out and not out[sid].source.stale:
                continue
            try:
                out[sid] = self.arrivals(sid, wait_s=max(0.001, deadline - time.monotonic()))
            except Exception:  # noqa: BLE001 - the home screen shows the stop without times
                pass
        return out


# the bundled sample -------------------------------------------------------------------------

@cache
def _sample() -> dict[str, Any]:
    return json.loads(SAMPLE_FILE.read_text(encoding="utf-8"))


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


class SampleBus:
    """The bundled sample: stops and routes read from TAGO-format bodies; arrivals worked out
    from each sample route's timetable (first and last bus, every N minutes, M minutes between
    stops) relative to now, and written as TAGO arrival items before parsing, so the screens
    see exactly what a live answer would give."""

    HORIZON_MIN = 120  # TAGO lists buses on their way, not tomorrow's first bus

    def __init__(self, clock: Callable[[], datetime] = now_seoul):
        doc = _sample()
        self.clock = clock
        self.as_of = datetime.fromisoformat(doc["as_of"])
        self.all_stops = parse_stops(items_of(doc["stops"]["response"]["body"]))
        self.by_id = {s.id: s for s in self.all_stops}
        self.routes = []
        for r in doc["routes"]:
            rows = parse_route_stops(items_of(r["stops"]["response"]["body"]))
            self.routes.append((r, rows))

    def _served(self, value: Any) -> Served:
        return Served(value, sample_source(NAME, self.as_of))

    def stops(self, query: str) -> Served:
        q = "".join(query.split())
        found = [s for s in self.all_stops
                 if (q.isdigit() and s.no == q) or (q and q in "".join(s.name.split()))]
        return self._served(found)

    def near(self, lat: float, lon: float) -> Served:
        stops = [s.model_copy(update={"distance_m": distance_m(lat, lon, s.lat, s.lon)})
                 for s in self.all_stops if s.lat is not None and s.lon is not None]
        stops.sort(key=lambda s: s.distance_m)
        return self._served([s for s in stops if s.distance_m <= 5000][:5])

    def arrival_items(self, stop_id: str) -> list[dict[str, Any]]:
        """TAGO getSttnAcctoArvlPrearngeInfoList items for `stop_id` at the clock's now."""
        now = self.clock().astimezone(SEOUL)
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
        now_s = (now - midnight).total_seconds()
        items = []
        for r, rows in self.routes:
            index = next((i for i, row in enumerate(rows) if row.stop.id == stop_id), None)
            if index is None or index == len(rows) - 1:  # the last stop: nobody boards there
                continue
            per_stop, every = r["min_per_stop"] * 60, r["every_min"] * 60
            first, last = _minutes(r["first"]) * 60, _minutes(r["last"]) * 60
            depart = first
            while depart <= last:
                at = depart + index * per_stop
                if at >= now_s:
                    break
                depart += every
            if depart > last or at - now_s > self.HORIZON_MIN * 60:
                continue
            gone = max(0.0, now_s - depart)  # how far the bus has come along the route
            items.append({"arrprevstationcnt": max(1, index - int(gone // per_stop)),
                          "arrtime": int(at - now_s), "nodeid": stop_id,
                          "nodenm": self.by_id[stop_id].name, "routeid": r["routeid"],
                          "routeno": r["routeno"], "routetp": r["routetp"],
                          "vehicletp": r["vehicletp"]})
        return items

    def arrivals(self, stop_id: str) -> Served:
        return self._served(parse_arrivals(self.arrival_items(stop_id)))

    def route_stops(self, route_id: str) -> Served:
        rows: list[RouteStopRow] = next((rows for r, rows in self.routes
                                         if r["routeid"] == route_id), [])
        return self._served(rows)

    def known_stop(self, stop_id: str) -> Stop | None:
        return self.by_id.get(stop_id)

    def route_no(self, route_id: str) -> str | None:
        return next((str(r["routeno"]) for r, _ in self.routes if r["routeid"] == route_id),
                    None)

    def prefetch_arrivals(self, stop_ids: list[str], budget_s: float) -> dict[str, Served]:
        return {sid: self.arrivals(sid) for sid in stop_ids}


def make_source(settings: TagoSettings | None = None) -> BusSource:
    """TAGO when MYG_TAGO_SERVICE_KEY is set, else the sample (the embedded default)."""
    settings = settings or TagoSettings()
    if settings.service_key and settings.service_key.strip():
        return LiveBus(from_settings(settings), settings.wait_s)
    return SampleBus()


_lock = threading.Lock()


def source_of(state: Any) -> BusSource:
    """The app's one source (tests put their own on `app.state.bus_source`)."""
    source = getattr(state, "bus_source", None)
    if source is None:
        with _lock:
            source = getattr(state, "bus_source", None)
            if source is None:
                source = make_source()
                state.bus_source = source
    return source


def arrival_age(rows: list[ArrivalRow], age_s: float) -> list[tuple[ArrivalRow, int]]:
    """Each row with its seconds counted down by the answer's age; buses already due dropped
    when the answer is an earlier one (a fresh 0 s stays: 곧 도착)."""
    out = []
    for row in rows:
        left = int(row.seconds - age_s)
        if left < 0 and age_s > 0:
            continue
        out.append((row, max(0, left)))
    return out

