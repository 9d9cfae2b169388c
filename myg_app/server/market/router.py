"""HTTP for 전통시장 장보기: browsing (public), the quote, orders and payment (citizens), the
merchant console, the market desk (일자리경제과), and the pages around card and voucher
windows."""
from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response
from sqlalchemy import select
from fastapi.responses import HTMLResponse

from myg_app.contracts import market as c
from myg_app.contracts import types as t
from myg_app.contracts.payments import ConfirmCard, ConfirmDeposit
from myg_app.contracts.reports import PhotoUpload
from myg_app.server.auth.deps import CurrentUser, officer_of
from myg_app.server.deps import OnceDep, SessionDep, user_scope
from myg_app.server.errors import AppError
from myg_app.server.market import catalogue, clock, desk, merchant, orders, present, slots
from myg_app.server.market.models import Market, Product, ProductPhoto
from myg_app.server.payments import pages
from myg_app.server.payments import service as payments
from myg_app.server.payments.deps import PaySettings
from myg_app.server.problems import problem_responses
from myg_app.server.reports import photos as ph

router = APIRouter(prefix="/market", tags=["market"])
PAY_PAGES = present.PAY_PAGES
MarketOfficer = officer_of("market", code="market.forbidden")


# --- browsing (guests too) ---------------------------------------------------------------
@router.get("/markets", response_model=c.MarketList, summary="광양의 전통시장")
def markets(session: SessionDep) -> c.MarketList:
    return c.MarketList(items=catalogue.markets(session))


@router.get("/markets/{market_id}", response_model=c.MarketDetail,
            responses=problem_responses(404), summary="시장의 가게와 상품 분류")
def market_detail(market_id: t.Id, session: SessionDep) -> c.MarketDetail:
    return catalogue.detail(session, market_id)


@router.get("/products", response_model=c.ProductPage, responses=problem_responses(422),
            summary="상품 찾기 (시장·가게·분류·찾는 말)")
def products(session: SessionDep, market_id: t.Id | None = None, shop_id: t.Id | None = None,
             q: Annotated[t.line(100), Query()] = "",
             category: Annotated[t.line(30) | None, Query()] = None,
             limit: Annotated[int, Query(ge=1, le=100)] = 40,
             offset: Annotated[int, Query(ge=0, le=100_000)] = 0) -> c.ProductPage:
    return catalogue.search(session, market_id=market_id, shop_id=shop_id, q=q,
                            category=category, limit=limit, offset=offset)


@router.get("/products/{product_id}/photo", responses={200: {"content": {"image/jpeg": {}}},
                                                      **problem_responses(404)},
            response_class=Response, summary="상품 사진")
def product_photo(product_id: t.Id, session: SessionDep) -> Response:
    return Response(catalogue.photo(session, product_id), media_type="image/jpeg",
                    headers={"Cache-Control": "public, max-age=3600"})


@router.get("/markets/{market_id}/zones", response_model=c.ZoneList,
            responses=problem_responses(404), summary="배달하는 읍면동과 배달비")
def zones(market_id: t.Id, session: SessionDep) -> c.ZoneList:
    return catalogue.zones(session, market_id)


@router.get("/markets/{market_id}/slots", response_model=c.SlotList,
            responses=problem_responses(404, 422), summary="배달·픽업 시간대와 남은 자리")
def slot_list(market_id: t.Id, session: SessionDep,
              fulfilment: c.Fulfilment = "delivery") -> c.SlotList:
    market = catalogue.get_market(session, market_id)
    return c.SlotList(items=[c.SlotOut(
        id=s.id, fulfilment=s.fulfilment, day=s.day, label=slots.label(s),  # type: ignore[arg-type]
        starts_at=s.starts_at, ends_at=s.ends_at, order_by=s.order_by, capacity=s.capacity,
        remaining=max(0, s.capacity - s.used), available=slots.is_open(s))
        for s in slots.upcoming(session, market.id, fulfilment)])


@router.post("/quote", response_model=c.Quote, responses=problem_responses(404, 422),
             summary="장바구니 금액 (서버가 계산한 상품값·배달비·최소 주문 금액)")
def quote(body: c.QuoteIn, session: SessionDep) -> c.Quote:
    return catalogue.quote(session, body)


@router.get("/payment-options", response_model=c.MarketPaymentOptions,
            summary="쓸 수 있는 결제 방법")
def payment_options(ps: PaySettings) -> c.MarketPaymentOptions:
    return c.MarketPaymentOptions(methods=payments.methods(ps, vouchers=True))  # type: ignore[arg-type]


