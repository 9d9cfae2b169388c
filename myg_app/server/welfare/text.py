"""Korean text as the search index sees it: normalised, cut into morphemes by kiwipiepy
(its model ships in the wheel and works offline), reduced to the words that carry meaning,
and forgiving of one wrong letter (a jamo-level deletion dictionary, SymSpell style)."""
from __future__ import annotations

import re
import threading
import unicodedata
from collections import defaultdict

from myg_app.server.welfare.lexicon import EVERYDAY

# Nouns, roots, foreign words and verb/adjective stems: what a query and a record share.
CONTENT_TAGS = frozenset({"NNG", "NNP", "XR", "SL", "SH", "VV", "VA", "VV-R", "VA-R", "VV-I",
                          "VA-I", "VV-L", "VA-L"})
# Words every service or every question has: they only add noise to a score.
STOPWORDS = frozenset({"있", "없", "되", "하", "받", "싶", "주", "알", "보", "드리", "어떻",
                       "이", "그", "저", "것", "수", "등", "및", "때", "경우", "관련", "해당",
                       "가능", "방법", "무엇", "뭐", "어디", "좀", "요", "거", "제", "저희",
                       "the", "a", "an", "of", "for", "to", "and", "in", "on", "with", "i",
                       "my", "me", "is", "are", "can", "do", "how", "what", "get", "there",
                       "any", "who", "where", "when", "have", "has"})
NOUN_TAGS = frozenset({"NNG", "NNP", "XR"})
# What is left of a misspelt word once the analyser has cut it ("일짜리" -> 일/NR + 짜리/XSN).
FRAGMENT_TAGS = frozenset({"NR", "NNB", "XSN", "XPN", "UN", "W_SERIAL"})
# Adverbs that name a situation (홀로 사는, 혼자 사는).
KEEP_ADVERBS = frozenset({"홀로", "혼자", "따로"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028-\u202e]")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060-\u2064\ufeff]")  # joiners: not a word break
_HANGUL = re.compile(r"[가-힣]")

_kiwi = None
_kiwi_lock = threading.Lock()
_use_lock = threading.Lock()


def kiwi():
    """The one analyser of the process (~500 MB of model, ~1 s to load): loaded on first use."""
    global _kiwi
    if _kiwi is None:
        with _kiwi_lock:
            if _kiwi is None:
                from kiwipiepy import Kiwi
                _kiwi = Kiwi()
    return _kiwi


def normalise(text: str) -> str:
    """Compatibility forms folded (full-width letters and digits: NFKC, except the Hangul
    compatibility jamo a person types alone, which NFKC would turn into conjoining ones),
    syllables composed (NFC), invisible joiners removed, control characters made spaces,
    lower case, single spaces."""
    text = "".join(ch if "\u3130" <= ch <= "\u318f" else unicodedata.normalize("NFKC", ch)
                   for ch in text or "")
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", text))
    text = _CONTROL.sub(" ", text).lower()
    return re.sub(r"\s+", " ", text).strip()


def has_hangul(text: str) -> bool:
    return bool(_HANGUL.search(text))


def analyse(text: str) -> list[tuple[str, str]]:
    """Every morpheme of `text` with its tag (kiwipiepy's Sejong tags)."""
    text = normalise(text)
    if not text:
        return []
    analyser = kiwi()
    with _use_lock:  # one analysis at a time: kiwipiepy does not promise thread safety
        analysed = analyser.tokenize(text)
    return [(t.form.lower(), t.tag) for t in analysed]


def keeps(form: str, tag: str) -> bool:
    """Whether a morpheme carries meaning for search."""
    if not (tag in CONTENT_TAGS or form in KEEP_ADVERBS) or form in STOPWORDS:
        return False
    return len(form) > 1 or tag in NOUN_TAGS or form in EVERYDAY


def tagged(text: str) -> list[tuple[str, str]]:
    """The meaning-bearing morphemes of `text` with their tags, in order."""
    return [(f, t) for f, t in analyse(text) if keeps(f, t)]


def tokens(text: str) -> list[str]:
    """The meaning-bearing morphemes of `text`, in order (repeats kept: they are term
    frequency)."""
    return [f for f, _ in tagged(text)]


# --- one wrong letter -------------------------------------------------------------------

_CHO = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_JUNG = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_JONG = " ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"


def jamo(word: str) -> str:
    """Syllables spelled out (출산 -> ㅊㅜㄹㅅㅏㄴ): a typo is usually one jamo off."""
    out = []
    for ch in word:
        code = ord(ch) - 0xAC00
        if 0 <= code < 11172:
            out.append(_CHO[code // 588] + _JUNG[code % 588 // 28] + _JONG[code % 28].strip())
        else:
            out.append(ch)
    return "".join(out)


def _deletions(s: str) -> set[str]:
    return {s} | {s[:i] + s[i + 1:] for i in range(len(s))}


class Speller:
    """Finds the index word one jamo away (substituted, missing or extra) from an unknown
    word. Only words of two syllables or more are corrected: one syllable is too short to
    guess from."""

    def __init__(self, vocabulary: dict[str, int]):
        self.freq = vocabulary
        self.by_deletion: dict[str, set[str]] = defaultdict(set)
        for word in vocabulary:
            if len(word) >= 2 and has_hangul(word):
                for d in _deletions(jamo(word)):
                    self.by_deletion[d].add(word)

    def correct(self, word: str) -> str | None:
        if word in self.freq or len(word) < 2 or not has_hangul(word):
            return None
        spelled = jamo(word)
        found = set()
        for d in _deletions(spelled):
            for cand in self.by_deletion.get(d, ()):
                if len(cand) == len(word) and _distance_one(jamo(cand), spelled):
                    found.add(cand)
        return max(found, key=lambda w: (self.freq[w], w)) if found else None


def _distance_one(a: str, b: str) -> bool:
    if a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    if abs(len(a) - len(b)) != 1:
        return False
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def has_final(word: str) -> bool:
    """Whether the last syllable ends in a consonant (받침): picks 과/와, 으로/로."""
    code = ord(word[-1]) - 0xAC00 if word else -1
    return 0 <= code < 11172 and code % 28 != 0



def particle_and(word: str) -> str:
    """The 와/과 that follows `word`: 아기와, 어르신과."""
    return "과" if has_final(word) else "와"


def particle_by(word: str) -> str:
    """The (으)로 that follows `word`: 일자리로, 출산으로; a final ㄹ takes 로 (서울로)."""
    code = ord(word[-1]) - 0xAC00 if word else -1
    return "으로" if has_final(word) and code % 28 != 8 else "로"
