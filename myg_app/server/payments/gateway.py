"""What a payment gateway's HTTP answer means, by the rule the Korean payment REST APIs share
(Toss Payments, the voucher platform): no answer or a 5xx is "unavailable" (nothing known to
have happened), a 4xx carries {"code", "message"} and is a decline, a 2xx is parsed."""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import httpx

from myg_app.server.payments.errors import GatewayDeclined, GatewayUnavailable

T = TypeVar("T")


def answer(send: Callable[[], httpx.Response], parse: Callable[[dict], T]) -> T:
    try:
        r = send()
    except httpx.HTTPError as e:
        raise GatewayUnavailable() from e
    if r.status_code >= 500:
        raise GatewayUnavailable()
    try:
        data = r.json()
    except ValueError:
        raise GatewayUnavailable() from None
    if r.status_code >= 400:
        raise GatewayDeclined(str(data.get("code", "UNKNOWN")), data.get("message"),
                              r.status_code)
    try:
        return parse(data)
    except (KeyError, TypeError, ValueError):
        raise GatewayUnavailable() from None
