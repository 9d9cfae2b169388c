"""통합예약 API: every rule of issue 4 on SQLite and PostgreSQL, with a fixed clock.

The clock is pinned to Tuesday 2026-12-01 09:00 in Seoul (00:00 UTC) so holidays, weekdays
and deadlines are known: 2026-12-25 is 기독탄신일.
"""
from __future__ import annotations

import base64
import hashlib
import uuid
from datetime import date, datetime, time, timedelta, timezone

import pytest

from myg_app.server.auth import service as auth_service
from myg_app.server.reservations import lottery
from myg_app.server.reservations.models import Resource
from tests.api.conftest import PASSWORD, assert_problem

NOW = datetime(2026, 12, 1, 0, 0, tzinfo=timezone.utc)  # 09:00 KST, a Tuesday
B = "/api/v1/reservations"
O = "/api/v1/reservations/officer"


@pytest.fixture
def clock(monkeypatch):
    """clock.now is what the reservations code sees as the current time."""
    class Clock:
        now = NOW

        def set(self, dt: datetime) -> None:
            self.now = dt
    c = Clock()
    monkeypatch.setattr("myg_app.server.reservations.router.utcnow", lambda: c.now)
    return c


def make_resource(api, **kw) -> int:
    spec = dict(kind="sports", category="테니스장", name=f"코트 {uuid.uuid4().hex[:6]}", dong="광양읍",
                place="공설운동장", department="체육진흥과", mode="instant", capacity=1,
                opens=time(6), closes=time(22), slot_minutes=60, weekdays="1111111",
                fee_resident=4000, fee_nonresident=6000, cancel_hours=2, book_ahead_days=14,
                max_active_per_user=2, description="")
    spec.update(kw)
    with api.client.app.state.sessionmaker.begin() as s:
        r = Resource(**spec)
        s.add(r)
        s.flush()
        return r.id


def hall(api, **kw) -> int:
    return make_resource(api, **dict(
        kind="facility", category="강당", name="광양문화예술회관 소공연장", department="문화예술과",
        mode="approval", max_headcount=100, opens=time(9), closes=time(22), weekdays="1111100",
        fee_resident=30000, fee_nonresident=45000, cancel_hours=72, book_ahead_days=90,
        max_active_per_user=None) | kw)


def course(api, *, selection="first_come", capacity=2, **kw) -> int:
    return make_resource(api, **dict(
        kind="course", category="음악", name="통기타 입문", department="문화예술과", capacity=capacity,
        opens=time(19), closes=time(21), slot_minutes=120, weekdays="0010000",
        fee_resident=40000, fee_nonresident=60000, cancel_hours=24, book_ahead_days=365,
        max_active_per_user=None, term_starts_on=date(2027, 1, 4), term_ends_on=date(2027, 3, 12),
        apply_opens_at=NOW - timedelta(days=1), apply_closes_at=NOW + timedelta(days=7),
        selection=selection,
        lottery_seed=lottery.new_seed() if selection == "lottery" else None) | kw)


def legal(api, **kw) -> int:
    return make_resource(api, **dict(
        kind="legal", category="법률상담", name="무료법률상담", department="민원봉사과",
        opens=time(14), closes=time(17), slot_minutes=30, weekdays="0010000", fee_resident=0,
        fee_nonresident=0, cancel_hours=24, book_ahead_days=60, max_active_per_user=None) | kw)


def officer(api, department: str | None, role: str = "officer") -> dict:
    email = f"officer-{uuid.uuid4().hex[:8]}@gwangyang.demo"
    with api.client.app.state.sessionmaker.begin() as s:
        auth_service.register(s, api.settings, email, PASSWORD, "정담당", role=role,
                              department=department)
    return api.bearer(api.login(email).json())


def citizen(api, name: str = "홍길동") -> dict:
    return api.bearer(api.register(name=name))


def book(api, headers, rid: int, **body):
    return api.client.post(f"{B}/bookings", json={"resource_id": rid, **body}, headers=headers)


