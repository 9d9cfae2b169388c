"""통합 로그인 (OIDC provider for partner sites) and the profile and sessions it shows."""
from __future__ import annotations

from myg_app.server.auth.oidc import device_router, models
from myg_app.server.auth.oidc.router import api_router, router
from myg_app.server.auth.oidc.seed import seed
from myg_app.server.domain import Domain, Mount, api
from myg_app.server.profile.router import router as profile_router

DOMAIN = Domain(
    "sso",
    models=(models,),
    # Root level: /.well-known/openid-configuration and /oidc/* are fixed by the standard.
    routers=(Mount(router, prefix=""), Mount(device_router.router, prefix=""),
             *api(api_router, device_router.api_router, profile_router)),
    seed=seed,
    migrations="sso",
)
