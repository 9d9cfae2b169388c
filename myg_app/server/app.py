"""create_app(settings): the MY광양 REST API. Migrations and seeding happen before (main.py)."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI

from myg_app.server import __version__
from myg_app.server.catalog_router import CatalogFastPath
from myg_app.server.concurrency import RequestLimit, limit_for
from myg_app.server.config import Settings
from myg_app.server.datalock import hold_for_server
from myg_app.server.db import make_engine
from myg_app.server.domain import API_PREFIX, Job
from myg_app.server.domains import DOMAINS
from myg_app.server.fanout import stop_hub
from myg_app.server.hosts import check_shape, install_trusted_hosts
from myg_app.server.observability.middleware import install_observability
from myg_app.server.openapi_doc import install_openapi
from myg_app.server.problems import install_problem_handlers
from myg_app.server.startup import GatedSessionmaker, Readiness, prepare_in_background


def create_app(settings: Settings | None = None, *,
               prepare: Callable[[], None] | None = None) -> FastAPI:
    """The API app. `prepare` (migrate + seed) runs in the background once the server starts;
    requests that need the database wait for it (see startup.py). Without it the database
    must already be migrated."""
    settings = settings or Settings()
    check_shape(settings)  # production: pinned issuer and allowed hosts, or no start
    engine = make_engine(settings.effective_database_url)
    readiness = Readiness(ready=prepare is None)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        # SQLite: held while serving, so `main.py restore` refuses to run under us (datalock.py).
        server_lock = await hold_for_server(settings)
        if prepare is not None:
            prepare_in_background(readiness, prepare)
        tasks = [asyncio.create_task(run_job(app, job)) for d in DOMAINS for job in d.jobs]
        yield
        for task in tasks:
            task.cancel()
        await stop_hub(app)
        engine.dispose()
        if server_lock is not None:
            server_lock.release()

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
    # No BaseHTTPMiddleware here: it costs every request. The catalog, asked for at every app
    # start, is answered by raw ASGI before routing (added last but one: only the Host check
    # runs before it).
    # Innermost: no more requests in flight than the database pool can serve (concurrency.py).
    app.add_middleware(RequestLimit, limit=limit_for(engine))
    app.add_middleware(CatalogFastPath, path=f"{API_PREFIX}/catalog")
    # Request id, access log and metrics around everything the Host check lets in (the catalog
    # fast path included); /metrics for loopback only (observability/).
    install_observability(app)
    install_trusted_hosts(app, settings)  # outermost: an unknown Host reaches nothing

    for domain in DOMAINS:
        for mount in domain.routers:
            app.include_router(mount.router, prefix=mount.prefix)
    return app


async def run_job(app: FastAPI, job: Job) -> None:
    """Run a domain's job on its schedule; a failure is logged and the next run goes on."""
    from starlette.concurrency import run_in_threadpool

    def once() -> None:
        if not job.in_transaction:
            job.run(app.state.sessionmaker, app.state.settings)
            return
        with app.state.sessionmaker() as session, session.begin():
            job.run(session, app.state.settings)

    await asyncio.sleep(job.first_after_s)
    while True:
        try:
            await run_in_threadpool(once)
        except Exception:  # noqa: BLE001 - a job must not take the server down
            logging.getLogger(__name__).exception("job %s failed", job.name)
        every = job.every_s(app.state.settings) if callable(job.every_s) else job.every_s
        if every is None:
            return
        await asyncio.sleep(every)