# --- browsing ----------------------------------------------------------------------------
def test_browse_by_kind_category_dong_and_date(api, clock):
    court = make_resource(api, dong="광양읍")
    pool = make_resource(api, category="수영장", dong="중마동", capacity=30)
    h = hall(api, dong="중마동")
    r = api.client.get(f"{B}/resources", params={"kind": "sports"}).json()
    assert {x["id"] for x in r["items"]} == {court, pool}
    r = api.client.get(f"{B}/resources", params={"kind": "sports", "dong": "중마동"}).json()
    assert [x["id"] for x in r["items"]] == [pool]
    r = api.client.get(f"{B}/resources", params={"category": "강당"}).json()
    assert [x["id"] for x in r["items"]] == [h]
    # By date: free slots that day (a court 06-22 has 16 one-hour slots).
    r = api.client.get(f"{B}/resources", params={"kind": "sports", "day": "2026-12-02"}).json()
    assert {x["id"]: x["free_slots"] for x in r["items"]} == {court: 16, pool: 16}


def test_month_view_marks_past_holiday_closed_and_weekend_days(api, clock):
    h = hall(api)
    sports = officer(api, "문화예술과")
    r = api.client.post(f"{O}/resources/{h}/closures", headers=sports,
                        json={"starts_on": "2026-12-09", "ends_on": "2026-12-10", "reason": "무대 보수"})
    assert r.status_code == 201, r.text
    month = api.client.get(f"{B}/resources/{h}/month", params={"month": "2026-12"}).json()
    days = {d["day"]: d for d in month["days"]}
    assert len(days) == 31
    assert days["2026-12-01"]["state"] == "free"  # today, later slots are still free
    assert days["2026-12-05"]["state"] == "not_open"  # Saturday: the hall opens Mon-Fri
    assert days["2026-12-09"]["state"] == "closed" and "무대 보수" in days["2026-12-09"]["note"]
    assert days["2026-12-25"]["state"] == "holiday" and "기독탄신일" in days["2026-12-25"]["note"]
    assert days["2026-12-02"]["free_slots"] == 13  # 09:00-22:00
    earlier = api.client.get(f"{B}/resources/{h}/month", params={"month": "2026-11"}).json()
    assert {d["state"] for d in earlier["days"]} == {"past"}
    bad = api.client.get(f"{B}/resources/{h}/month", params={"month": "2026-13"})
    assert_problem(bad, 422, "validation_error")


def test_day_view_is_in_seoul_time_and_past_slots_are_closed(api, clock):
    court = make_resource(api)
    day = api.client.get(f"{B}/resources/{court}/day", params={"day": "2026-12-01"}).json()
    first = day["slots"][0]
    assert first["label"] == "06:00" and first["starts_at"] == "2026-11-30T21:00:00Z"
    states = {s["label"]: s["state"] for s in day["slots"]}
    assert states["08:00"] == "past" and states["09:00"] == "past" and states["10:00"] == "free"


# --- sports ------------------------------------------------------------------------------
def test_sports_slot_books_instantly_with_server_fee_and_a_qr_code(api, clock):
    court = make_resource(api)
    alice = citizen(api)
    r = book(api, alice, court, day="2026-12-03", start="10:00", resident=True, headcount=7)
    assert r.status_code == 201, r.text
    b = r.json()
    assert b["status"] == "confirmed" and b["status_ko"] == "확정"
    assert b["fee"] == 4000 and b["payment_status"] == "unpaid"  # resident rate, 1 hour
    assert b["starts_at"] == "2026-12-03T01:00:00Z" and "10:00~11:00" in b["when_ko"]
    assert b["headcount"] == 1  # a court booking is one booking, whatever was sent
    other = book(api, citizen(api), court, day="2026-12-03", start="11:00")
    assert other.json()["fee"] == 6000  # non-resident rate

    qr = api.client.get(f"{B}/bookings/{b['id']}/qr", headers=alice).json()
    assert qr["code"] == b["checkin_code"] and str(b["id"]) != qr["code"]
    assert base64.b64decode(qr["png_base64"]).startswith(b"\x89PNG")

    mine = api.client.get(f"{B}/bookings/mine", headers=alice).json()
    assert [x["id"] for x in mine["upcoming"]] == [b["id"]] and mine["past"] == []
    slots = api.client.get(f"{B}/resources/{court}/day", params={"day": "2026-12-03"}).json()
    assert {s["label"]: s["state"] for s in slots["slots"]}["10:00"] == "full"

    taken = book(api, citizen(api), court, day="2026-12-03", start="10:00")
    body = assert_problem(taken, 409, "reservations.full")
    assert "남은 자리가 없습니다" in body["detail"]
    # Someone else's booking is invisible.
    assert_problem(api.client.get(f"{B}/bookings/{b['id']}", headers=citizen(api)), 404,
                   "reservations.booking_not_found")


