"""Calendar and fee rules of the booking engine, without a database."""
from datetime import date, datetime, time, timezone

from myg_app.server.reservations import booking, lottery, slots
from myg_app.server.reservations.models import Closure, Resource

NOW = datetime(2026, 12, 1, 0, 0, tzinfo=timezone.utc)  # Tue 09:00 in Seoul


def court(**kw) -> Resource:
    spec = dict(kind="sports", capacity=1, opens=time(6), closes=time(22), slot_minutes=60,
                weekdays="1111100", book_ahead_days=14, fee_resident=4000, fee_nonresident=6000)
    return Resource(**(spec | kw))


def test_day_block_reasons_in_order():
    r = court()
    closed = [Closure(starts_on=date(2026, 12, 3), ends_on=date(2026, 12, 4), reason="보수")]
    assert slots.day_block(r, date(2026, 11, 30), [], NOW).state == "past"
    assert slots.day_block(r, date(2026, 12, 1), [], NOW) is None  # today is bookable
    assert slots.day_block(r, date(2026, 12, 3), closed, NOW).note == "휴관 (보수)"
    assert slots.day_block(r, date(2026, 12, 5), [], NOW).state == "not_open"  # Saturday
    assert slots.day_block(r, date(2026, 12, 16), [], NOW).state == "too_far"
    holiday = slots.day_block(r, date(2026, 12, 25), [], NOW)
    assert holiday.state == "holiday" and "기독탄신일" in holiday.note


def test_slots_are_seoul_wall_clock_stored_in_utc():
    starts = slots.slot_starts(court(slot_minutes=120, opens=time(8), closes=time(21)), date(2026, 12, 2))
    assert [s.astimezone(timezone.utc).hour for s, _ in starts] == [23, 1, 3, 5, 7, 9]  # 08..18 KST
    assert starts[0][0] == datetime(2026, 12, 1, 23, 0, tzinfo=timezone.utc)
    day = slots.day_slots(court(), date(2026, 12, 1), [], NOW)
    assert day[0].label == "06:00" and day[3].state == "past" and day[4].state == "free"


def test_course_sessions_skip_holidays_and_closures():
    r = Resource(kind="course", weekdays="1000000", term_starts_on=date(2026, 9, 21),
                 term_ends_on=date(2026, 10, 12), opens=time(10), closes=time(12))
    # Mondays 9/21, 9/28, 10/5, 10/12; 9/28 is closed by an officer.
    days = slots.course_sessions(r, [Closure(starts_on=date(2026, 9, 28), ends_on=date(2026, 9, 28),
                                             reason="행사")])
    assert date(2026, 9, 28) not in days and date(2026, 9, 21) in days
    assert all(d.weekday() == 0 for d in days)


def test_fees_are_hourly_pro_rata_per_term_or_free():
    assert booking.compute_fee(court(kind="facility"), 90, resident=True) == 6000
    assert booking.compute_fee(court(), 60, resident=False) == 6000
    assert booking.compute_fee(court(kind="course", fee_resident=30000), 0, resident=True) == 30000
    assert booking.compute_fee(court(kind="legal"), 30, resident=False) == 0


def test_checkin_codes_are_random_typable_and_normalised():
    codes = {booking.new_checkin_code() for _ in range(200)}
    assert len(codes) == 200 and all(len(c) == 10 for c in codes)
    assert not any(ch in c for c in codes for ch in "01IO")
    assert booking.normalize_code(" abcde-fghjk ") == "ABCDEFGHJK"


def test_lottery_tickets_are_reproducible_from_the_seed():
    seed = "d41d8cd98f00b204e9800998ecf8427e"
    assert lottery.ticket(seed, 7) == lottery.ticket(seed, 7) != lottery.ticket(seed, 8)
    assert lottery.seed_commitment(seed) != seed and len(lottery.seed_commitment(seed)) == 64
