"""A tour of every screen in the browser: in-app navigation to each route of
tests/screen_routes.py, a check that nothing runs off the side of the screen, and (run as a
program) screenshots of every screen in light, dark and large text, with contact sheets to look
through.

    uv run python -m tests.e2e.tour [--out artifacts/tour] [--width 360] [--height 800]

starts its own server with demo data, like the browser tests.
"""

from __future__ import annotations

import argparse
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import httpx

from tests.e2e.accounts import DEMO_PASSWORD, sign_in
from tests.e2e.flet_page import FletPage
from tests.screen_routes import (
    GUEST_ROUTES,
    OFFICER_ROUTES,
    RESERVATIONS,
    citizen_routes,
)

# Every laid-out node whose box leaves [0, width], outside horizontally scrolling strips (a
# chip row that scrolls sideways shows its later chips past the edge on purpose).
_OFF_SIDE_JS = """(width) => {
  const scrollsSideways = (e) => {
    for (let a = e.parentElement; a; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if ((o === 'scroll' || o === 'auto') && a.scrollWidth > a.clientWidth + 1) return true;
    }
    return false;
  };
  return Array.from(document.querySelectorAll('flt-semantics')).map(e => {
    const r = e.getBoundingClientRect();
    return {e, id: e.getAttribute('flt-semantics-identifier') || '',
            name: (e.getAttribute('aria-label') || (e.childElementCount ? '' : e.textContent)
                   || '').slice(0, 60),
            x: Math.round(r.x), w: Math.round(r.width), h: Math.round(r.height)};
  }).filter(b => b.w > 0 && b.h > 0 && (b.x < -0.5 || b.x + b.w > width + 0.5)
                 && !scrollsSideways(b.e))
    .map(({e, ...b}) => b);
}"""


def go(ui: FletPage, route: str) -> None:
    """Open `route` inside the running app, as a link does (no page load: the session, its
    sign-in and the device settings stay), and wait until the screen has loaded."""
    ui.page.evaluate("""(r) => { history.pushState(null, '', r);
                                window.dispatchEvent(new PopStateEvent('popstate')); }""", route)
    ui.wait_loaded()


def off_side(ui: FletPage, width: int) -> list[dict]:
    return ui.page.evaluate(_OFF_SIDE_JS, width)


def first_resources(server: str) -> dict[str, int | None]:
    out: dict[str, int | None] = {}
    with httpx.Client(base_url=server + "/api/v1") as http:
        for fid in RESERVATIONS:
            items = http.get("/reservations/resources", params={"kind": fid}).json()
            items = items.get("items", []) if isinstance(items, dict) else []
            out[fid] = items[0]["id"] if items else None
    return out


PEOPLE = ("guest", "citizen", "admin")


def tour(ui: FletPage, server: str, width: int,
         on_screen: Callable[[str, str], None],
         only: tuple[str, ...] = (), people: tuple[str, ...] = PEOPLE,
         part: tuple[int, int] = (0, 1)) -> dict[str, list[dict]]:
    """Visit every route (or those containing one of `only`) as a guest, the demo citizen and
    the demo admin (or those of them in `people`; signed in and out through the app), calling
    `on_screen(who, route)` on each; returns what ran off the side, by "who route".
    `part=(k, n)`: only every n-th route from the k-th, so a long tour can be split over fresh
    pages (one app session through 60 screens grew slow and once stopped answering)."""
    found: dict[str, list[dict]] = {}

    def visit(who: str, routes: list[str]) -> None:
        for route in routes[part[0]::part[1]]:
            if only and not any(part in route for part in only):
                continue
            go(ui, route)
            on_screen(who, route)
            bad = off_side(ui, width)
            if bad:
                found[f"{who} {route}"] = bad

    def sign_out() -> None:
        go(ui, "/account")
        ui.click_id("account-logout")
        ui.wait_id("home-login")

    go(ui, "/")
    if "guest" in people:
        visit("guest", GUEST_ROUTES)
        go(ui, "/")
    if "citizen" in people:
        sign_in(ui, "citizen@gwangyang.demo", DEMO_PASSWORD)
        visit("citizen", citizen_routes(first_resources(server)))
        sign_out()
    if "admin" in people:
        sign_in(ui, "admin@gwangyang.demo", DEMO_PASSWORD)
        visit("admin", OFFICER_ROUTES)
        sign_out()
    return found


def slug(who: str, route: str) -> str:
    return who + "_" + (re.sub(r"[^a-z0-9]+", "_", route.lower()).strip("_") or "home")


def contact_sheets(shots: list[Path], out: Path, per_sheet: int = 12) -> list[Path]:
    """Screenshots side by side, `per_sheet` to an image, with their names above them."""
    from PIL import Image, ImageDraw

    sheets = []
    for start in range(0, len(shots), per_sheet):
        batch = [Image.open(p) for p in shots[start:start + per_sheet]]
        w, h = batch[0].size
        cols = 6
        rows = (len(batch) + cols - 1) // cols
        sheet = Image.new("RGB", (cols * (w + 10), rows * (h + 30)), "grey")
        draw = ImageDraw.Draw(sheet)
        for i, (img, path) in enumerate(zip(batch, shots[start:start + per_sheet])):
            x, y = (i % cols) * (w + 10), (i // cols) * (h + 30)
            draw.text((x + 4, y + 8), path.stem, fill="white")
            sheet.paste(img, (x, y + 30))
        target = out / f"sheet_{start // per_sheet + 1:02d}.png"
        sheet.save(target, optimize=True)
        sheets.append(target)
    return sheets


def main() -> None:
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROME_ARGS, chromium_path, start_server, stop_server

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=Path("artifacts/tour"))
    ap.add_argument("--width", type=int, default=360)
    ap.add_argument("--height", type=int, default=800)
    ap.add_argument("--only", default="", help="comma-separated parts of the routes to visit, "
                                               "e.g. welfare,subsidy24")
    args = ap.parse_args()
    only = tuple(p for p in args.only.split(",") if p)
    data = Path(tempfile.mkdtemp(prefix="myg-tour-"))
    proc, server = start_server(data, data / "server.log")
    problems: dict[str, dict[str, list[dict]]] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), headless=True,
                                        args=CHROME_ARGS)
            for variant, dark, large in (("light", False, False), ("dark", True, False),
                                         ("large", False, True)):
                out = args.out / variant
                out.mkdir(parents=True, exist_ok=True)
                ctx = browser.new_context(
                    viewport={"width": args.width, "height": args.height}, locale="ko-KR",
                    color_scheme="dark" if dark else "light")
                if large:
                    ctx.add_init_script(
                        "localStorage.setItem('flutter.myg.large_text', 'true')")
                ui = FletPage(ctx.new_page(), server, out)
                ui.open("/")
                shots: list[Path] = []

                def snap(who: str, route: str) -> None:
                    shots.append(ui.shot(slug(who, route)))

                problems[variant] = tour(ui, server, args.width, snap, only)
                ctx.close()
                sheets = contact_sheets(shots, out)
                print(f"{variant}: {len(shots)} screens, {len(sheets)} sheets in {out}")
    finally:
        stop_server(proc)
    for variant, found in problems.items():
        for where, boxes in found.items():
            print(f"OFF THE SIDE ({variant}) {where}: {boxes[:3]}")


if __name__ == "__main__":
    main()