# --- citizens -------------------------------------------------------------------------------
def _checkout(session, ps, order) -> c.CheckoutResult:
    card, voucher_url = present.pay_links(order, ps)
    return c.CheckoutResult(order=present.order_out(session, order, ps), card=card,
                            voucher_url=voucher_url)


@router.post("/orders", status_code=201, response_model=c.CheckoutResult,
             responses=problem_responses(401, 404, 409, 422),
             summary="주문하고 결제 시작 (Idempotency-Key로 한 번만)")
def create_order(body: c.OrderCreate, user: CurrentUser, session: SessionDep, ps: PaySettings,
                 once: OnceDep):
    return once(user_scope(user), body, lambda: _checkout(
        session, ps, orders.create(session, ps, user, body)))


@router.get("/orders", response_model=c.OrderList, responses=problem_responses(401),
            summary="내 장보기 주문")
def my_orders(user: CurrentUser, session: SessionDep, ps: PaySettings) -> c.OrderList:
    orders.expire_unpaid(session)
    return c.OrderList(items=[present.order_out(session, o, ps)
                              for o in orders.list_mine(session, user)])


@router.get("/orders/{order_id}", response_model=c.OrderOut,
            responses=problem_responses(401, 404), summary="주문 상세 (진행 상황)")
def my_order(order_id: t.Id, user: CurrentUser, session: SessionDep,
             ps: PaySettings) -> c.OrderOut:
    orders.expire_unpaid(session)
    return present.order_out(session, orders.get_mine(session, user, order_id), ps)


@router.post("/orders/{order_id}/cancel", response_model=c.OrderOut,
             responses=problem_responses(401, 404, 409, 422, 503),
             summary="주문 취소 (가게가 준비를 시작하기 전까지, 결제한 금액은 환불)")
def cancel_order(order_id: t.Id, body: c.CancelIn, user: CurrentUser, session: SessionDep,
                 ps: PaySettings) -> c.OrderOut:
    order = orders.cancel(session, ps, user, order_id, reason=body.reason,
                          refund_account=body.refund_account)
    return present.order_out(session, order, ps)


@router.post("/orders/{order_id}/refund-account", response_model=c.OrderOut,
             responses=problem_responses(401, 404, 409, 422), summary="환불받을 계좌")
def refund_account(order_id: t.Id, body: c.RefundAccountIn, user: CurrentUser,
                   session: SessionDep, ps: PaySettings) -> c.OrderOut:
    order = orders.give_refund_account(session, ps, user, order_id, body.account)
    return present.order_out(session, order, ps)


@router.post("/orders/{order_id}/received", response_model=c.OrderOut,
             responses=problem_responses(401, 404, 409), summary="받았어요 (주문 완료)")
def received(order_id: t.Id, user: CurrentUser, session: SessionDep,
             ps: PaySettings) -> c.OrderOut:
    return present.order_out(session, orders.mark_received(session, user, order_id), ps)


@router.post("/orders/{order_id}/review", response_model=c.OrderOut,
             responses=problem_responses(401, 404, 409, 422), summary="후기 (완료된 주문에 한 번)")
def review(order_id: t.Id, body: c.ReviewIn, user: CurrentUser, session: SessionDep,
           ps: PaySettings) -> c.OrderOut:
    return present.order_out(session, orders.review(session, user, order_id, body), ps)


@router.post("/orders/{order_id}/card/confirm", response_model=c.OrderOut,
             responses=problem_responses(401, 402, 404, 409, 422, 503),
             summary="카드 결제 승인 (결제창에서 돌아온 값)")
def confirm_card(order_id: t.Id, body: ConfirmCard, user: CurrentUser, session: SessionDep,
                 ps: PaySettings) -> c.OrderOut:
    order = orders.get_mine(session, user, order_id, lock=True)
    orders.confirm_online(session, ps, order, payment_key=body.payment_key,
                          order_no=body.order_id, amount=body.amount)
    return present.order_out(session, order, ps)


@router.post("/orders/{order_id}/voucher/confirm", response_model=c.OrderOut,
             responses=problem_responses(401, 402, 404, 409, 422, 503),
             summary="상품권 결제 승인 (상품권 결제 화면에서 돌아온 값)")
def confirm_voucher(order_id: t.Id, body: c.ConfirmVoucher, user: CurrentUser,
                    session: SessionDep, ps: PaySettings) -> c.OrderOut:
    order = orders.get_mine(session, user, order_id, lock=True)
    orders.confirm_online(session, ps, order, payment_key=body.approval_no,
                          order_no=body.order_id, amount=body.amount)
    return present.order_out(session, order, ps)


