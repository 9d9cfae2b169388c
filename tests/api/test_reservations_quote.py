"""The fee before booking: POST /reservations/quote uses the booking's own fee code, so the
quote on the form and the fee on the booking agree (SQLite and PostgreSQL, fixed clock)."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from tests.api.conftest import assert_problem
from tests.api.test_reservations import (B, book, citizen, clock, course, hall, legal,  # noqa: F401
                                         make_resource)


def quote(api, rid: int, **body):
    return api.client.post(f"{B}/quote", json={"resource_id": rid, **body})


def test_hall_quote_matches_the_booking_fee_and_speaks_plain_korean(api, clock):
    h = hall(api)  # 30,000 / 45,000 won an hour
    q = quote(api, h, day="2026-12-03", start="10:00", end="12:00")  # a guest may ask
    assert q.status_code == 200, q.text
    assert q.json() == {"resource_id": h, "fee": 90000, "minutes": 120, "resident": False,
                        "resident_matters": True, "summary_ko": "사용료 90,000원 (2시간, 관외 요금)"}
    r = quote(api, h, start="10:00", end="13:00", resident=True).json()
    assert r["fee"] == 90000 and r["summary_ko"] == "사용료 90,000원 (3시간, 광양시민 요금)"
    room = hall(api, slot_minutes=30)
    r = quote(api, room, start="10:00", end="11:30", resident=True).json()
    assert r["fee"] == 45000 and r["summary_ko"] == "사용료 45,000원 (1시간 30분, 광양시민 요금)"
    b = book(api, citizen(api), h, day="2026-12-03", start="10:00", end="12:00", purpose="정기 모임",
             headcount=20)
    assert b.status_code == 201, b.text
    assert b.json()["fee"] == 90000  # the same number the form showed


def test_court_course_and_counsel_quotes(api, clock):
    court = make_resource(api)  # 4,000 / 6,000 an hour, one slot
    assert quote(api, court, start="10:00", resident=True).json()["summary_ko"] == \
        "사용료 4,000원 (1시간, 광양시민 요금)"
    assert quote(api, court).json()["fee"] == 6000  # one slot even before a time is picked
    c = course(api)
    r = quote(api, c, resident=True).json()
    assert (r["fee"], r["minutes"], r["summary_ko"]) == (40000, None, "수강료 40,000원 (한 학기, 광양시민 요금)")
    free_course = course(api, fee_resident=0, fee_nonresident=0)
    r = quote(api, free_course).json()
    assert (r["fee"], r["resident_matters"], r["summary_ko"]) == (0, False, "수강료 무료")
    one_price = make_resource(api, fee_resident=5000, fee_nonresident=5000)
    r = quote(api, one_price, start="10:00").json()
    assert r["resident_matters"] is False and r["summary_ko"] == "사용료 5,000원 (1시간)"
    counsel = legal(api)
    r = quote(api, counsel, start="14:00").json()
    assert (r["fee"], r["resident_matters"], r["summary_ko"]) == (0, False, "사용료 무료")


@pytest.mark.parametrize(("body", "code"), [
    ({"start": "10:00"}, "reservations.end_required"),
    ({"start": "12:00", "end": "10:00"}, "reservations.bad_range"),
    ({"start": "07:00", "end": "10:00"}, "reservations.outside_hours"),
    ({"start": "10:30", "end": "12:00"}, "reservations.off_grid"),
    ({}, "reservations.start_required"),
])
def test_hall_quote_refuses_what_booking_refuses(api, clock, body, code):
    assert_problem(quote(api, hall(api), **body), 422, code)


def test_quote_of_a_missing_place_is_404(api, clock):
    assert quote(api, 999999, start="10:00").status_code == 404


def test_booking_says_when_the_free_cancellation_deadline_has_passed(api, clock):
    h = hall(api, mode="instant")  # 72 hours' notice
    alice = citizen(api)
    b = book(api, alice, h, day="2026-12-07", start="10:00", end="11:00", purpose="모임").json()
    assert b["cancel_deadline_passed"] is False
    clock.set(datetime(2026, 12, 5, 0, 0, tzinfo=timezone.utc))  # within 72 hours
    b = api.client.get(f"{B}/bookings/{b['id']}", headers=alice).json()
    assert b["cancel_deadline_passed"] is True and b["can_cancel"] is True


def test_month_marks_today_and_holidays_even_when_past(api, clock):
    h = hall(api)
    days = {d["day"]: d for d in api.client.get(
        f"{B}/resources/{h}/month", params={"month": "2026-12"}).json()["days"]}
    assert [d for d, x in days.items() if x["today"]] == ["2026-12-01"]
    assert days["2026-12-25"]["holiday"] is True and days["2026-12-24"]["holiday"] is False
    clock.set(datetime(2027, 1, 1, 0, 0, tzinfo=timezone.utc))
    days = {d["day"]: d for d in api.client.get(
        f"{B}/resources/{h}/month", params={"month": "2026-12"}).json()["days"]}
    assert days["2026-12-25"]["state"] == "past" and days["2026-12-25"]["holiday"] is True
    assert not any(x["today"] for x in days.values())
