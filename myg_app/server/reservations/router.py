"""HTTP for reservations: citizens under /reservations, officers under /reservations/officer."""
from __future__ import annotations

import asyncio
import re
import weakref
from collections.abc import AsyncIterator
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from myg_app.contracts import types as t
from myg_app.contracts import reservations as c
from myg_app.contracts.common import FieldError
from myg_app.server.auth.deps import CurrentUser, Officer
from myg_app.server.db import utcnow
from myg_app.server.deps import OnceDep, SessionDep, user_scope
from myg_app import qr
from myg_app.server.problems import AppError, problem_responses
from myg_app.server.reservations import booking, desk, queries, records
from myg_app.server.reservations import lottery as lotteries  # `lottery` is a route below
from myg_app.server.reservations.models import Resource

router = APIRouter(prefix="/reservations", tags=["reservations"])
officer_router = APIRouter(prefix="/reservations/officer", tags=["reservations (officer)"])

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


# --- citizens: browse ------------------------------------------------------------------
@router.get("/resources", response_model=c.ResourceList, summary="시설·강좌 목록 (기능·분류·읍면동·날짜)")
def list_resources(session: SessionDep, kind: c.Kind | None = None,
                   category: t.line(40) | None = None,
                   dong: t.line(20) | None = None,
                   day: date | None = None) -> c.ResourceList:
    now = utcnow()
    lotteries.draw_due_lotteries(session, now)
    rows = queries.list_resources(session, kind=kind, category=category, dong=dong)
    free = queries.free_slots_on(session, rows, day, now) if day else {}
    return c.ResourceList(items=[queries.resource_out(session, r, free.get(r.id)) for r in rows])


@router.get("/resources/{resource_id}", response_model=c.ResourceOut,
            responses=problem_responses(404), summary="시설·강좌 상세")
def get_resource(resource_id: t.Id, session: SessionDep) -> c.ResourceOut:
    lotteries.draw_due_lotteries(session, utcnow())
    return queries.resource_out(session, records.get_resource(session, resource_id))


@router.get("/resources/{resource_id}/month", response_model=c.MonthOut,
            responses=problem_responses(400, 404, 422), summary="월별 예약 가능 날짜")
def month(resource_id: t.Id, session: SessionDep,
          month: str = Query(..., description="YYYY-MM (서울 기준)")) -> c.MonthOut:
    m = MONTH.match(month)
    if not m:
        raise AppError(422, "validation_error", "month는 2026-12 같은 YYYY-MM 형식이어야 합니다.",
                       errors=[FieldError(field="month", message="YYYY-MM 형식으로 입력해 주세요.")])
    r = records.get_resource(session, resource_id)
    days = queries.month_view(session, r, int(m.group(1)), int(m.group(2)), utcnow())
    return c.MonthOut(resource_id=r.id, month=month, days=days)


@router.get("/resources/{resource_id}/day", response_model=c.DayOut,
            responses=problem_responses(400, 404), summary="하루의 시간대별 빈자리")
def day(resource_id: t.Id, day: date, session: SessionDep) -> c.DayOut:
    r = records.get_resource(session, resource_id)
    return queries.day_view(session, r, day, utcnow())


@router.get("/resources/{resource_id}/lottery", response_model=c.LotteryOut,
            responses=problem_responses(404), summary="강좌 추첨 기록 (검증용)")
def lottery(resource_id: t.Id, session: SessionDep) -> c.LotteryOut:
    lotteries.draw_due_lotteries(session, utcnow())
    return lotteries.lottery_record(session, records.get_resource(session, resource_id,
                                                                  include_inactive=True))


@router.get("/resources/{resource_id}/closures", response_model=c.ClosureList,
            responses=problem_responses(404), summary="휴관 일정")
def closures(resource_id: t.Id, session: SessionDep) -> c.ClosureList:
    rows = desk.list_closures(session, None, resource_id)
    return c.ClosureList(items=[_closure_out(x) for x in rows])


# --- citizens: book ------------------------------------------------------------------
# Booking writes admitted at once per process: SQLite has one writer anyway; on PostgreSQL two
# in parallel keep a worker busy (one runs Python while the other waits for the database) and
# leave the rest of the connection pool (5 + 10 overflow) free for other requests. More only
# adds threads taking turns on the GIL: two workers made 450 bookings/s with 2, 340-430 with
# 4 and 310-330 with 8 (tests/bench/bench_reservations.py, 2 cores).
IN_FLIGHT = {"sqlite": 1}
IN_FLIGHT_DEFAULT = 2


