"""The library-system interface: what 모바일 도서관회원증 asks of the 시립도서관 system, whichever
it is. Two implementations: the embedded demo library (demo.py, the default) and the city's
system over HTTP (remote.py, when MYG_LIBRARY_URL is set; the contract is in docs/LIBRARY.md).

The renewal rules are the library's: `refusal()` states them once; the demo library enforces
them with it and the card shows with it why a loan cannot be renewed. A real library decides
for itself and answers with the same error codes.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Protocol

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from myg_app.server.errors import AppError

MAX_RENEWALS = 1  # one renewal per loan
RENEW_DAYS = 14  # a renewal: due today + 14 days
MEMBER_NO_PATTERN = r"^[A-Z0-9-]{4,20}$"  # what Code 128 and a scanner at the desk carry


class LibrarySettings(BaseSettings):
    """MYG_LIBRARY_URL (unset: the embedded demo library), MYG_LIBRARY_KEY (the API key the
    library gave the city), MYG_LIBRARY_TIMEOUT_S, MYG_LIBRARY_NOTICE_DAYS (how many days
    before a due date the citizen is told: 2)."""

    model_config = SettingsConfigDict(env_prefix="MYG_LIBRARY_", extra="ignore")

    url: str | None = None
    key: SecretStr | None = Field(default=None, repr=False)
    timeout_s: float = Field(default=5.0, gt=0, le=60)
    notice_days: int = Field(default=2, ge=0, le=14)


@lru_cache(maxsize=1)
def library_settings() -> LibrarySettings:
    return LibrarySettings()


@dataclass(frozen=True, slots=True)
class Member:
    member_no: str
    name: str
    demo: bool = False


@dataclass(frozen=True, slots=True)
class Loan:
    id: str
    title: str
    author: str | None
    loaned_on: date
    due_on: date
    renewals: int = 0
    reserved: bool = False  # another member is waiting for the book
    demo: bool = False


class NotMember(AppError):
    status = 409
    code = "library.not_member"
    detail = ("시립도서관 회원이 아닙니다. 신분증을 가지고 도서관에 방문해 회원가입을 먼저 한 뒤 "
              "다시 연결해 주세요.")


class LoanNotFound(AppError):
    status = 404
    code = "library.loan_not_found"
    detail = "대출 중인 책을 찾을 수 없습니다. 이미 반납했는지 대출 목록을 다시 확인해 주세요."


class AlreadyRenewed(AppError):
    status = 409
    code = "library.already_renewed"
    detail = "이미 한 번 연장한 책입니다. 반납 예정일까지 도서관에 반납해 주세요."


class Overdue(AppError):
    status = 409
    code = "library.overdue"
    detail = "반납 예정일이 지난 책은 연장할 수 없습니다. 가까운 시립도서관에 반납해 주세요."


class Reserved(AppError):
    status = 409
    code = "library.reserved"
    detail = "다른 분이 예약한 책이라 연장할 수 없습니다. 반납 예정일까지 반납해 주세요."


class Unavailable(AppError):
    status = 503
    code = "library.unavailable"
    detail = "시립도서관 시스템에 연결하지 못했습니다. 잠시 후 다시 시도해 주세요."


def refusal(loan: Loan, today: date) -> AppError | None:
    """Why `loan` cannot be renewed today (the library's rules), or None."""
    if loan.due_on < today:
        return Overdue()
    if loan.renewals >= MAX_RENEWALS:
        return AlreadyRenewed()
    if loan.reserved:
        return Reserved()
    return None


class LibrarySystem(Protocol):
    """The 시립도서관 system as the app sees it. Errors are the AppErrors above."""

    demo: bool  # answers are 예시 자료

    def member_for(self, sub: str) -> Member | None:
        """The member bound to this 통합 로그인 subject, or None."""

    def register(self, sub: str, name: str) -> Member:
        """Make a member for `sub` (the demo library only; a real one raises NotMember: one
        joins at the library with an ID card)."""

    def loans(self, member_no: str) -> list[Loan]:
        """Books the member has on loan now."""

    def renew(self, member_no: str, loan_id: str) -> Loan:
        """Renew one loan to (the library's) today + RENEW_DAYS, or raise LoanNotFound /
        AlreadyRenewed / Overdue / Reserved."""
