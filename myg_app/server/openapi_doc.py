"""The OpenAPI document as the truth about errors, derived centrally (no per-route edits).

- Each operation lists the problem answers its dependencies can give: 401 when it needs a
  signed-in user, 403 when a role check sits on top of that, 404 when the path names a
  thing, 409 when it takes an Idempotency-Key, 422 when it takes any input, 400 when it
  reads a body (one that cannot be read at all), and 200 beside 201 for create-or-return.
- Every 4xx/5xx answer is documented as `application/problem+json` with the real `Problem`
  schema (FastAPI's default 422 would say `application/json` + `HTTPValidationError`).
- Open311 GeoReport operations answer in the spec's own formats (JSON or XML, errors as
  `[{code, description}]`), and are documented that way.
"""
from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, routing
from fastapi.routing import APIRoute
from fastapi.security import HTTPBearer

from myg_app.server.problems import _TITLES, PROBLEM_JSON

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
O311_PREFIX = "/api/v1/open311/v2/"
O311_ERROR_SCHEMA = {"type": "array", "items": {
    "type": "object", "required": ["code", "description"],
    "properties": {"code": {"type": "integer"}, "description": {"type": "string"}}}}
O311_ERROR_STATUSES = ("400", "403", "404")


def _calls(dependant, parents: tuple = ()) -> list[tuple[Any, tuple]]:
    """Every dependency callable with the chain of callables that led to it."""
    out = []
    for d in dependant.dependencies:
        out.append((d.call, parents))
        out.extend(_calls(d, parents + (d.call,)))
    return out


def _all_params(dependant) -> list:
    params = list(dependant.path_params) + list(dependant.query_params) \
        + list(dependant.header_params) + list(dependant.cookie_params) \
        + list(dependant.body_params)
    for d in dependant.dependencies:
        params += _all_params(d)
    return params


def statuses_for(route) -> set[int]:
    """The problem answers a route (an APIRoute or FastAPI's RouteContext) can give."""
    from myg_app.server.auth.deps import current_session_id, current_user

    found: set[int] = set()
    for call, parents in _calls(route.dependant):
        if isinstance(call, HTTPBearer):  # a token is read: a bad one is refused
            found.add(401)
        if call is current_user:
            found.add(401)
            # A dependency built on the user (officer, admin, ...) is a role check.
            if any(p is not current_session_id for p in parents):
                found.add(403)
    if route.dependant.path_params:
        found.add(404)
    params = _all_params(route.dependant)
    if params:
        found.add(422)
    if any((getattr(p, "alias", "") or "").lower() == "idempotency-key" for p in params):
        found.update({409, 422})
    if route.body_field is not None:
        found.add(400)  # a body that cannot be read at all (not UTF-8, cut short)
    return found


def _derived(app: FastAPI) -> dict[tuple[str, str], dict[str, dict]]:
    """(path, method) -> the responses to add to the generated document."""
    out: dict[tuple[str, str], dict[str, dict]] = {}
    for ctx in routing.iter_route_contexts(app.routes):
        if not isinstance(ctx.original_route, APIRoute) or not ctx.include_in_schema:
            continue
        if ctx.path_format.startswith(O311_PREFIX):
            continue
        add: dict[str, dict] = {
            str(s): {"description": _TITLES.get(s, HTTPStatus(s).phrase)}
            for s in sorted(statuses_for(ctx))}
        # Create-or-return: an endpoint that sets `response.status_code` after a 201 default
        # answers 200 with the same body when the thing already existed (or was a replay).
        if ctx.status_code == 201 and ctx.dependant.response_param_name:
            add["200"] = {"description": "이미 있던 것 (새로 만들지 않음)", "same_as": "201"}
        for method in ctx.methods or ():
            out[(ctx.path_format, method.lower())] = add
    return out


