"""QR codes shown on a citizen's screen (entry check-in, 배출번호, the citizen ID drawn on the
device): one helper, one look. Shared by the server and the app (segno is pure Python)."""
from __future__ import annotations

import base64
import io

import segno


def png_bytes(payload: str, *, scale: int = 6) -> bytes:
    """The PNG itself (what the app draws into an Image)."""
    buf = io.BytesIO()
    segno.make(payload, error="m", micro=False).save(buf, kind="png", scale=scale, border=2)
    return buf.getvalue()


def png_base64(payload: str, *, scale: int = 6) -> str:
    """A PNG of `payload` (medium error correction, a quiet zone scanners accept), base64.
    Always a full QR code: for a short payload segno would pick a Micro QR, which phone
    cameras and most desk scanners do not read."""
    return base64.b64encode(png_bytes(payload, scale=scale)).decode()
