from __future__ import annotations

from pydantic import BaseModel, Field, field_validator

from myg_app import catalog
from myg_app.contracts.types import token


class Menu(BaseModel):
    """나의메뉴: pinned function ids in the citizen's order (at most 14)."""

    items: list[token(60)] = Field(max_length=100)

    @field_validator("items")
    @classmethod
    def _valid(cls, v: list[str]) -> list[str]:
        problems = catalog.menu_problems(v)
        if problems:  # one problem keeps its template (told in the caller's language)
            raise ValueError(problems[0] if len(problems) == 1 else " ".join(problems))
        return v
