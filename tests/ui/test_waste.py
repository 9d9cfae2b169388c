"""대형폐기물 in the real app (headless session, in-process API): a citizen books and pays by
transfer, the 자원순환과 officer confirms the deposit, the citizen sees the 배출번호."""

from __future__ import annotations

import pytest

from tests.ui.conftest import finish_background_tasks, signed_in
from tests.ui.headless import said


@pytest.fixture(autouse=True)
async def drain():
    """Screens load in background tasks: let them finish before the loop closes."""
    yield
    await finish_background_tasks()


async def sign_in(open_app, email: str, **kw):
    return await signed_in(open_app, email, **kw)


def total_text(ui) -> str:
    return ui.text("waste-total")


async def book(ui) -> int:
    """Fill the form like a citizen: 2 sofas + 1 big fridge, 광양읍, the first date."""
    await ui.go("/f/bulky_waste/new")
    await ui.settle(lambda: ui.find("waste-plus-sofa-2"))
    await ui.tap("waste-plus-sofa-2")
    await ui.tap("waste-plus-sofa-2")
    await ui.tap("waste-plus-fridge-l")
    await ui.settle(lambda: "28,000원" in total_text(ui))
    assert total_text(ui) == "수수료 합계 28,000원 (3개)"
    await ui.tap("waste-area-gwangyang")
    await ui.settle(lambda: ui.idents("waste-date-"))
    assert "월·목" in ui.text("waste-area-schedule")
    first = ui.idents("waste-date-")[0]
    await ui.tap(first)
    await ui.type("waste-address", "광양읍 인동로 12, 1층 현관 앞")
    await ui.tap("waste-submit")
    await ui.settle(lambda: ui.find("waste-detail-status-label"))
    assert ui.text("waste-detail-status-label") == "결제 대기"
    return int(ui.page.route.rsplit("/", 1)[1])


async def test_guest_is_asked_to_sign_in(open_app):
    ui = await open_app(route="/f/bulky_waste")
    assert ui.find("waste-login-note") is not None
    await ui.tap("waste-login")
    await ui.settle(lambda: ui.find("login-email"))
    assert ui.page.route == "/login"


async def test_missing_address_is_explained_and_the_picks_are_kept(open_app):
    ui = await sign_in(open_app, "citizen@gwangyang.demo")
    await ui.go("/f/bulky_waste/new")
    await ui.settle(lambda: ui.find("waste-plus-desk"))
    await ui.tap("waste-plus-desk")
    await ui.settle(lambda: "5,000원" in total_text(ui))
    await ui.tap("waste-submit")
    await ui.settle(lambda: ui.find("waste-form-status-error"))
    msg = said(ui.find("waste-form-status-error").content.controls[1])
    assert "읍면동" in msg and "수거일" in msg and "주소" in msg
    # Leave and come back: what was picked is still there.
    await ui.go("/f/bulky_waste")
    await ui.go("/f/bulky_waste/new")
    await ui.settle(lambda: ui.find("waste-qty-desk"))
    assert ui.text("waste-qty-desk") == "1"


async def test_book_pay_by_transfer_officer_confirms_number_appears(open_app):
    citizen = await sign_in(open_app, "citizen@gwangyang.demo")
    booking_id = await book(citizen)
    await citizen.tap("waste-pay-bank")
    await citizen.settle(lambda: citizen.find("waste-va-number"))
    assert citizen.text("waste-va-number").startswith("NH농협은행 790-")
    assert "28,000원" in citizen.text("waste-va-amount")

    officer = await sign_in(open_app, "clean@gwangyang.demo")
    await officer.go("/f/bulky_waste")
    await officer.settle(lambda: officer.find("waste-desk"))
    await officer.tap("waste-desk")
    await officer.settle(lambda: officer.find(f"waste-desk-deposit-{booking_id}"))
    await officer.type(f"waste-desk-amount-{booking_id}", "2,800")
    await officer.tap(f"waste-desk-deposit-{booking_id}")
    await officer.settle(lambda: officer.find("waste-desk-status-error"))
    assert "다릅니다" in said(officer.find("waste-desk-status-error").content.controls[1])
    await officer.type(f"waste-desk-amount-{booking_id}", "28,000")
    await officer.tap(f"waste-desk-deposit-{booking_id}")
    await officer.settle(lambda: officer.find("waste-desk-status-notice"))
    assert officer.find(f"waste-desk-deposit-{booking_id}") is None

    await citizen.tap("waste-refresh")
    await citizen.settle(lambda: citizen.find("waste-emission-no"))
    assert citizen.text("waste-emission-no").startswith("BW")
    assert citizen.text("waste-detail-status-label") == "배출 확정"
    await citizen.go("/f/bulky_waste")
    await citizen.settle(lambda: citizen.find(f"waste-booking-{booking_id}"))
    assert "배출 확정" in citizen.find(f"waste-booking-{booking_id}").label


