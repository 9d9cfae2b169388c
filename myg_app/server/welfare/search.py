"""The search index over the catalogue: BM25 (bm25s) over kiwipiepy morphemes, with the
citizen's words widened to the official ones (lexicon.py) and one-letter typos corrected
(text.Speller), fused with a multilingual-e5 semantic score (semantic.py).

Built once per catalogue version from the stored token lists and vectors (no re-analysis of
the records), so a rebuild after an officer's edit costs well under a second."""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import bm25s
import numpy as np

from myg_app.server.welfare import lexicon, semantic, text

# How much the semantic score weighs against the lexical one (both scaled to 0..1), and how
# much popularity breaks near-ties. Chosen on the relevance set in tests/relevance (README).
SEMANTIC_WEIGHT = 0.5
POPULARITY_WEIGHT = 0.05
# Semantic neighbours join the results only this close to the best one (cosine).
SEMANTIC_BAND = 0.035
SEMANTIC_MAX_EXTRA = 30
TYPO_WEIGHT = 0.9
# The semantic half costs ~10 ms a question (the embedding); asked for only when the words
# alone are not enough: a question not in Korean, a word the index does not know even after
# spelling and synonyms (a described situation), or fewer matches than this.
FEW_MATCHES = 5

# Field weights: a word in the name says more than a word deep in the support text.
FIELD_REPEAT = (("name", 3), ("summary", 2), ("target", 1), ("content", 1), ("field", 1))


def record_tokens(rec: Mapping[str, Any]) -> dict[str, list[str]]:
    """The morphemes of each field a search reads (stored with the record)."""
    return {f: text.tokens(str(rec.get(f) or "")) for f, _ in FIELD_REPEAT}


def bag(tokens_by_field: Mapping[str, Sequence[str]]) -> list[str]:
    out: list[str] = []
    for f, repeat in FIELD_REPEAT:
        out.extend(list(tokens_by_field.get(f, ())) * repeat)
    return out


@dataclass
class Term:
    word: str  # an index word
    weight: float
    said: str  # what the person typed that brought it
    how: str = "word"  # word | synonym | typo


@dataclass
class Hit:
    index: int
    score: float
    why: list[str] = field(default_factory=list)


