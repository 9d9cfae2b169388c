"""What the chatbot knows: passages from the city's own information, each with the source it
is shown as and the function and department it leads to.

- the FAQ (data/faq.json, written for Gwangyang 민원; entries with invented local details
  are marked demo),
- the function catalog (what each MY광양 function does),
- the department directory and its tasks (with phone numbers),
- bookable facilities, sports grounds, courses and legal consultations,
- published news.
Welfare policies are not copied here: the welfare search answers for them (answer.py).

The FAQ and the catalog ship with the code; the rest is read from the database."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from myg_app import catalog
from myg_app.gwangyang.departments import phone_of
from myg_app.server.db import utcnow

FAQ_FILE = Path(__file__).parent / "data" / "faq.json"
# Resource kinds of the reservations domain -> (source kind, catalog function).
RESOURCE_KINDS = {"facility": ("facility", "facility"), "sports": ("facility", "sports"),
                  "course": ("course", "course"), "legal": ("course", "legal")}
NEWS_LIMIT = 200  # the newest published articles


@dataclass(frozen=True)
class Passage:
    kind: str  # faq | function | department | facility | course | news
    id: str
    title: str
    # What a question is matched against: the title, other ways of saying it, and the body.
    alt: tuple[str, ...]
    body: str
    function_id: str | None = None
    department: str | None = None
    phone: str | None = None
    demo: bool = False
    category: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"


@lru_cache(maxsize=1)
def faq() -> tuple[Passage, ...]:
    rows = json.loads(FAQ_FILE.read_text(encoding="utf-8"))
    return tuple(Passage(
        kind="faq", id=r["id"], title=r["question"], alt=tuple(r.get("variants") or ()),
        body=r["answer"], function_id=r.get("function_id"), department=r.get("department"),
        phone=phone_of(r.get("department") or ""), demo=bool(r.get("demo")),
        category=r.get("category") or "") for r in rows)


@lru_cache(maxsize=1)
def functions() -> tuple[Passage, ...]:
    out = []
    for fn in catalog.FUNCTIONS:
        dept = catalog.OWNERS.get(fn.id)
        out.append(Passage(
            kind="function", id=fn.id, title=fn.name_ko,
            alt=(fn.name_en, " ".join(catalog.KEYWORDS.get(fn.id, ()))), body=fn.summary_ko,
            function_id=fn.id, department=dept, phone=phone_of(dept or ""),
            category=catalog.CATEGORY_BY_ID[fn.category].name_ko))
    return tuple(out)


def static() -> tuple[Passage, ...]:
    return faq() + functions()


def from_database(session: Session) -> list[Passage]:
    """Departments, bookable places and courses, and news, as they are now."""
    from myg_app.server.directory.models import DirectoryEntry
    from myg_app.server.news.models import Article
    from myg_app.server.reservations.models import Resource

    out: list[Passage] = []
    for d in session.scalars(select(DirectoryEntry).order_by(DirectoryEntry.sort_order)):
        tasks = [t for t in d.tasks.split("|") if t]
        out.append(Passage(
            kind="department", id=d.department, title=d.department, alt=tuple(tasks),
            body=f"{d.department}({d.division})에서 {', '.join(tasks)} 업무를 맡고 있어요. "
                 f"전화 {d.phone}.",
            function_id="dept_call", department=d.department, phone=d.phone,
            category="부서 안내"))
    for r in session.scalars(select(Resource).where(Resource.is_active.is_(True))
                             .order_by(Resource.id)):
        kind, fid = RESOURCE_KINDS.get(r.kind, ("facility", "facility"))
        fn = catalog.BY_ID[fid]
        fee = "무료" if not r.fee_resident else f"시민 {r.fee_resident:,}원"
        out.append(Passage(
            kind=kind, id=str(r.id), title=r.name, alt=(r.category, r.place),
            body=f"{r.name}({r.category}, {r.place}). {r.description.strip()} 이용료 {fee}. "
                 f"MY광양 '{fn.name_ko}'에서 신청할 수 있어요.".replace("  ", " "),
            function_id=fid, department=r.department,
            phone=phone_of(r.department), category=fn.name_ko))
    now = utcnow()
    articles = session.scalars(
        select(Article).where(Article.status == "published", Article.published_at <= now)
        .order_by(Article.published_at.desc()).limit(NEWS_LIMIT))
    for a in articles:
        fid = "town_news" if a.board == "town" else "city_news"
        out.append(Passage(
            kind="news", id=str(a.id), title=a.title, alt=(a.category,),
            body=f"{a.title}. {(a.summary or a.body[:160]).strip()}", function_id=fid,
            demo=bool(a.demo), category="소식"))
    return out
