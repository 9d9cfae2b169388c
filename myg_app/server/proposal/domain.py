"""정책 제안: citizens propose, support and comment; departments answer within a deadline."""
from __future__ import annotations

from myg_app.server.domain import Domain, Job, api
from myg_app.server.proposal import models, service
from myg_app.server.proposal.router import router
from myg_app.server.proposal.rules import ProposalSettings
from myg_app.server.proposal.seed import seed

DOMAIN = Domain("proposal", models=(models,), routers=api(router), seed=seed,
                migrations="proposal",
                jobs=(Job("proposal-sweep", service.sweep, first_after_s=30.0,
                          every_s=lambda _s: ProposalSettings().job_every_s),))
