"""Drive a Flet web app through Flutter's semantics DOM: stable identifiers and accessible names."""

from __future__ import annotations

import re
import time
import warnings
from pathlib import Path

from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout


# How long a test waits for something a person would wait for (a screen, an answer). Generous:
# the machine's two cores are shared with other test runs, and a passing test never waits it out.
WAIT = 30_000

# True once the semantics tree (what is on screen, where, and what it says) has not changed for
# `quiet` ms: a screen finished building, a transition or a scroll came to rest.
_STABLE_JS = """(quiet) => {
  const sig = Array.from(document.querySelectorAll('flt-semantics')).map(e => {
    const r = e.getBoundingClientRect();
    return (e.getAttribute('flt-semantics-identifier') || '') + ':' + Math.round(r.x) + ','
      + Math.round(r.y) + ',' + Math.round(r.width) + ',' + Math.round(r.height) + ':'
      + (e.getAttribute('aria-label') || '') + (e.childElementCount ? '' : e.textContent);
  }).join('|');
  const now = performance.now();
  if (window.__mygSig !== sig) { window.__mygSig = sig; window.__mygSince = now; return false; }
  return now - window.__mygSince >= quiet;
}"""


class FletPage:
    def __init__(self, page: Page, base_url: str, shots: Path):
        self.page = page
        self.base_url = base_url
        self.shots = shots

    # --- loading ----------------------------------------------------------------------
    def open(self, route: str = "/") -> None:
        """Load `route` and return once its screen has loaded its data and come to rest (a
        screen shows at once and fills in when the server answers: measuring or tapping
        before that reads a half-built screen)."""
        self.page.goto(self.base_url + route)
        self.enable_semantics()
        # Korean glyphs come from the bundled font, loaded after the first frame: screenshots
        # need it, tests do not, so this waits for it but never fails on it.
        try:
            self.wait_js("""() => performance.getEntriesByType('resource').some(
                              e => e.name.endsWith('.ttf') && e.responseEnd > 0)""")
        except PlaywrightTimeout:
            warnings.warn("the bundled font did not load", stacklevel=2)
        self.wait_loaded()

    def enable_semantics(self) -> None:
        """Turn on Flutter's accessibility DOM. A click on the placeholder before the engine
        listens for it is lost, so click again until the semantics tree shows up."""
        self.page.wait_for_selector("flt-semantics-placeholder", state="attached", timeout=60_000)
        deadline = time.monotonic() + WAIT / 1000
        while True:
            self.page.evaluate("""() => { const p = document.querySelector(
                                   'flt-semantics-placeholder'); if (p) p.click(); }""")
            try:
                self.page.wait_for_selector("flt-semantics", state="attached", timeout=2_000)
                return
            except PlaywrightTimeout:
                if time.monotonic() > deadline:
                    raise

    def reload(self) -> None:
        self.page.reload()
        self.enable_semantics()
        self.wait_loaded()

    def wait_js(self, expression: str, arg=None, timeout: float = WAIT) -> None:
        """Wait until `expression` is true in the page. Polls on a timer: the default polling
        on animation frames never fires in a page left in the background (tests with two
        people switch pages)."""
        self.page.wait_for_function(expression, arg=arg, polling=100, timeout=timeout)

    def settle(self, quiet: float = 200, timeout: float = 10_000) -> None:
        """Wait until nothing on screen has moved or changed for `quiet` ms (a transition, a
        re-render after a late load, a scroll). Best effort: a screen that keeps changing (a
        live list) is left as it is after `timeout`."""
        self.page.evaluate("() => { window.__mygSig = null; }")
        try:
            self.page.wait_for_function(_STABLE_JS, arg=quiet, polling=50, timeout=timeout)
        except PlaywrightTimeout:
            pass

    # --- finding ----------------------------------------------------------------------
    def by_id(self, ident: str) -> Locator:
        return self.page.locator(f"[flt-semantics-identifier='{ident}']")

    def button(self, name: str, exact: bool = False) -> Locator:
        return self.page.get_by_role("button", name=name, exact=exact)

    def wait_id(self, ident: str, timeout: float = WAIT) -> Locator:
        loc = self.by_id(ident).first
        loc.wait_for(state="attached", timeout=timeout)
        return loc

    def text_of(self, ident: str) -> str:
        return self.wait_id(ident).inner_text()

    def expect_text(self, ident: str, pattern: str, timeout: float = WAIT) -> None:
        expect(self.by_id(ident).first).to_contain_text(re.compile(pattern), timeout=timeout)

    def has_text(self, s: str) -> bool:
        return self.page.evaluate(
            """(s) => Array.from(document.querySelectorAll('flt-semantics')).some(e =>
                 (e.getAttribute('aria-label') || '').includes(s) ||
                 (e.childElementCount === 0 && (e.textContent || '').includes(s)))""", s)

    def wait_text(self, s: str, timeout: float = WAIT) -> None:
        self.wait_js(
            """(s) => Array.from(document.querySelectorAll('flt-semantics')).some(e =>
                 (e.getAttribute('aria-label') || '').includes(s) ||
                 (e.childElementCount === 0 && (e.textContent || '').includes(s)))""",
            arg=s, timeout=timeout)

    def wait_text_in(self, ident: str, s: str, prefix: bool = False,
                     timeout: float = WAIT) -> None:
        """Wait until the node tagged `ident` (with `prefix`: any node whose tag starts so)
        says `s` in its own name or text or in a node inside it. A card's texts are nodes of
        their own and arrive a moment after the card itself."""
        self.wait_js(
            """([ident, prefix, s]) => Array.from(document.querySelectorAll(
                 prefix ? `[flt-semantics-identifier^='${ident}']`
                        : `[flt-semantics-identifier='${ident}']`)).some(e =>
                 [e, ...e.querySelectorAll('*')].some(n =>
                   (n.getAttribute('aria-label') || '').includes(s) ||
                   (n.childElementCount === 0 && (n.textContent || '').includes(s))))""",
            arg=[ident, prefix, s], timeout=timeout)

    def wait_loaded(self, timeout: float = WAIT) -> None:
        """Wait until the screen has loaded its data: at rest and no "불러오는 중입니다…"
        (a screen shows first and asks the server afterwards)."""
        self.settle()
        # "불러오는 중입니다…" in each of the app's languages (myg_app/i18n/messages).
        self.wait_js("""() => !Array.from(document.querySelectorAll('flt-semantics')).some(e =>
                          ['불러오는 중', 'Loading', 'Đang tải', '正在加载'].some(w =>
                            (e.getAttribute('aria-label') || e.textContent || '').includes(w)))""",
                     timeout=timeout)
        self.settle()

    # --- acting -----------------------------------------------------------------------
    def reveal(self, ident: str, timeout: float = WAIT) -> Locator:
        """Scroll (mouse wheel, like a person) until the control tagged `ident` is on screen.

        Flutter leaves controls far outside the viewport out of the semantics tree, so a
        control further down a long screen appears only once scrolled near.
        """
        # Tests with two people (citizen and officer) switch pages: a page left in the
        # background gets no frames, and wheel input to it can wait forever.
        self.page.bring_to_front()
        loc = self.by_id(ident).first
        vp = self.page.viewport_size or {"width": 400, "height": 800}
        self.page.mouse.move(vp["width"] / 2, vp["height"] / 2)
        deadline = time.monotonic() + timeout / 1000 * 2
        for direction in (1, -1):
            for _ in range(25):
                if time.monotonic() > deadline:
                    break
                if loc.count():
                    try:
                        # Short: the node can be replaced by a re-render between count() and
                        # here, and the default 30 s wait per try could add up to minutes.
                        box = loc.bounding_box(timeout=1_000)
                    except PlaywrightTimeout:
                        continue
                    if box and 0 <= box["y"] and box["y"] + box["height"] <= vp["height"]:
                        return loc
                    if box:  # attached but partly off screen: bring it in
                        self.page.mouse.wheel(0, box["y"] - vp["height"] / 3)
                        self.settle(quiet=150, timeout=3_000)  # let the scroll come to rest
                        continue
                self.page.mouse.wheel(0, direction * vp["height"] * 0.6)
                self.settle(quiet=150, timeout=3_000)
        loc.wait_for(state="attached", timeout=timeout)
        return loc

    def click_id(self, ident: str) -> None:
        loc = self.reveal(ident)
        # A tap during a screen transition or a re-render lands on a node being replaced and
        # is lost: aim once the screen is at rest.
        self.settle()
        loc.click()

    def fill(self, ident: str, value: str) -> None:
        """Type into the text field tagged `ident`, as a person would, and make sure it took.

        A screen that re-renders just as the text goes in (a late load, a choice made a moment
        before) replaces the field and the text is lost, so the value is checked and typed
        again if needed.
        """
        seen: list[str | None] = []
        for attempt in range(5):
            field = self._editor(ident)
            field.fill(value)
            # A re-render that replaces the field shows up here (a busy machine: longer).
            self.settle(quiet=200 + 200 * attempt)
            try:
                now = self._editor(ident).input_value(timeout=2_000 + 2_000 * attempt)
            except PlaywrightTimeout:
                now = None
            if now == value:
                return
            seen.append(now)
        self.shot(f"fill-failed-{ident}")
        node = self.page.evaluate(
            "(i) => { const e = document.querySelector(`[flt-semantics-identifier='${i}']`);"
            " return e ? e.outerHTML.slice(0, 1500) : null; }", ident)
        focused = self.page.evaluate("() => document.activeElement && "
                                     "document.activeElement.outerHTML.slice(0, 500)")
        raise AssertionError(f"text did not stay in {ident!r}: read back {seen}; "
                             f"node {node}; focused {focused}")

    def pick(self, ident: str, option: str) -> None:
        """Choose `option` in the dropdown tagged `ident`, as a person does: open, tap."""
        self.click_id(ident)
        item = self.page.get_by_role("menuitem", name=option).or_(
            self.page.get_by_role("option", name=option)).or_(
            self.page.get_by_role("button", name=option, exact=True)).first
        item.wait_for(timeout=10_000)
        self.settle()
        item.click()
        self.settle()

    def resize(self, width: int, height: int) -> None:
        """A new window size; returns once the screen has re-laid out (taps meanwhile are lost)."""
        self.page.set_viewport_size({"width": width, "height": height})
        self.settle(quiet=300)

    def phone_in_large_text(self) -> None:
        """A phone (360×800) in large text, back on 홈: how the citizen tests start."""
        self.wait_id("home-tile-chat")
        self.resize(360, 800)
        self.turn_on_large_text()
        self.page.go_back()

    def turn_on_large_text(self) -> None:
        """설정 → 큰 글씨, and wait until the device keeps the choice."""
        self.click_id("appbar-settings")
        self.click_id("settings-large-text")
        self.wait_js("localStorage.getItem('flutter.myg.large_text') === 'true'")

    def _editor(self, ident: str) -> Locator:
        # Tap the box, as a person does, not the middle of the node: with a helper of three
        # lines in large text the middle is the helper, and a tap there leaves Flutter's
        # focus and the browser's apart (the text typed is then dropped).
        loc = self.reveal(ident)
        self.settle()
        box = loc.bounding_box(timeout=5_000)
        if box:
            loc.click(position={"x": box["width"] / 2, "y": min(box["height"] / 2, 32)})
        else:
            loc.click()
        # With semantics on, Flutter puts the field's <input>/<textarea> inside its semantics
        # node: target exactly that one. A union with the text-editing host matched in DOM
        # order and could pick a stale editor of another field, losing the text.
        own = self.page.locator(f"[flt-semantics-identifier='{ident}'] input, "
                                f"[flt-semantics-identifier='{ident}'] textarea").first
        try:
            own.wait_for(state="attached", timeout=10_000)
            return own
        except PlaywrightTimeout:
            field = self.page.locator("flt-text-editing-host input:focus, "
                                      "flt-text-editing-host textarea:focus").first
            field.wait_for(state="attached", timeout=10_000)
            return field

    def shot(self, name: str) -> Path:
        # The semantics DOM can lead the painted frame: wait until the screen is at rest, then
        # for two more frames to be painted.
        self.settle(quiet=300)
        # (Bounded: a page in the background gets no frames.)
        self.page.evaluate("() => new Promise(r => { setTimeout(r, 1000); "
                           "requestAnimationFrame(() => requestAnimationFrame(() => r())); })")
        path = self.shots / f"{name}.png"
        try:
            self.page.screenshot(path=str(path), timeout=15_000)
        except PlaywrightTimeout:
            # A screenshot documents, it does not assert: never hang or fail a test on it.
            warnings.warn(f"screenshot {name} timed out", stacklevel=2)
        return path