@pytest.mark.parametrize(("day", "start", "code"), [
    ("2026-12-01", "08:00", "reservations.day_past"),  # earlier today
    ("2026-11-30", "10:00", "reservations.day_past"),
    ("2026-12-25", "10:00", "reservations.day_holiday"),  # a holiday says so, even far ahead
    ("2026-12-16", "10:00", "reservations.day_too_far"),
])
def test_past_and_too_far_slots_cannot_be_booked(api, clock, day, start, code):
    court = make_resource(api)
    assert_problem(book(api, citizen(api), court, day=day, start=start), 409, code)


def test_holidays_and_closures_block_booking(api, clock):
    court = make_resource(api, book_ahead_days=60)
    r = book(api, citizen(api), court, day="2026-12-25", start="10:00")
    assert "기독탄신일" in assert_problem(r, 409, "reservations.day_holiday")["detail"]
    off = officer(api, "체육진흥과")
    cl = api.client.post(f"{O}/resources/{court}/closures", headers=off,
                         json={"starts_on": "2026-12-04", "ends_on": "2026-12-04", "reason": "코트 도색"})
    assert cl.status_code == 201
    assert_problem(book(api, citizen(api), court, day="2026-12-04", start="10:00"), 409,
                   "reservations.day_closed")
    assert api.client.delete(f"{O}/closures/{cl.json()['id']}", headers=off).status_code == 204
    assert book(api, citizen(api), court, day="2026-12-04", start="10:00").status_code == 201


def test_at_most_n_future_sports_bookings_per_citizen(api, clock):
    court, other = make_resource(api), make_resource(api)
    alice = citizen(api)
    first = book(api, alice, court, day="2026-12-03", start="10:00").json()
    assert book(api, alice, other, day="2026-12-04", start="10:00").status_code == 201
    third = book(api, alice, court, day="2026-12-05", start="10:00")
    assert "2건" in assert_problem(third, 409, "reservations.limit_reached")["detail"]
    api.client.post(f"{B}/bookings/{first['id']}/cancel", headers=alice)
    assert book(api, alice, court, day="2026-12-05", start="10:00").status_code == 201


def test_cancel_before_deadline_late_cancel_is_marked_started_cannot_cancel(api, clock):
    court = make_resource(api, cancel_hours=24)
    alice = citizen(api)
    early = book(api, alice, court, day="2026-12-05", start="10:00").json()
    soon = book(api, alice, court, day="2026-12-01", start="18:00").json()  # within 24 h
    r = api.client.post(f"{B}/bookings/{early['id']}/cancel", headers=alice).json()
    assert r["status"] == "cancelled" and r["late_cancel"] is False
    r = api.client.post(f"{B}/bookings/{soon['id']}/cancel", headers=alice).json()
    assert r["status"] == "cancelled" and r["late_cancel"] is True
    assert_problem(api.client.post(f"{B}/bookings/{soon['id']}/cancel", headers=alice), 409,
                   "reservations.not_active")
    started = book(api, alice, court, day="2026-12-02", start="10:00").json()
    clock.set(datetime(2026, 12, 2, 1, 30, tzinfo=timezone.utc))  # 10:30 KST
    assert_problem(api.client.post(f"{B}/bookings/{started['id']}/cancel", headers=alice), 409,
                   "reservations.already_started")
    mine = api.client.get(f"{B}/bookings/mine", headers=alice).json()
    assert {x["id"] for x in mine["past"]} == {early["id"], soon["id"]}
    assert [x["id"] for x in mine["upcoming"]] == [started["id"]]  # still running


