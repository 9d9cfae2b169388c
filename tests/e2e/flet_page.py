"""Drive a Flet web app through Flutter's semantics DOM: stable identifiers and accessible names."""

from __future__ import annotations

import re
import time
import warnings
from pathlib import Path

from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout


class FletPage:
    def __init__(self, page: Page, base_url: str, shots: Path):
        self.page = page
        self.base_url = base_url
        self.shots = shots

    # --- loading ----------------------------------------------------------------------
    def open(self, route: str = "/") -> None:
        fonts_loaded: list[str] = []
        self.page.on("requestfinished",
                     lambda r: fonts_loaded.append(r.url) if r.url.endswith(".ttf") else None)
        self.page.goto(self.base_url + route)
        self.enable_semantics()
        # Korean glyphs come from the bundled font, loaded after the first frame.
        self.page.wait_for_timeout(300)

    def enable_semantics(self) -> None:
        self.page.wait_for_selector("flt-semantics-placeholder", state="attached", timeout=60_000)
        self.page.evaluate("document.querySelector('flt-semantics-placeholder').click()")
        self.page.wait_for_selector("flt-semantics", state="attached", timeout=30_000)

    def reload(self) -> None:
        self.page.reload()
        self.enable_semantics()

    # --- finding ----------------------------------------------------------------------
    def by_id(self, ident: str) -> Locator:
        return self.page.locator(f"[flt-semantics-identifier='{ident}']")

    def button(self, name: str, exact: bool = False) -> Locator:
        return self.page.get_by_role("button", name=name, exact=exact)

    def wait_id(self, ident: str, timeout: float = 15_000) -> Locator:
        loc = self.by_id(ident).first
        loc.wait_for(state="attached", timeout=timeout)
        return loc

    def text_of(self, ident: str) -> str:
        return self.wait_id(ident).inner_text()

    def expect_text(self, ident: str, pattern: str, timeout: float = 15_000) -> None:
        expect(self.by_id(ident).first).to_contain_text(re.compile(pattern), timeout=timeout)

    def has_text(self, s: str) -> bool:
        return self.page.evaluate(
            """(s) => Array.from(document.querySelectorAll('flt-semantics')).some(e =>
                 (e.getAttribute('aria-label') || '').includes(s) ||
                 (e.childElementCount === 0 && (e.textContent || '').includes(s)))""", s)

    def wait_text(self, s: str, timeout: float = 15_000) -> None:
        self.page.wait_for_function(
            """(s) => Array.from(document.querySelectorAll('flt-semantics')).some(e =>
                 (e.getAttribute('aria-label') || '').includes(s) ||
                 (e.childElementCount === 0 && (e.textContent || '').includes(s)))""",
            arg=s, timeout=timeout)

    # --- acting -----------------------------------------------------------------------
    def reveal(self, ident: str, timeout: float = 15_000) -> Locator:
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
                        self.page.wait_for_timeout(250)
                        continue
                self.page.mouse.wheel(0, direction * vp["height"] * 0.6)
                self.page.wait_for_timeout(200)
        loc.wait_for(state="attached", timeout=timeout)
        return loc

    def click_id(self, ident: str) -> None:
        self.reveal(ident).click()

    def fill(self, ident: str, value: str) -> None:
        """Type into the text field tagged `ident`, as a person would, and make sure it took.

        A screen that re-renders just as the text goes in (a late load, a choice made a moment
        before) replaces the field and the text is lost, so the value is checked and typed
        again if needed.
        """
        for _ in range(3):
            field = self._editor(ident)
            field.fill(value)
            self.page.wait_for_timeout(300)
            try:
                if self._editor(ident).input_value(timeout=2_000) == value:
                    return
            except PlaywrightTimeout:
                pass
        raise AssertionError(f"text did not stay in {ident!r}")

    def _editor(self, ident: str) -> Locator:
        self.click_id(ident)
        # With semantics on, Flutter puts the field's <input>/<textarea> inside its semantics
        # node: target exactly that one. A union with the text-editing host matched in DOM
        # order and could pick a stale editor of another field, losing the text.
        own = self.page.locator(f"[flt-semantics-identifier='{ident}'] input, "
                                f"[flt-semantics-identifier='{ident}'] textarea").first
        try:
            own.wait_for(state="attached", timeout=5_000)
            return own
        except PlaywrightTimeout:
            field = self.page.locator("flt-text-editing-host input:focus, "
                                      "flt-text-editing-host textarea:focus").first
            field.wait_for(state="attached", timeout=10_000)
            return field

    def shot(self, name: str) -> Path:
        self.page.wait_for_timeout(400)  # semantics DOM can lead the painted frame
        path = self.shots / f"{name}.png"
        try:
            self.page.screenshot(path=str(path), timeout=15_000)
        except PlaywrightTimeout:
            # A screenshot documents, it does not assert: never hang or fail a test on it.
            warnings.warn(f"screenshot {name} timed out", stacklevel=2)
        return path
