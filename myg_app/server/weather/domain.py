"""날씨: the 기상청 forecast of each 읍면동 (no tables: the figures live in the adapter's cache)."""
from __future__ import annotations

from myg_app.server.domain import Domain, api
from myg_app.server.weather.jobs import JOBS
from myg_app.server.weather.router import router

DOMAIN = Domain("weather", routers=api(router), jobs=JOBS)
