"""One kiosk screen's life between strangers: large text, only the configured functions, no
link that leaves the app, and the idle reset.

Every event the screen sends (a tap, a typed key, a route change) counts as someone using it.
After `idle_seconds` without one, a countdown with "계속 사용" shows; when it runs out the
kiosk forgets everything: the server session (revoked), the tokens (held in memory only), the
typed text and drafts, the open screens and the route history, and returns to home.
"""
from __future__ import annotations

import asyncio
import logging
import time

import flet as ft

from myg_app import i18n
from myg_app.client.i18n import tr
from myg_app.client.kiosk import config as kcfg
from myg_app.client.widgets.common import button, text

log = logging.getLogger(__name__)


class NoExternalLinks:
    """Stands in for the URL launcher: a kiosk never opens another app, a phone call or a web
    page that would outlive the visitor; it says where to do it instead."""

    def __init__(self, app):
        self.app = app

    async def launch_url(self, url: str, *args, **kwargs) -> None:
        what = "전화" if url.startswith("tel:") else "외부 사이트"
        self.app.page.show_dialog(ft.SnackBar(
            ft.Text(tr("키오스크에서는 {what}로 연결할 수 없습니다. 개인 휴대폰에서 이용해 주세요.", what=what)),
            duration=6000))
        self.app.page.update()


class KioskSession:
    def __init__(self, app):
        self.app = app
        self.cfg = kcfg.load()
        self.last = time.monotonic()
        self.dialog: ft.AlertDialog | None = None
        self.left_text: ft.Text | None = None
        self.keyboard = None  # the on-screen keyboard, made when a screen has a text field
        self._docked: ft.View | None = None

    # --- setting up -------------------------------------------------------------------
    def install(self) -> None:
        app = self.app
        app.state.large_text = self.cfg.large_text
        app.state.menu = list(self.cfg.functions)
        self._korean_again()
        app.url_launcher = NoExternalLinks(app)
        session = app.page.session
        dispatch = session.dispatch_event

        async def counted(*args, **kwargs):
            self.touch()
            return await dispatch(*args, **kwargs)

        session.dispatch_event = counted  # every tap, key and route change comes through here
        app.page.run_task(self.watch)

    # --- the on-screen keyboard ---------------------------------------------------------
    def prepare(self, view: ft.View) -> None:
        """Give the text fields of the top view the on-screen keyboard (the platform's stays
        closed) and dock the keyboard under that view."""
        from myg_app.client.widgets.keyboard import OnScreenKeyboard

        if self.keyboard is None:
            self.keyboard = OnScreenKeyboard(self.app, on_done=self._submitted)
        kbd = self.keyboard
        for field in text_fields(view):
            if not getattr(field, "_kiosk_bound", False):
                kbd.bind(field)
                field._kiosk_bound = True
        if self._docked is not view:
            if self._docked is not None:
                self._docked.bottom_appbar = None  # one parent at a time
            kbd.hide()
            kbd.dock(view)
            self._docked = view

    async def _submitted(self, field: ft.TextField | None) -> None:
        """완료 is the Enter key: a search field searches."""
        handler = getattr(field, "on_submit", None) if field is not None else None
        if handler is not None:
            out = handler(ft.ControlEvent(control=field, name="submit", data=field.value))
            if asyncio.iscoroutine(out):
                await out

    def touch(self) -> None:
        self.last = time.monotonic()
        if self.dialog is not None:
            self._close_countdown()

    def pristine(self) -> bool:
        """Nothing of anyone to forget: home, signed out, nothing typed."""
        app = self.app
        return (app.page.route in ("/", "") and not app.signed_in and not app.state.drafts
                and len(app.page.views) <= 1)

    # --- the idle reset ---------------------------------------------------------------
    async def watch(self) -> None:
        app = self.app
        while not getattr(app, "closed", False):
            await asyncio.sleep(1)
            idle = time.monotonic() - self.last
            try:
                if idle < self.cfg.idle_seconds or self.pristine():
                    continue
                left = int(self.cfg.idle_seconds + self.cfg.countdown_seconds - idle)
                if left <= 0:
                    await self.reset()
                    continue
                self._show_countdown(left)
            except Exception:  # noqa: BLE001 - a broken frame must not stop the reset clock
                log.warning("kiosk idle check failed", exc_info=True)

    def _show_countdown(self, left: int) -> None:
        m = self.app.m
        words = tr("{left}초 뒤에 처음 화면으로 돌아가고, 입력한 내용과 로그인이 지워집니다.", left=left)
        if self.dialog is None:
            self.left_text = ft.Text(words, size=m.text("title_medium"))
            self.dialog = ft.AlertDialog(
                modal=True, title=ft.Text("계속 사용하시나요?", size=m.text("title_large"),
                                          weight=ft.FontWeight.BOLD),
                content=ft.Semantics(identifier="kiosk-idle-left", content=self.left_text),
                actions=[button("계속 사용", m, ident="kiosk-idle-continue",
                                icon=ft.Icons.TOUCH_APP, on_click=lambda e: self.touch())])
            self.app.page.show_dialog(self.dialog)
        else:
            self.left_text.value = words
        self.app.page.update()

    def _close_countdown(self) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.open = False  # this one, not whatever dialog is on top (a snack bar)
        self.app.page.update()

    def _korean_again(self) -> None:
        """A visitor's language is theirs alone: the next one starts in Korean."""
        self.app.use_language(i18n.DEFAULT)

    async def reset(self) -> None:
        """Forget the visitor: server session, tokens, typed text, screens, history."""
        app = self.app
        if self.dialog is not None:
            self._close_countdown()
        await app.api.kiosk_logout()
        app.state.user = None
        app.state.unread = 0
        app.state.drafts.clear()
        app.state.after_login = None
        app.state.menu = list(self.cfg.functions)
        app.state.large_text = self.cfg.large_text
        self._korean_again()
        app.menu_parent.clear()
        app.forget_all_views()
        if self.keyboard is not None:
            self.keyboard.reset()
        self.last = time.monotonic()
        app.apply_theme()
        app.go("/")
        app.page.update()

    async def leave(self) -> None:
        """The admin PIN was right: end kiosk mode (close the window on a desktop kiosk)."""
        app = self.app
        await self.reset()
        if app.page.web:
            app.kiosk = False
            app.page.show_dialog(ft.SnackBar(text("키오스크 모드를 끝냈습니다.", app.m)))
            app.page.update()
            return
        app.page.window.prevent_close = False
        await app.page.window.destroy()


def text_fields(control) -> list[ft.TextField]:
    """The text fields inside `control`, in tree order."""
    out: list[ft.TextField] = []

    def walk(c) -> None:
        if isinstance(c, ft.TextField):
            out.append(c)
        for attr in ("content", "controls", "appbar", "actions", "title"):
            v = getattr(c, attr, None)
            for child in (v if isinstance(v, list) else [v]):
                if isinstance(child, ft.BaseControl):
                    walk(child)

    walk(control)
    return out
