"""재난 알림: the national 긴급재난문자 poller, the city's own alerts and the live stream."""
from __future__ import annotations

from myg_app.server.alerts import models, national
from myg_app.server.alerts.router import me, router
from myg_app.server.alerts.seed import seed
from myg_app.server.domain import Domain, Job, api

DOMAIN = Domain("alerts", models=(models,), routers=api(router, me), seed=seed,
                migrations="alerts",
                jobs=(Job("alerts-national-poll", national.poll, first_after_s=5.0,
                          every_s=national.interval, in_transaction=False),))
