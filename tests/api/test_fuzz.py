"""A bounded fuzz run over the app's own /openapi.json (schemathesis): every operation gets a
few valid and a few invalid requests, as a guest and as a signed-in citizen or officer.

Fails on any 5xx and on any answer the document does not describe (status code, content
type, body shape). Fixed seed, derandomized, no example database: the same requests each
run, so a failure is reproducible and the run stays well under a minute per database.
"""
from __future__ import annotations

import time

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings as hsettings, strategies as st
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.generation import GenerationMode

from myg_app.server.seed import demo_password, seed_demo

EXAMPLES = 4  # per operation and generation mode
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
# Run last: they end the signed-in sessions the other operations use.
LAST = ("/api/v1/me/sessions", "/api/v1/me/withdraw", "/api/v1/auth/logout")
# Officer screens (desks, inboxes, keys) are fuzzed as an officer or admin.
OFFICER_PATHS = ("/officer", "/desk", "/reservations/officer")
ENDLESS = ("/api/v1/alerts/stream",)


def _token(api, email: str) -> str:
    r = api.login(email, demo_password(api.settings))
    assert r.status_code == 200, r.text
    return r.json()["access_token"]


def _who(path: str) -> str:
    if "/open311/keys" in path:
        return "admin"
    if any(p in path for p in OFFICER_PATHS) or path.startswith("/api/v1/waste/items"):
        return "officer"
    return "citizen"


def test_fuzz_openapi(api):
    started = time.monotonic()
    seed_demo(api.settings)
    tokens = {"citizen": _token(api, "citizen@gwangyang.demo"),
              "officer": _token(api, "clean@gwangyang.demo"),
              "admin": _token(api, "admin@gwangyang.demo")}
    schema = schemathesis.openapi.from_dict(api.client.get("/openapi.json").json())
    # An event stream never ends: its bad input is tested in test_alerts.py instead.
    operations = [op for op in (r.ok() for r in schema.get_all_operations())
                  if op.path not in ENDLESS]
    operations.sort(key=lambda op: (any(op.path.startswith(p) for p in LAST), op.label))
    failures: list[str] = []
    calls = 0
    times: list[tuple[float, str]] = []

    for op in operations:
        token = tokens[_who(op.path)]
        strategy = st.one_of(op.as_strategy(generation_mode=GenerationMode.POSITIVE),
                             op.as_strategy(generation_mode=GenerationMode.NEGATIVE))

        @hsettings(max_examples=2 * EXAMPLES, derandomize=True, database=None, deadline=None,
                   phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck),
                   print_blob=False)
        @given(case=strategy)
        def run(case):
            nonlocal calls
            kwargs = case.as_transport_kwargs(base_url="http://testserver")
            headers = dict(kwargs.pop("headers", None) or {})
            if "authorization" not in {k.lower() for k in headers}:
                headers["Authorization"] = f"Bearer {token}"
            if "data" in kwargs:  # raw bytes: httpx calls that `content`
                kwargs["content"] = kwargs.pop("data")
            kwargs.pop("cookies", None)
            calls += 1
            response = api.client.request(headers=headers, **kwargs)
            case.validate_response(response, checks=CHECKS)

        try:
            t0 = time.monotonic()
            run()
            times.append((time.monotonic() - t0, op.label))
        except (Exception, BaseExceptionGroup) as e:  # every operation's failure, then report all
            failures.append(f"{op.label}: {type(e).__name__}: {str(e)[:1500]}")

    elapsed = time.monotonic() - started
    print(sorted(times)[-8:])
    print(f"fuzzed {len(operations)} operations with {calls} requests in {elapsed:.1f}s")
    assert not failures, "\n\n".join(failures)
    assert elapsed < 120, f"the fuzz run took {elapsed:.0f}s (budget: about a minute)"


@pytest.fixture(autouse=True)
def _quiet_logs(caplog):
    caplog.set_level("CRITICAL", logger="myg_app")
