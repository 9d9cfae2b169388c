"""HTTP for 부서 전화 연결: GET /directory?q=여권 (no login needed)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from myg_app.contracts import types as t
from myg_app.contracts.directory import DirectoryEntry, DirectoryList
from myg_app.server.deps import SessionDep
from myg_app.server.directory import service

router = APIRouter(prefix="/directory", tags=["directory"])


@router.get("", response_model=DirectoryList, summary="부서 전화번호 찾기 (업무 이름으로 검색)")
def search(session: SessionDep,
           q: Annotated[t.line(service.MAX_QUERY), Query(description="업무 이름, 예: 여권, 쓰레기")] = "") -> DirectoryList:
    rows = service.search(session, q)
    return DirectoryList(query=q.strip(), items=[
        DirectoryEntry(id=e.id, division=e.division, department=e.department,
                       tasks=service.tasks_of(e), phone=e.phone, matched=matched)
        for e, matched in rows])
