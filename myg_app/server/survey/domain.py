"""설문조사·정책투표 (catalog function survey)."""
from __future__ import annotations

from myg_app.server.domain import Domain, api
from myg_app.server.survey import models
from myg_app.server.survey.router import router
from myg_app.server.survey.seed import seed

DOMAIN = Domain("survey", models=(models,), routers=api(router), seed=seed, migrations="survey")
