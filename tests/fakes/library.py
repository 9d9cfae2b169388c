"""A local fake of the 시립도서관 system's JSON API, as docs/LIBRARY.md defines it, so the
HttpLibrary adapter (myg_app/server/library/remote.py) is tested over real HTTP.

    GET  /members/by-sub/{sub}                       {"member_no", "name"} | 404 not_member
    GET  /members/{member_no}/loans                  {"loans": [...]} | 404 not_member
    POST /members/{member_no}/loans/{loan_id}/renew  {"loan": {...}}
         | 409 already_renewed | overdue | reserved, 404 loan_not_found | not_member

A wrong or missing `Authorization: Bearer <key>` answers 401 {"error": "unauthorized"}. The
fake keeps its own books and applies the renewal rules itself (one renewal, today + 14 days,
none when overdue or reserved), as a library system would. Knobs: `fail_next(n, status)`
(an HTML error page), `garbage_next(n)` (200 with a body off the contract), `delay_s`.
`calls` records (method, path, key_ok), never the key.
"""
from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from myg_app.seoul_time import today_seoul
from tests.fakes.ports import serving

FAKE_KEY = "fake-library-key-0123"


class FakeLibrary:
    def __init__(self, key: str = FAKE_KEY):
        self.key = key
        self._lock = threading.Lock()
        self.members: dict[str, dict] = {}  # sub -> {"member_no", "name"}
        self.loans: dict[str, dict[str, dict]] = {}  # member_no -> loan id -> loan
        self.calls: list[tuple[str, str, bool]] = []
        self.script: list[Response] = []
        self.delay_s = 0.0
        self.app = self._build()

    # the data -----------------------------------------------------------------------------
    def add_member(self, sub: str, member_no: str, name: str) -> None:
        self.members[sub] = {"member_no": member_no, "name": name}
        self.loans.setdefault(member_no, {})

    def lend(self, member_no: str, loan_id: str, title: str, *, due_in: int, renewals: int = 0,
             reserved: bool = False, author: str | None = None) -> None:
        today = today_seoul()
        self.loans[member_no][loan_id] = {
            "id": loan_id, "title": title, "author": author,
            "loaned_on": (today - timedelta(days=14 - due_in)).isoformat(),
            "due_on": (today + timedelta(days=due_in)).isoformat(), "renewals": renewals,
            "reserved": reserved}

    # knobs ----------------------------------------------------------------------------------
    def fail_next(self, n: int = 1, status: int = 500) -> None:
        self.script += [Response("<html>Internal error</html>", status,
                                 media_type="text/html")] * n

    def garbage_next(self, n: int = 1) -> None:
        self.script += [JSONResponse({"loans": [{"id": "x y", "title": 5}]})] * n

    # the API --------------------------------------------------------------------------------
    def _build(self) -> FastAPI:
        app = FastAPI()

        def refuse(status: int, error: str) -> JSONResponse:
            return JSONResponse({"error": error}, status)

        async def gate(request: Request) -> Response | None:
            ok = request.headers.get("authorization") == f"Bearer {self.key}"
            self.calls.append((request.method, request.url.path, ok))
            if self.delay_s:
                await asyncio.sleep(self.delay_s)
            with self._lock:
                if self.script:
                    return self.script.pop(0)
            return None if ok else refuse(401, "unauthorized")

        @app.get("/members/by-sub/{sub}")
        async def member(sub: str, request: Request):
            if (stop := await gate(request)) is not None:
                return stop
            m = self.members.get(sub)
            return JSONResponse(m) if m else refuse(404, "not_member")

        @app.get("/members/{member_no}/loans")
        async def loans(member_no: str, request: Request):
            if (stop := await gate(request)) is not None:
                return stop
            if member_no not in self.loans:
                return refuse(404, "not_member")
            return JSONResponse({"loans": list(self.loans[member_no].values())})

        @app.post("/members/{member_no}/loans/{loan_id}/renew")
        async def renew(member_no: str, loan_id: str, request: Request):
            if (stop := await gate(request)) is not None:
                return stop
            if member_no not in self.loans:
                return refuse(404, "not_member")
            with self._lock:
                loan = self.loans[member_no].get(loan_id)
                if loan is None:
                    return refuse(404, "loan_not_found")
                today = today_seoul()
                if date.fromisoformat(loan["due_on"]) < today:
                    return refuse(409, "overdue")
                if loan["renewals"] >= 1:
                    return refuse(409, "already_renewed")
                if loan["reserved"]:
                    return refuse(409, "reserved")
                loan["due_on"] = (today + timedelta(days=14)).isoformat()
                loan["renewals"] += 1
                return JSONResponse({"loan": loan})

        return app


@contextmanager
def serve_fake_library(fake: FakeLibrary) -> Iterator[str]:
    """Serve `fake` on a free loopback port; yields its base URL (MYG_LIBRARY_URL)."""
    with serving(fake.app, "the fake library system") as root:
        yield root