async def _booking_queue(request: Request) -> AsyncIterator[None]:
    """Bookings wait here, in order and on the event loop, before their transaction starts.

    Without it a burst (200 people for the last seat) breaks the server, not the rule:
    on SQLite, waiting for the write lock is polling with back-off, unfair enough that some
    requests hit busy_timeout ("database is locked"); on PostgreSQL, 40 worker threads block
    on 15 pooled connections while the requests holding them wait for a worker thread.
    An asyncio.Semaphore is FIFO and holds neither a thread nor a connection while waiting.
    Declared before the session dependency: entered first, left last (after the commit)."""
    app = request.app
    gates = getattr(app.state, "rsv_booking_queues", None)
    if gates is None:
        gates = app.state.rsv_booking_queues = weakref.WeakKeyDictionary()
    loop = asyncio.get_running_loop()  # a semaphore belongs to one event loop (tests run many)
    gate = gates.get(loop)
    if gate is None:
        gate = gates[loop] = asyncio.Semaphore(
            IN_FLIGHT.get(app.state.engine.dialect.name, IN_FLIGHT_DEFAULT))
    async with gate:
        yield


BookingQueue = Annotated[None, Depends(_booking_queue, scope="function")]


@router.post("/bookings", status_code=201, response_model=c.BookingOut,
             responses=problem_responses(401, 404, 409, 422, 503),
             summary="예약·신청 (Idempotency-Key로 재시도 안전)")
def create_booking(_queue: BookingQueue, body: c.BookingCreate, user: CurrentUser,
                   session: SessionDep, once: OnceDep):
    now = utcnow()

    def make() -> c.BookingOut:
        records.lock_user(session, user.id)
        return records.booking_out(session, booking.create_booking(session, user, body, now), now)

    return once(user_scope(user), body, make)


@router.post("/quote", response_model=c.QuoteOut, responses=problem_responses(400, 404, 422),
             summary="사용료 미리 보기 (예약과 같은 계산, 아무것도 저장하지 않음)")
def quote(body: c.QuoteIn, session: SessionDep) -> c.QuoteOut:
    return booking.quote(records.get_resource(session, body.resource_id), body)


@router.get("/bookings/mine", response_model=c.MyBookings, responses=problem_responses(401),
            summary="나의 예약 (다가오는 예약, 지난 예약)")
def my_bookings(user: CurrentUser, session: SessionDep) -> c.MyBookings:
    now = utcnow()
    lotteries.draw_due_lotteries(session, now)
    upcoming, past = booking.my_bookings(session, user, now)
    ids = {b.resource_id for b in upcoming + past}
    res = {r.id: r for r in session.query(Resource).filter(Resource.id.in_(ids))} if ids else {}
    return c.MyBookings(upcoming=[records.booking_out(session, b, now, res) for b in upcoming],
                        past=[records.booking_out(session, b, now, res) for b in past])


@router.get("/bookings/{booking_id}", response_model=c.BookingOut,
            responses=problem_responses(401, 404), summary="예약 상세")
def get_booking(booking_id: t.Id, user: CurrentUser, session: SessionDep) -> c.BookingOut:
    return records.booking_out(session, records.get_own_booking(session, user, booking_id),
                               utcnow())


@router.post("/bookings/{booking_id}/cancel", response_model=c.BookingOut,
             responses=problem_responses(401, 404, 409), summary="예약 취소")
def cancel(booking_id: t.Id, user: CurrentUser, session: SessionDep) -> c.BookingOut:
    now = utcnow()
    return records.booking_out(session, booking.cancel(session, user, booking_id, now), now)


@router.get("/bookings/{booking_id}/qr", response_model=c.QrOut,
            responses=problem_responses(401, 404), summary="입장 확인용 QR 코드 (PNG, base64)")
def booking_qr(booking_id: t.Id, user: CurrentUser, session: SessionDep) -> c.QrOut:
    b = records.get_own_booking(session, user, booking_id)
    # The QR carries only the check-in code: no id, no name.
    return c.QrOut(code=b.checkin_code, png_base64=qr.png_base64(b.checkin_code, scale=8))


# --- officers --------------------------------------------------------------------------
@officer_router.get("/resources", response_model=c.ResourceList,
                    responses=problem_responses(401, 403), summary="내 부서의 시설·강좌")
def officer_resources(officer: Officer, session: SessionDep) -> c.ResourceList:
    rows = queries.list_resources(session, department=records.officer_department(officer),
                                  include_inactive=True)
    return c.ResourceList(items=[queries.resource_out(session, r) for r in rows])


@officer_router.patch("/resources/{resource_id}", response_model=c.ResourceOut,
                      responses=problem_responses(401, 403, 404, 422), summary="운영 일정 변경")
