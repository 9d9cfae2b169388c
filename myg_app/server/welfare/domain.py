"""복지정책 검색, 보조금24 맞춤혜택 and 소상공인 지원: one catalogue, three sets of routes."""
from __future__ import annotations

from myg_app.server.domain import Domain, api
from myg_app.server.welfare import models
from myg_app.server.welfare.jobs import JOBS
from myg_app.server.welfare.router import router, small_biz, subsidy
from myg_app.server.welfare.seed import seed

DOMAIN = Domain("welfare", models=(models,), routers=api(router, subsidy, small_biz), seed=seed,
                migrations="welfare", jobs=JOBS)
