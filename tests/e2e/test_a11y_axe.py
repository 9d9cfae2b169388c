"""axe-core over a few screens (home, 로그인, a function, 설정, 나의메뉴 편집): no serious or
critical violation; the moderate and minor ones are printed for the report."""

from __future__ import annotations

import pytest

from tests.e2e.a11y import describe, run_axe, split

SCREENS = [
    ("/", "home-title"),
    ("/login", "login-title"),
    ("/f/dept_call", "function-dept_call-title"),
    ("/f/report", "function-report-title"),
    ("/settings", "settings-title"),
    ("/menu/edit", "edit-title"),
]


@pytest.mark.parametrize("route,title", SCREENS, ids=[r for r, _ in SCREENS])
def test_no_serious_axe_violations(ui, route, title):
    # Tall enough for the whole screen: a control cut by the scroll view's edge has a sliver
    # of a box, which axe's target-size rule would count as a tiny target (the 48 px targets
    # themselves are checked in tests/ui/test_a11y_walk.py).
    ui.resize(400, 1600)
    ui.open(route)
    ui.wait_id(title)
    ui.settle()
    bad, other = split(run_axe(ui.page))
    if other:
        print(f"\naxe on {route}: {len(other)} moderate/minor\n{describe(other)}")
    assert not bad, f"axe on {route}: serious/critical violations\n{describe(bad)}"
