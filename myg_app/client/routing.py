"""Which catalog function a route belongs to: /f/<id> and /f/<id>/<rest>."""
from __future__ import annotations

import re

from myg_app import catalog

FUNCTION_ROUTE = re.compile(r"^/f/([a-z0-9_]+)$")
# A function's inner screens: /f/<id>/<rest>, e.g. /f/sports/slots/2026-12-01.
FUNCTION_SUBROUTE = re.compile(r"^/f/([a-z0-9_]+)(/.+)$")


def function_of(route: str) -> str | None:
    """The catalog function a route belongs to (/f/<id> and everything under it)."""
    m = FUNCTION_ROUTE.match(route.split("?", 1)[0]) or FUNCTION_SUBROUTE.match(route)
    return m.group(1) if m and m.group(1) in catalog.BY_ID else None
