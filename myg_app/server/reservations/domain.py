"""공공시설 대관, 체육시설, 문화강좌, 무료법률상담: one booking engine for four functions."""
from __future__ import annotations

from myg_app.server.domain import Domain, api
from myg_app.server.reservations import models
from myg_app.server.reservations.router import officer_router, router
from myg_app.server.reservations.seed import seed

DOMAIN = Domain("reservations", models=(models,), routers=api(officer_router, router),
                seed=seed, migrations="reservations")
