"""Routes of 전통시장 장보기: /f/market (시장), /m/<id> (상품), /m/<id>/cart (장바구니·주문),
/orders, /orders/<id>, /merchant (+ /stock, /settlement) for merchants, /desk for
일자리경제과. Guests may browse markets and fill a cart; ordering needs an account."""

from __future__ import annotations

import re

from myg_app.client.features.feature import Feature
from myg_app.client.features.market import browse, cart, desk, merchant, order
from myg_app.client.features.market.common import BASE, FID, LargeByDefault

_MARKET = re.compile(r"^/m/(\d+)$")
_CART = re.compile(r"^/m/(\d+)/cart$")
_ORDER = re.compile(r"^/orders/(\d+)$")
_PUBLIC = re.compile(r"^/m/\d+(/cart)?$")


def inner(app, rest: str):
    rest = rest.split("?", 1)[0]
    if m := _MARKET.match(rest):
        market_id = int(m.group(1))
        return [lambda: browse.market_view(app, market_id)]
    if m := _CART.match(rest):
        market_id = int(m.group(1))
        # The market below the cart: back returns to its list as it was.
        return [(f"{BASE}/m/{market_id}", lambda: browse.market_view(app, market_id)),
                lambda: cart.view(app, market_id)]
    if rest == "/orders":
        return [lambda: order.list_view(app)]
    if m := _ORDER.match(rest):
        order_id = int(m.group(1))
        return [(f"{BASE}/orders", lambda: order.list_view(app)),
                lambda: order.view(app, order_id)]
    if rest.startswith("/merchant"):
        shop = LargeByDefault(app)  # large buttons for shopkeepers, whatever the setting
        if rest == "/merchant":
            return [lambda: merchant.console_view(shop)]
        if rest == "/merchant/stock":
            return [(f"{BASE}/merchant", lambda: merchant.console_view(shop)),
                    lambda: merchant.stock_view(shop)]
        if rest == "/merchant/settlement":
            return [(f"{BASE}/merchant", lambda: merchant.console_view(shop)),
                    lambda: merchant.settlement_view(shop)]
    if rest == "/desk":
        return [lambda: desk.view(app)]
    return None


def public(rest: str) -> bool:
    """Guests browse a market and fill its cart; the order button asks them to sign in."""
    return bool(_PUBLIC.match(rest.split("?", 1)[0]))


FEATURES = (Feature(FID, browse.main_view, inner, public),)
