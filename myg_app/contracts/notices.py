"""알림 (notices): what the city tells one citizen — a booking decided, a report answered..."""
from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class NoticeOut(BaseModel):
    id: int
    kind: str  # stable machine kind, e.g. "booking.approved", "report.status"
    title: str
    body: str
    link: str | None  # an app route such as /f/sports/bookings/12
    created_at: datetime
    read: bool


class NoticeList(BaseModel):
    items: list[NoticeOut]
    unread: int
