"""부서 전화 연결: the searchable department directory."""
from __future__ import annotations

from myg_app.server.directory import models
from myg_app.server.directory.router import router
from myg_app.server.directory.service import seed
from myg_app.server.domain import Domain, api

DOMAIN = Domain("directory", models=(models,), routers=api(router), seed=seed,
                migrations="directory")
