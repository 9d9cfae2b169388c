"""HTTP for 대형폐기물 배출 신고: catalogue, dates, bookings, payment, and the officers' desk."""
from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from myg_app.contracts import types as t
from myg_app.contracts.payments import ConfirmCard, ConfirmDeposit, PaymentOptions, StartPayment
from myg_app.contracts.waste import (
    AreaList,
    AreaOut,
    BookingCreate,
    BookingList,
    BookingOut,
    CancelRequest,
    CollectionDates,
    OfficerBooking,
    OfficerBookingList,
    Quote,
    QuoteRequest,
    Schedule,
    SkippedDay,
    StartPaymentResult,
    WasteCatalogue,
    WasteItemIn,
    WasteItemOut,
)
from myg_app.server.auth.deps import CurrentUser, officer_of
from myg_app.server.deps import OnceDep, SessionDep, SettingsDep, user_scope
from myg_app.server.payments import pages
from myg_app.server.payments import service as payments
from myg_app.server.payments.deps import PaySettings
from myg_app.server.problems import AppError, problem_responses
from myg_app.server.waste import billing, bookings, catalogue, clock, desk, emission, present
from myg_app.server.waste.areas import AREAS, BY_CODE, collection_dates

router = APIRouter(prefix="/waste", tags=["bulky_waste"])
PAY_PAGES = "/api/v1/waste/pay"  # the card pages below, as the payer's browser reaches them


WasteOfficer = officer_of("bulky_waste", code="waste.forbidden")


def _item(i) -> WasteItemOut:
    return WasteItemOut(id=i.id, code=i.code, category=i.category, name=i.name,
                        size_label=i.size_label, fee=i.fee, active=i.active)


# --- public ---------------------------------------------------------------------------
@router.get("/items", response_model=WasteCatalogue, summary="품목별 수수료")
def items(session: SessionDep,
          all: Annotated[bool, Query(description="담당자: 받지 않는 품목 포함")] = False
          ) -> WasteCatalogue:
    return WasteCatalogue(items=[_item(i) for i in catalogue.list_items(
        session, include_inactive=all)])


@router.get("/areas", response_model=AreaList, summary="읍면동과 수거 요일")
def areas() -> AreaList:
    return AreaList(items=[AreaOut(code=a.code, name=a.name, weekdays=list(a.weekdays),
                                   schedule_ko=a.schedule_ko) for a in AREAS])


@router.get("/areas/{area}/dates", response_model=CollectionDates,
            responses=problem_responses(404), summary="고를 수 있는 수거일 (공휴일 제외)")
def dates(area: str) -> CollectionDates:
    a = BY_CODE.get(area)
    if a is None:
        raise AppError(404, "waste.area_not_found", "광양시 읍면동이 아닙니다.")
    days, skipped = collection_dates(a, clock.today())
    return CollectionDates(area=a.code, dates=days,
                           skipped=[SkippedDay(day=d, reason=n) for d, n in skipped])


@router.post("/quote", response_model=Quote, responses=problem_responses(422),
             summary="수수료 계산 (서버가 계산한 금액)")
def quote(body: QuoteRequest, session: SessionDep) -> Quote:
    lines, total = catalogue.quote(session, body.items)
    return Quote(lines=lines, total=total)


@router.get("/payment-options", response_model=PaymentOptions, summary="쓸 수 있는 결제 방법")
def payment_options(ps: PaySettings) -> PaymentOptions:
    return PaymentOptions(methods=payments.methods(ps),
                          card_provider="toss" if ps.card_enabled else None)


# --- citizen --------------------------------------------------------------------------
@router.post("/bookings", status_code=201, response_model=BookingOut,
             responses=problem_responses(401, 409, 422), summary="배출 신고 (결제 전 단계)")
def create_booking(body: BookingCreate, user: CurrentUser, session: SessionDep,
                   settings: SettingsDep, ps: PaySettings, once: OnceDep):
    return once(user_scope(user), body, lambda: present.booking_out(
        bookings.create_booking(session, user, body), ps, settings.secret_key or ""))


@router.get("/bookings", response_model=BookingList, responses=problem_responses(401),
            summary="내 신청 내역")