# --- merchants -------------------------------------------------------------------------------
@router.get("/merchant/shops", response_model=c.MerchantShops, responses=problem_responses(401),
            summary="내 가게 (상인)")
def my_shops(user: CurrentUser, session: SessionDep) -> c.MerchantShops:
    shops = merchant.shops_of(session, user)
    names = {m.id: m.name for m in session.scalars(select(Market).where(
        Market.id.in_({s.market_id for s in shops})))} if shops else {}
    counts = catalogue.product_counts(session, [s.id for s in shops])
    return c.MerchantShops(items=[c.MerchantShop(shop=catalogue.shop_out(s, counts.get(s.id, 0)),
                                                 market_name=names[s.market_id]) for s in shops])


@router.get("/merchant/orders", response_model=c.MerchantOrders,
            responses=problem_responses(401, 404), summary="오늘 들어온 주문 (상인)")
def merchant_orders(user: CurrentUser, session: SessionDep,
                    shop_id: t.Id | None = None) -> c.MerchantOrders:
    return merchant.todays(session, user, shop_id)


@router.post("/merchant/parts/{part_id}/accept", response_model=c.MerchantOrder,
             responses=problem_responses(401, 404, 409), summary="주문 받기")
def accept(part_id: t.Id, user: CurrentUser, session: SessionDep) -> c.MerchantOrder:
    return merchant.one(session, *merchant.accept(session, user, part_id))


@router.post("/merchant/parts/{part_id}/reject", response_model=c.MerchantOrder,
             responses=problem_responses(401, 404, 409, 422, 503), summary="주문 거절 (사유와 함께, 환불)")
def reject(part_id: t.Id, body: c.RejectIn, user: CurrentUser, session: SessionDep,
           ps: PaySettings) -> c.MerchantOrder:
    return merchant.one(session, *merchant.reject(session, ps, user, part_id, body.reason))


@router.post("/merchant/parts/{part_id}/packed", response_model=c.MerchantOrder,
             responses=problem_responses(401, 404, 409), summary="포장 완료")
def packed(part_id: t.Id, user: CurrentUser, session: SessionDep) -> c.MerchantOrder:
    return merchant.one(session, *merchant.packed(session, user, part_id))


@router.post("/merchant/parts/{part_id}/delivered", response_model=c.MerchantOrder,
             responses=problem_responses(401, 404, 409), summary="배달 완료")
def delivered(part_id: t.Id, user: CurrentUser, session: SessionDep) -> c.MerchantOrder:
    return merchant.one(session, *merchant.delivered(session, user, part_id))


@router.get("/merchant/shops/{shop_id}/products", response_model=c.ProductPage,
            responses=problem_responses(401, 404), summary="내 가게 상품 (품절 포함)")
def shop_products(shop_id: t.Id, user: CurrentUser, session: SessionDep) -> c.ProductPage:
    shop = merchant.my_shop(session, user, shop_id)
    return catalogue.search(session, market_id=None, shop_id=shop.id, q="", category=None,
                            limit=100, offset=0)


@router.patch("/merchant/products/{product_id}", response_model=c.ProductOut,
              responses=problem_responses(401, 404, 422), summary="재고·품절·가격")
def patch_product(product_id: t.Id, body: c.ProductPatch, user: CurrentUser,
                  session: SessionDep) -> c.ProductOut:
    return merchant.patch_product(session, user, product_id, body)


@router.put("/merchant/products/{product_id}/photo", status_code=204,
            responses=problem_responses(401, 404, 413, 415, 422), summary="상품 사진 올리기")
def put_photo(product_id: t.Id, body: PhotoUpload, user: CurrentUser,
              session: SessionDep) -> Response:
    product = session.get(Product, product_id)
    if product is None:
        raise AppError(404, "market.product_not_found", "상품을 찾을 수 없습니다.")
    merchant.my_shop(session, user, product.shop_id)
    processed = ph.accepted(ph.decoded(body.content_base64), body.filename)
    row = session.scalar(select(ProductPhoto).where(ProductPhoto.product_id == product.id))
    if row is None:
        session.add(ProductPhoto(product_id=product.id, data=processed.public))
    else:
        row.data = processed.public
    return Response(status_code=204)


@router.patch("/merchant/shops/{shop_id}", response_model=c.ShopOut,
              responses=problem_responses(401, 404, 422), summary="가게 열기·닫기")
