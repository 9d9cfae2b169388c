from myg_app import catalog
from myg_app.contracts.menu import Menu

import pytest
from pydantic import ValidationError


def test_27_unique_functions():
    ids = [f.id for f in catalog.FUNCTIONS]
    assert len(ids) == 27 == len(set(ids))


def test_every_category_exists_and_is_used():
    used = {f.category for f in catalog.FUNCTIONS}
    assert used <= set(catalog.CATEGORY_BY_ID)
    assert used == set(catalog.CATEGORY_BY_ID)


def test_routes_and_fields():
    for f in catalog.FUNCTIONS:
        assert f.route == f"/f/{f.id}"
        assert f.name_ko and f.name_en and f.icon and f.summary_ko
        assert f.status in ("available", "planned")


def test_default_menu_is_valid():
    assert 0 < len(catalog.DEFAULT_MENU) <= catalog.MAX_PINS
    assert catalog.menu_problems(list(catalog.DEFAULT_MENU)) == []


def test_menu_problems_name_each_problem():
    ids = [f.id for f in catalog.FUNCTIONS]
    assert "최대 14개" in catalog.menu_problems(ids[:15])[0]
    assert "(현재 15개)" in catalog.menu_problems(ids[:15])[0]
    assert catalog.menu_problems(ids[:14]) == []
    assert catalog.menu_problems(["chat", "warp"]) == ["없는 기능입니다: warp"]
    dup = catalog.menu_problems(["chat", "bus", "chat"])
    assert len(dup) == 1 and "두 번" in dup[0] and "1:1 민원상담 채팅" in dup[0]
    assert catalog.menu_problems([]) == []


def test_menu_contract_uses_the_shared_rule():
    with pytest.raises(ValidationError, match="없는 기능"):
        Menu(items=["nope"])
    assert Menu(items=[]).items == []
