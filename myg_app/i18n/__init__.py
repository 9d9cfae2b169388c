"""One message catalog for the app and the server: Korean is the source language and every
message's Korean text is its id (gettext style), so the code reads as the citizen sees it and
a missing translation shows Korean instead of a key.

`messages/<lang>.json` maps a Korean text (a template with `{name}` fields where the text is
formatted) to its translation. English is complete; Vietnamese and Chinese cover home, the
menus, settings, chat, reports and alerts, and fall back to English elsewhere (a resident who
reads neither Korean nor the partial language gets the complete one), then to Korean.
"""
from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

DEFAULT = "ko"
LANGUAGES: dict[str, str] = {  # code -> the language's own name (shown in every language)
    "ko": "한국어",
    "en": "English",
    "vi": "Tiếng Việt",
    "zh": "中文",
}
FALLBACK: dict[str, tuple[str, ...]] = {"ko": (), "en": ("en",), "vi": ("vi", "en"),
                                        "zh": ("zh", "en")}
MESSAGES = Path(__file__).with_name("messages")
WORD_JOINER = "\u2060"  # keep_words joins Korean letters with it; never part of an id


@cache
def catalog(lang: str) -> dict[str, str]:
    """The translations of `lang` (empty for Korean and unknown languages)."""
    path = MESSAGES / f"{lang}.json"
    if lang == DEFAULT or lang not in LANGUAGES or not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def lookup(text: str, lang: str) -> str | None:
    """The translation of the Korean `text` in `lang` (with its fallbacks), or None."""
    for code in FALLBACK.get(lang, ()):
        found = catalog(code).get(text)
        if found:
            return found
    return None


def translate(text: str, lang: str, /, **params: object) -> str:
    """`text` in `lang`, formatted with `params` when given. A text that is not a catalog
    id (a facility's name, what a citizen wrote) comes back as it is."""
    if not isinstance(text, str):
        return text
    found = lookup(text, lang)  # None in Korean: the id is the text
    if not params:
        return found or text
    if lang != DEFAULT:  # a word filled in ("전화", "시작") is told in the language too
        # (not one letter: 일 is "work" in one place and Sunday in another)
        params = {k: (lookup(v, lang) or v) if isinstance(v, str) and len(v) > 1 else v
                  for k, v in params.items()}
    if found:
        try:
            return found.format(**params)
        except (KeyError, IndexError, ValueError):  # a broken translation must not break a screen
            pass
    return text.format(**params)


_TAG = re.compile(r"^\s*([A-Za-z]{1,8})(?:[-_][A-Za-z0-9]{1,8})*\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*$")


def negotiate(accept_language: str | None) -> str:
    """The best of our languages for an Accept-Language header (RFC 9110 q-values); Korean
    when nothing matches or the header is malformed."""
    if not accept_language:
        return DEFAULT
    best, best_q = DEFAULT, 0.0
    for part in accept_language[:512].split(","):
        m = _TAG.match(part)
        if not m:
            continue
        code = m.group(1).lower()
        try:
            q = float(m.group(2)) if m.group(2) is not None else 1.0
        except ValueError:
            continue
        if code in LANGUAGES and q > best_q:
            best, best_q = code, q
    return best


class Msg(str):
    """A Korean message formatted from a template, that remembers the template and values so
    it can be told again in another language (an AppError's detail, a field message)."""

    template: str
    params: dict[str, object]

    def __new__(cls, template: str, params: dict[str, object]):
        self = super().__new__(cls, template.format(**params))
        self.template, self.params = template, params
        return self


def msg(template: str, /, **params: object) -> Msg:
    """A server message built from values: `msg("{n}자 이하로 입력해 주세요.", n=40)`."""
    return Msg(template, params)


def localize(text: str, lang: str) -> str:
    """`text` (a plain catalog id or a Msg) in `lang`; anything else unchanged."""
    if lang == DEFAULT or not isinstance(text, str):
        return text
    if isinstance(text, Msg):
        return translate(text.template, lang, **text.params)
    return translate(text, lang)
