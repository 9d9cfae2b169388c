"""Accessibility walk (KWCAG 2.2 / WCAG 2.2): every route, in both text sizes, in the headless
Flet session. Fails on an interactive control with no accessible name, or a tap target under
48 px (56 px in large-text mode), and lists every offender with its route.

What it can see: the control tree (no layout runs headless), so a size is the one the control
declares (its height, its IconButton size constraints) or that of a tappable container around
it (a settings row, a checkbox's target square). Controls Flutter draws at 40 px by default
(buttons without a height, checkboxes, switches, radios, the implied back button) fail unless
something makes them bigger. A name is visible text, a label, a tooltip or a Semantics label;
Flutter's DropdownMenu does not expose its label, so a dropdown needs a Semantics label.
"""

from __future__ import annotations

import asyncio
import dataclasses

import flet as ft
import httpx
import pytest
from flet.controls.base_control import BaseControl

from myg_app.client.features.layout import PAD, PHONE_WIDTH, drawn_width
from myg_app.client.theme import BASE_SIZES
from tests.screen_routes import (
    GUEST_ROUTES,
    OFFICER_ROUTES,
    RESERVATIONS,
    citizen_routes,
)
from tests.ui.conftest import DEMO_PASSWORD, finish_background_tasks
from tests.ui.headless import target_height

# Offenders in screens other engineers own, fixed in their own issues. Each entry: a route
# prefix and a substring of the offender's description. Keep it short, and delete an entry
# when its issue lands.
ALLOWED: tuple[tuple[str, str, str], ...] = (
    # (route prefix, offender substring, why). Empty: every screen passes.
)

BUTTONS = (ft.Button, ft.FilledButton, ft.OutlinedButton, ft.TextButton, ft.FilledTonalButton,
           ft.ElevatedButton) if hasattr(ft, "ElevatedButton") else (
    ft.Button, ft.FilledButton, ft.OutlinedButton, ft.TextButton, ft.FilledTonalButton)
TOGGLES = (ft.Checkbox, ft.Switch, ft.Radio)
SKIP_FIELDS = {"parent", "page", "data", "key"}
FIELD_LABEL = BASE_SIZES["body_medium"]  # the size fields draw their labels and hints at
# A field's text room on a 360 px phone: the view's padding and the field's own on each side.
FIELD_ROOM = PHONE_WIDTH - 2 * PAD - 2 * 12


def children(c: BaseControl):
    for f in dataclasses.fields(c):
        if f.name in SKIP_FIELDS or f.name.startswith("_"):
            continue
        v = getattr(c, f.name, None)
        if isinstance(v, BaseControl):
            yield v
        elif isinstance(v, list):
            yield from (x for x in v if isinstance(x, BaseControl))


def texts(c: BaseControl) -> str:
    """The visible text inside `c` (a button's label, a tile's name), and the accessible name
    a control inside it carries (a checkbox's semantics_label names the square around it)."""
    out = []
    if isinstance(c, ft.Text) and isinstance(c.value, str):
        out.append(c.semantics_label or c.value)  # what it is called aloud
    for f in ("content", "label", "text", "semantics_label"):
        v = getattr(c, f, None)
        if isinstance(v, str) and not isinstance(c, ft.Text):
            out.append(v)
    for ch in children(c):
        out.append(texts(ch))
    return " ".join(x for x in out if x and x.strip())


def sem_label(chain: list[BaseControl]) -> str | None:
    for a in reversed(chain):
        if isinstance(a, ft.Semantics) and a.label:
            return a.label
    return None


def covered(chain: list[BaseControl], target: int) -> bool:
    """Inside a square or row at least one target tall that a tap anywhere on activates: a
    container that tall on the way up, with a tappable container at or above it."""
    tall = False
    for a in reversed(chain):
        if isinstance(a, ft.Container) and (a.height or 0) >= target \
                and (a.width is None or a.width >= target):
            tall = True
        if tall and isinstance(a, ft.Container) and a.on_click is not None:
            return True
    return False


def describe(c: BaseControl, chain: list[BaseControl]) -> str:
    ident = next((a.identifier for a in reversed(chain)
                  if isinstance(a, ft.Semantics) and a.identifier), None)
    name = (texts(c) or getattr(c, "tooltip", None) or sem_label(chain) or "")[:30]
    return f"{type(c).__name__}[{ident or '-'}] {name!r}"


