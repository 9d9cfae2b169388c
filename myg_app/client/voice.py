"""음성 안내 and the device's own notifications.

speak(): with 음성 안내 on, a message is announced through the platform's accessibility service
(TalkBack, VoiceOver, and a live region a browser's screen reader reads) and, in the phone and
desktop apps, spoken by the device's text-to-speech engine (plyer). notify_os(): a local
notification where the platform has one (plyer; phones and desktops, not a browser tab). In
web mode the Python side runs on the server, so neither plyer call is made there."""
from __future__ import annotations

import asyncio
import logging
from urllib.parse import quote

import flet as ft

from myg_app.client.i18n import tr
from myg_app.client.widgets.common import WORD_JOINER

log = logging.getLogger(__name__)


def _native(app) -> bool:
    return not app.page.web


async def speak(app, message: str, *, urgent: bool = False) -> bool:
    """True when the message went out (voice guidance on)."""
    if not app.state.voice:
        return False
    message = tr(message)  # a catalog text, said in the app's language
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
    else:
        await _play_from_server(app, message)
    return True


async def _play_from_server(app, message: str) -> None:
    """The web app and the kiosk: the browser plays the server's speech of `message`
    (GET /api/v1/tts, WAV) in an audio element."""
    import flet_audio as fta

    services = app.state.services
    audio = services.get("audio")
    try:
        src = (f"{app.api.base_url}/api/v1/tts?lang={app.state.language}"
               f"&text={quote(clip(message))}")
        if audio is None:  # services must stay referenced (FLET_NOTES)
            services["audio"] = fta.Audio(src=src, autoplay=True)
        else:
            audio.src = src
            audio.update()
            await audio.play()
    except Exception:  # noqa: BLE001 - speech is a courtesy; the announcement went out
        log.info("server speech failed", exc_info=True)


def clip(message: str, limit: int = 600) -> str:
    """At most `limit` characters, cut after a sentence when there is one (the server reads
    at most 600)."""
    if len(message) <= limit:
        return message
    cut = message[:limit]
    end = max(cut.rfind(". "), cut.rfind("다. "), cut.rfind("요. "))
    return cut[:end + 1] if end > limit // 2 else cut


def screen_text(view: ft.View) -> str:
    """What 읽어주기 reads: the screen's title, then its content in reading order (each
    node's accessible name, or its text; hidden parts skipped)."""
    parts: list[str] = []
    bar = getattr(view, "appbar", None)
    title = getattr(bar, "title", None)

    def walk(c) -> None:
        if c is None or getattr(c, "visible", True) is False:
            return
        if isinstance(c, ft.Semantics) and c.label:
            parts.append(c.label)
            if c.exclude_semantics:
                return
        elif isinstance(c, ft.Text):
            said = c.semantics_label or (c.value or "").replace(WORD_JOINER, "")
            if said.strip():
                parts.append(said.strip())
            return
        elif isinstance(c, ft.TextField) and c.label:
            parts.append(tr("입력 칸 {label}", label=c.label))
            return
        for child in ([getattr(c, "content", None)] + list(getattr(c, "controls", None) or [])):
            if isinstance(child, ft.Control):
                walk(child)

    walk(title)
    for c in view.controls:
        walk(c)
    seen: list[str] = []
    for p in parts:  # a Semantics label often repeats its own Text
        if not seen or p != seen[-1]:
            seen.append(p)
    return ". ".join(seen)


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
