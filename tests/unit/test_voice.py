"""음성 안내 and local notifications: off means silent; on the web only the accessibility
announcement goes out (Python runs on the server there); in the phone and desktop apps the
device's text-to-speech and notifications (plyer) are used, and a platform without them is
not an error."""
from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest

from myg_app.client import voice


class FakeSemantics:
    def __init__(self):
        self.said: list[tuple[str, object]] = []

    async def announce_message(self, message, assertiveness=None):
        self.said.append((message, assertiveness))


def _app(web: bool, on: bool = True):
    sem = FakeSemantics()
    state = SimpleNamespace(voice=on, drafts={}, services={"semantics": sem})
    return SimpleNamespace(page=SimpleNamespace(web=web), state=state), sem


@pytest.fixture
def plyer_calls(monkeypatch):
    calls: list[tuple] = []
    import plyer

    monkeypatch.setattr(plyer, "tts", SimpleNamespace(speak=lambda m: calls.append(("tts", m))))
    monkeypatch.setattr(plyer, "notification", SimpleNamespace(
        notify=lambda **kw: calls.append(("notify", kw["title"], kw["message"]))))
    return calls


def test_off_says_nothing(plyer_calls):
    app, sem = _app(web=False, on=False)
    assert asyncio.run(voice.speak(app, "위급재난")) is False
    assert sem.said == [] and plyer_calls == []


def test_web_announces_but_never_speaks_on_the_server(plyer_calls):
    app, sem = _app(web=True)
    assert asyncio.run(voice.speak(app, "긴급재난, 호우.", urgent=True)) is True
    assert sem.said[0][0] == "긴급재난, 호우." and plyer_calls == []
    assert asyncio.run(voice.notify_os(app, "제목", "내용")) is False


def test_native_speaks_and_notifies(plyer_calls):
    app, sem = _app(web=False)
    asyncio.run(voice.speak(app, "안전안내, 한파."))
    assert asyncio.run(voice.notify_os(app, "[안전안내] 한파", "수도 계량기 보온")) is True
    assert ("tts", "안전안내, 한파.") in plyer_calls
    assert ("notify", "[안전안내] 한파", "수도 계량기 보온") in plyer_calls
    assert app.state.drafts["spoken"] == ["안전안내, 한파."]


def test_a_platform_without_them_is_not_an_error(monkeypatch):
    import plyer

    def missing(*a, **kw):
        raise NotImplementedError

    monkeypatch.setattr(plyer, "tts", SimpleNamespace(speak=missing))
    monkeypatch.setattr(plyer, "notification", SimpleNamespace(notify=missing))
    app, _ = _app(web=False)
    assert asyncio.run(voice.speak(app, "시험")) is True
    assert asyncio.run(voice.notify_os(app, "시험", "시험")) is False
