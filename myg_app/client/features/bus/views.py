"""Routes of 버스 정보 (/f/bus): the main screen (favourites, search, near by), /s/<id> a stop's
arrivals and /r/<id> a route's stops. All public: the function needs no login (saving a
favourite asks for it)."""
from __future__ import annotations

import re

from myg_app.client.features.bus import search, stop
from myg_app.client.features.feature import Feature

_ID = r"([A-Za-z0-9_-]{1,30})"
_STOP = re.compile(rf"^/s/{_ID}$")
_ROUTE = re.compile(rf"^/r/{_ID}$")


def inner(app, rest: str):
    rest = rest.split("?", 1)[0]
    if m := _STOP.match(rest):
        sid = m.group(1)
        return [lambda: stop.stop_view(app, sid)]
    if m := _ROUTE.match(rest):
        rid = m.group(1)
        return [lambda: stop.route_view(app, rid)]
    return None


def public(rest: str) -> bool:
    return True


FEATURES = (Feature("bus", search.main_view, inner, public),)
