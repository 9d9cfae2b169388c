"""create_app(settings): the MY광양 REST API. Migrations and seeding happen before (main.py)."""
from __future__ import annotations

from collections.abc import Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI

from myg_app.server import __version__, catalog_router, health_router
from myg_app.server.auth.router import me_router, router as auth_router
from myg_app.server.config import Settings
from myg_app.server.db import import_models, make_engine
from myg_app.server.menu.router import router as menu_router
from myg_app.server.notices.router import router as notices_router
from myg_app.server.openapi_doc import install_openapi
from myg_app.server.problems import install_problem_handlers
from myg_app.server.startup import GatedSessionmaker, Readiness, prepare_in_background

API_PREFIX = "/api/v1"


def create_app(settings: Settings | None = None, *,
               prepare: Callable[[], None] | None = None) -> FastAPI:
    """The API app. `prepare` (migrate + seed) runs in the background once the server starts;
    requests that need the database wait for it (see startup.py). Without it the database
    must already be migrated."""
    settings = settings or Settings()
    import_models()
    engine = make_engine(settings.effective_database_url)
    readiness = Readiness(ready=prepare is None)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        if prepare is not None:
            prepare_in_background(readiness, prepare)
        yield
        engine.dispose()

    app = FastAPI(
        title="MY광양 API",
        version=__version__,
        description="광양시 시민 앱 MY광양의 REST API. 오류는 RFC 9457 problem+json으로 답합니다.",
        docs_url="/docs",
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.readiness = readiness
    app.state.sessionmaker = GatedSessionmaker(engine, expire_on_commit=False)
    app.state.sessionmaker.readiness = readiness
    install_problem_handlers(app)
    install_openapi(app)  # errors documented as they are answered (openapi_doc.py)
    # No BaseHTTPMiddleware here: it costs every request (the catalog is benchmarked).

    # Catalog first and no nesting: route matching is part of the catalog's hot path.
    for router in (catalog_router.router, health_router.router, auth_router, me_router,
                   menu_router, notices_router):
        app.include_router(router, prefix=API_PREFIX)
    # Each domain adds its routers below its own marker (keeps parallel work conflict-free).
    # [routers: auth/oidc]
    from myg_app.server.auth.oidc.router import api_router as sso_api_router, router as oidc_router
    from myg_app.server.profile.router import router as profile_router
    app.include_router(oidc_router)  # root level: /.well-known/openid-configuration, /oidc/*
    app.include_router(sso_api_router, prefix=API_PREFIX)
    app.include_router(profile_router, prefix=API_PREFIX)
    # [routers: reservations]
    from myg_app.server.reservations.router import officer_router as rsv_officer_router
    from myg_app.server.reservations.router import router as rsv_router
    app.include_router(rsv_officer_router, prefix=API_PREFIX)
    app.include_router(rsv_router, prefix=API_PREFIX)
    # [routers: reports]
    from myg_app.server.open311.router import keys_router as open311_keys_router
    from myg_app.server.open311.router import router as open311_router
    from myg_app.server.reports.router import router as reports_router
    app.include_router(reports_router, prefix=API_PREFIX)
    app.include_router(open311_router, prefix=API_PREFIX)
    app.include_router(open311_keys_router, prefix=API_PREFIX)
    # [routers: waste]
    from myg_app.server.waste.router import router as waste_router
    app.include_router(waste_router, prefix=API_PREFIX)
    # [routers: chat]
    from myg_app.server.chat.router import router as chat_router
    app.include_router(chat_router, prefix=API_PREFIX)
    # [routers: sos]
    from myg_app.server.sos.router import router as sos_router
    app.include_router(sos_router, prefix=API_PREFIX)
    # [routers: directory]
    from myg_app.server.directory.router import router as directory_router
    app.include_router(directory_router, prefix=API_PREFIX)
    return app
