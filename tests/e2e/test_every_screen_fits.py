"""Every screen at 360×800 in large text: nothing runs off the side (an overflowing row, a
label too long for its line), visited as a guest, the demo citizen and the demo admin. The
tour is tests/e2e/tour.py; run it as a program for screenshots of every screen."""

from __future__ import annotations

import pytest

from tests.e2e.tour import tour
from tests.screen_routes import GUEST_ROUTES, OFFICER_ROUTES

# One test per person and part, each on a fresh page: a single app session through every
# screen grew slow as functions were added, and a part stays well inside the time limit.
PARTS = [("guest", 0, 2), ("guest", 1, 2), ("citizen", 0, 2), ("citizen", 1, 2),
         ("admin", 0, 1)]
ENOUGH = {"guest": len(GUEST_ROUTES) // 2, "citizen": 20, "admin": len(OFFICER_ROUTES)}


@pytest.mark.timeout(300)  # each part takes 20-40 s on an idle machine; a hung browser is cut
@pytest.mark.parametrize("who, k, n", PARTS, ids=[f"{w}-{k + 1}of{n}" for w, k, n in PARTS])
def test_every_screen_fits_a_phone_in_large_text(ui, server, who, k, n):
    ui.resize(360, 800)
    ui.turn_on_large_text()
    visited: list[str] = []
    found = tour(ui, server, 360, lambda w, route: visited.append(f"{w} {route}"),
                 people=(who,), part=(k, n))
    assert len(visited) >= ENOUGH[who], visited  # every route, not a tour cut short
    report = "\n".join(f"{where}: {boxes[:4]}" for where, boxes in found.items())
    assert not found, f"{len(found)} screens run off the side at 360 px:\n{report}"