def check_control(c, chain, target, problems: list[str]) -> None:
    label = sem_label(chain)
    what = describe(c, chain)
    if isinstance(c, BUTTONS):
        if not (texts(c) or c.tooltip or label):
            problems.append(f"no name: {what}")
        if target_height(c) < target and not covered(chain, target):
            problems.append(f"under {target} px (height {target_height(c)}): {what}")
    elif isinstance(c, ft.IconButton):
        if not (c.tooltip or label):
            problems.append(f"no name: {what}")
        sc = c.size_constraints
        big = sc is not None and (sc.min_height or 0) >= target and (sc.min_width or 0) >= target
        if not big and min(c.width or 0, c.height or 0) < target and not covered(chain, target):
            problems.append(f"under {target} px: {what}")
    elif isinstance(c, TOGGLES):
        name = (c.label if isinstance(c.label, str) else None) or label or getattr(
            c, "semantics_label", None)
        if not name:
            problems.append(f"no name: {what}")
        size = BASE_SIZES["body_large"] * (1.5 if target >= 56 else 1)
        if isinstance(c.label, str) and drawn_width(c.label, size) > FIELD_ROOM + 24 - target:
            # Flutter draws a checkbox's or a switch's own label on one line: it runs off.
            problems.append(f"label longer than a phone's line: {what} {c.label!r} "
                            "(put the explanation in a text beside it)")
        if not c.disabled and not covered(chain, target):  # a disabled one is no target
            problems.append(f"under {target} px (Flutter draws it 32-40 px): {what}")
    elif isinstance(c, ft.Dropdown):
        if not label:
            problems.append(f"no name (DropdownMenu hides its label): {what} label={c.label!r}")
    elif isinstance(c, ft.TextField):
        if not (c.label or c.hint_text or label):
            problems.append(f"no name: {what}")
        for part in (c.label, c.hint_text):
            # A label or hint must fit one line of a phone-wide field; in large text a long
            # one wraps inside the box and squeezes what is typed. Examples go in helper_text.
            size = FIELD_LABEL * (1.5 if target >= 56 else 1)
            room = FIELD_ROOM - (target if c.suffix_icon else 0)  # the password eye
            if isinstance(part, str) and not c.multiline and drawn_width(part, size) > room:
                problems.append(f"label or hint longer than a phone-wide field: {what} "
                                f"{part!r} (put the example in helper_text)")
        if c.password and c.can_reveal_password:
            problems.append(f"no name: the password eye of {what} (Flutter's reveal button)")
    elif isinstance(c, ft.Container) and c.on_click is not None:
        if not (texts(c) or label):
            problems.append(f"no name: tappable {what}")
        if c.height is not None and c.height < target:
            problems.append(f"under {target} px (height {c.height}): tappable {what}")


def walk_view(view: ft.View, target: int) -> list[str]:
    problems: list[str] = []
    bar = view.appbar
    if isinstance(bar, ft.AppBar) and view.route not in ("/", "") and bar.leading is None \
            and bar.automatically_imply_leading:
        problems.append("Flutter's back button: named \"Back\" in English, 40 px")

    def walk(c: BaseControl, chain: list[BaseControl]) -> None:
        if getattr(c, "visible", True) is False:
            return
        check_control(c, chain, target, problems)
        for ch in children(c):
            walk(ch, chain + [c])

    walk(view, [])
    # Names that tell nothing apart: three or more buttons all called the same ("추가" x 19).
    same: dict[str, int] = {}

    def names(c: BaseControl, chain: list[BaseControl]) -> None:
        if getattr(c, "visible", True) is False:
            return
        if isinstance(c, (*BUTTONS, ft.IconButton)):
            name = sem_label(chain) or c.tooltip if isinstance(c, ft.IconButton) else (
                sem_label(chain) or texts(c))
            if name:
                same[name] = same.get(name, 0) + 1
        for ch in children(c):
            names(ch, chain + [c])

    names(view, [])
    problems += [f"{n} buttons all named {name!r}" for name, n in same.items() if n >= 3]
    return problems


def allowed(route: str, problem: str) -> bool:
    return any(route.startswith(r) and s in problem for r, s, _ in ALLOWED)


async def first_resources(api_app) -> dict[str, int | None]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=api_app),
                                 base_url="http://testserver/api/v1") as http:
        out: dict[str, int | None] = {}
        for fid in RESERVATIONS:
            got = await http.get("/reservations/resources", params={"kind": fid})
            items = got.json().get("items", []) if got.status_code == 200 else []
            out[fid] = items[0]["id"] if items else None
        return out


async def sign_in(ui, email: str) -> None:
    await ui.go("/login")
    await ui.type("login-email", email)
    await ui.type("login-password", DEMO_PASSWORD)
    await ui.tap("login-submit")
    await ui.settle(lambda: ui.app.signed_in)
    assert ui.app.signed_in, email


async def visit(ui, routes: list[str], who: str, found: dict[str, list[str]]) -> None:
    for route in routes:
        await ui.go(route)
        # Let the screen's data load (lists, forms filled from the API) before looking.
        await ui.settle(lambda: not any(isinstance(c, ft.ProgressRing) and c.visible
                                        for c in list(ui.session.index.values())), timeout=5)
        await asyncio.sleep(0.05)
        view = ui.page.views[-1]
        target = ui.app.m.target
        for p in walk_view(view, target):
            if not allowed(route, p):
                found.setdefault(f"{who} {route} (shown: {view.route})", []).append(p)


@pytest.mark.parametrize("large", [False, True], ids=["normal-text", "large-text"])
async def test_every_route_names_its_controls_and_gives_full_targets(open_app, api_app, large):
    found: dict[str, list[str]] = {}
    guest = await open_app(width=360)
    if large:
        await guest.app.set_large_text(True)
    await visit(guest, GUEST_ROUTES, "guest", found)

    citizen = await open_app(width=360)
    if large:
        await citizen.app.set_large_text(True)
    await sign_in(citizen, "citizen@gwangyang.demo")
    await visit(citizen, citizen_routes(await first_resources(api_app)), "citizen", found)

    admin = await open_app(width=1280)
    if large:
        await admin.app.set_large_text(True)
    await sign_in(admin, "admin@gwangyang.demo")
    await visit(admin, OFFICER_ROUTES, "admin", found)
    await finish_background_tasks()  # no load left running into the next test's database

    report = "\n".join(f"{where}:\n  " + "\n  ".join(dict.fromkeys(ps))
                       for where, ps in found.items())
    n = sum(len(set(ps)) for ps in found.values())
    assert not found, f"{n} accessibility problems ({'large' if large else 'normal'} text):\n{report}"