def _add_responses(schema: dict, derived: dict[tuple[str, str], dict[str, dict]]) -> None:
    for (path, method), add in derived.items():
        operation = schema.get("paths", {}).get(path, {}).get(method)
        if operation is None:
            continue
        responses = operation.setdefault("responses", {})
        for status, response in add.items():
            if status in responses:
                continue
            response = dict(response)
            if same := response.pop("same_as", None):
                if same not in responses:
                    continue
                response["content"] = responses[same].get("content", {})
            responses[status] = response


def _problem_content(operation: dict) -> None:
    for status, response in operation.get("responses", {}).items():
        if status[:1] in ("4", "5"):
            response["content"] = {PROBLEM_JSON: {"schema": PROBLEM_REF}}


def _open311_content(operation: dict) -> None:
    responses = operation.setdefault("responses", {})
    for status, response in list(responses.items()):
        if status[:1] == "2":
            json_schema = response.get("content", {}).get("application/json", {}).get("schema", {})
            response["content"] = {"application/json": {"schema": json_schema},
                                   "text/xml": {"schema": {"type": "string"}}}
        elif status[:1] in ("4", "5") and status != "422":
            response["content"] = {"application/json": {"schema": O311_ERROR_SCHEMA},
                                   "text/xml": {"schema": {"type": "string"}}}
    for status in O311_ERROR_STATUSES:
        responses.setdefault(status, {
            "description": "GeoReport v2 오류 ([{code, description}])",
            "content": {"application/json": {"schema": O311_ERROR_SCHEMA},
                        "text/xml": {"schema": {"type": "string"}}}})


OAUTH_ERROR_SCHEMA = {"type": "object", "required": ["error"], "properties": {
    "error": {"type": "string"}, "error_description": {"type": "string"}}}


def _oidc_content(operation: dict) -> None:
    """OpenID Connect endpoints: HTML pages for people, RFC 6749 JSON errors for sites."""
    responses = operation.setdefault("responses", {})
    html = "text/html" in responses.get("200", {}).get("content", {})
    for status in ("400", "401", "422", "429") if html else ("400", "401"):
        response = responses.setdefault(status, {"description": _TITLES.get(int(status), status)})
        content = response.setdefault("content", {})
        if html:
            content["text/html"] = {"schema": {"type": "string"}}
        else:
            content["application/json"] = {"schema": OAUTH_ERROR_SCHEMA}


def finish(schema: dict) -> dict:
    for path, item in schema.get("paths", {}).items():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            _problem_content(operation)
            if path.startswith(O311_PREFIX):
                _open311_content(operation)
            elif path.startswith("/oidc/"):
                _oidc_content(operation)
    components = schema.get("components", {}).get("schemas", {})
    _local_times(schema)
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    return schema


# `format: time` is RFC 3339 full-time (with an offset); ours are Seoul wall-clock times.
WALL_CLOCK = {"type": "string", "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$",
              "description": "서울 기준 시각 HH:MM[:SS]"}


def _local_times(node: Any) -> None:
    if isinstance(node, dict):
        if node.get("format") == "time" and node.get("type") == "string":
            node.pop("format")
            node.update({k: v for k, v in WALL_CLOCK.items() if k not in node})
        for v in node.values():
            _local_times(v)
    elif isinstance(node, list):
        for v in node:
            _local_times(v)


def install_openapi(app: FastAPI) -> None:
    """Wrap app.openapi: routes added after create_app (tests) are covered too."""
    generate = app.openapi

    finished: list[dict] = []

    def openapi() -> dict[str, Any]:
        schema = generate()  # FastAPI's, cached until routes change
        if not finished or finished[0] is not schema:
            _with_problem(schema)
            _add_responses(schema, _derived(app))
            finish(schema)
            finished[:] = [schema]
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _with_problem(schema: dict) -> dict:
    from myg_app.contracts.common import FieldError, Problem

    components = schema.setdefault("components", {}).setdefault("schemas", {})
    if "Problem" not in components:
        problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(problem.pop("$defs", {}))
        components["Problem"] = problem
    components.setdefault("FieldError", FieldError.model_json_schema())
    return schema
