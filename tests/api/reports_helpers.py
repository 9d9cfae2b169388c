"""Helpers shared by the report and Open311 API tests: people, photos, a filed report."""
from __future__ import annotations

import base64
import io
import uuid

from PIL import Image

from myg_app.server.auth import service as auth_service

from .conftest import PASSWORD

JUNGMA = (34.9410, 127.6960)  # 중마동


def make_user(api, role: str = "citizen", department: str | None = None,
              name: str = "홍길동") -> dict:
    """A signed-in user of any role; returns the bearer headers plus the user's id."""
    email = f"{role}-{uuid.uuid4().hex[:8]}@example.com"
    with api.client.app.state.sessionmaker.begin() as s:
        user = auth_service.register(s, api.settings, email, PASSWORD, name, role=role,
                                     department=department)
        uid = user.id
    tokens = api.login(email).json()
    return {"headers": api.bearer(tokens), "id": uid, "email": email}


def jpeg_with_gps(size=(800, 600), colour=(200, 80, 40)) -> bytes:
    img = Image.new("RGB", size, colour)
    exif = Image.Exif()
    exif[0x010F] = "TestCam"
    exif[0x0112] = 6  # taken rotated: the public copy must stand upright
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (34.0, 56.0, 30.0), "E", (127.0, 41.0, 45.0)
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def png(size=(64, 64)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, "PNG")
    return out.getvalue()


def upload(api, headers, data: bytes, filename: str = "photo.jpg", key: str | None = None):
    h = dict(headers)
    if key:
        h["Idempotency-Key"] = key
    return api.client.post("/api/v1/reports/photos", headers=h, json={
        "filename": filename, "content_base64": base64.b64encode(data).decode()})


def file_report(api, headers, *, category="road", lat=JUNGMA[0], long=JUNGMA[1],
                description="도로에 큰 포트홀이 생겼습니다.", key: str | None = None, **extra):
    h = dict(headers)
    if key:
        h["Idempotency-Key"] = key
    body = {"category": category, "description": description, "lat": lat, "long": long, **extra}
    return api.client.post("/api/v1/reports", headers=h, json=body)


def notices(api, headers) -> list[dict]:
    return api.client.get("/api/v1/me/notices", headers=headers).json()["items"]
