"""Server speech for 음성 안내 (no tables)."""
from __future__ import annotations

from myg_app.server.domain import Domain, api
from myg_app.server.tts.router import router

DOMAIN = Domain("tts", routers=api(router))
