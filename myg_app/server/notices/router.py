"""HTTP for notices: GET /me/notices, POST /me/notices/read, POST /me/notices/{id}/read."""
from __future__ import annotations

from fastapi import APIRouter

from myg_app.contracts import types as t
from myg_app.contracts.notices import NoticeList, NoticeOut
from myg_app.server.auth.deps import CurrentUser
from myg_app.server.deps import SessionDep
from myg_app.server.notices import service
from myg_app.server.problems import AppError, problem_responses

router = APIRouter(prefix="/me/notices", tags=["notices"])


@router.get("", response_model=NoticeList, responses=problem_responses(401),
            summary="내 알림 (최근 50개)")
def list_notices(user: CurrentUser, session: SessionDep) -> NoticeList:
    rows, unread = service.list_for(session, user.id)
    return NoticeList(unread=unread, items=[
        NoticeOut(id=n.id, kind=n.kind, title=n.title, body=n.body, link=n.link,
                  created_at=n.created_at, read=n.read_at is not None) for n in rows])


@router.post("/read", status_code=204, responses=problem_responses(401), summary="모두 읽음")
def read_all(user: CurrentUser, session: SessionDep) -> None:
    service.mark_read(session, user.id)


@router.post("/{notice_id}/read", status_code=204, responses=problem_responses(401, 404),
             summary="알림 읽음")
def read_one(notice_id: t.Id, user: CurrentUser, session: SessionDep) -> None:
    # Already read is fine (a retry); someone else's notice looks like a missing one.
    if not service.mark_read(session, user.id, notice_id) and not service.owns(
            session, user.id, notice_id):
        raise AppError(404, "notice.not_found", "알림을 찾을 수 없습니다.")