async def test_cancel_a_paid_transfer_asks_for_the_refund_account(open_app):
    citizen = await sign_in(open_app, "citizen@gwangyang.demo")
    booking_id = await book(citizen)
    await citizen.tap("waste-pay-bank")
    await citizen.settle(lambda: citizen.find("waste-va-number"))
    # The officer confirms through the API the desk uses.
    officer = await sign_in(open_app, "clean@gwangyang.demo")
    from myg_app.contracts.payments import ConfirmDeposit
    from myg_app.contracts.waste import OfficerBooking
    await officer.app.api.call("POST", f"/waste/officer/bookings/{booking_id}/deposit",
                               OfficerBooking, json=ConfirmDeposit(amount=28_000))
    await citizen.tap("waste-refresh")
    await citizen.settle(lambda: citizen.find("waste-emission-no"))
    await citizen.tap("waste-cancel")
    await citizen.settle(lambda: citizen.find("waste-refund-bank"))
    await citizen.tap("waste-cancel-confirm")
    await citizen.settle(lambda: citizen.find("waste-detail-status-error"))
    await citizen.type("waste-refund-bank", "광양농협")
    await citizen.type("waste-refund-number", "351-1234-5678-93")
    await citizen.type("waste-refund-holder", "김광양")
    await citizen.tap("waste-cancel-confirm")
    await citizen.settle(lambda: citizen.find("waste-refund-pending"))
    assert citizen.text("waste-detail-status-label") == "취소됨"
    assert citizen.find("waste-emission-no") is None


async def test_other_departments_do_not_get_the_desk(open_app):
    ui = await sign_in(open_app, "officer@gwangyang.demo")
    await ui.go("/f/bulky_waste")
    await ui.settle(lambda: ui.find("waste-new"))
    assert ui.find("waste-desk") is None
    await ui.go("/f/bulky_waste/desk")
    assert ui.find("waste-desk-forbidden") is not None


async def test_large_text_form_stacks_quantity_buttons(open_app):
    from myg_app.client.state import K_LARGE

    ui = await sign_in(open_app, "citizen@gwangyang.demo", prefs={K_LARGE: True}, width=360)
    await ui.go("/f/bulky_waste/new")
    await ui.settle(lambda: ui.find("waste-plus-sofa-1"))
    plus = ui.find("waste-plus-sofa-1").content
    assert plus.size_constraints.min_height == 56  # large-text touch target


async def test_card_payment_opens_the_gateway_window_and_shows_the_number(open_app, api_app):
    import httpx

    from myg_app.server.payments.settings import PaymentSettings
    from tests.fakes import toss

    secret = "test_sk_ui_0123456789"
    with toss.running(secret) as (fake, url):
        api_app.state.payment_settings = PaymentSettings(
            card_provider="toss", toss_base_url=url, toss_secret_key=secret,
            toss_client_key="test_ck_ui", public_base_url="http://testserver")
        try:
            citizen = await sign_in(open_app, "citizen@gwangyang.demo")
            await book(citizen)
            await citizen.settle(lambda: citizen.find("waste-pay-card"))
            await citizen.tap("waste-pay-card")
            await citizen.settle(lambda: citizen.client.launched)
            checkout_url = citizen.client.launched[-1]
            assert checkout_url.startswith("http://testserver/api/v1/waste/pay/BW")
            assert citizen.find("waste-card-hint") is not None
            # The payer approves in Toss's window; Toss sends the browser to our successUrl.
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=api_app),
                                         base_url="http://testserver") as browser:
                page = await browser.get(checkout_url.removeprefix("http://testserver"))
                assert "카드로 결제하기" in page.text
                order_id = checkout_url.rsplit("/", 2)[1]
            with httpx.Client() as c:
                key = c.post(url + "/_test/approve",
                             json={"orderId": order_id, "amount": 28_000}).json()["paymentKey"]
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=api_app),
                                         base_url="http://testserver") as browser:
                done = await browser.get("/api/v1/waste/pay/card/success", params={
                    "paymentKey": key, "orderId": order_id, "amount": 28_000})
            assert done.status_code == 200, done.text
            await citizen.tap("waste-refresh")
            await citizen.settle(lambda: citizen.find("waste-emission-no"))
            assert citizen.text("waste-emission-no") in done.text
        finally:
            api_app.state.payment_settings = None


async def test_officer_changes_a_fee_and_adds_an_item(open_app):
    officer = await sign_in(open_app, "clean@gwangyang.demo")
    await officer.go("/f/bulky_waste/desk")
    await officer.settle(lambda: officer.find("waste-fee-piano"))
    await officer.type("waste-fee-piano", "27000")
    await officer.tap("waste-fee-save-piano")
    await officer.settle(lambda: officer.find("waste-desk-status-notice"))
    for k, v in (("category", "생활용품"), ("name", "러닝머신"), ("size", "1대"), ("fee", "15,000")):
        await officer.type(f"waste-newitem-{k}", v)
    await officer.tap("waste-newitem-add")
    await officer.settle(lambda: officer.find("waste-desk-status-notice")
                         and "러닝머신" in said(officer.find("waste-desk-status-notice").content.controls[1]))
    citizen = await open_app()
    from myg_app.contracts.waste import WasteCatalogue
    cat = await citizen.app.api.call("GET", "/waste/items", WasteCatalogue, auth=False)
    fees = {f"{i.name} {i.size_label}": i.fee for i in cat.items}
    assert fees["피아노 업라이트"] == 27_000 and fees["러닝머신 1대"] == 15_000
    # Put the piano back for the other tests, and stop taking treadmills.
    await officer.type("waste-fee-piano", "25000")
    await officer.tap("waste-fee-save-piano")
    await officer.settle(lambda: "피아노" in said(officer.find("waste-desk-status-notice").content.controls[1]))
    code = next(i.code for i in cat.items if i.name == "러닝머신")
    await officer.tap(f"waste-fee-toggle-{code}")
    await officer.settle(lambda: "받지 않습니다" in said(officer.find("waste-desk-status-notice").content.controls[1]))
    cat = await citizen.app.api.call("GET", "/waste/items", WasteCatalogue, auth=False)
    assert "러닝머신" not in {i.name for i in cat.items}