class SearchIndex:
    def __init__(self, docs: Sequence[Mapping[str, Any]], vectors: np.ndarray | None):
        """docs: dicts with id, name, views, level, field, user_types, online, always_open and
        `tokens` ({field: [morphemes]}); vectors: one normalised row per doc (or None)."""
        self.docs = list(docs)
        self.ids = [d["id"] for d in self.docs]
        self.position = {i: n for n, i in enumerate(self.ids)}
        bags = [bag(d["tokens"]) or ["\u2205"] for d in self.docs]
        self.bm25 = bm25s.BM25(k1=1.2, b=0.75)
        if self.docs:
            self.bm25.index(bags, show_progress=False)
        self.vocab: dict[str, int] = Counter(w for b in bags for w in set(b))
        self.speller = text.Speller(self.vocab)
        self.name_words = [set(d["tokens"].get("name", ())) for d in self.docs]
        self.all_words = [set(b) for b in bags]
        self.vectors = vectors
        views = np.array([max(int(d.get("views") or 0), 0) for d in self.docs], np.float64)
        self.popularity = (np.log1p(views) / max(math.log1p(views.max()), 1.0)
                           if len(views) else views)

    def __len__(self) -> int:
        return len(self.docs)

    # --- the query ------------------------------------------------------------------------

    def terms(self, query: str) -> list[Term]:
        """The index words a query brings, with weights: its own words (1.0), a corrected
        spelling (0.9), the official words for everyday ones (lexicon.EXPANSION_WEIGHT; full
        weight when the question is not Korean, since its own words cannot match)."""
        said_tagged = text.tagged(query)
        said = [w for w, _ in said_tagged]
        korean = text.has_hangul(query)
        found: dict[str, Term] = {}

        def add(word: str, weight: float, origin: str, how: str) -> None:
            if word in self.vocab and (word not in found or found[word].weight < weight):
                found[word] = Term(word, weight, origin, how)

        for word, tag in said_tagged:
            add(word, 1.0, word, "word")
            # Only an unknown noun may be a misspelling: a verb stem or an ordinary word the
            # index lacks ("지치", "찾") is no typo of a word it has ("자치", "참고").
            if word in self.vocab or tag not in text.NOUN_TAGS or not text.has_hangul(word):
                continue
            if word in lexicon.EVERYDAY:
                continue
            if fixed := self.speller.correct(word):
                add(fixed, TYPO_WEIGHT, word, "typo")
            else:
                parts = self.split(word)
                guessed = any(how == "typo" for _, how in parts)
                for part, how in parts:
                    add(part, 1.0 if how == "word" else TYPO_WEIGHT, word,
                        "typo" if guessed else "word")
        # Spacing: words written apart that the records write as one ("광양 사랑 상품권").
        nouns = [w for w, tag in said_tagged if tag in text.NOUN_TAGS]
        for n in (3, 2):
            for i in range(len(nouns) - n + 1):
                joined = "".join(nouns[i:i + n])
                if joined in self.vocab:
                    add(joined, 1.0, nouns[i], "word")
        # A typo often makes the analyser cut a word apart ("일짜리" -> 일 + 짜리): try the
        # whole word as typed, and without a one-syllable particle, when its analysis looks
        # broken (fragments, an unknown noun) or it is long.
        for raw in re.findall(r"[가-힣]{2,}", text.normalise(query)):
            if not self.looks_misspelt(raw):
                continue
            for cand in (raw, raw[:-1]):
                if len(cand) >= 2 and cand not in self.vocab:
                    if (fixed := self.speller.correct(cand)) and fixed not in found:
                        add(fixed, TYPO_WEIGHT, cand, "typo")
                        break
        for word in list(said) + [t.word for t in found.values() if t.how == "typo"]:
            for official in lexicon.expansions(word):
                add(official, lexicon.EXPANSION_WEIGHT if korean else 1.0, word, "synonym")
        return list(found.values())

    def looks_misspelt(self, raw: str) -> bool:
        if raw in self.vocab or raw in lexicon.EVERYDAY:
            return False
        parts = text.analyse(raw)
        return len(raw) >= 4 or any(
            tag in text.FRAGMENT_TAGS or (tag in text.NOUN_TAGS and form not in self.vocab
                                          and form not in lexicon.EVERYDAY)
            for form, tag in parts)

    def split(self, word: str) -> list[tuple[str, str]]:
        """An unknown compound as two index words, one of them possibly misspelt
        ("출산장여금" -> 출산 + 장려금)."""
        for k in range(2, len(word) - 1):
            left, right = word[:k], word[k:]
            fix_l = left if left in self.vocab else self.speller.correct(left)
            fix_r = right if right in self.vocab else self.speller.correct(right)
            if fix_l and fix_r:
                return [(fix_l, "word" if fix_l == left else "typo"),
                        (fix_r, "word" if fix_r == right else "typo")]
        return []

    # --- scoring ----------------------------------------------------------------------------

    def lexical(self, terms: Sequence[Term]) -> np.ndarray:
        """Per word the person said, the best of the index words it brought (its own, a
        corrected spelling or an official synonym), summed over the words: a record that
        covers more of the question ranks higher, and a word with many synonyms does not
        outweigh the others."""
        by_said: dict[str, np.ndarray] = {}
        for t in terms:
            s = t.weight * self.bm25.get_scores([t.word])
            prev = by_said.get(t.said)
            by_said[t.said] = s if prev is None else np.maximum(prev, s)
        total = np.zeros(len(self.docs), np.float32)
        for s in by_said.values():
            total += s
        return total

    def semantic(self, query: str) -> np.ndarray | None:
        if self.vectors is None or not len(self.docs):
            return None
        return self.vectors @ semantic.embed_query(text.normalise(query))

    def needs_semantic(self, query: str, terms: Sequence[Term], matched: int) -> bool:
        if not text.has_hangul(query):
            return True
        said = set(text.tokens(query))
        # A word counts as understood when found as typed or through a synonym; a corrected
        # spelling is a guess the semantic half can confirm.
        understood = {t.said for t in terms if t.how != "typo"}
        return bool(said - understood) or matched < FEW_MATCHES

    def search(self, query: str, mask: np.ndarray, limit: int,
               use_semantic: bool | None = None) -> tuple[list[Hit], int]:
        """Ranked hits among the docs where `mask` is true, and how many matched.
        `use_semantic`: None decides per question (needs_semantic), True / False force it."""
        if not len(self.docs):
            return [], 0
        if not text.normalise(query):
            order = np.argsort(-self.popularity[mask], kind="stable")
            idx = np.flatnonzero(mask)[order]
            return [Hit(int(i), float(self.popularity[i]), []) for i in idx[:limit]], int(mask.sum())
        terms = self.terms(query)
        lex = self.lexical(terms) if terms else np.zeros(len(self.docs), np.float32)
        lex = np.where(mask, lex, 0.0)
        top = float(lex.max()) if lex.size else 0.0
        lex_n = lex / top if top > 0 else lex
        matched = lex > 0
        score = lex_n.astype(np.float64)
        if use_semantic is None:
            use_semantic = self.needs_semantic(query, terms, int(matched.sum()))
        sem = self.semantic(query) if use_semantic else None
        close = np.zeros(len(self.docs), bool)
        if sem is not None:
            sem = np.where(mask, sem, -1.0)
            best = float(sem.max())
            floor = float(np.median(sem[mask])) if mask.any() else 0.0
            sem_n = np.clip((sem - floor) / max(best - floor, 1e-6), 0.0, 1.0)
            score = score + SEMANTIC_WEIGHT * sem_n
            near = np.flatnonzero(sem >= best - SEMANTIC_BAND)
            near = near[np.argsort(-sem[near])][:SEMANTIC_MAX_EXTRA]
            close[near] = True
        score = score + POPULARITY_WEIGHT * self.popularity
        found = (matched | close) & mask
        idx = np.flatnonzero(found)
        idx = idx[np.argsort(-score[idx], kind="stable")]
        hits = [Hit(int(i), float(score[i]), self.why(int(i), terms, bool(close[i])))
                for i in idx[:limit]]
        return hits, int(found.sum())

    def why(self, i: int, terms: Sequence[Term], close: bool) -> list[str]:
        """Why a result matched, in Korean: the words found in its name or text, the
        everyday word that led to an official one, the corrected spelling, or its meaning."""
        in_name = [t for t in terms if t.how == "word" and t.word in self.name_words[i]]
        in_text = [t for t in terms if t.how == "word" and t.word not in self.name_words[i]
                   and t.word in self.all_words[i]]
        out = []
        if in_name:
            out.append("서비스명에 " + "·".join(f"‘{t.word}’" for t in in_name))
        if in_text:
            out.append("내용에 " + "·".join(f"‘{t.word}’" for t in in_text[:4]))
        seen = set()
        for t in terms:
            if t.how != "word" and t.word in self.all_words[i] and t.said not in seen:
                seen.add(t.said)
                if t.how == "typo":
                    out.append(f"‘{t.said}’ → ‘{t.word}’{text.particle_by(t.word)} 찾음")
                elif text.has_hangul(t.said):
                    out.append(f"‘{t.said}’{text.particle_and(t.said)} 같은 뜻 ‘{t.word}’")
                else:
                    out.append(f"‘{t.said}’ = ‘{t.word}’")
        if not out and close:
            out.append("질문과 뜻이 비슷한 서비스")
        return out[:4]
