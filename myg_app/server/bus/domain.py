"""버스 정보 (catalog function bus): TAGO or its bundled sample, and favourite stops."""
from __future__ import annotations

from myg_app.server.bus import models
from myg_app.server.bus.router import mine, router
from myg_app.server.domain import Domain, api

DOMAIN = Domain("bus", models=(models,), routers=api(router, mine), migrations="bus")
