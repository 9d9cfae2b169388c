"""The on-screen keyboard's 두벌식 Hangul composition (myg_app/client/hangul.py), table-driven:
each case is the keys pressed, in order, and the text the field then shows. "⌫" is the
backspace key, "⏎" the 완료 key (commit); "[...]" a field's value before typing (set_text)."""

from __future__ import annotations

import pytest

from myg_app.client.hangul import Composer, syllable

BACK, DONE = "⌫", "⏎"


def run(keys: str) -> str:
    c = Composer()
    if keys.startswith("["):
        start, keys = keys[1:].split("]", 1)
        c.set_text(start)
    for k in keys:
        if k == BACK:
            c.backspace()
        elif k == DONE:
            c.commit()
        else:
            c.press(k)
    return c.value


CASES = [
    # the example and simple syllables
    ("ㄱㅏㅇ", "강"),
    ("ㄱ", "ㄱ"),
    ("ㅏ", "ㅏ"),
    ("ㄱㅏ", "가"),
    ("ㅎㅏㄴㄱㅡㄹ", "한글"),
    ("ㄱㅘㅇㅇㅑㅇ", "광양"),
    ("ㅁㅣㄴㅇㅝㄴ", "민원"),
    # compound medials typed as two keys
    ("ㄱㅗㅏ", "과"),
    ("ㅇㅗㅐ", "왜"),
    ("ㅎㅗㅣ", "회"),
    ("ㅁㅜㅓ", "뭐"),
    ("ㄱㅜㅔ", "궤"),
    ("ㅇㅜㅣ", "위"),
    ("ㅇㅡㅣ", "의"),
    ("ㄱㅗㅏㅇㅇㅑㅇ", "광양"),
    ("ㅗㅏ", "ㅘ"),  # a lone compound vowel stays a jamo
    ("ㅏㅏ", "ㅏㅏ"),  # no compound: a new one
    ("ㄱㅏㅏ", "가ㅏ"),
    # double (compound) finals
    ("ㄷㅏㄹㄱ", "닭"),
    ("ㅇㅓㅂㅅ", "없"),
    ("ㅁㅗㄱㅅ", "몫"),
    ("ㅇㅏㄴㅈ", "앉"),
    ("ㅁㅏㄴㅎ", "많"),
    ("ㅅㅏㄹㅁ", "삶"),
    ("ㅇㅕㄹㅂ", "엷"),
    ("ㄱㅗㄹㅅ", "곬"),
    ("ㅎㅏㄹㅌ", "핥"),
    ("ㅇㅡㄹㅍ", "읊"),
    ("ㅅㅣㄹㅎ", "싫"),
    ("ㄷㅏㄹㄱㄱ", "닭ㄱ"),  # no triple final: a new syllable
    ("ㅇㅣㅆ", "있"),
    ("ㄲㅏㄲ", "깎"),
    # a vowel after a final takes it (or the compound's second part) into the next syllable
    ("ㄱㅏㅂㅏ", "가바"),
    ("ㄷㅏㄹㄱㅏ", "달가"),
    ("ㅇㅓㅂㅅㅓ", "업서"),
    ("ㅇㅏㄴㅈㅏ", "안자"),
    ("ㅎㅏㄴㄱㅜㄱㅇㅓ", "한국어"),
    ("ㄱㅏㅇㅗㅏ", "가와"),  # and the moved consonant still takes a compound vowel
    # consonants that cannot end a syllable start a new one
    ("ㄱㅏㄸ", "가ㄸ"),
    ("ㄱㅏㅃㅏ", "가빠"),
    ("ㅇㅏㅉㅏ", "아짜"),
    ("ㄱㄱ", "ㄱㄱ"),
    ("ㅏㄱ", "ㅏㄱ"),
    ("ㅏㄱㅏ", "ㅏ가"),
    # backspace takes the syllable being composed apart one key at a time
    ("ㄱㅏㅇ⌫", "가"),
    ("ㄱㅏㅇ⌫⌫", "ㄱ"),
    ("ㄱㅏㅇ⌫⌫⌫", ""),
    ("ㄱㅏㅇ⌫⌫⌫⌫", ""),
    ("ㄷㅏㄹㄱ⌫", "달"),
    ("ㄱㅗㅏ⌫", "고"),
    ("ㄱㅗㅏㅇ⌫⌫", "고"),
    ("ㄱㅏㅂㅏ⌫", "가ㅂ"),
    ("ㄱㅏㅂㅏ⌫⌫", "가"),
    ("ㄱㅏㅂㅏ⌫⌫⌫", ""),  # a finished syllable goes whole
    ("ㄱㅏㅇ⌫ㅁ", "감"),  # and typing goes on from where backspace left it
    ("ㄷㅏㄹㄱ⌫ㅁ", "닮"),
    # digits, Latin, space and punctuation finish the syllable
    ("ㄱㅏㅇ1", "강1"),
    ("ㄱㅏ ㄴㅏ", "가 나"),
    ("ㄱㅏㅇ ㅏ", "강 ㅏ"),
    ("ㄱㅏㅇaㅏ", "강aㅏ"),
    ("abcㄱㅏ", "abc가"),
    ("010-1234", "010-1234"),
    ("ㅎㅗㅇ@gy.kr", "홍@gy.kr"),
    ("ㄱㅏㅇ.⌫", "강"),
    ("ㄱㅏㅇ ⌫⌫", ""),  # after a space the syllable is finished: it goes whole
    # 완료 (commit) finishes the syllable
    ("ㄱㅏ⏎ㅇ", "가ㅇ"),
    ("ㄱㅏㅂ⏎ㅏ", "갑ㅏ"),
    ("ㄱㅏㅇ⏎⌫", ""),
    # set_text: typing continues after an existing value, which is not reopened
    ("[광양]ㅅㅣ", "광양시"),
    ("[가]ㅇ", "가ㅇ"),
    ("[갑]ㅏ", "갑ㅏ"),
    ("[광양]⌫", "광"),
    ("[010]1", "0101"),
    ("[]ㄱㅏㅇ", "강"),
]


@pytest.mark.parametrize(("keys", "expected"), CASES, ids=[k for k, _ in CASES])
def test_composition(keys: str, expected: str) -> None:
    assert run(keys) == expected


def test_enough_cases() -> None:
    assert len(CASES) >= 40


def test_syllable_formula() -> None:
    assert syllable("ㄱ", "ㅏ") == "가" == chr(0xAC00)
    assert syllable("ㅎ", "ㅣ", "ㅎ") == "힣" == chr(0xD7A3)
    assert syllable("ㄱ", "ㅏ", "ㅇ") == chr(0xAC00 + (0 * 21 + 0) * 28 + 21)


def test_value_text_and_composing() -> None:
    c = Composer()
    c.press("ㄱㅏㅂㅏ")  # several characters are pressed one after another
    assert c.value == c.text == "가바"
    assert c.composing == "바"
    c.commit()
    assert c.composing == "" and c.value == "가바"


def test_copy_is_independent() -> None:
    c = Composer()
    c.press("ㄱㅏ")
    d = c.copy()
    d.press("ㅇ")
    assert (c.value, d.value) == ("가", "강")
    d.backspace()
    assert d.value == "가"
