"""Start MY광양: the backend (migrated, seeded) and the app, in web or desktop mode.

The terminal stays quiet (myg_app/console.py): one banner once the database is ready, with the
address to open, the demo partner site and the demo accounts. `--verbose` shows the library logs.
With a local backend the demo partner site (partner_demo/) runs next to the app unless
`--no-partner-demo` or MYG_PARTNER_DEMO=0.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from myg_app import console

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "assets"
DEFAULT_PORT = 8550

log = logging.getLogger("myg")


def _env_flag(name: str, default: bool) -> bool:
    v = os.environ.get(name)
    if v is None or not v.strip():
        return default
    return v.strip().lower() not in ("0", "false", "no", "off")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="main.py", description="MY광양 — backend and app",
        epilog="commands: `main.py backup FILE [--force]`, `main.py restore FILE` "
               "(README: 백업과 복원)")
    p.add_argument("--port", type=int, default=int(os.environ.get("MYG_PORT", DEFAULT_PORT)),
                   help="port to listen on (default %(default)s)")
    p.add_argument("--host", default=os.environ.get("MYG_HOST", "127.0.0.1"),
                   help="address to listen on (default %(default)s)")
    p.add_argument("--api-url", default=os.environ.get("MYG_API_URL"),
                   help="use a remote backend instead of starting one (e.g. https://api.example)")
    p.add_argument("--backend-only", action="store_true", help="serve the REST API only")
    p.add_argument("--web", action="store_true", help="serve the web app even with a display")
    p.add_argument("--kiosk", action="store_true", help="full-screen kiosk window")
    p.add_argument("--no-partner-demo", dest="partner_demo", action="store_false",
                   default=_env_flag("MYG_PARTNER_DEMO", True),
                   help="do not run the demo partner site next to the app (or MYG_PARTNER_DEMO=0)")
    p.add_argument("--verbose", action="store_true", default=_env_flag("MYG_VERBOSE", False),
                   help="show Flet, httpx and uvicorn logs (one line per request/session)")
    return p.parse_args(argv)


def has_display() -> bool:
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


@dataclass
class Startup:
    """What to announce once the database is ready, and the demo partner to run then."""
    open_url: str | None  # the web app's address; None for the desktop window or API only
    api_url: str
    partner_demo: bool = False
    verbose: bool = False
    partner: object | None = field(default=None, repr=False)

    def ready(self, accounts, password: str) -> None:
        partner_url, note = self.start_partner() if self.partner_demo else (None, None)
        print(console.banner(open_url=self.open_url, api_url=self.api_url, accounts=accounts,
                             password=password, partner_url=partner_url, partner_note=note),
              flush=True)

    def start_partner(self) -> tuple[str | None, str | None]:
        """(its address, None) when started, else (None, why not)."""
        from myg_app.server.auth.oidc.settings import oidc_settings
        from partner_demo import background

        base = oidc_settings().partner_base.rstrip("/")
        where = background.local_address(base)
        if where is None:
            return None, f"not started (MYG_OIDC_PARTNER_BASE={base} is not this machine)"
        try:
            self.partner = background.start(
                f"{self.api_url}/.well-known/openid-configuration", *where,
                log_level=console.uvicorn_log_level(self.verbose))
        except OSError as e:
            return None, (f"시작하지 못함 (not started): {where[0]}:{where[1]} {e.strerror or e}; "
                          "--no-partner-demo 로 끌 수 있습니다")
        return f"{base}/library/", None

    def stop(self) -> None:
        if self.partner is None:
            return
        try:
            self.partner.stop()
        except KeyboardInterrupt:  # a second Ctrl+C while it closes: the process ends anyway
            pass


def prepare_database(settings, startup: Startup | None = None) -> None:
    """Migrations and idempotent demo data. Runs in the background while the server already
    answers (see server/startup.py); a failure stops the process with the error logged.
    Then the start-up banner (address, demo accounts), once."""
    from myg_app.server.db import migrate, prepare_lock
    from myg_app.server.seed import demo_password, seed_demo

    try:
        with prepare_lock(settings):  # workers starting together take turns (PostgreSQL)
            migrate(settings)
            accounts = seed_demo(settings)
    except Exception:
        log.exception("데이터베이스 준비 실패 (database preparation failed); stopping")
        os.kill(os.getpid(), signal.SIGTERM)
        raise
    password = demo_password(settings)
    if startup is not None:
        startup.ready(accounts, password)
    else:
        print("\n".join(console.demo_account_lines(accounts, password)), flush=True)


def backend_app(settings, startup: Startup | None = None):
    from myg_app.server.app import create_app

    return create_app(settings, prepare=lambda: prepare_database(settings, startup))


def load_settings():
    from myg_app.server.config import Settings

    return Settings()


def web_app(api_url: str, make_settings=None, *, kiosk: bool = False,
            startup: Startup | None = None):
    """One ASGI app: the UI at / and, when `make_settings` is given, the REST API under /api/v1.

    With a local backend the UI is served at once and the API joins when built (see
    deferred_api.py): the first screen does not wait for imports, migrations or seeding.
    """
    import flet_web
    import flet_web.fastapi as flet_fastapi

    from myg_app.client.app import make_main

    from myg_app import trusted_hosts, web_sessions
    from myg_app.web_compression import CompressedStatic

    web_sessions.install()  # a reload keeps its session (and sign-in)

    def ui():
        # assets/index.html, assets/manifest.json and assets/assets/FontManifest.json replace
        # Flet's (Korean splash and font, no CDN); the big files go out gzip-compressed.
        app = flet_fastapi.app(make_main(api_url, kiosk=kiosk), assets_dir=str(ASSETS),
                               no_cdn=True)
        assets = Path(os.environ.get("FLET_ASSETS_DIR") or ASSETS)
        return CompressedStatic(app, [assets, Path(flet_web.get_package_web_dir())])

    if make_settings is None:
        from fastapi import FastAPI

        app = FastAPI(title="MY광양 app", docs_url=None, redoc_url=None, openapi_url=None)

        @asynccontextmanager
        async def lifespan(a):
            # The Flet session manager must run for the UI's websocket sessions.
            await flet_fastapi.app_manager.start()
            ui_app.warm()  # compressed copies of the first-load files, in the background
            try:
                yield
            finally:
                await flet_fastapi.app_manager.shutdown()

        ui_app = ui()
        app.router.lifespan_context = lifespan
        app.mount("/", ui_app)
        return trusted_hosts.guard(app, trusted_hosts.hosts_from_env())

    from myg_app.deferred_api import DeferredApi, ui_first_segments

    ui_app = ui()

    def build_api():
        # Settings too are read here, off the start-up path (pydantic-settings costs ~0.2 s).
        api = backend_app(make_settings(), startup)
        # Mounted last: a mount at "/" swallows every path registered after it.
        api.mount("/", ui_app)
        return api

    async def on_start():
        import asyncio

        from myg_app.client.warmup import warm_up

        await flet_fastapi.app_manager.start()
        ui_app.warm()  # compressed copies of the first-load files, in the background
        # Not awaited: it overlaps with the first browser's download of the Flutter engine.
        if os.environ.get("MYG_WARM_UP", "1") == "1":
            asyncio.get_running_loop().run_in_executor(None, warm_up)

    # The Host check in front of the UI too, which answers before the API (and its own check,
    # from the same MYG_ALLOWED_HOSTS) is built.
    return trusted_hosts.guard(
        DeferredApi(ui_app, build_api,
                    ui_first_segments(Path(flet_web.get_package_web_dir()), ASSETS),
                    on_start=on_start, on_stop=flet_fastapi.app_manager.shutdown),
        trusted_hosts.hosts_from_env())


def refuse_unsafe_production() -> None:
    """MYG_ENV=production without a pinned issuer or allowed hosts: stop now with the reason,
    not after the web app has started serving (its API is built later)."""
    if os.environ.get("MYG_ENV", "").strip().lower() != "production":
        return
    from myg_app.server.hosts import UnsafeSettings, check_shape

    try:
        check_shape(load_settings())
    except UnsafeSettings as e:
        sys.exit(str(e))


def serve(app, host: str, port: int, verbose: bool = False) -> None:
    import secrets

    import uvicorn

    # X-MYG-Worker on every answer (websocket handshakes too): an opaque id of this process,
    # made at start, so behind a load balancer one can tell which worker answered
    # (deploy/, tests/deploy). Random on purpose: it says nothing about the machine.
    uvicorn.run(app, host=host, port=port, ws="websockets-sansio",
                log_level=console.uvicorn_log_level(verbose),
                headers=[("X-MYG-Worker", secrets.token_hex(6))], **uvicorn_logging())


def json_logs() -> bool:
    """MYG_LOG_FORMAT=json: one JSON object per log line (for a log collector)."""
    return os.environ.get("MYG_LOG_FORMAT", "").strip().lower() == "json"


def configure_logging(verbose: bool) -> None:
    """The terminal's quiet logging (console.py); with the backend in this install, personal
    data masked in every line and, with MYG_LOG_FORMAT=json, JSON lines with the access log."""
    console.configure_logging(verbose, access_log=json_logs())
    if server_available():
        from myg_app.server.observability.logs import install_log_handlers

        install_log_handlers(json_logs())


def uvicorn_logging() -> dict:
    """uvicorn's lines masked (and JSON) like ours; its own access log off: ours
    (observability/middleware.py) names the route template, never the query string."""
    if not server_available():
        return {}
    from myg_app.server.observability.logs import uvicorn_log_config

    return {"log_config": uvicorn_log_config(json_logs()), "access_log": False}


def packaged_api_url() -> str | None:
    """The backend a packaged mobile/desktop build talks to: `assets/api_url.txt`, written
    before `flet build` (the server code is not packed into those builds)."""
    f = ASSETS / "api_url.txt"
    return f.read_text(encoding="utf-8").strip() or None if f.exists() else None


def server_available() -> bool:
    """Whether this install carries the backend (packaged app builds do not). Checked without
    importing it: the import is deferred so the UI starts first."""
    from importlib.util import find_spec

    return all(find_spec(m) is not None for m in ("myg_app.server", "sqlalchemy", "uvicorn"))


def run(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] in (["backup"], ["restore"]):  # myg_app/server/backup.py
        from myg_app.server.backup import main as backup_main

        sys.exit(backup_main(argv))
    os.environ.setdefault("FLET_WEB_NO_CDN", "1")  # the renderer is served locally, no CDN
    args = parse_args(argv)
    configure_logging(args.verbose)
    if not args.api_url and not server_available():
        args.api_url = packaged_api_url()
        if not args.api_url:
            sys.exit("이 빌드에는 서버가 없습니다: --api-url 또는 assets/api_url.txt 로 서버 주소를 지정해 주세요.")
    local = f"http://{'127.0.0.1' if args.host in ('0.0.0.0', '::') else args.host}:{args.port}"
    local_backend = not args.api_url
    api_url = args.api_url or local
    if local_backend:
        refuse_unsafe_production()

    if args.backend_only:
        if not local_backend:
            sys.exit("--backend-only starts the local backend; it cannot be combined with --api-url")
        print("MY광양 API 시작 중 (starting)…", flush=True)
        serve(backend_app(load_settings(), Startup(None, local, verbose=args.verbose)),
              args.host, args.port, args.verbose)
        return

    if args.web or not has_display():
        if local_backend:
            print("MY광양 시작 중 (starting)… 준비되면 주소와 데모 계정을 보여 드립니다.", flush=True)
            startup = Startup(f"{local}/", local, args.partner_demo, args.verbose)
        else:  # a remote backend: nothing to prepare, the address is all there is to say
            print(f"MY광양 웹 앱: {local}/   (API: {api_url}/api/v1)", flush=True)
            startup = None
        try:
            serve(web_app(api_url, load_settings if local_backend else None, kiosk=args.kiosk,
                          startup=startup), args.host, args.port, args.verbose)
        finally:
            if startup is not None:
                startup.stop()
        return

    # Desktop: the backend in a background thread, the app in a native window.
    import flet as ft

    from myg_app.client.app import make_main

    startup = None
    if local_backend:
        startup = Startup(None, local, args.partner_demo, args.verbose)
        threading.Thread(target=serve, args=(backend_app(load_settings(), startup), args.host,
                                             args.port, args.verbose),
                         daemon=True, name="backend").start()
        _wait_for(f"{local}/api/v1/health")
    try:
        ft.run(make_main(api_url, kiosk=args.kiosk), assets_dir=str(ASSETS))
    finally:
        if startup is not None:
            startup.stop()


def _wait_for(url: str, timeout: float = 20.0) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    log.warning("backend did not answer at %s within %.0f s", url, timeout)
