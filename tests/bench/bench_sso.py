"""(c) 통합 로그인: how long a partner sign-in takes on the provider, in process (SQLite).

Prints, over N rounds: the app's handoff request, the browser's handoff + authorize (consent
remembered, no password), the partner's code-for-tokens exchange (RS256 signing), userinfo
(RS256 verification + revocation check) and a refresh-token rotation. Never fails on time.

    uv run python -m tests.bench.bench_sso [--rounds 200]
"""
from __future__ import annotations

import argparse
import secrets
import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from authlib.oauth2.rfc7636 import create_s256_code_challenge
from fastapi.testclient import TestClient

from myg_app.server.app import create_app
from myg_app.server.auth.oidc import keys as keystore
from myg_app.server.auth.oidc.settings import demo_secret
from myg_app.server.config import Settings
from myg_app.server.db import migrate
from myg_app.server.seed import demo_password, seed_demo

CLIENT = "library"
REDIRECT = f"http://127.0.0.1:8601/{CLIENT}/callback"


def _q(resp) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(resp.headers["location"]).query).items()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=200)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        t0 = time.perf_counter()
        keystore.load(Path(d))
        keygen = time.perf_counter() - t0
        settings = Settings(data_dir=Path(d), secret_key=secrets.token_urlsafe(40))
        migrate(settings)
        seed_demo(settings)
        c = TestClient(create_app(settings))
        app_tokens = c.post("/api/v1/auth/login", json={
            "email": "citizen@gwangyang.demo", "password": demo_password(settings)}).json()
        bearer = {"Authorization": f"Bearer {app_tokens['access_token']}"}
        times: dict[str, list[float]] = {k: [] for k in
                                         ("handoff", "browser", "token", "userinfo", "refresh")}

        def timed(name, fn):
            t = time.perf_counter()
            out = fn()
            times[name].append((time.perf_counter() - t) * 1000)
            return out

        consented = False
        for _ in range(args.rounds):
            link = timed("handoff", lambda: c.post("/api/v1/sso/handoff", headers=bearer,
                                                   json={"client_id": CLIENT}).json()["url"])
            verifier = secrets.token_urlsafe(48)
            params = {"response_type": "code", "client_id": CLIENT, "redirect_uri": REDIRECT,
                      "scope": "openid profile phone", "state": "s", "nonce": "n",
                      "code_challenge": create_s256_code_challenge(verifier),
                      "code_challenge_method": "S256"}

            def browser():
                u = urlsplit(link)
                c.get(f"{u.path}?{u.query}", follow_redirects=False)
                return c.get("/oidc/authorize", params=params, follow_redirects=False)

            r = timed("browser", browser)
            if not consented:  # first round only: the consent page, then remembered
                import re

                req = re.search(r'name="request" value="([^"]*)"', r.text).group(1)
                csrf = re.search(r'name="csrf" value="([^"]*)"', r.text).group(1)
                import html

                r = c.post("/oidc/consent", data={"request": html.unescape(req), "csrf": csrf,
                                                  "decision": "allow"}, follow_redirects=False)
                consented = True
            code = _q(r)["code"]
            tokens = timed("token", lambda: c.post("/oidc/token", data={
                "grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT,
                "code_verifier": verifier}, auth=(CLIENT, demo_secret(CLIENT))).json())
            timed("userinfo", lambda: c.get("/oidc/userinfo", headers={
                "Authorization": f"Bearer {tokens['access_token']}"}).raise_for_status())
            timed("refresh", lambda: c.post("/oidc/token", data={
                "grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]},
                auth=(CLIENT, demo_secret(CLIENT))).raise_for_status())
        print(f"RSA-2048 signing key generated once in {keygen * 1000:.0f} ms")
        print(f"{args.rounds} partner sign-ins, in process, SQLite (ms):")
        for name, xs in times.items():
            xs.sort()
            print(f"  {name:9} median {statistics.median(xs):6.2f}  p95 "
                  f"{xs[int(len(xs) * 0.95) - 1]:6.2f}  max {xs[-1]:6.2f}")


if __name__ == "__main__":
    main()
