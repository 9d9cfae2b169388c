"""The payment settings as a FastAPI dependency, shared by every paying function's router."""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from myg_app.server.payments.settings import PaymentSettings


async def payment_settings(request: Request) -> PaymentSettings:
    """Read once per app (tests and deployments may set app.state.payment_settings)."""
    ps = getattr(request.app.state, "payment_settings", None)
    if ps is None:
        ps = request.app.state.payment_settings = PaymentSettings()
    return ps


PaySettings = Annotated[PaymentSettings, Depends(payment_settings)]