def test_a_retried_request_with_the_same_key_makes_one_booking(api, clock):
    court = make_resource(api)
    alice = citizen(api)
    key = {"Idempotency-Key": str(uuid.uuid4())} | alice
    body = {"resource_id": court, "day": "2026-12-03", "start": "10:00"}
    first = api.client.post(f"{B}/bookings", json=body, headers=key)
    again = api.client.post(f"{B}/bookings", json=body, headers=key)
    assert first.status_code == again.status_code == 201
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert first.json()["id"] == again.json()["id"]
    mine = api.client.get(f"{B}/bookings/mine", headers=alice).json()
    assert len(mine["upcoming"]) == 1
    changed = api.client.post(f"{B}/bookings", json=body | {"start": "11:00"}, headers=key)
    assert_problem(changed, 422, "idempotency.mismatch")


def test_booking_needs_login(api, clock):
    court = make_resource(api)
    assert_problem(api.client.post(f"{B}/bookings", json={"resource_id": court}), 401,
                   "auth.required")


# --- facility ----------------------------------------------------------------------------
def test_facility_form_errors_are_korean_field_errors(api, clock):
    h = hall(api)
    alice = citizen(api)
    cases = [
        (dict(day="2026-12-03", start="08:00", end="10:00", purpose="모임"), "reservations.outside_hours", "start"),
        (dict(day="2026-12-03", start="10:30", end="12:00", purpose="모임"), "reservations.off_grid", "start"),
        (dict(day="2026-12-03", start="12:00", end="10:00", purpose="모임"), "reservations.bad_range", "end"),
        (dict(day="2026-12-03", start="10:00", end="12:00"), "reservations.purpose_required", "purpose"),
        (dict(day="2026-12-03", start="10:00", end="12:00", purpose="모임", headcount=500),
         "reservations.too_many_people", "headcount"),
        (dict(start="10:00", end="12:00", purpose="모임"), "reservations.day_required", "day"),
    ]
    for body, code, field in cases:
        p = assert_problem(book(api, alice, h, **body), 422, code)
        assert p["errors"][0]["field"] == field and p["errors"][0]["message"]
    p = assert_problem(book(api, alice, h, day="2026-12-03", start="10:00", end="12:00",
                            purpose="모임", headcount=0), 422, "validation_error")
    assert p["errors"][0]["field"] == "headcount"


def test_hall_request_waits_for_approval_and_the_citizen_sees_the_decision(api, clock):
    h = hall(api)
    alice = citizen(api, "김광양")
    req = book(api, alice, h, day="2026-12-03", start="14:00", end="17:00", headcount=80,
               purpose="합창단 발표회", resident=False).json()
    assert req["status"] == "pending" and req["fee"] == 3 * 45000
    # A pending request holds the time: nobody else can take it meanwhile.
    assert_problem(book(api, citizen(api), h, day="2026-12-03", start="15:00", end="16:00",
                        purpose="회의"), 409, "reservations.full")

    culture, sports = officer(api, "문화예술과"), officer(api, "체육진흥과")
    pending = api.client.get(f"{O}/bookings", params={"status": "pending"}, headers=culture).json()
    assert [(x["id"], x["user_name"]) for x in pending["items"]] == [(req["id"], "김*양")]
    assert api.client.get(f"{O}/bookings", params={"status": "pending"}, headers=sports).json()["items"] == []
    assert_problem(api.client.post(f"{O}/bookings/{req['id']}/approve", headers=sports), 403,
                   "reservations.other_department")
    assert_problem(api.client.post(f"{O}/bookings/{req['id']}/approve", headers=alice), 403,
                   "auth.forbidden")
    ok = api.client.post(f"{O}/bookings/{req['id']}/approve", headers=culture)
    assert ok.status_code == 200 and ok.json()["status"] == "confirmed"
    assert_problem(api.client.post(f"{O}/bookings/{req['id']}/approve", headers=culture), 409,
                   "reservations.not_pending")

    second = book(api, alice, h, day="2026-12-04", start="10:00", end="11:00", purpose="리허설").json()
    assert_problem(api.client.post(f"{O}/bookings/{second['id']}/reject", headers=culture,
                                   json={"reason": ""}), 422, "validation_error")
    r = api.client.post(f"{O}/bookings/{second['id']}/reject", headers=culture,
                        json={"reason": "같은 날 시 행사로 사용합니다"})
    assert r.json()["status"] == "rejected"
    mine = api.client.get(f"{B}/bookings/{second['id']}", headers=alice).json()
    assert mine["status_ko"] == "반려" and mine["decision_reason"] == "같은 날 시 행사로 사용합니다"
    notices = api.client.get("/api/v1/me/notices", headers=alice).json()["items"]
    assert [n["kind"] for n in notices] == ["booking.rejected", "booking.approved"]
    assert "같은 날 시 행사로 사용합니다" in notices[0]["body"]
    # The rejected time is free again.
    assert book(api, citizen(api), h, day="2026-12-04", start="10:00", end="11:00",
                purpose="회의").status_code == 201
    admin = officer(api, None, role="admin")
    assert len(api.client.get(f"{O}/bookings", headers=admin).json()["items"]) == 3


