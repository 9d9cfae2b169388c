"""대형폐기물 배출 신고 with fee payment."""
from __future__ import annotations

from myg_app.server.domain import Domain, api
from myg_app.server.payments import models as payment_models
from myg_app.server.waste import models
from myg_app.server.waste.router import router
from myg_app.server.waste.seed import seed

DOMAIN = Domain("waste", models=(models, payment_models), routers=api(router), seed=seed,
                migrations="waste")
