"""Every screen at 360×800 in large text: nothing runs off the side (an overflowing row, a
label too long for its line), visited as a guest, the demo citizen and the demo admin. The
tour is tests/e2e/tour.py; run it as a program for screenshots of every screen."""

from __future__ import annotations

from tests.e2e.tour import tour


def test_every_screen_fits_a_phone_in_large_text(ui, server):
    ui.resize(360, 800)
    ui.turn_on_large_text()
    visited: list[str] = []
    found = tour(ui, server, 360, lambda who, route: visited.append(f"{who} {route}"))
    assert len(visited) > 60, visited  # every route, not a tour cut short
    report = "\n".join(f"{where}: {boxes[:4]}" for where, boxes in found.items())
    assert not found, f"{len(found)} screens run off the side at 360 px:\n{report}"