def test_payment_is_recorded_and_check_in_works_by_typed_code_on_the_day(api, clock):
    court = make_resource(api)
    alice = citizen(api, "박시민")
    b = book(api, alice, court, day="2026-12-03", start="10:00").json()
    off = officer(api, "체육진흥과")
    assert_problem(api.client.post(f"{O}/bookings/{b['id']}/payment", headers=off,
                                   json={"method": "card"}), 422, "validation_error")
    paid = api.client.post(f"{O}/bookings/{b['id']}/payment", headers=off,
                           json={"method": "transfer"}).json()
    assert paid["payment_status"] == "paid" and paid["payment_method"] == "transfer"
    assert_problem(api.client.post(f"{O}/bookings/{b['id']}/payment", headers=off,
                                   json={"method": "onsite"}), 409, "reservations.already_paid")
    assert api.client.get(f"{B}/bookings/{b['id']}", headers=alice).json()["payment_status"] == "paid"

    code = b["checkin_code"]
    typed = f"{code[:5].lower()}-{code[5:]}"  # people type lower case and dashes
    assert_problem(api.client.post(f"{O}/checkin", headers=off, json={"code": typed}), 409,
                   "reservations.not_today")
    clock.set(datetime(2026, 12, 3, 0, 50, tzinfo=timezone.utc))  # 09:50 KST that day
    assert_problem(api.client.post(f"{O}/checkin", headers=off, json={"code": "ZZZZZZZZZZ"}), 404,
                   "reservations.code_unknown")
    assert_problem(api.client.post(f"{O}/checkin", headers=officer(api, "문화예술과"),
                                   json={"code": code}), 403, "reservations.other_department")
    done = api.client.post(f"{O}/checkin", headers=off, json={"code": typed}).json()
    assert done["id"] == b["id"] and done["checked_in_at"] and done["user_name"] == "박*민"
    sheet = api.client.get(f"{O}/bookings", headers=off,
                           params={"resource_id": court, "day": "2026-12-03"}).json()["items"]
    assert [(x["id"], x["checked_in_at"] is not None) for x in sheet] == [(b["id"], True)]