def my_bookings(user: CurrentUser, session: SessionDep, settings: SettingsDep,
                ps: PaySettings) -> BookingList:
    billing.expire_unpaid(session)
    return BookingList(items=[present.booking_out(b, ps, settings.secret_key or "")
                              for b in bookings.list_mine(session, user)])


@router.get("/bookings/{booking_id}", response_model=BookingOut,
            responses=problem_responses(401, 404), summary="신청 상세 (배출번호와 QR 코드)")
def my_booking(booking_id: t.Id, user: CurrentUser, session: SessionDep, settings: SettingsDep,
               ps: PaySettings) -> BookingOut:
    billing.expire_unpaid(session)
    booking = bookings.get_mine(session, user, booking_id)
    return present.booking_out(booking, ps, settings.secret_key or "", with_qr=True)


@router.post("/bookings/{booking_id}/payment", response_model=StartPaymentResult,
             responses=problem_responses(401, 404, 409, 422), summary="결제 방법 선택")
def start_payment(booking_id: t.Id, body: StartPayment, user: CurrentUser, session: SessionDep,
                  settings: SettingsDep, ps: PaySettings) -> StartPaymentResult:
    booking = billing.start_payment(session, ps, user, booking_id, body.method)
    checkout = (payments.checkout(booking.payment, ps, PAY_PAGES)
                if body.method == "card" else None)
    return StartPaymentResult(booking=present.booking_out(booking, ps, settings.secret_key or ""),
                              checkout=checkout)


@router.post("/bookings/{booking_id}/payment/confirm", response_model=BookingOut,
             responses=problem_responses(401, 402, 404, 409, 422, 503),
             summary="카드 결제 승인 (결제창에서 돌아온 값)")
def confirm_card(booking_id: t.Id, body: ConfirmCard, user: CurrentUser, session: SessionDep,
                 settings: SettingsDep, ps: PaySettings) -> BookingOut:
    booking = billing.confirm_card(session, ps, user, booking_id,
                                   payment_key=body.payment_key, order_id=body.order_id,
                                   amount=body.amount, secret=settings.secret_key or "")
    return present.booking_out(booking, ps, settings.secret_key or "", with_qr=True)


@router.post("/bookings/{booking_id}/cancel", response_model=BookingOut,
             responses=problem_responses(401, 404, 409, 422), summary="취소·환불 (수거일 전날까지)")
def cancel(booking_id: t.Id, body: CancelRequest, user: CurrentUser, session: SessionDep,
           settings: SettingsDep, ps: PaySettings) -> BookingOut:
    booking = billing.cancel(session, ps, user, booking_id, reason=body.reason,
                             refund_account=body.refund_account)
    return present.booking_out(booking, ps, settings.secret_key or "")


# --- officers (자원순환과, admin) --------------------------------------------------------
@router.post("/items", status_code=201, response_model=WasteItemOut,
             responses=problem_responses(401, 403, 422), summary="품목 추가 (담당자)")
def add_item(body: WasteItemIn, _officer: WasteOfficer, session: SessionDep) -> WasteItemOut:
    return _item(catalogue.create_item(session, body))


@router.put("/items/{item_id}", response_model=WasteItemOut,
            responses=problem_responses(401, 403, 404, 422), summary="품목·수수료 수정 (담당자)")
def edit_item(item_id: t.Id, body: WasteItemIn, _officer: WasteOfficer,
              session: SessionDep) -> WasteItemOut:
    return _item(catalogue.update_item(session, item_id, body))


@router.get("/officer/schedule", response_model=Schedule, responses=problem_responses(401, 403),
            summary="날짜·읍면동별 수거 일정")
def officer_schedule(day: date, _officer: WasteOfficer, session: SessionDep, ps: PaySettings,
                     area: str | None = None) -> Schedule:
    return desk.schedule(session, ps, day, area)


@router.get("/officer/bookings", response_model=OfficerBookingList,
            responses=problem_responses(401, 403), summary="입금 확인·환불 대기 목록")
def officer_worklist(_officer: WasteOfficer, session: SessionDep, ps: PaySettings,
                     status: Annotated[str, Query(pattern="^(awaiting_deposit|refund_pending)$")]
                     = "awaiting_deposit") -> OfficerBookingList:
    billing.expire_unpaid(session)
    rows = desk.worklist(session, status)
    return OfficerBookingList(items=desk.officer_list(session, rows, ps))


