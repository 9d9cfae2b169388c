"""The points ledger arithmetic (server/points/ledger.py), without a database: FIFO use of the
oldest credits, expiry computed at any instant, what expires when, and 만 나이."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from myg_app.server.points import ledger
from myg_app.server.points.service import expiry_of, local_day

T0 = datetime(2026, 1, 10, 3, 0, tzinfo=UTC)


@dataclass
class E:
    id: int
    amount: int
    created_at: datetime
    expires_at: datetime | None = None


def credit(i: int, amount: int, at: datetime, years: int = 5) -> E:
    return E(i, amount, at, expiry_of(at, years))


def test_credits_add_up_and_debits_take_the_oldest_first():
    entries = [credit(1, 500, T0), credit(2, 1000, T0 + timedelta(days=30)),
               E(3, -700, T0 + timedelta(days=40))]
    s = ledger.replay(entries, T0 + timedelta(days=41))
    assert s.balance == 800
    assert [(lot.entry_id, lot.left) for lot in s.lots] == [(2, 800)]  # lot 1 used up first


def test_points_expire_after_five_years_and_leave_the_balance():
    entries = [credit(1, 500, T0), credit(2, 300, T0 + timedelta(days=400))]
    just_before = expiry_of(T0, 5) - timedelta(seconds=1)
    assert ledger.replay(entries, just_before).balance == 800
    after = ledger.replay(entries, expiry_of(T0, 5))
    assert after.balance == 300 and after.expired_total == 500


def test_what_was_spent_before_expiry_does_not_expire_again():
    entries = [credit(1, 500, T0), credit(2, 500, T0 + timedelta(days=10)),
               E(3, -400, T0 + timedelta(days=20))]
    s = ledger.replay(entries, expiry_of(T0, 5) + timedelta(days=1))
    assert s.expired_total == 100 and s.balance == 500


def test_a_debit_after_an_expiry_cannot_use_the_expired_points():
    entries = [credit(1, 500, T0), credit(2, 200, T0 + timedelta(days=1000)),
               E(3, -200, expiry_of(T0, 5) + timedelta(days=1))]
    s = ledger.replay(entries, expiry_of(T0, 5) + timedelta(days=2))
    assert s.balance == 0 and s.expired_total == 500


def test_entries_in_the_future_of_now_are_not_counted():
    entries = [credit(1, 500, T0), credit(2, 300, T0 + timedelta(days=5))]
    assert ledger.replay(entries, T0 + timedelta(days=1)).balance == 500


def test_expiring_groups_by_day_soonest_first():
    entries = [credit(2, 300, T0 + timedelta(days=3)), credit(1, 500, T0),
               credit(3, 200, T0 + timedelta(hours=2))]
    days = ledger.expiring(ledger.replay(entries, T0 + timedelta(days=4)), local_day)
    assert days == [(date(2031, 1, 11), 700), (date(2031, 1, 14), 300)]


def test_expiry_is_the_end_of_the_same_day_years_later_in_seoul():
    late_evening_kst = datetime(2026, 3, 5, 14, 30, tzinfo=UTC)  # 23:30 KST
    assert expiry_of(late_evening_kst, 5) == datetime(2031, 3, 5, 15, 0, tzinfo=UTC)
    leap = datetime(2028, 2, 29, 3, 0, tzinfo=UTC)
    assert local_day(expiry_of(leap, 5)) == date(2033, 3, 1)  # usable through 28 Feb 2033


def test_korean_full_age():
    assert ledger.age_on(date(2000, 5, 20), date(2026, 5, 19)) == 25
    assert ledger.age_on(date(2000, 5, 20), date(2026, 5, 20)) == 26
    assert ledger.age_on(date(2004, 2, 29), date(2023, 2, 28)) == 18
    assert ledger.age_on(date(2004, 2, 29), date(2023, 3, 1)) == 19
