"""The profanity word list: disguised words are caught, ordinary words that contain one are not."""
from __future__ import annotations

import pytest

from myg_app.server.proposal.profanity import find, has_profanity, normalise


@pytest.mark.parametrize("text", ["씨발", "씨 발 놈들", "시1발", "병.신 같은 행정", "개새끼",
                                  "ㅅㅂ 진짜", "지~랄", "FUCK this", "미친놈아"])
def test_caught(text):
    assert find(text) is not None
    assert has_profanity("괜찮은 제목", text)


@pytest.mark.parametrize("text", ["시발점부터 종점까지 버스가 느립니다", "중마동 버스 배차 간격",
                                  "어르신 건강검진", "호로록 국수 축제", "껌을 씹다 버리지 맙시다",
                                  "", "광양 매화축제 주차장 확충"])
def test_ordinary_text_passes(text):
    assert find(text) is None


def test_normalise_drops_spaces_digits_and_punctuation():
    assert normalise("씨 1.발!") == "씨발"
    assert not has_profanity(None, "")
