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
    state = SimpleNamespace(voice=on, language="ko", drafts={}, services={"semantics": sem})
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


class FakeAudio:
    def __init__(self):
        self.src, self.played = None, 0

    def update(self):
        pass

    async def play(self):
        self.played += 1


def test_web_announces_and_the_browser_plays_the_servers_speech(plyer_calls):
    app, sem = _app(web=True)
    app.api = SimpleNamespace(base_url="http://city.example")
    app.state.services["audio"] = audio = FakeAudio()
    assert asyncio.run(voice.speak(app, "긴급재난, 호우.", urgent=True)) is True
    assert sem.said[0][0] == "긴급재난, 호우." and plyer_calls == []  # no speech on the server
    assert audio.played == 1 and audio.src == (
        "http://city.example/api/v1/tts?lang=ko&text=%EA%B8%B4%EA%B8%89%EC%9E%AC%EB%82%9C%2C"
        "%20%ED%98%B8%EC%9A%B0.")
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


def test_what_goes_to_the_servers_speech_is_at_most_600_characters():
    assert voice.clip("안녕하세요. 반가워요.") == "안녕하세요. 반가워요."
    out = voice.clip("가나다라마바사. " * 100)
    assert len(out) <= 600 and out.endswith(".")
    assert len(voice.clip("가" * 1000)) == 600
