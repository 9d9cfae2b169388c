from __future__ import annotations

from pydantic import BaseModel, field_validator

from myg_app import catalog


class Menu(BaseModel):
    """나의메뉴: pinned function ids in the citizen's order (at most 14)."""

    items: list[str]

    @field_validator("items")
    @classmethod
    def _valid(cls, v: list[str]) -> list[str]:
        problems = catalog.menu_problems(v)
        if problems:
            raise ValueError(" ".join(problems))
        return v
