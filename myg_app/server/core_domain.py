"""The foundation every function stands on: accounts and sign-in, the catalog, 나의메뉴,
notices, idempotency keys, health."""
from __future__ import annotations

from myg_app.server import catalog_router, health_router, idempotency
from myg_app.server.auth import models as auth_models
from myg_app.server.auth.router import me_router, router as auth_router
from myg_app.server.domain import Domain, api
from myg_app.server.menu import models as menu_models
from myg_app.server.menu.router import router as menu_router
from myg_app.server.notices import models as notice_models
from myg_app.server.notices.router import router as notices_router

# Catalog first: route matching is part of the catalog's hot path.
DOMAIN = Domain(
    "core",
    models=(idempotency, auth_models, menu_models, notice_models),
    routers=api(catalog_router.router, health_router.router, auth_router, me_router,
                menu_router, notices_router),
    # No label: 0001-0002 are the trunk every domain's branch starts from.
    migrations=None,
)
