"""The earning rules of server/points/service.earn on a throwaway SQLite database: once per
(user, rule, ref), daily and total caps (partial credit up to the cap, 0 after), the
young-resident bonus by 만 나이 on the day of earning, a rule turned off, and settings from
MYG_POINTS_* variables."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from myg_app.server.auth.models import User
from myg_app.server.db import Base, make_engine
from myg_app.server.domains import DOMAINS  # noqa: F401  (registers every table)
from myg_app.server.points import service
from myg_app.server.points.settings import points_settings

NOW = datetime(2026, 6, 15, 3, 0, tzinfo=UTC)  # 12:00 KST


@pytest.fixture
def db(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'points.sqlite3'}")
    Base.metadata.create_all(engine)
    with Session(engine) as s:
        yield s
    engine.dispose()


@pytest.fixture(autouse=True)
def fresh_settings(monkeypatch):
    for k in ("SURVEY_ANSWERED_AMOUNT", "SURVEY_ANSWERED_DAILY_CAP", "SURVEY_ANSWERED_TOTAL_CAP",
              "YOUNG_BONUS_PERCENT"):
        monkeypatch.delenv(f"MYG_POINTS_{k}", raising=False)
    points_settings.cache_clear()
    yield
    points_settings.cache_clear()


def person(db, birth: date | None = None) -> User:
    u = User(email=f"u{db.query(User).count()}@example.com", password_hash="x", name="홍길동",
             birth_date=birth)
    db.add(u)
    db.flush()
    return u


def test_once_per_participation(db):
    u = person(db)
    assert service.earn(db, u, "survey_answered", "7", now=NOW) == 100
    assert service.earn(db, u, "survey_answered", "7", now=NOW + timedelta(days=3)) == 0
    assert service.earn(db, u, "survey_answered", "8", now=NOW) == 100


def test_the_daily_cap_resets_at_midnight_in_seoul(db):
    u = person(db)
    got = [service.earn(db, u, "survey_answered", f"s{i}", now=NOW) for i in range(4)]
    assert got == [100, 100, 100, 0]
    next_day = datetime(2026, 6, 15, 15, 0, tzinfo=UTC)  # 00:00 KST on the 16th
    assert service.earn(db, u, "survey_answered", "s9", now=next_day) == 100


def test_a_cap_credits_what_is_left_and_a_capped_ref_never_earns_later(db, monkeypatch):
    monkeypatch.setenv("MYG_POINTS_SURVEY_ANSWERED_DAILY_CAP", "250")
    points_settings.cache_clear()
    u = person(db)
    assert [service.earn(db, u, "survey_answered", f"s{i}", now=NOW) for i in range(3)] == [
        100, 100, 50]
    assert service.earn(db, u, "survey_answered", "s3", now=NOW) == 0
    assert service.earn(db, u, "survey_answered", "s3", now=NOW + timedelta(days=2)) == 0


def test_the_total_cap(db, monkeypatch):
    monkeypatch.setenv("MYG_POINTS_SURVEY_ANSWERED_TOTAL_CAP", "250")
    points_settings.cache_clear()
    u = person(db)
    got = [service.earn(db, u, "survey_answered", f"s{i}", now=NOW + timedelta(days=i))
           for i in range(4)]
    assert got == [100, 100, 50, 0]
    assert service.state_of(db, u.id, NOW + timedelta(days=5)).balance == 250


@pytest.mark.parametrize(("birth", "young"), [
    (date(2007, 6, 15), True),   # 19 today
    (date(2007, 6, 16), False),  # 19 tomorrow
    (date(1986, 6, 16), True),   # still 39
    (date(1986, 6, 15), False),  # 40 today
    (None, False),               # birth date not given
])
def test_the_young_bonus_by_full_age(db, birth, young):
    u = person(db, birth)
    assert service.earn(db, u, "proposal_adopted", "p1", now=NOW) == (1500 if young else 1000)


def test_the_bonus_counts_within_the_cap(db):
    u = person(db, date(2000, 1, 1))
    got = [service.earn(db, u, "survey_answered", f"s{i}", now=NOW) for i in range(3)]
    assert got == [150, 150, 0]


def test_a_rule_set_to_zero_is_off(db, monkeypatch):
    monkeypatch.setenv("MYG_POINTS_SURVEY_ANSWERED_AMOUNT", "0")
    points_settings.cache_clear()
    u = person(db)
    assert service.earn(db, u, "survey_answered", "s1", now=NOW) == 0
    assert service.state_of(db, u.id, NOW).balance == 0


def test_unknown_rules_and_bad_refs_are_programming_errors(db):
    u = person(db)
    with pytest.raises(ValueError):
        service.earn(db, u, "likes", "1", now=NOW)
    with pytest.raises(ValueError):
        service.earn(db, u, "survey_answered", "x" * 121, now=NOW)


def test_a_redemption_never_overdraws(db):
    u = person(db)
    service.earn(db, u, "proposal_adopted", "p1", now=NOW)
    service.debit(db, u, "redeem", "donation", "r1", 600, now=NOW)
    with pytest.raises(service.Insufficient):
        service.debit(db, u, "redeem", "donation", "r2", 500, now=NOW)
    assert service.state_of(db, u.id, NOW).balance == 400


def test_a_debit_that_took_its_clock_earlier_still_sees_a_later_line(db):
    """On PostgreSQL two redemptions read the clock, then queue on the wallet lock; the one
    that read it first may get the lock second. The ledger replays "up to now", so without
    the ledger's own clock it missed the winner's line and overdrew (seen in CI: 4 of 8
    redemptions of 1,000 from 3,000 went through)."""
    u = person(db)
    service.earn(db, u, "proposal_adopted", "p1", now=NOW)
    later = service.debit(db, u, "redeem", "donation", "r1", 600, now=NOW + timedelta(seconds=2))
    with pytest.raises(service.Insufficient):
        service.debit(db, u, "redeem", "donation", "r2", 500, now=NOW + timedelta(seconds=1))
    done = service.debit(db, u, "redeem", "donation", "r3", 400, now=NOW + timedelta(seconds=1))
    assert done.created_at == later.created_at
    assert service.state_of(db, u.id, done.created_at).balance == 0
