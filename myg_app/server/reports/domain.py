"""생활불편 신고, with the Open311 GeoReport v2 interface and its partner keys."""
from __future__ import annotations

from myg_app.server.domain import Domain, api
from myg_app.server.open311.router import keys_router, router as open311_router
from myg_app.server.reports import models
from myg_app.server.reports.router import router
from myg_app.server.reports.seed import seed

DOMAIN = Domain("reports", models=(models,), routers=api(router, open311_router, keys_router),
                seed=seed, migrations="reports")
