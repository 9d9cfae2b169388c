"""The profanity word list for proposals and comments.

Text is normalised before matching (spaces, punctuation, digits and Latin letters inside a
word removed, so "씨 발" and "시1발" are caught); a few ordinary words that contain a listed
one ("시발점": starting point) are allowed first."""
from __future__ import annotations

import re
import unicodedata

WORDS: tuple[str, ...] = (
    "씨발", "시발", "씨바", "ㅅㅂ", "ㅆㅂ", "씹", "좆", "존나", "졸라", "병신", "ㅂㅅ", "븅신",
    "개새끼", "개새기", "개색기", "개색끼", "새끼야", "미친놈", "미친년", "미친새끼", "지랄",
    "닥쳐", "꺼져", "엠창", "니미", "느금마", "니애미", "애미", "애비", "썅", "쌍놈", "쌍년",
    "염병", "호로", "fuck", "shit",
)
ALLOWED: tuple[str, ...] = ("시발점", "시발역", "시발택시", "씹다", "씹어", "씹는", "호로록",
                            "애비뉴", "니미츠", "시바견")
_NOISE = re.compile(r"[\s\W\d_]+", re.UNICODE)


def normalise(value: str) -> str:
    v = unicodedata.normalize("NFC", value).lower()
    return _NOISE.sub("", v)


def find(value: str) -> str | None:
    """The first listed word found in `value`, or None."""
    v = normalise(value)
    for ok in ALLOWED:
        v = v.replace(ok, "")
    return next((w for w in WORDS if w in v), None)


def has_profanity(*values: str | None) -> bool:
    return any(find(v) for v in values if v)
