"""나의메뉴 rules. Validity itself is `catalog.menu_problems`, shared with the client."""
from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from myg_app import catalog
from myg_app.server.auth.models import User
from myg_app.server.menu.models import MenuPin


def get_menu(session: Session, user_id: int) -> list[str]:
    ids = session.scalars(
        select(MenuPin.function_id).where(MenuPin.user_id == user_id).order_by(MenuPin.position))
    # A function later removed from the catalog simply drops out instead of breaking the menu.
    return [f for f in ids if f in catalog.BY_ID]


def set_menu(session: Session, user_id: int, items: list[str]) -> list[str]:
    """Replace the whole menu in the caller's transaction (all or nothing)."""
    problems = catalog.menu_problems(items)
    if problems:  # routers validate first; this guards other callers (seed, services)
        raise ValueError(" ".join(problems))
    # Lock the owner's row so two parallel PUTs run one after the other on PostgreSQL
    # (SQLite already serialises writers); otherwise both inserts would collide.
    session.execute(select(User.id).where(User.id == user_id).with_for_update())
    session.execute(delete(MenuPin).where(MenuPin.user_id == user_id))
    session.add_all(MenuPin(user_id=user_id, position=i, function_id=f) for i, f in enumerate(items))
    session.flush()
    return list(items)
