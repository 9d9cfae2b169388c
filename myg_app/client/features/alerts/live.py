"""The app's live alert line, for guests and citizens alike, from start to close.

It listens to `GET /api/v1/alerts/stream` (Server-Sent Events), reconnects by itself with the
last event it saw (so an app that was closed, or offline, is told what it missed), and shows an
arriving alert: 위급재난 over the whole screen until 확인 is pressed, the others in a bar with
자세히; with 음성 안내 on it is read aloud, and phones and desktops raise a local notification.
A 안전안내 the server marks silent (the listener's quiet hours) is only recorded."""
from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable

import flet as ft

from myg_app.client import voice
from myg_app.client.api import ApiError
from myg_app.client.features.alerts.common import K_LAST, load_follow, style, when
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import button, text
from myg_app.contracts.alerts import AlertFrame, AlertOut, AlertSettings
from myg_app.contracts.auth import UserOut

log = logging.getLogger(__name__)
BACKOFF = (1, 2, 4, 8, 15, 30)
KEY = "alerts"


def center(app) -> AlertCenter:
    c = app.state.services.get(KEY)
    if c is None:
        c = app.state.services[KEY] = AlertCenter(app)
    return c


class AlertCenter:
    def __init__(self, app):
        self.app = app
        self.heard: dict[int, AlertOut] = {}  # the newest revision of each alert heard
        self.follow: AlertSettings | None = None
        self.connected = False
        self.missed = 0
        self.on_change: Callable[[], None] | None = None  # the alerts screen redraws
        self._task: asyncio.Task | None = None
        self._stopped = False
        self._dialog: ft.AlertDialog | None = None
        self._dialog_alert: int | None = None

    # --- lifecycle -------------------------------------------------------------------------
    def start(self) -> None:
        if not self.app.api.can_stream:
            return  # the in-process test transport cannot stream (api.py)
        if self._task is None or self._task.done():
            self._stopped = False
            self._task = self.app.page.run_task(self._run)

    async def restart(self) -> None:
        """After sign-in, sign-out or new settings: listen again with what now applies."""
        await self.stop()
        self.start()

    async def stop(self) -> None:
        self._stopped = True
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self.connected = False

    async def _run(self) -> None:
        attempt = 0
        while not self._stopped:
            try:
                await self._listen()
                attempt = 0
            except asyncio.CancelledError:
                raise
            except Exception as e:  # noqa: BLE001 - offline, server restart, expired sign-in
                log.info("alert line down: %s", type(e).__name__)
            self.connected = False
            if self._stopped:
                return
            await asyncio.sleep(BACKOFF[min(attempt, len(BACKOFF) - 1)])
            attempt += 1

    async def _listen(self) -> None:
        app = self.app
        self.follow = await load_follow(app)
        params: list[tuple[str, str]] = []
        if app.api.signed_in:
            await app.api.call("GET", "/me", UserOut)  # refreshes an expired access token
        else:  # a guest's choices travel with the request; a citizen's are on the server
            params += [("dong", d) for d in self.follow.dongs]
            params += [("level", lv) for lv in self.follow.levels]
            if self.follow.quiet_start:
                params.append(("quiet", f"{self.follow.quiet_start}-{self.follow.quiet_end}"))
        last = await app.prefs.service.get(K_LAST)
        headers = {"Last-Event-ID": str(last)} if last else None
        async with app.api.stream("/alerts/stream", params=params, headers=headers) as r:
            if r.status_code != 200:
                raise ApiError("재난 알림에 연결하지 못했습니다.", status=r.status_code)
            name, data = "message", []
            async for line in r.aiter_lines():
                if line == "":
                    if data:
                        await self._event(name, json.loads("\n".join(data)), first=last is None)
                    name, data = "message", []
                elif line.startswith("event:"):
                    name = line[6:].strip()
                elif line.startswith("data:"):
                    data.append(line[5:].strip())

    async def _event(self, name: str, data: dict, *, first: bool) -> None:
        if name == "ready":
            self.connected = True
            if first:  # a first start: from now on (the history shows what came before)
                await self.app.prefs.service.set(K_LAST, str(data["last_event"]))
            self._changed()
        elif name == "alert":
            await self.handle(AlertFrame.model_validate(data))

    # --- an alert arrives -------------------------------------------------------------------
    async def handle(self, f: AlertFrame) -> None:
        a = f.alert
        await self.app.prefs.service.set(K_LAST, str(f.event))
        old = self.heard.get(a.id)
        if old is not None and old.revision >= a.revision:
            return  # heard already (a resumed stream repeats a little)
        self.heard[a.id] = a
        self._changed()
        if f.silent:
            return
        if f.action == "withdrawn":
            if self._dialog_alert == a.id:
                self._close_dialog()
            self._bar(tr("철회: {kind} 알림이 철회되었습니다. {value}", kind=a.kind, value=a.note or '').strip(), a.id)
            await voice.speak(self.app, tr("{kind} 재난 알림이 철회되었습니다.", kind=a.kind))
            return
        prefix = "정정 " if f.action == "corrected" else ""
        if f.missed:
            self.missed += 1
        if a.level == "위급재난":
            self._full_screen(a, prefix)
        else:
            lead = tr("앱을 닫은 동안 온 알림 {missed}건 · ", missed=self.missed) if f.missed else ""
            self._bar(f"{lead}{prefix}[{a.level}] {a.kind}: {a.text}", a.id)
        spoken = f"{prefix}{a.level}, {a.kind}. {a.text}"
        await voice.speak(self.app, spoken, urgent=a.level != "안전안내")
        await voice.notify_os(self.app, f"{prefix}[{a.level}] {a.kind}", a.text)

    def _changed(self) -> None:
        if self.on_change is not None:
            try:
                self.on_change()
            except Exception:  # noqa: BLE001 - a closed screen must not stop the line
                self.on_change = None

    def _bar(self, message: str, alert_id: int) -> None:
        page = self.app.page
        bar = ft.SnackBar(text(message, self.app.m, color=ft.Colors.ON_INVERSE_SURFACE),
                          duration=ft.Duration(seconds=12),
                          action="자세히", on_action=lambda e: self.app.go(f"/f/alerts/{alert_id}"),
                          show_close_icon=True, close_icon_color=ft.Colors.ON_INVERSE_SURFACE)
        page.show_dialog(bar)

    def _full_screen(self, a: AlertOut, prefix: str = "") -> None:
        """위급재난: a modal the size of the screen; only 확인 closes it."""
        app, m, s = self.app, self.app.m, style(a.level)
        page = app.page
        if self._dialog is not None:
            self._close_dialog()

        def ack(e) -> None:
            self._close_dialog()

        def detail(e) -> None:
            self._close_dialog()
            app.go(f"/f/alerts/{a.id}")

        width = page.width or 360
        height = page.height or 640
        body = ft.Column([
            ft.Row([ft.Icon(s.icon, color=s.fg, size=m.icon * 2),
                    text(f"{prefix}{a.level}", m, "headline_small", bold=True, color=s.fg)],
                   wrap=True),
            text(a.kind, m, "title_large", bold=True, color=s.fg),
            text(a.text, m, "title_medium", color=s.fg),
            text(f"{a.area} · {when(a.issued_at)}", m, "body_medium", color=s.fg),
            text(s.words, m, "body_medium", bold=True, color=s.fg),
        ], spacing=m.gap, scroll=ft.ScrollMode.AUTO, expand=True)
        actions = ft.Column([
            button("확인", m, ident="alerts-ack", icon=ft.Icons.CHECK, on_click=ack, expand=True,
                   kind="tonal"),
            button("행동요령·대피소 보기", m, ident="alerts-ack-detail", icon=ft.Icons.DIRECTIONS_RUN,
                   kind="tonal", on_click=detail, expand=True),
        ], spacing=m.gap // 2, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
        content = ft.Container(ft.Column([body, actions], spacing=m.gap),
                               width=width, height=height, padding=m.gap * 2, bgcolor=s.bg)
        dialog = ft.AlertDialog(modal=True, content=content, bgcolor=s.bg,
                                inset_padding=ft.Padding.all(0), content_padding=ft.Padding.all(0),
                                shape=ft.RoundedRectangleBorder(radius=0),
                                semantics_label=f"{a.level} {a.kind}")
        self._dialog, self._dialog_alert = dialog, a.id
        page.show_dialog(dialog)

    def _close_dialog(self) -> None:
        if self._dialog is not None:
            self._dialog.open = False
            self.app.page.update()
        self._dialog, self._dialog_alert = None, None
