"""The 시립도서관 system over HTTP (HttpLibrary): the adapter for the JSON contract in docs/LIBRARY.md.

    GET  {url}/members/by-sub/{sub}                      -> {"member_no", "name"} | 404 not_member
    GET  {url}/members/{member_no}/loans                 -> {"loans": [loan, ...]} | 404 not_member
    POST {url}/members/{member_no}/loans/{loan_id}/renew -> {"loan": loan}
         | 409 already_renewed | overdue | reserved, 404 loan_not_found | not_member
    loan = {"id", "title", "author"?, "loaned_on", "due_on", "renewals", "reserved"}

`Authorization: Bearer {MYG_LIBRARY_KEY}` on every call. Anything else (a timeout, a 5xx, an
answer that does not match the contract) is Unavailable: a Korean 503, the key never in a
log line or an error.
"""
from __future__ import annotations

import logging
from datetime import date
from typing import Annotated
from urllib.parse import quote

import httpx
from pydantic import BaseModel, Field, StringConstraints, ValidationError

from myg_app.contracts import types as t
from myg_app.contracts.library import LoanId
from myg_app.server.library.system import (MEMBER_NO_PATTERN, AlreadyRenewed, LibrarySettings,
                                           Loan, LoanNotFound, Member, NotMember, Overdue,
                                           Reserved, Unavailable)

log = logging.getLogger(__name__)

MemberNo = Annotated[str, StringConstraints(pattern=MEMBER_NO_PATTERN)]
REFUSALS = {"already_renewed": AlreadyRenewed, "overdue": Overdue, "reserved": Reserved,
            "loan_not_found": LoanNotFound, "not_member": NotMember}


class WireMember(BaseModel):
    member_no: MemberNo
    name: t.line(60)


class WireLoan(BaseModel):
    id: LoanId
    title: t.line(200, 1)
    author: t.line(100) | None = None
    loaned_on: date
    due_on: date
    renewals: int = Field(default=0, ge=0, le=99)
    reserved: bool = False

    def loan(self) -> Loan:
        return Loan(self.id, self.title, self.author, self.loaned_on, self.due_on,
                    self.renewals, self.reserved)


class WireLoans(BaseModel):
    loans: list[WireLoan] = Field(max_length=500)


class WireRenewed(BaseModel):
    loan: WireLoan


class HttpLibrary:
    demo = False

    def __init__(self, url: str, key: str | None, timeout_s: float = 5.0,
                 transport: httpx.BaseTransport | None = None):
        self.url = url.rstrip("/")
        self.key = key
        self.timeout_s = timeout_s
        self.transport = transport

    @classmethod
    def of(cls, cfg: LibrarySettings) -> HttpLibrary:
        assert cfg.url
        return cls(cfg.url, cfg.key.get_secret_value() if cfg.key else None, cfg.timeout_s)

    def _call(self, method: str, path: str) -> httpx.Response:
        headers = {"Accept": "application/json"}
        if self.key:
            headers["Authorization"] = f"Bearer {self.key}"
        try:
            with httpx.Client(timeout=self.timeout_s, transport=self.transport) as http:
                return http.request(method, self.url + path, headers=headers)
        except httpx.HTTPError as e:
            log.warning("library system %s %s: %s", method, path.split("/")[1], type(e).__name__)
            raise Unavailable from None

    @staticmethod
    def _error(r: httpx.Response) -> str | None:
        try:
            body = r.json()
        except ValueError:
            return None
        return body.get("error") if isinstance(body, dict) else None

    def _refuse(self, r: httpx.Response) -> Exception:
        """The contract's refusal as its AppError; anything else is Unavailable."""
        refusal = REFUSALS.get(self._error(r) or "") if r.status_code in (404, 409) else None
        if refusal is None:
            log.warning("library system answered %s", r.status_code)
            return Unavailable()
        return refusal()

    def _parse(self, model: type[BaseModel], r: httpx.Response):
        try:
            return model.model_validate_json(r.content)
        except ValidationError as e:
            log.warning("library system answer off the contract: %s", e.errors()[:1])
            raise Unavailable from None

    def member_for(self, sub: str) -> Member | None:
        r = self._call("GET", f"/members/by-sub/{quote(sub, safe='')}")
        if r.status_code == 404 and self._error(r) == "not_member":
            return None
        if r.status_code != 200:
            raise self._refuse(r)
        m = self._parse(WireMember, r)
        return Member(m.member_no, m.name)

    def register(self, sub: str, name: str) -> Member:
        raise NotMember  # one joins the library at the desk, with an ID card

    def loans(self, member_no: str) -> list[Loan]:
        r = self._call("GET", f"/members/{quote(member_no, safe='')}/loans")
        if r.status_code != 200:
            raise self._refuse(r)
        return [w.loan() for w in self._parse(WireLoans, r).loans]

    def renew(self, member_no: str, loan_id: str) -> Loan:
        r = self._call("POST", f"/members/{quote(member_no, safe='')}/loans/"
                               f"{quote(loan_id, safe='')}/renew")
        if r.status_code != 200:
            raise self._refuse(r)
        return self._parse(WireRenewed, r).loan.loan()
