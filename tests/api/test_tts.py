"""Server speech for 음성 안내 (GET /api/v1/tts): Korean and the other languages as WAV the
browser can play, cached, bad input as Korean 4xx, and a server without espeak-ng says so
with a 503 instead of failing."""
from __future__ import annotations

import pytest

from myg_app.server.tts import speech

from .conftest import assert_problem

URL = "/api/v1/tts"


def test_korean_is_read_as_wav(api):
    r = api.client.get(URL, params={"text": "대형폐기물은 MY광양에서 신청해요."})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "audio/wav"
    assert r.content[:4] == b"RIFF" and r.content[8:12] == b"WAVE"
    assert len(r.content) > 20_000  # about a second of 22 kHz 16-bit speech at least
    assert "max-age" in r.headers["cache-control"]
    again = api.client.get(URL, params={"text": "대형폐기물은 MY광양에서 신청해요."})
    assert again.content == r.content


@pytest.mark.parametrize("lang", ["en", "vi", "zh"])
def test_other_languages(api, lang):
    r = api.client.get(URL, params={"text": "Gwangyang 123", "lang": lang})
    assert r.status_code == 200 and r.content[:4] == b"RIFF"


@pytest.mark.parametrize("params", [
    {}, {"text": ""}, {"text": "   "}, {"text": "가" * 601}, {"text": "안녕", "lang": "jp"},
    {"text": "안녕", "lang": ""}])
def test_bad_input_is_a_422(api, params):
    r = api.client.get(URL, params=params)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"


def test_control_characters_are_not_read(api):
    r = api.client.get(URL, params={"text": "안녕\x00하세요\x07"})
    assert r.status_code == 200 and r.content[:4] == b"RIFF"


def test_a_server_without_a_speech_engine_answers_503(api):
    api.client.app.state.tts_settings = speech.TtsSettings(command="no-such-espeak")
    r = api.client.get(URL, params={"text": "처음 읽는 글입니다"})  # not in the cache
    assert_problem(r, 503, "tts.unavailable")
    assert "화면 읽기" in r.json()["detail"]
