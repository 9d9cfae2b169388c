"""병원·약국: no tables of its own; the national APIs' answers live in the adapters' caches."""
from __future__ import annotations

from myg_app.server.domain import Domain, api
from myg_app.server.hospital.router import router

DOMAIN = Domain("hospital", routers=api(router))
