"""맞춤 정보: a feed per citizen built from the alerts, news, welfare, reservation and waste
domains' own records (it stores only the topics a citizen chose)."""
from __future__ import annotations

from myg_app.server.domain import Domain, api
from myg_app.server.feed import models
from myg_app.server.feed.router import router

DOMAIN = Domain("feed", models=(models,), routers=api(router), migrations="feed")
