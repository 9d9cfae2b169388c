"""What a domain package declares about itself, once, in its own `domain.py`.

`domains.py` lists the domains; the app mounts their routers, Alembic and create_app see their
models, and the demo seed runs their seeds, all by walking that one list. Adding a function
means writing its package and adding one line there (docs/ARCHITECTURE.md).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from myg_app.server.config import Settings

API_PREFIX = "/api/v1"


@dataclass(frozen=True, slots=True)
class Mount:
    router: APIRouter
    prefix: str = API_PREFIX  # "" for routes fixed by a standard (/.well-known, /oidc)


@dataclass(frozen=True, slots=True)
class Job:
    """Work the server does by itself: first `first_after_s` after start, then every
    `every_s` (None: once; a function of the settings: an interval the operator sets), in a
    worker thread, in one transaction. Jobs must be safe to run in several workers at once
    (each claims its rows with a conditional update, or relies on a unique constraint).
    `in_transaction=False`: `run` gets the sessionmaker instead and opens short transactions
    itself (a job that waits on the network must not hold SQLite's write lock meanwhile)."""
    name: str
    run: Callable[[Any, Settings], Any]
    first_after_s: float = 60.0
    every_s: float | Callable[[Settings], float | None] | None = 3600.0
    in_transaction: bool = True


@dataclass(frozen=True, slots=True)
class Domain:
    name: str
    # The modules holding the domain's tables: importing them registers the tables on
    # Base.metadata (Alembic's autogenerate and the schema test compare against it).
    models: tuple[ModuleType, ...] = ()
    routers: tuple[Mount, ...] = ()
    # Idempotent demo data, run by `seed_demo` after the demo accounts exist.
    seed: Callable[[Session, Settings], Any] | None = None
    # The Alembic branch label of the domain's migrations (None: no tables of its own).
    migrations: str | None = None
    jobs: tuple[Job, ...] = ()


def api(*routers: APIRouter) -> tuple[Mount, ...]:
    return tuple(Mount(r) for r in routers)
