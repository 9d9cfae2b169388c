"""시정·청년참여 포인트 (catalog function points): the ledger, earning rules, redemption."""
from __future__ import annotations

from myg_app.server.domain import Domain, api
from myg_app.server.points import models
from myg_app.server.points.router import mine, router
from myg_app.server.points.seed import seed

DOMAIN = Domain("points", models=(models,), routers=api(router, mine), seed=seed,
                migrations="points")