def _officer_one(session, booking, ps) -> OfficerBooking:
    return desk.officer_list(session, [booking], ps)[0]


@router.post("/officer/bookings/{booking_id}/deposit", response_model=OfficerBooking,
             responses=problem_responses(401, 403, 404, 409, 422), summary="입금 확인")
def officer_deposit(booking_id: t.Id, body: ConfirmDeposit, officer: WasteOfficer,
                    session: SessionDep, settings: SettingsDep, ps: PaySettings) -> OfficerBooking:
    booking = billing.confirm_deposit(session, ps, officer, booking_id, body.amount,
                                      settings.secret_key or "")
    return _officer_one(session, booking, ps)


@router.post("/officer/bookings/{booking_id}/collect", response_model=OfficerBooking,
             responses=problem_responses(401, 403, 404, 409), summary="수거 완료")
def officer_collect(booking_id: t.Id, officer: WasteOfficer, session: SessionDep,
                    ps: PaySettings) -> OfficerBooking:
    booking = desk.collect(session, officer, booking_id)
    return _officer_one(session, booking, ps)


@router.post("/officer/bookings/{booking_id}/refunded", response_model=OfficerBooking,
             responses=problem_responses(401, 403, 404, 409), summary="환불 송금 완료")
def officer_refunded(booking_id: t.Id, _officer: WasteOfficer, session: SessionDep,
                     ps: PaySettings) -> OfficerBooking:
    booking = billing.mark_refunded(session, booking_id)
    return _officer_one(session, booking, ps)


@router.get("/officer/verify", response_model=OfficerBooking,
            responses=problem_responses(401, 403, 404, 422), summary="배출번호 QR 확인")
def officer_verify(code: t.token(500), _officer: WasteOfficer, session: SessionDep,
                   settings: SettingsDep, ps: PaySettings) -> OfficerBooking:
    booking = emission.verify_qr(session, settings.secret_key or "", code)
    return _officer_one(session, booking, ps)


# --- card payment pages (the payer's browser, around the gateway's window) ---------------
@router.get("/pay/{order_id}/card", response_class=HTMLResponse, include_in_schema=False)
def card_checkout_page(order_id: str, session: SessionDep, ps: PaySettings) -> HTMLResponse:
    try:
        booking = bookings.booking_by_order(session, order_id)
        if booking.payment is None or booking.payment.status != "ready" or booking.status != "pending_payment":
            raise AppError(409, "waste.not_payable", "이미 결제했거나 결제할 수 없는 신청입니다.")
        co = payments.checkout(booking.payment, ps, PAY_PAGES)
    except AppError as e:
        return HTMLResponse(pages.result_page(False, e.detail), status_code=e.status)
    return HTMLResponse(pages.checkout_page(co))


@router.get("/pay/card/success", response_class=HTMLResponse, include_in_schema=False)
def card_success_page(session: SessionDep, settings: SettingsDep, ps: PaySettings,
                      payment_key: Annotated[str, Query(alias="paymentKey", max_length=200)],
                      order_id: Annotated[str, Query(alias="orderId", max_length=64)],
                      amount: Annotated[int, Query(ge=0)]) -> HTMLResponse:
    try:
        booking = billing.confirm_card_redirect(session, ps, payment_key=payment_key,
                                                order_id=order_id, amount=amount,
                                                secret=settings.secret_key or "")
    except AppError as e:
        # Nothing was recorded: let the request's transaction roll back, answer a page.
        session.rollback()
        return HTMLResponse(pages.result_page(False, e.detail), status_code=e.status)
    return HTMLResponse(pages.result_page(True, "수수료를 결제했습니다. 배출번호가 발급되었습니다.",
                                          booking.emission_no))


@router.get("/pay/card/fail", response_class=HTMLResponse, include_in_schema=False)
def card_fail_page(message: Annotated[str, Query(max_length=300)] = "결제를 취소했습니다."
                   ) -> HTMLResponse:
    return HTMLResponse(pages.result_page(False, f"{message} 앱에서 다시 결제하거나 계좌이체를 골라 주세요."))
