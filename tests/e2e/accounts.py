"""Accounts for browser tests: a fresh citizen per test (tests never share state) and the
app's own sign-in form."""

from __future__ import annotations

import os
import uuid

import httpx

from tests.e2e.flet_page import FletPage

PASSWORD = "e2e-pass-1234"
DEMO_PASSWORD = os.environ.get("MYG_DEMO_PASSWORD") or "myg-demo-2026"


def new_citizen(server: str, prefix: str = "e2e") -> str:
    email = f"{prefix}-{uuid.uuid4().hex[:8]}@example.com"
    with httpx.Client(base_url=server + "/api/v1") as c:
        c.post("/auth/register", json={"email": email, "password": PASSWORD,
                                       "name": "정시민"}).raise_for_status()
    return email


def sign_in(ui: FletPage, email: str, password: str = PASSWORD) -> None:
    ui.click_id("home-login")
    ui.fill("login-email", email)
    ui.fill("login-password", password)
    ui.click_id("login-submit")
    ui.wait_id("home-user")
