"""What the report screens share: routes, the form's memory, officer check, small texts."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from myg_app.contracts import reports as c
from myg_app.seoul_time import format_datetime_ko

FID = "report"
BASE = f"/f/{FID}"


def is_report_officer(app) -> bool:
    u = app.state.user
    return u is not None and (u.role == "admin" or (u.role == "officer"
                                                    and u.department in c.DEPARTMENTS))


def when(dt) -> str:
    return format_datetime_ko(dt)


def photo_url(app, path: str) -> str:
    """Photo paths come relative to the API host (the server does not know its public name)."""
    return app.api.base_url + path


@dataclass
class Photo:
    name: str
    token: str | None = None  # set once the server accepted it
    data: bytes | None = None  # kept for the preview and for an upload still to do
    key: str = field(default_factory=lambda: str(uuid.uuid4()))  # upload Idempotency-Key

    def to_json(self, keep_bytes: bool) -> dict[str, Any]:
        import base64

        d: dict[str, Any] = {"name": self.name, "token": self.token, "key": self.key}
        if keep_bytes and self.data is not None and self.token is None:
            d["b64"] = base64.b64encode(self.data).decode()
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "Photo":
        import base64

        data = base64.b64decode(d["b64"]) if d.get("b64") else None
        return cls(name=d.get("name") or "사진", token=d.get("token"), data=data,
                   key=d.get("key") or str(uuid.uuid4()))


@dataclass
class ReportForm:
    """The report being written: survives re-renders and, through drafts, app restarts."""

    category: str | None = None
    kind: str | None = None  # the category's main attribute (세부 유형)
    description: str = ""
    lat: float | None = None
    long: float | None = None
    located_by: str | None = None  # device | map
    area: str | None = None
    address: str = ""
    anonymous: bool = False
    photos: list[Photo] = field(default_factory=list)
    # One key per report attempt: a retry after a lost answer cannot file it twice.
    key: str = field(default_factory=lambda: str(uuid.uuid4()))
    restored: bool = False  # the draft was read from the device once

    def to_json(self) -> dict[str, Any]:
        return {"category": self.category, "kind": self.kind, "description": self.description,
                "lat": self.lat, "long": self.long, "located_by": self.located_by,
                "area": self.area, "address": self.address, "anonymous": self.anonymous,
                "photos": [p.to_json(keep_bytes=True) for p in self.photos], "key": self.key}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "ReportForm":
        f = cls()
        for name in ("category", "kind", "description", "lat", "long", "located_by", "area",
                     "address", "anonymous", "key"):
            if d.get(name) is not None:
                setattr(f, name, d[name])
        if f.category not in c.CATEGORY_BY_CODE:
            f.category, f.kind = None, None
        f.photos = [Photo.from_json(p) for p in d.get("photos") or [] if isinstance(p, dict)]
        return f

    @property
    def has_place(self) -> bool:
        return self.lat is not None or bool(self.address.strip()) or bool(self.area)

    @property
    def empty(self) -> bool:
        return not (self.category or self.description.strip() or self.has_place or self.photos)

    def body(self, photo_tokens: list[str]) -> c.ReportCreate:
        """The request; raises pydantic's ValidationError with the same Korean rules."""
        cat = c.CATEGORY_BY_CODE.get(self.category or "")
        attrs = {cat.attributes[0].code: self.kind} if cat and cat.attributes and self.kind else {}
        return c.ReportCreate(category=self.category or "", description=self.description,
                              lat=self.lat, long=self.long, address=self.address or None,
                              area=self.area, anonymous=self.anonymous, attributes=attrs,
                              photos=photo_tokens)


def form(app) -> ReportForm:
    f = app.state.drafts.get("report_form")
    if f is None:
        f = app.state.drafts["report_form"] = ReportForm()
    return f


def reset_form(app) -> ReportForm:
    f = app.state.drafts["report_form"] = ReportForm(restored=True)
    return f
