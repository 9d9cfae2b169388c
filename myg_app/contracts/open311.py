"""Open311 GeoReport v2 bodies (the frozen spec, REFERENCE.md) and the admin contract for the
partner API keys that may post to it. 생활불편 신고's own contract is contracts/reports.py."""
from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from myg_app.contracts.reports import Datatype
from myg_app.contracts.types import line


# --- Open311 partner keys (admin) --------------------------------------------------------

class ApiKeyCreate(BaseModel):
    name: line(80, 2)


class ApiKeyOut(BaseModel):
    id: int
    name: str
    prefix: str
    created_at: datetime
    revoked: bool


class ApiKeyIssued(ApiKeyOut):
    api_key: str  # shown once; only its hash is stored


class ApiKeyList(BaseModel):
    items: list[ApiKeyOut]


# --- Open311 GeoReport v2 bodies ---------------------------------------------------------

class O311Endpoint(BaseModel):
    specification: str = "http://wiki.open311.org/GeoReport_v2"
    url: str
    changeset: str
    type: Literal["production", "test"] = "production"
    formats: list[str] = Field(default_factory=lambda: ["application/json", "text/xml"])


class O311Discovery(BaseModel):
    changeset: str
    contact: str
    key_service: str
    endpoints: list[O311Endpoint]


class O311Service(BaseModel):
    service_code: str
    service_name: str
    description: str
    metadata: bool
    type: Literal["realtime", "batch", "blackbox"] = "realtime"
    keywords: str
    group: str


class O311AttributeValue(BaseModel):
    key: str
    name: str


class O311Attribute(BaseModel):
    variable: bool = True
    code: str
    datatype: Datatype
    required: bool
    datatype_description: str | None = None
    order: int
    description: str
    values: list[O311AttributeValue] = Field(default_factory=list)


class O311ServiceDefinition(BaseModel):
    service_code: str
    attributes: list[O311Attribute]


class O311Request(BaseModel):
    service_request_id: str
    status: Literal["open", "closed"]
    status_notes: str | None
    service_name: str
    service_code: str
    description: str | None
    agency_responsible: str
    service_notice: str | None
    requested_datetime: str
    updated_datetime: str
    expected_datetime: str | None
    address: str | None
    address_id: str | None = None
    zipcode: str | None = None
    lat: float | None
    long: float | None
    media_url: str | None


class O311Created(BaseModel):
    service_request_id: str
    service_notice: str
    account_id: str | None = None


class O311Error(BaseModel):
    code: int
    description: str
