"""시정 소식 and 읍면동 소식: one domain, two boards (catalog functions city_news, town_news)."""
from __future__ import annotations

from myg_app.server.domain import Domain, api
from myg_app.server.news import models
from myg_app.server.news.router import router
from myg_app.server.news.seed import seed

DOMAIN = Domain("news", models=(models,), routers=api(router), seed=seed, migrations="news")