def patch_shop(shop_id: t.Id, body: c.ShopPatch, user: CurrentUser,
               session: SessionDep) -> c.ShopOut:
    return merchant.patch_shop(session, user, shop_id, body)


@router.get("/merchant/shops/{shop_id}/settlement", response_model=c.Settlement,
            responses=problem_responses(401, 404, 422), summary="하루 정산")
def settlement(shop_id: t.Id, user: CurrentUser, session: SessionDep,
               day: date | None = None) -> c.Settlement:
    return merchant.settlement(session, user, shop_id, day or clock.today())


# --- the market desk ----------------------------------------------------------------------------
@router.get("/desk/orders", response_model=c.DeskOrders, responses=problem_responses(401, 403),
            summary="입금 확인·환불 송금 목록 (일자리경제과)")
def desk_orders(_officer: MarketOfficer, session: SessionDep) -> c.DeskOrders:
    return c.DeskOrders(items=[present.desk_out(session, o) for o in desk.worklist(session)])


@router.post("/desk/orders/{order_id}/deposit", response_model=c.DeskOrder,
             responses=problem_responses(401, 403, 404, 409, 422), summary="입금 확인")
def desk_deposit(order_id: t.Id, body: ConfirmDeposit, officer: MarketOfficer,
                 session: SessionDep, ps: PaySettings) -> c.DeskOrder:
    order = orders.confirm_deposit(session, ps, officer, order_id, body.amount)
    return present.desk_out(session, order)


@router.post("/desk/refunds/{refund_id}/sent", response_model=c.DeskOrder,
             responses=problem_responses(401, 403, 404, 409), summary="환불 송금 완료")
def desk_refund_sent(refund_id: t.Id, _officer: MarketOfficer,
                     session: SessionDep) -> c.DeskOrder:
    return present.desk_out(session, orders.refund_sent(session, refund_id))


# --- pages around the card and voucher windows (the payer's browser) ------------------------------
@router.get("/pay/{order_no}/card", response_class=HTMLResponse, include_in_schema=False)
def card_checkout_page(order_no: t.token(64), session: SessionDep,
                       ps: PaySettings) -> HTMLResponse:
    try:
        order = orders.by_order_no(session, order_no)
        if order.payment is None or order.status != "awaiting_payment" or order.method != "card":
            raise AppError(409, "market.not_payable", "이미 결제했거나 결제할 수 없는 주문입니다.")
        co = payments.checkout(order.payment, ps, PAY_PAGES)
    except AppError as e:
        return HTMLResponse(pages.result_page(False, e.detail), status_code=e.status)
    return HTMLResponse(pages.checkout_page(co, title="전통시장 장보기 결제"))


def _redirect_confirm(session, ps, payment_key: str, order_no: str, amount: int) -> HTMLResponse:
    try:
        order = orders.by_order_no(session, order_no, lock=True)
        orders.confirm_online(session, ps, order, payment_key=payment_key, order_no=order_no,
                              amount=amount)
    except AppError as e:
        session.rollback()  # nothing recorded; answer a page
        return HTMLResponse(pages.result_page(False, e.detail), status_code=e.status)
    return HTMLResponse(pages.result_page(True, "결제했습니다. 가게에 주문이 접수되었습니다."))


@router.get("/pay/card/success", response_class=HTMLResponse, include_in_schema=False)
def card_success_page(session: SessionDep, ps: PaySettings,
                      payment_key: Annotated[str, Query(alias="paymentKey", max_length=200)],
                      order_id: Annotated[str, Query(alias="orderId", max_length=64)],
                      amount: Annotated[int, Query(ge=0, le=t.INT32_MAX)]) -> HTMLResponse:
    return _redirect_confirm(session, ps, payment_key, order_id, amount)


@router.get("/pay/voucher/return", response_class=HTMLResponse, include_in_schema=False)
def voucher_return_page(session: SessionDep, ps: PaySettings,
                        approval_no: Annotated[str, Query(alias="approvalNo", max_length=64)],
                        order_id: Annotated[str, Query(alias="orderId", max_length=64)],
                        amount: Annotated[int, Query(ge=0, le=t.INT32_MAX)]) -> HTMLResponse:
    return _redirect_confirm(session, ps, approval_no, order_id, amount)


@router.get("/pay/card/fail", response_class=HTMLResponse, include_in_schema=False)
def card_fail_page(message: Annotated[str, Query(max_length=300)] = "결제를 취소했습니다."
                   ) -> HTMLResponse:
    return HTMLResponse(pages.result_page(False, f"{message} 앱에서 다시 결제하거나 계좌이체를 골라 주세요."))
