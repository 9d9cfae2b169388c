"""The app's side of single sign-on: the partner sites and the one-time handoff."""
from __future__ import annotations

from pydantic import BaseModel
from myg_app.contracts.types import token


class SsoSite(BaseModel):
    client_id: str
    name: str
    summary: str
    home_url: str


class SsoSites(BaseModel):
    items: list[SsoSite]


class HandoffRequest(BaseModel):
    client_id: token(60, 1)


class HandoffResponse(BaseModel):
    # Open this in the browser: the provider signs the browser in and sends it to the site.
    url: str
    expires_in: int
