"""The balance from the ledger: credits are lots that expire; debits consume the oldest
unexpired lots first (FIFO); what is left of a lot at its expiry leaves the balance.

Expiry is COMPUTED here on every read, not written by a job: the ledger stays append-only and
a balance is right at any instant without waiting for a job to run. Pure functions (no
database), so the rules are tested directly (tests/unit/test_points_ledger.py).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol


class Line(Protocol):
    id: int
    amount: int
    created_at: datetime
    expires_at: datetime | None


@dataclass(slots=True)
class Lot:
    entry_id: int
    created_at: datetime
    expires_at: datetime | None
    amount: int
    left: int


@dataclass(slots=True)
class State:
    lots: list[Lot] = field(default_factory=list)  # unexpired, with points left, oldest first
    expired: list[Lot] = field(default_factory=list)  # lots that expired with points left

    @property
    def balance(self) -> int:
        return sum(lot.left for lot in self.lots)

    @property
    def expired_total(self) -> int:
        return sum(lot.left for lot in self.expired)


def _expire(state: State, at: datetime) -> None:
    keep = []
    for lot in state.lots:
        if lot.expires_at is not None and lot.expires_at <= at:
            if lot.left:
                state.expired.append(lot)
        else:
            keep.append(lot)
    state.lots = keep


def replay(entries: Iterable[Line], now: datetime) -> State:
    """The state at `now` after every entry up to then, in order of time (then id)."""
    state = State()
    for e in sorted(entries, key=lambda e: (e.created_at, e.id)):
        if e.created_at > now:
            break
        _expire(state, e.created_at)
        if e.amount > 0:
            state.lots.append(Lot(e.id, e.created_at, e.expires_at, e.amount, e.amount))
        elif e.amount < 0:
            need = -e.amount
            # Oldest expiry first (all credits share one validity, so this is oldest first).
            for lot in sorted(state.lots, key=lambda lot: (lot.expires_at or datetime.max.replace(
                    tzinfo=lot.created_at.tzinfo), lot.created_at, lot.entry_id)):
                take = min(need, lot.left)
                lot.left -= take
                need -= take
                if not need:
                    break
            state.lots = [lot for lot in state.lots if lot.left]
    _expire(state, now)
    return state


def expiring(state: State, local_day) -> list[tuple[date, int]]:
    """(day, points) that will expire, soonest first; `local_day` turns an instant into the
    citizen's calendar day (KST)."""
    out: dict[date, int] = {}
    for lot in state.lots:
        if lot.expires_at is not None and lot.left:
            day = local_day(lot.expires_at)
            out[day] = out.get(day, 0) + lot.left
    return sorted(out.items())


def age_on(birth: date, day: date) -> int:
    """만 나이 on `day` (a 29 February birthday counts from 1 March in common years)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