def test_officer_changes_schedule_of_own_department_only(api, clock):
    court = make_resource(api)
    off = officer(api, "체육진흥과")
    r = api.client.patch(f"{O}/resources/{court}", headers=off,
                         json={"opens": "08:00", "closes": "20:00", "weekdays": [0, 1, 2, 3, 4]})
    assert r.status_code == 200 and r.json()["weekdays"] == [0, 1, 2, 3, 4]
    day = api.client.get(f"{B}/resources/{court}/day", params={"day": "2026-12-02"}).json()
    assert day["slots"][0]["label"] == "08:00" and len(day["slots"]) == 12
    sat = api.client.get(f"{B}/resources/{court}/day", params={"day": "2026-12-05"}).json()
    assert sat["state"] == "not_open" and sat["slots"] == []
    assert_problem(api.client.patch(f"{O}/resources/{court}", headers=off,
                                    json={"opens": "20:00", "closes": "08:00"}), 422,
                   "reservations.bad_hours")
    assert_problem(api.client.patch(f"{O}/resources/{court}", headers=officer(api, "문화예술과"),
                                    json={"capacity": 3}), 403, "reservations.other_department")
    mine = api.client.get(f"{O}/resources", headers=off).json()["items"]
    assert [x["id"] for x in mine] == [court]


# --- courses -----------------------------------------------------------------------------
def test_full_course_puts_the_applicant_on_a_waitlist_that_promotes_on_cancellation(api, clock):
    cid = course(api, capacity=2)
    a, b, w = citizen(api), citizen(api), citizen(api)
    ra, rb = book(api, a, cid).json(), book(api, b, cid).json()
    assert ra["status"] == rb["status"] == "confirmed"
    assert ra["fee"] == 60000 and ra["starts_at"] == "2027-01-06T10:00:00Z"  # first Wed 19:00
    rw = book(api, w, cid, resident=True).json()
    assert rw["status"] == "waitlisted" and rw["waitlist_position"] == 1
    assert_problem(book(api, w, cid), 409, "reservations.duplicate")
    info = api.client.get(f"{B}/resources/{cid}").json()["course"]
    assert (info["confirmed"], info["waitlisted"], info["seats_left"]) == (2, 1, 0)
    assert date(2027, 1, 6).isoformat() in info["sessions"] and len(info["sessions"]) == 10
    assert_problem(api.client.get(f"{B}/resources/{cid}/month", params={"month": "2027-01"}),
                   400, "reservations.course_has_no_slots")

    api.client.post(f"{B}/bookings/{ra['id']}/cancel", headers=a)
    promoted = api.client.get(f"{B}/bookings/{rw['id']}", headers=w).json()
    assert promoted["status"] == "confirmed" and promoted["waitlist_position"] is None
    notices = api.client.get("/api/v1/me/notices", headers=w).json()["items"]
    assert notices[0]["kind"] == "booking.promoted" and "통기타 입문" in notices[0]["body"]


def test_course_application_period_is_enforced(api, clock):
    cid = course(api, apply_opens_at=NOW + timedelta(days=1))
    assert_problem(book(api, citizen(api), cid), 409, "reservations.not_open_yet")
    clock.set(NOW + timedelta(days=8))
    assert_problem(book(api, citizen(api), cid), 409, "reservations.period_over")


def test_lottery_is_drawn_at_period_end_reproducibly_and_auditably(api, clock):
    cid = course(api, selection="lottery", capacity=2)
    people = [citizen(api) for _ in range(5)]
    ids = []
    for h in people:
        r = book(api, h, cid).json()
        assert r["status"] == "applied" and r["status_ko"] == "추첨 대기"
        ids.append(r["id"])
    before = api.client.get(f"{B}/resources/{cid}/lottery").json()
    assert before["drawn"] is False and before["seed"] is None and before["seed_sha256"]
    culture = officer(api, "문화예술과")
    assert_problem(api.client.post(f"{O}/resources/{cid}/draw", headers=culture), 409,
                   "reservations.period_open")

    clock.set(NOW + timedelta(days=7, minutes=1))
    # Nobody has to press a button: the first look after the period draws.
    statuses = [api.client.get(f"{B}/bookings/mine", headers=h).json()["upcoming"][0]["status"]
                for h in people]
    assert sorted(statuses) == ["confirmed"] * 2 + ["waitlisted"] * 3
    record = api.client.get(f"{B}/resources/{cid}/lottery").json()
    assert record["drawn"] and hashlib.sha256(record["seed"].encode()).hexdigest() == before["seed_sha256"]
    expected = sorted(ids, key=lambda i: hashlib.sha256(f"{record['seed']}:{i}".encode()).hexdigest())
    assert [e["booking_id"] for e in record["entries"]] == expected
    assert [e["result"] for e in record["entries"]] == ["confirmed"] * 2 + ["waitlisted"] * 3
    again = api.client.post(f"{O}/resources/{cid}/draw", headers=culture).json()
    assert again["entries"] == record["entries"]  # drawing twice changes nothing

    first_waiting = record["entries"][2]["booking_id"]
    winner = record["entries"][0]["booking_id"]
    owner = people[ids.index(winner)]
    api.client.post(f"{B}/bookings/{winner}/cancel", headers=owner)
    waiting_owner = people[ids.index(first_waiting)]
    assert api.client.get(f"{B}/bookings/{first_waiting}", headers=waiting_owner).json()["status"] == "confirmed"
    kinds = [n["kind"] for n in api.client.get("/api/v1/me/notices", headers=waiting_owner).json()["items"]]
    assert kinds == ["booking.promoted", "booking.lottery"]


