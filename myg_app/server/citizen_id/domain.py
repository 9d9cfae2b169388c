"""디지털 광양시민증 (catalog function citizen_id): cards, signed QRs, revocation, benefits."""
from __future__ import annotations

from myg_app.server.citizen_id import models
from myg_app.server.citizen_id.router import router
from myg_app.server.citizen_id.seed import seed
from myg_app.server.domain import Domain, api

DOMAIN = Domain("citizen_id", models=(models,), routers=api(router), seed=seed,
                migrations="citizen_id")
