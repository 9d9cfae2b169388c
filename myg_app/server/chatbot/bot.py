"""The answer to one question, from the knowledge only (nothing is stored here).

The embedded default is extractive: the answer is the matched FAQ entry's own text, or a
sentence built from a function's, department's, place's or article's own fields, so nothing
is said that the city's information does not say. With MYG_LLM_URL set, a language model
rewrites the answer from the retrieved passages only (llm.py), and this text is the fallback.

When no passage answers well enough the bot says so and hands over: 1:1 상담 (signed-in) or
the phone number of the department the question most likely concerns."""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from myg_app import catalog
from myg_app.contracts.chatbot import Contact, Source
from myg_app.server.chatbot import guard, knowledge
from myg_app.server.chatbot.knowledge import Passage
from myg_app.server.chatbot.retrieval import KnowledgeIndex, Ranked, vectors_for
from myg_app.server.db import read_only_session
from myg_app.server.welfare import text

# A passage answers when it scores well (words and meaning together) and either means about
# the same as the question (cosine) or holds half of its rare words and is close in meaning.
# Chosen on tests/relevance/chatbot_eval.json (figures in docs/CHATBOT.md).
MIN_SCORE = 0.74
SURE_COSINE = 0.87
MIN_COVERAGE, MIN_COSINE = 0.5, 0.84
# Other passages shown as sources beside the answer: this close to the best score.
RELATED_BAND = 0.85
MAX_SOURCES = 3
# A question this short (meaning-bearing words) that finds nothing by itself is a follow-up.
FOLLOW_UP_WORDS = 2
WELFARE_FUNCTIONS = {"welfare", "subsidy24", "sos", "small_biz"}
DEMO_NOTE = " ※ 예시(데모) 정보가 들어 있어 실제와 다를 수 있어요."


@dataclass
class Reply:
    answer: str
    sources: list[Source]
    function_id: str | None
    confident: bool
    contact: Contact | None = None
    answered_by: str = "faq"
    suggestions: list[str] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)  # what an LLM may use


# --- the index ---------------------------------------------------------------------------

_indexes: OrderedDict[str, tuple[tuple, KnowledgeIndex]] = OrderedDict()
_index_lock = threading.Lock()
KEEP = 4  # databases (tests run several in one process)


def _signature(session: Session) -> tuple:
    """Changes whenever the database part of the knowledge does (cheap: three aggregates)."""
    from myg_app.server.directory.models import DirectoryEntry
    from myg_app.server.news.models import Article
    from myg_app.server.reservations.models import Resource

    return (
        tuple(session.execute(select(func.count(), func.max(DirectoryEntry.id))).one()),
        tuple(session.execute(select(func.count(), func.max(Resource.updated_at))).one()),
        tuple(session.execute(select(func.count(), func.max(Article.updated_at))
                              .where(Article.status == "published")).one()),
    )


def index_for(session: Session) -> KnowledgeIndex:
    engine = session.get_bind()
    key = engine.url.render_as_string(hide_password=True)
    sig = _signature(session)
    hit = _indexes.get(key)
    if hit is not None and hit[0] == sig:
        return hit[1]
    with _index_lock:
        hit = _indexes.get(key)
        if hit is not None and hit[0] == sig:
            return hit[1]
        with read_only_session(engine) as reader:  # no write lock held while it is built
            dynamic = knowledge.from_database(reader)
        # News comes and goes by the hundred: matched by its words only. Everything else has
        # a vector (shipped, or embedded once when its text changed).
        meant = list(knowledge.static()) + [p for p in dynamic if p.kind != "news"]
        news = [p for p in dynamic if p.kind == "news"]
        built = KnowledgeIndex(meant + news, vectors_for(meant), len(meant))
        _indexes[key] = (sig, built)
        _indexes.move_to_end(key)
        while len(_indexes) > KEEP:
            _indexes.popitem(last=False)
        return built


# --- composing ---------------------------------------------------------------------------

def source_of(p: Passage) -> Source:
    return Source(kind=p.kind, id=p.id, title=p.title, demo=p.demo)


