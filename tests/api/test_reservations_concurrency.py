"""200 citizens race for the last seat at once: exactly one gets it, on SQLite and PostgreSQL.

Real concurrency: a pool of 200 threads drives the one app (FastAPI runs each request in its
own worker thread), so the database lock is all that stands between them and overselling.
"""
from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from myg_app.server.auth import service as auth_service
from myg_app.server.auth.models import User
from myg_app.server.errors import AppError
from myg_app.server.reservations.models import Booking
from tests.api.test_reservations import B, book, citizen, clock, course, make_resource  # noqa: F401

RACERS = 200


def many_citizens(api, n: int) -> list[dict]:
    """n signed-in citizens, made in one transaction (registering 200 through HTTP is slow)."""
    with api.client.app.state.sessionmaker.begin() as s:
        users = [User(email=f"racer-{uuid.uuid4().hex[:10]}@example.com", password_hash="x",
                      name="경쟁자", role="citizen") for _ in range(n)]
        s.add_all(users)
        s.flush()
        tokens = [auth_service.issue_tokens(s, api.settings, u) for u in users]
    return [api.bearer(t.model_dump()) for t in tokens]


def race(api, headers: list[dict], fire) -> list:
    gate = threading.Barrier(len(headers))

    def one(h):
        gate.wait()  # everyone starts together
        return fire(h)

    with ThreadPoolExecutor(len(headers)) as pool:
        return list(pool.map(one, headers))


@pytest.mark.usefixtures("clock")
def test_200_parallel_requests_for_the_last_seat_make_exactly_one_booking(api):
    pool = make_resource(api, category="수영장", capacity=2, max_active_per_user=None)
    assert book(api, citizen(api), pool, day="2026-12-03", start="10:00").status_code == 201
    racers = many_citizens(api, RACERS)
    answers = race(api, racers,
                   lambda h: book(api, h, pool, day="2026-12-03", start="10:00"))
    codes = [r.status_code for r in answers]
    assert codes.count(201) == 1 and codes.count(409) == RACERS - 1, sorted(set(codes))
    assert {r.json()["code"] for r in answers if r.status_code == 409} == {"reservations.full"}
    assert all("남은 자리가 없습니다" in r.json()["detail"] for r in answers if r.status_code == 409)
    with api.client.app.state.sessionmaker() as s:
        held = s.scalar(select(func.count()).select_from(Booking).where(
            Booking.resource_id == pool, Booking.status == "confirmed"))
    assert held == 2


@pytest.mark.usefixtures("clock")
def test_parallel_retries_of_one_request_make_one_booking(api):
    court = make_resource(api)
    alice = citizen(api)
    key = str(uuid.uuid4())
    answers = race(api, [alice | {"Idempotency-Key": key}] * 20,
                   lambda h: api.client.post(f"{B}/bookings", headers=h, json={
                       "resource_id": court, "day": "2026-12-03", "start": "10:00"}))
    assert {r.status_code for r in answers} == {201}
    assert len({r.json()["id"] for r in answers}) == 1


@pytest.mark.usefixtures("clock")
def test_parallel_course_applications_never_exceed_the_seats(api):
    cid = course(api, capacity=5)
    people = many_citizens(api, 40)
    answers = race(api, people, lambda h: book(api, h, cid))
    statuses = [r.json()["status"] for r in answers]
    assert statuses.count("confirmed") == 5 and statuses.count("waitlisted") == 35
    positions = sorted(r.json()["waitlist_position"] for r in answers
                       if r.json()["status"] == "waitlisted")
    assert positions[0] == 1 and positions[-1] >= 1


def test_a_second_booking_waits_for_the_first_to_commit_then_finds_the_seat_gone(api):
    """The lock itself, deterministically: while one transaction holds the last seat
    uncommitted, a second one must wait (not read the old count and oversell)."""
    from datetime import date, time as dtime

    from myg_app.contracts.reservations import BookingCreate
    from myg_app.server.reservations import booking, records
    from tests.api.test_reservations import NOW

    court = make_resource(api)
    many_citizens(api, 2)
    with api.client.app.state.sessionmaker() as s:
        a, b = s.scalars(select(User).order_by(User.id.desc()).limit(2)).all()
    body = BookingCreate(resource_id=court, day=date(2026, 12, 3), start=dtime(10))
    sm = api.client.app.state.sessionmaker
    outcome: dict = {}

    def second() -> None:
        with sm() as s2:
            try:
                records.lock_user(s2, b.id)
                booking.create_booking(s2, b, body, NOW)
                s2.commit()
                outcome["b"] = "booked"
            except AppError as e:
                outcome["b"] = e.code
                s2.rollback()

    with sm() as s1:
        records.lock_user(s1, a.id)
        booking.create_booking(s1, a, body, NOW)  # holds the row lock, not yet committed
        t = threading.Thread(target=second)
        t.start()
        t.join(0.8)
        assert t.is_alive(), "the second booking did not wait for the first"
        s1.commit()
    t.join(15)
    assert outcome["b"] == "reservations.full"
