"""The demo partner site inside another process: `uv run main.py` runs it next to the app (a
daemon thread with its own event loop), so 통합 로그인 can be tried without a second command.

The port is taken at once (a busy port is reported to the caller, not logged from a thread);
the imports (Authlib, ~1 s) and the server then run in the thread, so the caller never waits.
Connections that arrive meanwhile queue on the listening socket.
"""
from __future__ import annotations

import socket
import threading
import warnings
from urllib.parse import urlsplit

DEFAULT_BASE = "http://127.0.0.1:8601"
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def local_address(partner_base: str) -> tuple[str, int] | None:
    """Where to listen for a partner base URL (MYG_OIDC_PARTNER_BASE) on this machine; None
    when it names another host or https (a real partner site, not this demo)."""
    u = urlsplit(partner_base)
    if u.scheme != "http" or u.hostname not in LOOPBACK:
        return None
    host = "127.0.0.1" if u.hostname == "localhost" else u.hostname
    return host, u.port or 80


def quiet_imports() -> None:
    """Authlib warns at import that its httpx module is deprecated: noise for a demo."""
    warnings.filterwarnings("ignore", message=r".*httpx module is deprecated.*")


class PartnerDemo:
    """A running demo partner; `stop()` ends it (it also ends with the process)."""

    def __init__(self, sock: socket.socket, discovery_url: str, log_level: str):
        self._sock = sock
        self._discovery = discovery_url
        self._log_level = log_level
        self._server = None
        self._stopped = False
        self.thread = threading.Thread(target=self._run, daemon=True, name="partner-demo")

    def _run(self) -> None:
        quiet_imports()
        import uvicorn

        from partner_demo.app import clients_from_env, create_app

        config = uvicorn.Config(create_app(self._discovery, clients_from_env()),
                                log_config=None, log_level=self._log_level, lifespan="off")
        self._server = uvicorn.Server(config)
        if self._stopped:
            self._sock.close()
            return
        self._server.run(sockets=[self._sock])

    def stop(self, timeout: float = 5.0) -> None:
        self._stopped = True
        if self._server is not None:
            self._server.should_exit = True
        self.thread.join(timeout)


def start(discovery_url: str, host: str, port: int, *, log_level: str = "warning") -> PartnerDemo:
    """Listen on host:port and serve the demo partner there in a daemon thread.
    Raises OSError when the port is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    demo = PartnerDemo(sock, discovery_url, log_level)
    demo.thread.start()
    return demo