def is_confident(r: Ranked) -> bool:
    return r.score >= MIN_SCORE and (r.cosine >= SURE_COSINE or (
        r.coverage >= MIN_COVERAGE and r.cosine >= MIN_COSINE))


def contact_of(p: Passage | None) -> Contact | None:
    if p is None or not p.department or not p.phone:
        return None
    return Contact(department=p.department, phone=p.phone)


def extractive(p: Passage) -> str:
    """The passage's own words, made into an answer."""
    body = guard.clean_passage(p.body)
    if p.kind == "faq":
        out = body
    elif p.kind == "function":
        fn = catalog.BY_ID[p.id]
        where = ("MY광양 첫 화면이나 전체 메뉴에서 바로 이용할 수 있어요." if fn.status == "available"
                 else "이 기능은 아직 준비 중이에요.")
        out = f"'{fn.name_ko}' 기능이 있어요. {body} {where}"
    else:  # a department, a place, a course or an article says it in its own body
        out = body
    return out + (DEMO_NOTE if p.demo else "")


NOT_FOUND = "죄송해요, 광양시 안내 자료에서 확실한 답을 찾지 못했어요."


def _handover(best: Ranked | None, signed_in: bool, why: str = NOT_FOUND) -> Reply:
    near = best.passage if best is not None and best.coverage >= 0.34 else None
    contact = contact_of(near) or Contact(department=catalog.departments.HELP_DESK,
                                          phone=catalog.CITY_HELP_PHONE)
    how = ("'1:1 상담 연결'을 누르면 지금까지의 대화를 담당자에게 넘겨 드려요."
           if signed_in else "로그인하면 1:1 상담으로 이 대화를 담당자에게 넘길 수 있어요.")
    answer = (f"{why} {how} "
              f"전화로 물어보시려면 {contact.department}에 연락해 주세요. 전화 {contact.phone}.")
    sources = [source_of(near)] if near is not None and near.kind == "department" else []
    return Reply(answer, sources, "chat", False, contact, "handover")


def _welfare(session: Session, question: str) -> list[Source]:
    from myg_app.server.welfare import service as welfare

    try:
        found = welfare.search(session, question, 3, 0, welfare.Filters())
    except Exception:  # noqa: BLE001 - the answer stands without the related policies
        return []
    return [Source(kind="welfare", id=i.id, title=i.name, demo=i.demo) for i in found.items]


def reply(session: Session, question: str, previous: str | None = None,
          signed_in: bool = False) -> Reply:
    if guard.is_injection(question):
        return Reply(guard.INJECTION_REFUSAL, [], None, False, answered_by="handover")
    if guard.asks_for_someones_data(question):
        return Reply(guard.PERSONAL_REFUSAL, [], "dept_call", False, answered_by="handover")
    index = index_for(session)
    if guard.other_city(question):
        return Reply(guard.OTHER_CITY_REPLY, [], None, False, answered_by="handover")
    if guard.is_own_case(question):
        return _handover(next(iter(index.rank(question)), None), signed_in,
                         guard.OWN_CASE_REPLY)
    ranked = index.rank(question)
    if previous and not (ranked and is_confident(ranked[0])) \
            and len(text.tokens(question)) <= FOLLOW_UP_WORDS:
        # A follow-up ("수수료는요?") is read together with the question before it.
        joined = index.rank(f"{previous} {question}")
        if joined and is_confident(joined[0]):
            ranked = joined
    best = ranked[0] if ranked else None
    if best is None or not is_confident(best):
        return _handover(best, signed_in)
    top = best.passage
    related = [r.passage for r in ranked[1:]
               if r.score >= best.score * RELATED_BAND and is_confident(r)
               and r.passage.key != top.key][:MAX_SOURCES - 1]
    # The source is what the answer was taken from; close neighbours become suggestions (a
    # language model may use them too, and then cites what it used).
    sources = [source_of(top)]
    if top.function_id in WELFARE_FUNCTIONS or top.category == "복지":
        sources += _welfare(session, question)[:2]
    suggestions = [p.title for p in related if p.kind == "faq"]
    return Reply(extractive(top), sources, top.function_id, True, contact_of(top), "faq",
                 suggestions, [top, *related])
