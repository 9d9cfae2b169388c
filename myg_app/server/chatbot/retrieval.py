"""Finding the passage that answers a question, and knowing when none does.

The welfare search's machinery is reused: kiwipiepy morphemes, BM25 with field weights
(title x3, other wordings x2, body x1), typo correction and everyday words widened to official
ones (welfare.search.SearchIndex), plus this module's own everyday words for 민원 (소파 ->
대형폐기물). The FAQ and the catalog also have multilingual-e5 vectors, shipped in
data/vectors.npz, so a question worded unlike any entry still finds it.

Confidence is judged on absolute evidence, not on the rank: how much of the question's own
meaning-bearing words (by their rarity, IDF) the passage covers, and how close the two are in
meaning. A question about something the city's information does not hold ("서울 따릉이
요금") shares a word or two with some passage, but not most of its rare ones."""
from __future__ import annotations

import hashlib
import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from myg_app.server.chatbot.knowledge import Passage
from myg_app.server.welfare import semantic, text
from myg_app.server.welfare.search import SearchIndex, Term

VECTORS_FILE = Path(__file__).parent / "data" / "vectors.npz"

# Everyday words of 민원 -> the words the FAQ and the catalog use (weight SYNONYM_WEIGHT).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "소파": ("대형폐기물",), "쇼파": ("대형폐기물",), "침대": ("대형폐기물",),
    "장롱": ("대형폐기물",), "냉장고": ("대형폐기물", "폐가전"), "세탁기": ("대형폐기물", "폐가전"),
    "가구": ("대형폐기물",), "매트리스": ("대형폐기물",), "책상": ("대형폐기물",),
    "의자": ("대형폐기물",), "버리": ("배출", "폐기물"), "버리기": ("배출",), "딱지": ("과태료", "주정차"),
    "주차": ("주정차",), "견인": ("주정차",), "포트홀": ("도로", "파손"), "구멍": ("파손", "도로"),
    "가로등": ("가로등", "고장"), "불": ("가로등",), "수도": ("상하수도", "수도"),
    "물세": ("상하수도", "요금"), "수돗물": ("상수도",), "누수": ("누수", "상하수도"),
    "이사": ("전입신고", "전입"), "주소": ("전입신고", "주민등록"), "등본": ("주민등록등본",),
    "초본": ("주민등록초본",), "도장": ("인감",), "애기": ("출생신고", "출산"),
    "아기": ("출생신고", "출산"), "결혼": ("혼인신고",), "돌아가": ("사망신고",),
    "여권": ("여권",), "비자": ("여권",), "세금": ("지방세",), "차세": ("자동차세",),
    "강아지": ("반려동물", "동물등록"), "고양이": ("반려동물",), "개": ("반려동물", "동물등록"),
    "주사": ("예방접종",), "백신": ("예방접종",), "약국": ("약국", "병원"), "아프": ("병원",),
    "운동": ("체육시설",), "테니스": ("체육시설", "테니스장"), "수영": ("수영장", "체육시설"),
    "강당": ("대관", "공공시설"), "빌리": ("대관", "예약"), "변호사": ("법률상담",),
    "소송": ("법률상담",), "글씨": ("큰 글씨", "글자"), "비번": ("비밀번호",),
    "앱": ("MY광양", "앱"), "어플": ("앱", "MY광양"), "태풍": ("재난", "재난문자"),
    "지진": ("재난",), "상품권": ("광양사랑상품권",), "시장": ("전통시장",),
}
SYNONYM_WEIGHT = 0.8
# Which kinds of passage a question is answered from first, when two are about as good: the
# FAQ says what to do; a function, a department or a place says where.
KIND_PRIOR = {"faq": 1.0, "function": 0.93, "department": 0.88, "facility": 0.9,
              "course": 0.9, "news": 0.85}
LEXICAL_WEIGHT, SEMANTIC_WEIGHT = 0.55, 0.45
# e5-small cosines: unrelated Korean questions sit at ~0.75-0.8, paraphrases above ~0.88.
SEM_FLOOR, SEM_TOP = 0.78, 0.93


@dataclass
class Ranked:
    passage: Passage
    score: float
    coverage: float  # 0..1, the rarity-weighted share of the question's words it holds
    cosine: float  # 0 when the passage has no vector


def passage_text(p: Passage) -> str:
    return ". ".join(x for x in (p.title, *p.alt, p.body[:200]) if x)


def passage_hash(p: Passage) -> str:
    return hashlib.sha1(passage_text(p).encode()).hexdigest()[:16]


_vector_cache: dict[tuple[str, str], np.ndarray] = {}
_vector_lock = threading.Lock()


