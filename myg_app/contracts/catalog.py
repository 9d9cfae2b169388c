from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from myg_app import catalog


class CatalogItem(BaseModel):
    id: str
    name_ko: str
    name_en: str
    icon: str
    category: str
    route: str
    login_required: bool
    status: Literal["available", "planned"]

    @classmethod
    def of(cls, f: catalog.Function) -> "CatalogItem":
        return cls(id=f.id, name_ko=f.name_ko, name_en=f.name_en, icon=f.icon,
                   category=f.category, route=f.route, login_required=f.login_required,
                   status=f.status)


class CatalogResponse(BaseModel):
    items: list[CatalogItem]