# --- legal -------------------------------------------------------------------------------
def test_legal_counsel_once_a_month_with_topic_and_description(api, clock):
    lid = legal(api)
    alice = citizen(api)
    assert_problem(book(api, alice, lid, day="2026-12-02", start="14:00", description="전세 보증금 반환"),
                   422, "reservations.topic_required")
    assert_problem(book(api, alice, lid, day="2026-12-02", start="14:00", topic="임대차"),
                   422, "reservations.description_required")
    ok = book(api, alice, lid, day="2026-12-02", start="14:30", topic="임대차",
              description="전세 보증금을 돌려받지 못했습니다")
    assert ok.status_code == 201 and ok.json()["fee"] == 0 and ok.json()["payment_status"] == "free"
    assert ok.json()["ends_at"] == "2026-12-02T06:00:00Z"  # 30 minutes
    again = book(api, alice, lid, day="2026-12-09", start="14:00", topic="상속", description="상속 포기 절차")
    assert "한 달에 한 번" in assert_problem(again, 409, "reservations.monthly_limit")["detail"]
    assert book(api, alice, lid, day="2027-01-06", start="14:00", topic="상속",
                description="상속 포기 절차").status_code == 201
    assert book(api, citizen(api), lid, day="2026-12-02", start="14:30", topic="노동",
                description="임금 체불 상담").status_code == 409


def test_seed_is_idempotent_and_gives_the_officer_a_pending_request(api):
    from myg_app.server.seed import DEFAULT_DEMO_PASSWORD, seed_demo

    seed_demo(api.settings)
    seed_demo(api.settings)
    items = api.client.get(f"{B}/resources").json()["items"]
    kinds = [x["kind"] for x in items]
    assert (kinds.count("facility"), kinds.count("sports"), kinds.count("course"),
            kinds.count("legal")) == (5, 6, 4, 2)
    assert len({x["dong"] for x in items}) >= 6
    assert all(x["course"]["seats_left"] > 0 for x in items if x["kind"] == "course")
    culture = api.bearer(api.login("culture@gwangyang.demo", DEFAULT_DEMO_PASSWORD).json())
    pending = api.client.get(f"{O}/bookings", params={"status": "pending"}, headers=culture).json()
    assert len(pending["items"]) == 1 and pending["items"][0]["user_name"] == "김*양"


def test_course_check_in_only_on_class_days(api, clock):
    cid = course(api, capacity=2)
    alice = citizen(api)
    b = book(api, alice, cid).json()
    culture = officer(api, "문화예술과")
    clock.set(datetime(2027, 1, 7, 10, 0, tzinfo=timezone.utc))  # Thursday: no class
    assert_problem(api.client.post(f"{O}/checkin", headers=culture, json={"code": b["checkin_code"]}),
                   409, "reservations.not_today")
    clock.set(datetime(2027, 1, 13, 9, 50, tzinfo=timezone.utc))  # Wednesday 18:50 KST
    r = api.client.post(f"{O}/checkin", headers=culture, json={"code": b["checkin_code"]})
    assert r.status_code == 200 and r.json()["checked_in_at"]
