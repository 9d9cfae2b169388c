"""ASGI factories for bench_catalog.py, served by `uvicorn --factory` in subprocesses.

- `real_app`: the real API (`create_app`, migrated SQLite in `MYG_DATA_DIR`).
- `bare_app`: a bare Starlette app with one route returning `JSONResponse({"items": [...]})`,
  the same 27 dicts, serialised on every request (the plain way to write such an endpoint).
"""

from __future__ import annotations

import os
from pathlib import Path

from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

PATH = "/api/v1/catalog"


def real_app():
    from myg_app.server.app import create_app
    from myg_app.server.config import Settings
    from myg_app.server.db import migrate

    settings = Settings(data_dir=Path(os.environ["MYG_DATA_DIR"]))
    migrate(settings)
    return create_app(settings)


def bare_app():
    from myg_app import catalog
    from myg_app.contracts.catalog import CatalogItem

    items = [CatalogItem.of(f).model_dump(mode="json") for f in catalog.FUNCTIONS]

    async def get_catalog(request):
        return JSONResponse({"items": items})

    return Starlette(routes=[Route(PATH, get_catalog)])
