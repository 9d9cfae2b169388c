"""모바일 도서관회원증 in a headless session: a guest gets a login button; a citizen sees what
linking shares, is told to agree first, links and sees the card (member number, barcode, QR)
and the loans with D-days, renews a book and hears the result; with the server unreachable the
card kept on the device is shown, marked offline, without renew buttons; unlinking asks first
and forgets the kept card. The linked card passes the accessibility walk's checks in both text
sizes and draws every text at 4.5:1 in light and dark."""
from __future__ import annotations

import re
import uuid

import flet as ft
import httpx
import pytest

from myg_app.client.state import K_LARGE
from tests.ui.conftest import DEMO_PASSWORD, finish_background_tasks
from tests.ui.headless import said
from tests.ui.rendered_colours import drawn_texts
from tests.ui.test_a11y_walk import walk_view
from tests.ui.conftest import Switchable, sign_in

ROUTE = "/f/library_card"


@pytest.fixture(autouse=True)
async def _drain():
    yield
    await finish_background_tasks()


async def new_citizen(api_app, name: str = "도서관") -> str:
    """A citizen of their own (the demo citizen stays unlinked for the other tests)."""
    email = f"lib-{uuid.uuid4().hex[:8]}@example.com"
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=api_app),
                                 base_url="http://testserver/api/v1") as http:
        r = await http.post("/auth/register", json={"email": email, "password": DEMO_PASSWORD,
                                                   "name": name})
        assert r.status_code == 201, r.text
    return email


def text_of(ui, ident: str) -> str:
    return said(ui.find(ident).content)


async def link_card(ui) -> None:
    await ui.go(ROUTE)
    await ui.settle(lambda: ui.find("library-link"))
    await ui.tap("library-link")  # not agreed yet
    assert ui.find("library-agree-error").visible
    assert "동의해야" in text_of(ui, "library-agree-error")
    box = ui.find("library-agree").content
    ui.session.apply_patch(box._i, {"value": True})
    await ui.session.dispatch_event(box._i, "change", None)
    await ui.tap("library-link")
    await ui.settle(lambda: ui.find("library-member-no"))


async def test_a_guest_is_asked_to_sign_in(open_device):
    ui = await open_device()
    await ui.go(ROUTE)
    assert ui.find("function-library_card-title") is not None
    assert ui.find("library-login") is not None and ui.find("library-card") is None


async def test_link_see_the_card_renew_go_offline_and_unlink(open_device, api_app):
    email = await new_citizen(api_app)
    ui = await open_device()
    await sign_in(ui, email)
    await ui.go(ROUTE)
    await ui.settle(lambda: ui.find("library-shares"))
    shares = " ".join(said(t) for t in ui.session.index.values() if isinstance(t, ft.Text))
    assert "이름" in shares and "회원 식별값" in shares and "주민등록번호" in shares
    await link_card(ui)
    member_no = text_of(ui, "library-member-no")
    assert re.fullmatch(r"GY\d{9}", member_no)
    assert ui.find("library-result-notice") is not None
    assert ui.find("library-barcode").label == f"회원번호 {member_no} 바코드"
    assert ui.find("library-qr") is not None and ui.find("library-demo-note") is not None
    assert "대출 중 4권" in text_of(ui, "library-loans-summary")
    assert ui.find("library-menu").visible

    # 채식주의자 is due in two days: renew it; the others say why they cannot be renewed.
    renewable = [i for i in ui.idents("library-renew-")]
    assert len(renewable) == 1
    assert len(ui.idents("library-loan-")) >= 4
    loan_id = renewable[0].removeprefix("library-renew-")
    await ui.tap(renewable[0])
    await ui.settle(lambda: ui.find(f"library-loan-{loan_id}-why"))
    assert "연장했습니다" in said(ui.find("library-result-notice").content.controls[1])
    assert "이미 한 번 연장" in text_of(ui, f"library-loan-{loan_id}-why")
    assert ui.idents("library-renew-") == []

    # The server out of reach: the card kept on the device, marked offline.
    ui.transport.offline = True
    await ui.go("/")
    await ui.go(ROUTE)
    await ui.settle(lambda: ui.find("library-offline"))
    assert text_of(ui, "library-member-no") == member_no
    assert "오프라인" in said(ui.find("library-offline").content.content.controls[0])
    assert ui.find("library-barcode") is not None and ui.idents("library-renew-") == []
    assert not ui.find("library-menu").visible  # no unlinking offline

    # Back online: unlink from the menu, after a confirmation.
    ui.transport.offline = False
    await ui.go("/")
    await ui.go(ROUTE)
    await ui.settle(lambda: ui.find("library-menu").visible and not ui.find("library-offline"))
    item = ui.find("library-menu").content.items[0]
    await ui.session.dispatch_event(item._i, "click", None)
    await ui.settle(lambda: ui.find("library-unlink-confirm"))
    await ui.tap("library-unlink-confirm")
    await ui.settle(lambda: ui.find("library-link"))
    assert ui.find("library-member-no") is None
    assert await ui.app.prefs.wallet.load("library_card") is None
    # Linking again brings the same member number back (the library knows the citizen).
    await link_card(ui)
    assert text_of(ui, "library-member-no") == member_no


async def test_a_phone_started_without_a_connection_still_shows_the_kept_card(
        open_device, api_app):
    email = await new_citizen(api_app)
    ui = await open_device()
    await ui.go("/login")
    await ui.type("login-email", email)
    await ui.type("login-password", DEMO_PASSWORD)
    box = ui.find("login-keep").content  # kept on this device (the web's rule for secrets)
    ui.session.apply_patch(box._i, {"value": True})
    await ui.session.dispatch_event(box._i, "change", None)
    await ui.tap("login-submit")
    await ui.settle(lambda: ui.find("home-user"))
    await link_card(ui)
    member_no = text_of(ui, "library-member-no")

    offline = Switchable(httpx.ASGITransport(app=api_app))
    offline.offline = True
    later = await open_device(prefs=dict(ui.client.prefs), transport=offline)
    assert not later.app.signed_in and later.app.load_error
    await later.go(ROUTE)
    await later.settle(lambda: later.find("library-offline"))
    assert text_of(later, "library-member-no") == member_no
    assert later.find("library-login") is not None  # and the way to sign in again


@pytest.mark.parametrize("large", [False, True], ids=["normal-text", "large-text"])
async def test_the_linked_card_is_accessible_and_readable(open_device, api_app, large):
    email = await new_citizen(api_app, "김도서관")
    ui = await open_device(prefs={K_LARGE: True} if large else None, width=360)
    await sign_in(ui, email)
    await link_card(ui)
    view = ui.page.views[-1]
    assert walk_view(view, ui.app.m.target) == []
    for theme in (ui.page.theme, ui.page.dark_theme):
        low = [d for d in drawn_texts(view, theme) if d.ratio < 4.5]
        assert low == [], low
    # The codes sit on white in both themes (scanners need dark bars on a light ground).
    for ident in ("library-barcode", "library-qr"):
        assert ui.find(ident).content.bgcolor == ft.Colors.WHITE