def _shipped() -> None:
    if _vector_cache or not VECTORS_FILE.exists():
        return
    data = np.load(VECTORS_FILE)
    for k, h, v in zip(data["keys"].tolist(), data["hashes"].tolist(),
                       data["vectors"].astype(np.float32)):
        _vector_cache[(k, h)] = v


def vectors_for(passages: Sequence[Passage]) -> np.ndarray:
    """One normalised row per passage: shipped when its text is unchanged, else embedded
    now (~50 ms each; an edited FAQ entry costs that once per process)."""
    with _vector_lock:
        _shipped()
        keys = [(p.key, passage_hash(p)) for p in passages]
        missing = [i for i, k in enumerate(keys) if k not in _vector_cache]
        if missing:
            fresh = semantic.embed_passages([passage_text(passages[i]) for i in missing])
            for i, vec in zip(missing, fresh):
                _vector_cache[keys[i]] = vec
        out = (np.stack([_vector_cache[k] for k in keys]) if keys
               else np.zeros((0, semantic.DIM), np.float32))
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-6)


@lru_cache(maxsize=8192)
def _tokens(s: str) -> tuple[str, ...]:
    # The shipped passages are the same at every rebuild (a new article, an edited place):
    # analysed once per process, not once per rebuild.
    return tuple(text.tokens(s))


def _doc(p: Passage) -> dict:
    return {"id": p.key, "tokens": {"name": _tokens(p.title),
                                    "summary": _tokens(" ".join(p.alt)),
                                    "content": _tokens(p.body)}}


class KnowledgeIndex:
    def __init__(self, passages: Sequence[Passage], vectors: np.ndarray | None,
                 with_vector: int):
        """`vectors`: rows for the first `with_vector` passages (the shipped knowledge); the
        rest (read from the database) are matched by their words only."""
        self.passages = list(passages)
        self.search = SearchIndex([_doc(p) for p in self.passages], None)
        self.vectors = vectors
        self.with_vector = with_vector
        n = max(len(self.passages), 1)
        self.idf = {w: math.log((n + 1) / (c + 0.5)) for w, c in self.search.vocab.items()}
        self.unknown_idf = math.log((n + 1) / 0.5)
        self.prior = np.array([KIND_PRIOR.get(p.kind, 0.85) for p in self.passages])

    def terms(self, question: str) -> list[Term]:
        terms = self.search.terms(question)
        have = {t.word for t in terms}
        for said in text.tokens(question):
            for word in SYNONYMS.get(said, ()):
                for w in text.tokens(word) or [word]:
                    if w in self.search.vocab and w not in have:
                        terms.append(Term(w, SYNONYM_WEIGHT, said, "synonym"))
                        have.add(w)
        return terms

    def coverage(self, question_words: Sequence[str], terms: Sequence[Term]) -> np.ndarray:
        """Per passage, the IDF-weighted share of the question's words it holds (a word
        counts when found as said or through one of the words it brought)."""
        words = list(dict.fromkeys(question_words))
        if not words:
            return np.zeros(len(self.passages))
        weight = {w: self.idf.get(w, self.unknown_idf) for w in words}
        total = sum(weight.values())
        brought: dict[str, set[str]] = {w: {w} for w in words}
        for t in terms:
            brought.setdefault(t.said, {t.said}).add(t.word)
        out = np.zeros(len(self.passages))
        for i, have in enumerate(self.search.all_words):
            out[i] = sum(weight[w] for w in words if brought[w] & have) / total
        return out

    def rank(self, question: str, limit: int = 5) -> list[Ranked]:
        if not self.passages or not text.normalise(question):
            return []
        terms = self.terms(question)
        lex = self.search.lexical(terms) if terms else np.zeros(len(self.passages))
        top = float(lex.max()) if lex.size else 0.0
        lex_n = lex / top if top > 0 else lex
        cos = np.zeros(len(self.passages))
        if self.vectors is not None and self.with_vector:
            q = semantic.embed_query(text.normalise(question))
            cos[:self.with_vector] = self.vectors @ q
        sem_n = np.clip((cos - SEM_FLOOR) / (SEM_TOP - SEM_FLOOR), 0.0, 1.0)
        cover = self.coverage(text.tokens(question), terms)
        score = (LEXICAL_WEIGHT * lex_n + SEMANTIC_WEIGHT * sem_n) * self.prior
        order = np.argsort(-score, kind="stable")[:limit]
        return [Ranked(self.passages[i], float(score[i]), float(cover[i]), float(cos[i]))
                for i in order if score[i] > 0]
