"""전통시장 장보기: markets, shops, orders with payment and delivery, the merchant console."""
from __future__ import annotations

from myg_app.server.domain import Domain, api
from myg_app.server.market import models
from myg_app.server.market.router import router
from myg_app.server.market.seed import seed
from myg_app.server.payments import models as payment_models

DOMAIN = Domain("market", models=(models, payment_models), routers=api(router), seed=seed,
                migrations="market")
