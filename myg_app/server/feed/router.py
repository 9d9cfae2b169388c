"""HTTP for 맞춤 정보: GET /feed (guests and citizens), GET/PUT /me/feed-interests."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from myg_app.contracts import feed as c
from myg_app.contracts import types as t
from myg_app.contracts.alerts import check_dongs
from myg_app.server.auth.deps import CurrentUser, OptionalUser
from myg_app.server.deps import SessionDep
from myg_app.server.errors import AppError
from myg_app.server.feed import service
from myg_app.server.problems import problem_responses

router = APIRouter(tags=["my_feed"])


@router.get("/feed", response_model=c.FeedPage, responses=problem_responses(401, 422),
            summary="맞춤 정보 (관심 지역·관심사별 알림, 소식, 혜택, 일정)")
def get_feed(session: SessionDep, user: OptionalUser,
             dong: Annotated[list[t.token(20)], Query(max_length=12,
                                                    description="손님: 관심 읍면동 코드")] = [],  # noqa: B006
             topic: Annotated[list[c.Topic], Query(max_length=4,
                                                  description="손님: 관심사")] = [],  # noqa: B006
             cursor: Annotated[t.token(200) | None, Query()] = None,
             limit: Annotated[int, Query(ge=1, le=50)] = service.PAGE) -> c.FeedPage:
    try:
        codes = check_dongs(dong)
    except ValueError as e:
        raise AppError(422, "feed.bad_dong", str(e), field="dong") from None
    return service.feed(session, user, dong_codes=codes, topics=list(dict.fromkeys(topic)),
                        cursor=cursor, limit=limit)


@router.get("/me/feed-interests", response_model=c.Interests, responses=problem_responses(401),
            summary="내 관심사 (읍면동은 재난 알림 설정과 같습니다)")
def get_interests(user: CurrentUser, session: SessionDep) -> c.Interests:
    return service.interests_of(session, user)


@router.put("/me/feed-interests", response_model=c.Interests,
            responses=problem_responses(401, 422), summary="관심사 바꾸기")
def put_interests(body: c.TopicsIn, user: CurrentUser, session: SessionDep) -> c.Interests:
    return service.set_topics(session, user, body.topics)