def patch_resource(resource_id: t.Id, body: c.SchedulePatch, officer: Officer,
                   session: SessionDep) -> c.ResourceOut:
    return queries.resource_out(session, desk.patch_schedule(session, officer,
                                                             resource_id, body))


@officer_router.get("/resources/{resource_id}/closures", response_model=c.ClosureList,
                    responses=problem_responses(401, 403, 404), summary="휴관 일정")
def officer_closures(resource_id: t.Id, officer: Officer, session: SessionDep) -> c.ClosureList:
    rows = desk.list_closures(session, officer, resource_id)
    return c.ClosureList(items=[_closure_out(x) for x in rows])


@officer_router.post("/resources/{resource_id}/closures", status_code=201,
                     response_model=c.ClosureOut,
                     responses=problem_responses(401, 403, 404, 422), summary="휴관 지정")
def add_closure(resource_id: t.Id, body: c.ClosureIn, officer: Officer,
                session: SessionDep) -> c.ClosureOut:
    return _closure_out(desk.add_closure(session, officer, resource_id, body))


@officer_router.delete("/closures/{closure_id}", status_code=204, response_class=Response,
                       responses=problem_responses(401, 403, 404), summary="휴관 취소")
def delete_closure(closure_id: t.Id, officer: Officer, session: SessionDep) -> Response:
    desk.delete_closure(session, officer, closure_id)
    return Response(status_code=204)


@officer_router.get("/bookings", response_model=c.OfficerBookingList,
                    responses=problem_responses(401, 403, 404),
                    summary="예약 목록 (승인 대기: status=pending, 일일 명단: resource_id+day)")
def officer_bookings(officer: Officer, session: SessionDep, status: c.BookingStatus | None = None,
                     resource_id: t.Id | None = None, day: date | None = None
                     ) -> c.OfficerBookingList:
    return c.OfficerBookingList(items=desk.officer_list(
        session, officer, status=status, resource_id=resource_id, day=day))


def _decide(fn, *args):
    b = fn(*args)
    return desk.officer_out_for(args[0], b)


@officer_router.post("/bookings/{booking_id}/approve", response_model=c.OfficerBookingOut,
                     responses=problem_responses(401, 403, 404, 409), summary="대관 승인")
def approve(booking_id: t.Id, officer: Officer, session: SessionDep) -> c.OfficerBookingOut:
    return _decide(desk.approve, session, officer, booking_id, utcnow())


@officer_router.post("/bookings/{booking_id}/reject", response_model=c.OfficerBookingOut,
                     responses=problem_responses(401, 403, 404, 409, 422),
                     summary="대관 반려 (사유는 신청자에게 보임)")
def reject(booking_id: t.Id, body: c.RejectIn, officer: Officer,
           session: SessionDep) -> c.OfficerBookingOut:
    return _decide(desk.reject, session, officer, booking_id, body.reason, utcnow())


@officer_router.post("/bookings/{booking_id}/payment", response_model=c.OfficerBookingOut,
                     responses=problem_responses(401, 403, 404, 409, 422),
                     summary="사용료 납부 기록 (현장 또는 계좌이체)")
def payment(booking_id: t.Id, body: c.PaymentIn, officer: Officer,
            session: SessionDep) -> c.OfficerBookingOut:
    return _decide(desk.record_payment, session, officer, booking_id, body.method, utcnow())


@officer_router.post("/checkin", response_model=c.OfficerBookingOut,
                     responses=problem_responses(401, 403, 404, 409, 422),
                     summary="입장 확인 (QR 코드 또는 입력한 코드)")
def checkin(body: c.CheckinIn, officer: Officer, session: SessionDep) -> c.OfficerBookingOut:
    return _decide(desk.checkin, session, officer, body.code, utcnow())


@officer_router.post("/resources/{resource_id}/draw", response_model=c.LotteryOut,
                     responses=problem_responses(401, 403, 404, 409), summary="강좌 추첨 실행")
def draw(resource_id: t.Id, officer: Officer, session: SessionDep) -> c.LotteryOut:
    now = utcnow()
    r = records.get_resource(session, resource_id, lock=True, include_inactive=True)
    records.check_department(officer, r)
    if r.selection == "lottery" and r.lottery_drawn_at is None and now < r.apply_closes_at:
        raise AppError(409, "reservations.period_open",
                              "신청 기간이 끝난 뒤에 추첨할 수 있습니다.")
    lotteries.draw_lottery(session, r, now)
    return lotteries.lottery_record(session, r)


def _closure_out(x) -> c.ClosureOut:
    return c.ClosureOut(id=x.id, resource_id=x.resource_id, starts_on=x.starts_on,
                        ends_on=x.ends_on, reason=x.reason)
