"""Share FastAPI's per-route build between the many apps a test run creates.

FastAPI 0.165 builds each route's handler (dependants, response fields, pydantic adapters)
lazily, on the first request an app routes, and once per app: about half a second for our
~260 routes. The API and UI tests create an app per test, so that build was a third of their
run time. The routes are module-level objects and identical in every app, so the build is
kept per (route, path) and reused.

Test-only: a server creates one app and pays it once. The one thing a build takes from its app
is `dependency_overrides`, which the project does not use; an app that has some when it first
routes is built as usual.
"""
from __future__ import annotations

from typing import Any


def share_route_builds() -> None:
    from fastapi import routing

    context = getattr(routing, "_EffectiveRouteContext", None)
    build = getattr(context, "from_api_route", None)
    if build is None or getattr(build, "__shared__", False):
        return  # another FastAPI: tests run as they are, only slower
    cache: dict[tuple[int, str], tuple[Any, Any]] = {}

    def shared(cls, *, original_route, include_context):
        provider = include_context.dependency_overrides_provider
        if getattr(provider, "dependency_overrides", None):
            return build(original_route=original_route, include_context=include_context)
        key = (id(original_route), include_context.path_for(original_route))
        hit = cache.get(key)
        if hit is None or hit[0] is not original_route:
            hit = cache[key] = (original_route, build(original_route=original_route,
                                                      include_context=include_context))
        return hit[1]

    shared.__shared__ = True
    context.from_api_route = classmethod(shared)
