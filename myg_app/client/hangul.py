"""A 두벌식 (standard 2-set) Hangul input automaton, as phones and PCs compose syllables.

Pure Python, no Flet: the on-screen keyboard (widgets/keyboard.py) feeds it one key at a time
and shows `Composer.value` in the field.

    c = Composer()
    for key in "ㄱㅏㅇ":
        c.press(key)
    c.value          # "강"
    c.backspace()    # "가": one keystroke undone, not the whole syllable
    c.press("ㅏ")    # after a final the vowel takes it: 닭 + ㅏ -> 달가, 갑 + ㅏ -> 가바

Keys are compatibility jamo (U+3131..U+3163), the letters a keyboard shows. A consonant or
vowel that forms no syllable stays a compatibility jamo ("ㄱ", "ㅏ"). Anything else (digits,
Latin, space, punctuation, a finished syllable) ends the syllable being composed and is
appended as it is. Only the syllable being composed can be taken apart by backspace: text that
was finished (or given by set_text) loses a whole character at a time.

Syllable code point: 0xAC00 + (initial * 21 + medial) * 28 + final.
"""

from __future__ import annotations

from dataclasses import dataclass

INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"  # 19
MEDIALS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"  # 21
FINALS = ("", *"ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ")  # 28, 0 = none

COMPOUND_MEDIALS = {
    ("ㅗ", "ㅏ"): "ㅘ", ("ㅗ", "ㅐ"): "ㅙ", ("ㅗ", "ㅣ"): "ㅚ",
    ("ㅜ", "ㅓ"): "ㅝ", ("ㅜ", "ㅔ"): "ㅞ", ("ㅜ", "ㅣ"): "ㅟ",
    ("ㅡ", "ㅣ"): "ㅢ",
}
COMPOUND_FINALS = {
    ("ㄱ", "ㅅ"): "ㄳ", ("ㄴ", "ㅈ"): "ㄵ", ("ㄴ", "ㅎ"): "ㄶ",
    ("ㄹ", "ㄱ"): "ㄺ", ("ㄹ", "ㅁ"): "ㄻ", ("ㄹ", "ㅂ"): "ㄼ", ("ㄹ", "ㅅ"): "ㄽ",
    ("ㄹ", "ㅌ"): "ㄾ", ("ㄹ", "ㅍ"): "ㄿ", ("ㄹ", "ㅎ"): "ㅀ",
    ("ㅂ", "ㅅ"): "ㅄ",
}
SPLIT_FINALS = {v: k for k, v in COMPOUND_FINALS.items()}  # ㄺ -> (ㄹ, ㄱ)

_SYLLABLE_BASE = 0xAC00


def is_consonant(ch: str) -> bool:
    return ch in INITIALS or ch in SPLIT_FINALS


def is_vowel(ch: str) -> bool:
    return ch in MEDIALS


def is_jamo(ch: str) -> bool:
    return is_consonant(ch) or is_vowel(ch)


def syllable(initial: str, medial: str, final: str = "") -> str:
    """The precomposed syllable of compatibility jamo: syllable("ㄱ", "ㅏ", "ㅇ") == "강"."""
    i, m, f = INITIALS.index(initial), MEDIALS.index(medial), FINALS.index(final)
    return chr(_SYLLABLE_BASE + (i * 21 + m) * 28 + f)


@dataclass(frozen=True)
class Block:
    """The syllable being composed: each part a compatibility jamo or "" (absent)."""

    initial: str = ""
    medial: str = ""
    final: str = ""

    def __str__(self) -> str:
        if self.initial and self.medial:
            return syllable(self.initial, self.medial, self.final)
        return self.initial or self.medial  # a lone consonant or vowel

    def __bool__(self) -> bool:
        return bool(self.initial or self.medial)


EMPTY = Block()


class Composer:
    """The text of one field while it is typed on the on-screen keyboard.

    `value` (also `text`) is the finished text plus the syllable being composed.
    """

    def __init__(self, text: str = ""):
        self._done = text
        # One Block per keystroke of the syllable being composed: backspace pops one.
        self._steps: list[Block] = []

    # --- state -----------------------------------------------------------------
    @property
    def value(self) -> str:
        return self._done + self.composing

    @property
    def text(self) -> str:
        return self.value

    @property
    def composing(self) -> str:
        """The syllable (or lone jamo) being composed, "" when none."""
        return str(self._steps[-1]) if self._steps else ""

    @property
    def _block(self) -> Block:
        return self._steps[-1] if self._steps else EMPTY

    def copy(self) -> Composer:
        other = Composer(self._done)
        other._steps = list(self._steps)
        return other

    def __repr__(self) -> str:
        return f"Composer({self._done!r} + {self.composing!r})"

    # --- editing ---------------------------------------------------------------
    def set_text(self, value: str) -> None:
        """Start from an existing value (a field's text): its last character is finished,
        not reopened for composition."""
        self._done = value or ""
        self._steps = []

    def commit(self) -> None:
        """Finish the syllable being composed (the next jamo starts a new one)."""
        self._done += self.composing
        self._steps = []

    def backspace(self) -> None:
        """Undo one keystroke of the syllable being composed (강 -> 가 -> ㄱ -> ""), else
        delete the last finished character."""
        if self._steps:
            self._steps.pop()
        elif self._done:
            self._done = self._done[:-1]

    def press(self, key: str) -> None:
        """Type `key`: a compatibility jamo composes; any other character (or several
        characters, one after another) finishes the syllable and is appended."""
        if len(key) != 1:
            for ch in key:
                self.press(ch)
            return
        if is_vowel(key):
            self._vowel(key)
        elif is_consonant(key):
            self._consonant(key)
        else:
            self.commit()
            self._done += key

    # --- the automaton ---------------------------------------------------------
    def _start(self, block: Block) -> None:
        """Finish the current syllable and begin `block`."""
        self.commit()
        self._steps = [block]

    def _push(self, block: Block) -> None:
        self._steps.append(block)

    def _consonant(self, c: str) -> None:
        b = self._block
        if b.initial and b.medial and not b.final:
            if c in FINALS:  # ㄸ ㅃ ㅉ cannot end a syllable
                self._push(Block(b.initial, b.medial, c))
                return
        elif b.initial and b.medial and b.final:
            compound = COMPOUND_FINALS.get((b.final, c))
            if compound:
                self._push(Block(b.initial, b.medial, compound))
                return
        if c in INITIALS:
            self._start(Block(initial=c))
        else:  # a compound final typed on its own (no key gives one): kept as it is
            self.commit()
            self._done += c

    def _vowel(self, v: str) -> None:
        b = self._block
        if b.final:
            # The final (or the second part of a compound final) opens the next syllable.
            first, moved = SPLIT_FINALS.get(b.final, ("", b.final))
            self._steps[-1] = Block(b.initial, b.medial, first)
            self.commit()
            self._steps = [Block(initial=moved), Block(moved, v)]
            return
        if b.medial:
            compound = COMPOUND_MEDIALS.get((b.medial, v))
            if compound:
                self._push(Block(b.initial, compound))
            else:
                self._start(Block(medial=v))
            return
        if b.initial:
            self._push(Block(b.initial, v))
            return
        self._start(Block(medial=v))
