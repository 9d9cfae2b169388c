"""QR codes shown on a citizen's screen (entry check-in, 배출번호): one helper, one look."""
from __future__ import annotations

import base64
import io

import segno


def png_base64(payload: str, *, scale: int = 6) -> str:
    """A PNG of `payload` (medium error correction, a quiet zone scanners accept), base64."""
    buf = io.BytesIO()
    segno.make(payload, error="m").save(buf, kind="png", scale=scale, border=2)
    return base64.b64encode(buf.getvalue()).decode()
