"""Shared pieces of the citizen ID screens: routes, a panel, the card kept offline."""
from __future__ import annotations

import time

import flet as ft

from myg_app.client.widgets.common import tagged
from myg_app.contracts import citizen_id as c

FID = "citizen_id"
BASE = "/f/citizen_id"
TITLE = "디지털 광양시민증"
API = "/citizen-id"


def panel(controls: list[ft.Control], ident: str, *, label: str | None = None,
          colour: str = ft.Colors.SURFACE_CONTAINER) -> ft.Control:
    return tagged(ft.Container(ft.Column(controls, spacing=6), padding=14, border_radius=12,
                               bgcolor=colour), ident, label)


def current_token(batch: c.QrBatch | None, now: float | None = None) -> c.QrToken | None:
    """The QR of this 30-second window from a fetched batch (None when it has run out)."""
    now = time.time() if now is None else now
    for t in (batch.tokens if batch else []):
        if t.not_before <= now < t.expires_at:
            return t
    return None


def remaining(batch: c.QrBatch | None, now: float | None = None) -> int:
    now = time.time() if now is None else now
    return sum(1 for t in (batch.tokens if batch else []) if t.expires_at > now)


async def keep(app, mine: c.MyCard, batch: c.QrBatch | None) -> None:
    """Keep the card (and the QRs still ahead) on the device for offline use."""
    await app.prefs.wallet.save(FID, {"card": mine.model_dump(mode="json"),
                                      "qr": batch.model_dump(mode="json") if batch else None,
                                      "saved_at": int(time.time())})


async def kept(app) -> tuple[c.MyCard, c.QrBatch | None, int] | None:
    data = await app.prefs.wallet.load(FID)
    if not data:
        return None
    try:
        mine = c.MyCard.model_validate(data["card"])
        batch = c.QrBatch.model_validate(data["qr"]) if data.get("qr") else None
        return mine, batch, int(data.get("saved_at") or 0)
    except (KeyError, ValueError):
        return None
