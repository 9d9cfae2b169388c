"""The app's side of single sign-on: the partner sites and the one-time handoff."""
from __future__ import annotations

from pydantic import BaseModel, Field


class SsoSite(BaseModel):
    client_id: str
    name: str
    summary: str
    home_url: str


class SsoSites(BaseModel):
    items: list[SsoSite]


class HandoffRequest(BaseModel):
    client_id: str = Field(min_length=1, max_length=60)


class HandoffResponse(BaseModel):
    # Open this in the browser: the provider signs the browser in and sends it to the site.
    url: str
    expires_in: int
