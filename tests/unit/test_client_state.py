from myg_app import catalog
from myg_app.client.features.full_menu import matches
from myg_app.client.state import merge_menus, sanitize_menu


def test_merge_keeps_account_order_then_adds_device_pins():
    assert merge_menus(["chat", "report"], ["sos", "chat", "bus"]) == ["chat", "report", "sos", "bus"]


def test_merge_never_exceeds_14():
    account = [f.id for f in catalog.FUNCTIONS[:12]]
    guest = [f.id for f in catalog.FUNCTIONS[10:20]]
    merged = merge_menus(account, guest)
    assert len(merged) == catalog.MAX_PINS
    assert merged[:12] == account
    assert catalog.menu_problems(merged) == []


def test_sanitize_drops_unknown_duplicate_and_extra_items():
    assert sanitize_menu(["chat", "nope", "chat", 3, "sos"]) == ["chat", "sos"]
    assert sanitize_menu("garbage") == list(catalog.DEFAULT_MENU)
    assert len(sanitize_menu([f.id for f in catalog.FUNCTIONS])) == catalog.MAX_PINS


def test_search_matches_korean_english_and_ignores_spaces():
    by = catalog.BY_ID
    assert matches(by["bus"], "버스")
    assert matches(by["bus"], "BUS")
    assert matches(by["bulky_waste"], "대형 폐기물")
    assert matches(by["sports"], "sports facility")
    assert not matches(by["bus"], "병원")
    assert {f.id for f in catalog.FUNCTIONS if matches(f, "예약")} == {"facility", "sports", "course", "legal"}
    assert {f.id for f in catalog.FUNCTIONS if matches(f, "여권")} == {"dept_call"}
