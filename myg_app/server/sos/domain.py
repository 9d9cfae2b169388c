"""긴급복지 SOS."""
from __future__ import annotations

from myg_app.server.domain import Domain, api
from myg_app.server.sos import models
from myg_app.server.sos.router import router

DOMAIN = Domain("sos", models=(models,), routers=api(router), migrations="sos")
