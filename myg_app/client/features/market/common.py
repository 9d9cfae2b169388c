"""Small pieces the market screens share: routes, the cart kept per market, category icons,
a row of choice buttons, boxes, and the poll that keeps an open screen up to date."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import flet as ft

from myg_app.client.i18n import tr
from myg_app.client.theme import Metrics
from myg_app.client.widgets.common import button, tagged
from myg_app.contracts.market import LineIn, ProductOut, Quote

FID = "market"
BASE = f"/f/{FID}"
API = "/market"
POLL_S = 4.0  # how often an open order / the merchant console asks for changes (seconds)

REFUND_STATUS_KO = {"needs_account": "환불 계좌를 알려 주세요", "pending": "환불 보내는 중",
                    "done": "환불 완료"}
FULFILMENT_KO = {"delivery": "배달", "pickup": "직접 찾아가기 (픽업)"}

# 분류 -> the icon a product without a photo shows (a substring of the category is enough).
_ICONS: tuple[tuple[str, str], ...] = (
    ("채소", ft.Icons.ECO), ("과일", ft.Icons.SPA), ("수산", ft.Icons.SET_MEAL),
    ("건어물", ft.Icons.SET_MEAL), ("정육", ft.Icons.KEBAB_DINING), ("고기", ft.Icons.KEBAB_DINING),
    ("반찬", ft.Icons.RICE_BOWL), ("떡", ft.Icons.BAKERY_DINING), ("가공", ft.Icons.LOCAL_DRINK),
    ("곡", ft.Icons.GRASS), ("꽃", ft.Icons.LOCAL_FLORIST))


def category_icon(category: str) -> str:
    return next((icon for word, icon in _ICONS if word in category), ft.Icons.SHOPPING_BASKET)


def photo_url(app, product_id: int) -> str:
    return f"{app.api.base_url}/api/v1{API}/products/{product_id}/photo"


def thumb(app, p: ProductOut) -> ft.Control:
    """The product's photo, or its category's icon when it has none (the photo call 404s)."""
    edge = 64 if app.m.large else 72
    if p.has_photo:
        inner: ft.Control = ft.Image(src=photo_url(app, p.id), width=edge, height=edge,
                                     fit=ft.BoxFit.COVER, semantics_label=tr("{name} 사진", name=p.name))
    else:
        inner = ft.Icon(category_icon(p.category), size=edge * 0.55,
                        color=ft.Colors.ON_SECONDARY_CONTAINER)
    return ft.Container(inner, width=edge, height=edge, border_radius=10,
                        bgcolor=ft.Colors.SECONDARY_CONTAINER, alignment=ft.Alignment.CENTER,
                        clip_behavior=ft.ClipBehavior.HARD_EDGE)


def panel(controls: list[ft.Control], ident: str | None = None) -> ft.Control:
    """A rounded box that groups what belongs together (a shop's lines, the payment)."""
    box = ft.Container(ft.Column(controls, spacing=6), padding=14, border_radius=12,
                       bgcolor=ft.Colors.SURFACE_CONTAINER)
    return tagged(box, ident) if ident else box


def choices(app, ident: str, name: str, options: list[tuple[str, str]], value: str | None,
            on_pick: Callable[[str], Awaitable[None]], *,
            disabled: set[str] | frozenset[str] = frozenset()) -> ft.Control:
    """A row of buttons, the chosen one filled: clearer than a dropdown for a few options.
    Each is `{ident}-{key}`, called aloud with the question and whether it is chosen
    ("받는 방법 배달, 선택됨"): the fill alone is not announced."""
    m = app.m

    def picker(key: str):
        async def handler(e) -> None:
            await on_pick(key)
        return handler

    buttons = []
    for key, label in options:
        b = button(label, m, ident=f"{ident}-{key}", kind="filled" if key == value else "outlined",
                   on_click=None if key in disabled else picker(key),
                   icon=ft.Icons.CHECK if key == value else None,
                   name=f"{name} {label}" + (", 선택됨" if key == value else ""))
        b.content.disabled = key in disabled
        buttons.append(b)
    return tagged(ft.Row(buttons, wrap=True, spacing=m.gap, run_spacing=m.gap), ident)


def number_in(app, f: ft.TextField) -> int | None:
    """The whole number typed in `f` ("12,000원" and "12000" alike), or None with the field
    saying what is wrong."""
    raw = (f.value or "").replace(",", "").replace("원", "").replace("개", "").strip()
    f.error = None if raw.isdigit() else "숫자로 적어 주세요."
    if f.error:
        app.page.update()
        return None
    return int(raw)


async def copy_text(app, value: str) -> None:
    """Put `value` on the clipboard (the service stays referenced on the app state)."""
    clip = app.state.services.get("clipboard")
    if clip is None:
        clip = app.state.services["clipboard"] = ft.Clipboard()
    await clip.set(value)


def showing(app, view: ft.View) -> bool:
    return any(v is view for v in app.page.views)


async def poll(app, view: ft.View, tick: Callable[[], Awaitable[bool | None]], *,
               hidden: bool = False) -> None:
    """Call `tick()` every POLL_S seconds while `view` is open (on top, or anywhere in the
    stack with `hidden`); stop when it leaves, the session ends or `tick` returns False.
    A failed call is tried again at the next tick (a phone loses signal now and then)."""
    from myg_app.client.api import ApiError

    while True:
        await asyncio.sleep(POLL_S)
        if getattr(app, "closed", False) or not showing(app, view):
            return
        if not hidden and app.page.views[-1] is not view:
            continue
        try:
            if await tick() is False:
                return
        except ApiError:
            continue
        except Exception:  # noqa: BLE001 - the session ended under us: stop quietly
            return


# --- the cart ---------------------------------------------------------------------------
@dataclass
class Cart:
    """One market's cart and checkout choices, kept in the app state while the app runs:
    leaving the market and coming back keeps it."""

    market_id: int
    quantities: dict[int, int] = field(default_factory=dict)  # product id -> how many
    products: dict[int, ProductOut] = field(default_factory=dict)  # as the list showed them
    fulfilment: str = "delivery"
    dong_code: str | None = None
    slot_id: int | None = None
    address: str = ""
    phone: str = ""
    request: str = ""
    method: str = "bank_transfer"
    quote: Quote | None = None  # the server's numbers for `quoted`
    quoted: tuple | None = None
    prefilled: bool = False  # the phone and 읍면동 were taken from the profile once
    # One key per order attempt: a retry after a lost answer cannot order twice.
    key: str = field(default_factory=lambda: str(uuid.uuid4()))

    @property
    def count(self) -> int:
        return sum(self.quantities.values())

    def subtotal(self) -> int:
        """What the list's prices add up to (the quote's subtotal is the one that counts)."""
        return sum(self.products[i].price * n for i, n in self.quantities.items()
                   if i in self.products)

    def lines(self) -> list[LineIn]:
        return [LineIn(product_id=i, quantity=n) for i, n in self.quantities.items()]

    def quote_key(self) -> tuple:
        return (tuple(self.quantities.items()), self.fulfilment,
                self.dong_code if self.fulfilment == "delivery" else None)

    def set(self, p: ProductOut, quantity: int) -> None:
        self.products[p.id] = p
        if quantity <= 0:
            self.quantities.pop(p.id, None)
        else:
            self.quantities[p.id] = quantity
        self.new_attempt()

    def new_attempt(self) -> None:
        self.key = str(uuid.uuid4())


def cart(app, market_id: int) -> Cart:
    carts = app.state.drafts.setdefault("market_carts", {})
    if market_id not in carts:
        carts[market_id] = Cart(market_id)
    return carts[market_id]


def clear_cart(app, market_id: int) -> None:
    app.state.drafts.setdefault("market_carts", {})[market_id] = Cart(market_id)


class LargeByDefault:
    """The app as the merchant's screens see it: large text and large targets whatever the
    device's setting (shopkeepers, often older, tap with a busy hand); in everything else it
    is the app itself."""

    def __init__(self, app) -> None:
        self._app = app

    def __getattr__(self, name: str):
        return getattr(self._app, name)

    @property
    def m(self) -> Metrics:
        return Metrics(True)
