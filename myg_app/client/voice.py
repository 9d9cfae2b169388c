"""음성 안내 and the device's own notifications.

speak(): with 음성 안내 on, a message is announced through the platform's accessibility service
(TalkBack, VoiceOver, and a live region a browser's screen reader reads) and, in the phone and
desktop apps, spoken by the device's text-to-speech engine (plyer). notify_os(): a local
notification where the platform has one (plyer; phones and desktops, not a browser tab). In
web mode the Python side runs on the server, so neither plyer call is made there."""
from __future__ import annotations

import asyncio
import logging

import flet as ft

log = logging.getLogger(__name__)


def _native(app) -> bool:
    return not app.page.web


async def speak(app, message: str, *, urgent: bool = False) -> bool:
    """True when the message went out (voice guidance on)."""
    if not app.state.voice:
        return False
    app.state.drafts.setdefault("spoken", []).append(message)  # what was said, for tests
    services = app.state.services
    if "semantics" not in services:  # services must stay referenced (FLET_NOTES)
        services["semantics"] = ft.SemanticsService()
    assertive = ft.Assertiveness.ASSERTIVE if urgent else ft.Assertiveness.POLITE
    try:
        await services["semantics"].announce_message(message, assertiveness=assertive)
    except Exception:  # noqa: BLE001 - an announcement is a courtesy, never a failure
        log.info("announcement failed", exc_info=True)
    if _native(app):
        await asyncio.to_thread(_tts, message)
    return True


def _tts(message: str) -> None:
    try:
        from plyer import tts

        tts.speak(message)
    except Exception:  # noqa: BLE001 - no engine on this platform (NotImplementedError …)
        log.info("text-to-speech unavailable", exc_info=True)


async def notify_os(app, title: str, message: str) -> bool:
    """A local notification on phones and desktops; False where there is none."""
    if not _native(app):
        return False
    return await asyncio.to_thread(_notify, title, message)


def _notify(title: str, message: str) -> bool:
    try:
        from plyer import notification

        notification.notify(title=title[:64], message=message[:256], app_name="MY광양",
                            timeout=15)
        return True
    except Exception:  # noqa: BLE001 - not every platform has notifications
        log.info("local notification unavailable", exc_info=True)
        return False
