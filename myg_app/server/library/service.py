"""모바일 도서관회원증: the rules. Linking (the citizen's consent to share with 시립도서관,
recorded as the 통합 로그인 consent the SSO consent page writes, then the member the library
system has for their OIDC subject), the card, loans as the citizen reads them, renewal."""
from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from myg_app.contracts import library as c
from myg_app.seoul_time import format_date_ko, today_seoul
from myg_app.server.auth.models import User
from myg_app.server.auth.oidc.consent import grant_consent
from myg_app.server.errors import AppError
from myg_app.server.library import card as cards
from myg_app.server.library.demo import DemoLibrary
from myg_app.server.library.models import LibraryLink
from myg_app.server.library.remote import HttpLibrary
from myg_app.server.library.system import (RENEW_DAYS, LibrarySystem, Loan, NotMember,
                                           Unavailable, library_settings, refusal)

CLIENT_ID = "library"  # the 시립도서관's 통합 로그인 client (auth/oidc/settings.SITES)
# What the library gets: the subject (openid) and the name (profile); nothing else.
SCOPES = ["openid", "profile"]


class NotLinked(AppError):
    status = 409
    code = "library.not_linked"
    detail = "먼저 시립도서관 계정을 연결해 주세요."


def library_of(session: Session) -> LibrarySystem:
    """The library system the settings name: the city's over HTTP, else the demo one."""
    cfg = library_settings()
    return HttpLibrary.of(cfg) if cfg.url else DemoLibrary(session)


def link_of(session: Session, user_id: int) -> LibraryLink | None:
    return session.scalar(select(LibraryLink).where(LibraryLink.user_id == user_id))


def link(session: Session, lib: LibrarySystem, user: User, sub: str,
         agree: bool) -> tuple[c.CardOut, bool]:
    """Link the citizen's library account (idempotent). Returns the card and whether the link
    is new. The consent and the link are written in one transaction: a library that says
    "not a member" (409) or does not answer (503) leaves neither behind."""
    if not agree:
        raise AppError(422, "library.consent_required",
                       "시립도서관에 이름과 회원 식별값을 제공하는 데 동의해야 연결할 수 있습니다.",
                       field="agree")
    if link_of(session, user.id) is not None:
        return card(session, lib, user), False
    _consent(session, user.id)
    member = lib.member_for(sub) or lib.register(sub, user.name)
    if not cards.is_member_no(member.member_no):
        raise Unavailable
    try:
        with session.begin_nested():
            session.add(LibraryLink(user_id=user.id, member_no=member.member_no))
            session.flush()
    except IntegrityError:  # a parallel link of the same citizen won (and has committed)
        return card(session, lib, user), False
    return card(session, lib, user), True


def _consent(session: Session, user_id: int) -> None:
    """Record the consent as the SSO consent page does (one row per citizen and site; the
    first of two parallel writers inserts it, the second then adds to it)."""
    for attempt in range(2):
        try:
            with session.begin_nested():
                grant_consent(session, user_id, CLIENT_ID, SCOPES)
            return
        except IntegrityError:
            if attempt:
                raise


def unlink(session: Session, user: User) -> None:
    """Forget the link (the 통합 로그인 consent stays: it is withdrawn where it is managed)."""
    session.execute(delete(LibraryLink).where(LibraryLink.user_id == user.id))


def present(loan: Loan, today: date) -> c.Loan:
    left = (loan.due_on - today).days
    state = "overdue" if left < 0 else "due_soon" if left <= library_settings().notice_days \
        else "ok"
    why = refusal(loan, today)
    return c.Loan(id=loan.id, title=loan.title, author=loan.author, loaned_on=loan.loaned_on,
                  due_on=loan.due_on, days_left=left, state=state, renewals=loan.renewals,
                  renewable=why is None, why_not=why.detail if why else None, demo=loan.demo)


def _loans_out(loans: list[Loan], today: date) -> c.LoansOut:
    items = sorted((present(x, today) for x in loans), key=lambda x: (x.due_on, x.title))
    return c.LoansOut(items=items, due_soon=sum(x.state == "due_soon" for x in items),
                      overdue=sum(x.state == "overdue" for x in items), renew_days=RENEW_DAYS,
                      notice_days=library_settings().notice_days)


def _member_no(session: Session, user: User) -> str:
    row = link_of(session, user.id)
    if row is None:
        raise NotLinked
    return row.member_no


def card(session: Session, lib: LibrarySystem, user: User,
         today: date | None = None) -> c.CardOut:
    """The card: shown from the stored member number even when the library system does not
    answer (then the loans say so)."""
    row = link_of(session, user.id)
    if row is None:
        return c.CardOut(linked=False, demo=lib.demo)
    today = today or today_seoul()
    try:
        loans = _loans_out(lib.loans(row.member_no), today)
    except (Unavailable, NotMember) as e:
        loans = c.LoansOut(items=[], due_soon=0, overdue=0, available=False, notice=e.detail,
                           renew_days=RENEW_DAYS, notice_days=library_settings().notice_days)
    return c.CardOut(linked=True, member_no=row.member_no, name=user.name,
                     linked_at=row.linked_at, barcode_png=cards.barcode_png(row.member_no),
                     qr_png=cards.qr_png(row.member_no), loans=loans, demo=lib.demo)


def loans(session: Session, lib: LibrarySystem, user: User,
          today: date | None = None) -> c.LoansOut:
    return _loans_out(lib.loans(_member_no(session, user)), today or today_seoul())


def renew(session: Session, lib: LibrarySystem, user: User, loan_id: str,
          today: date | None = None) -> c.RenewOut:
    loan = lib.renew(_member_no(session, user), loan_id)
    out = present(loan, today or today_seoul())
    return c.RenewOut(loan=out, message=f"『{out.title}』 대출을 연장했습니다. 새 반납 예정일은 "
                                        f"{format_date_ko(out.due_on)}입니다.")
