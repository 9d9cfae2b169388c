"""The market rules' clock (slot cut-offs, deposit deadlines, timestamps, today's orders).
Every market module reads time through here, so a test moves it for all of them at once."""
from __future__ import annotations

from datetime import date, datetime

from myg_app.seoul_time import today_seoul
from myg_app.server import db


def today() -> date:
    return today_seoul()


def utcnow() -> datetime:
    return db.utcnow()
