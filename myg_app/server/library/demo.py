"""The embedded demo library: the stand-in for the 시립도서관 system until MYG_LIBRARY_URL names
the real one. Its members and loans live in this app's database (library_demo_*), every one
marked demo. Linking registers a member at once (a real library would say "not a member")
and lends them a few well-known books, so the card, due dates, the D-2 notice and each
renewal rule can be tried: one due in two days, one another member reserved, one renewed
already, one overdue.
"""
from __future__ import annotations

import secrets
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from myg_app.contracts.types import parse_id
from myg_app.seoul_time import today_seoul
from myg_app.server.library.card import SERIAL_DIGITS, demo_member_no
from myg_app.server.library.models import DemoLoan, DemoMember
from myg_app.server.library.system import (RENEW_DAYS, Loan, LoanNotFound, Member, NotMember,
                                           Unavailable, refusal)

# (title, author, loaned days ago, due in days, renewals, reserved by another member)
DEMO_BOOKS: tuple[tuple[str, str, int, int, int, bool], ...] = (
    ("채식주의자", "한강", 12, 2, 0, False),
    ("역사의 쓸모", "최태성", 5, 9, 0, True),
    ("아몬드", "손원평", 20, 8, 1, False),
    ("불편한 편의점", "김호연", 17, -3, 0, False),
)


def _loan(row: DemoLoan) -> Loan:
    return Loan(id=str(row.id), title=row.title, author=row.author, loaned_on=row.loaned_on,
                due_on=row.due_on, renewals=row.renewals, reserved=row.reserved, demo=row.demo)


class DemoLibrary:
    demo = True

    def __init__(self, session: Session, today: date | None = None):
        self.session = session
        self.today = today

    def _today(self) -> date:
        return self.today or today_seoul()

    def member_for(self, sub: str) -> Member | None:
        row = self.session.scalar(select(DemoMember).where(DemoMember.sub == sub))
        return Member(row.member_no, row.name, demo=True) if row else None

    def register(self, sub: str, name: str) -> Member:
        for _ in range(10):
            if (found := self.member_for(sub)) is not None:
                return found
            row = DemoMember(member_no=demo_member_no(secrets.randbelow(10**SERIAL_DIGITS)),
                             sub=sub, name=name[:60])
            try:
                with self.session.begin_nested():
                    self.session.add(row)
                    self.session.flush()
            except IntegrityError:
                # A parallel link of the same citizen (committed by now) or a number taken.
                continue
            self._lend_demo_books(row)
            return Member(row.member_no, row.name, demo=True)
        raise Unavailable

    def _lend_demo_books(self, member: DemoMember) -> None:
        today = self._today()
        for title, author, ago, due_in, renewals, reserved in DEMO_BOOKS:
            self.session.add(DemoLoan(member_id=member.id, title=title, author=author,
                                      loaned_on=today - timedelta(days=ago),
                                      due_on=today + timedelta(days=due_in),
                                      renewals=renewals, reserved=reserved))
        self.session.flush()

    def _member_id(self, member_no: str) -> int:
        mid = self.session.scalar(select(DemoMember.id).where(DemoMember.member_no == member_no))
        if mid is None:
            raise NotMember
        return mid

    def loans(self, member_no: str) -> list[Loan]:
        rows = self.session.scalars(select(DemoLoan).where(
            DemoLoan.member_id == self._member_id(member_no)).order_by(DemoLoan.due_on,
                                                                       DemoLoan.id))
        return [_loan(r) for r in rows]

    def renew(self, member_no: str, loan_id: str) -> Loan:
        lid = parse_id(loan_id)
        if lid is None:
            raise LoanNotFound
        # Locked (PostgreSQL; SQLite's writer lock serialises anyway) and read afresh, so two
        # parallel renewals of one loan make one renewal and one "already renewed".
        row = self.session.scalar(
            select(DemoLoan).where(DemoLoan.id == lid,
                                   DemoLoan.member_id == self._member_id(member_no))
            .with_for_update().execution_options(populate_existing=True))
        if row is None:
            raise LoanNotFound
        today = self._today()
        if (why := refusal(_loan(row), today)) is not None:
            raise why
        row.due_on = today + timedelta(days=RENEW_DAYS)
        row.renewals += 1
        self.session.flush()
        return _loan(row)
