"""The waste rules' clock: today in Gwangyang and the wall clock. Every waste module reads
them through this module, so tests move time for all of them by replacing these two."""
from __future__ import annotations

from datetime import date, datetime

from myg_app.seoul_time import today_seoul
from myg_app.server import db


def today() -> date:
    """Today in Gwangyang (tests move the clock by replacing this function)."""
    return today_seoul()


def utcnow() -> datetime:
    """The wall clock (deposit deadlines, expiry, timestamps); tests replace it too."""
    return db.utcnow()
