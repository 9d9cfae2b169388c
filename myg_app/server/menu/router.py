"""HTTP for 나의메뉴: GET/PUT /me/menu."""
from __future__ import annotations

from fastapi import APIRouter

from myg_app.contracts.menu import Menu
from myg_app.server.auth.deps import CurrentUser
from myg_app.server.deps import SessionDep
from myg_app.server.menu import service
from myg_app.server.problems import problem_responses

router = APIRouter(prefix="/me/menu", tags=["menu"])


@router.get("", response_model=Menu, responses=problem_responses(401), summary="나의메뉴 조회")
def get_menu(user: CurrentUser, session: SessionDep) -> Menu:
    return Menu.model_construct(items=service.get_menu(session, user.id))


@router.put("", response_model=Menu, responses=problem_responses(401, 422),
            summary="나의메뉴 저장 (전체 교체, 최대 14개)")
def put_menu(body: Menu, user: CurrentUser, session: SessionDep) -> Menu:
    # `Menu` already ran catalog.menu_problems; a bad list never gets here (422).
    return Menu.model_construct(items=service.set_menu(session, user.id, body.items))
