"""Survey records into contracts: list items, the answer form, the officers' view, results
(counts per choice, the 1-5 average, free text for officers) and the CSV export."""
from __future__ import annotations

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from myg_app.contracts import survey as c
from myg_app.server.auth.models import User
from myg_app.server.survey import service
from myg_app.server.survey.models import Survey, SurveyResponse

KST = ZoneInfo("Asia/Seoul")
TEXTS_SHOWN = 50  # free-text answers in the live results (all of them are in the CSV)


def audience(s: Survey) -> c.Audience:
    return c.Audience(dongs=list(s.dongs or []), age_min=s.age_min, age_max=s.age_max,
                      text=service.audience_text(s))


def _base(s: Survey, answered: bool) -> dict:
    return dict(id=s.id, kind=s.kind, title=s.title, phase=service.phase(s),
                starts_at=s.starts_at, ends_at=s.ends_at, audience=audience(s),
                anonymous=s.anonymous, results_published=s.results_published,
                responses=s.response_count, answered=answered, demo=s.demo)


def page(session: Session, rows: list[Survey], who: str | None) -> c.SurveyPage:
    done = service.answered_ids(session, who, [s.id for s in rows])
    return c.SurveyPage(items=[c.SurveyItem(**_base(s, s.id in done)) for s in rows])


def _detail_fields(session: Session, s: Survey, user: User | None, who: str | None) -> dict:
    p = service.participation(session, s, who)
    reason = service.eligibility(s, user)
    if p is not None and not service.can_change(s, p):
        reason = reason or "이미 응답했습니다. 참여해 주셔서 감사합니다."
    return _base(s, p is not None) | dict(
        description=s.description, allow_change=s.allow_change,
        questions=[c.Question(**q) for q in s.questions],
        eligible=reason is None, reason=reason, can_change=service.can_change(s, p))


def detail(session: Session, s: Survey, user: User | None, who: str | None) -> c.SurveyDetail:
    return c.SurveyDetail(**_detail_fields(session, s, user, who))


def officer(session: Session, s: Survey, user: User) -> c.OfficerSurvey:
    author = session.get(User, s.created_by_id) if s.created_by_id else None
    fields = _detail_fields(session, s, user, service.participant_of(user, None))
    return c.OfficerSurvey(**fields, status=s.status, created_by=author.name if author else None)


def preview(body: c.SurveyIn) -> c.SurveyDetail:
    """What citizens will see, before anything is saved."""
    return c.SurveyDetail(
        id=1, kind=body.kind, title=body.title, phase="draft", starts_at=body.starts_at,
        ends_at=body.ends_at, audience=c.Audience(
            dongs=list(body.dongs), age_min=body.age_min, age_max=body.age_max,
            text=service.audience_text(Survey(dongs=list(body.dongs), age_min=body.age_min,
                                              age_max=body.age_max))),
        anonymous=body.anonymous, results_published=False, responses=0,
        description=body.description, allow_change=body.allow_change,
        questions=[c.Question(**q) for q in service.questions_of(body)],
        eligible=False, reason="미리 보기입니다. 응답은 저장되지 않습니다.")


def results(s: Survey, responses: list[SurveyResponse], *, texts: bool) -> c.Results:
    out = []
    for q in s.questions:
        key = str(q["id"])
        values = [r.answers[key] for r in responses if key in r.answers]
        qr = c.QuestionResult(id=q["id"], kind=q["kind"], text=q["text"], answered=len(values))
        if q["kind"] in ("single", "multi"):
            counts = [0] * len(q["options"])
            for v in values:
                for ch in v:
                    if 0 <= ch < len(counts):
                        counts[ch] += 1
            qr.options = [c.OptionCount(label=o, count=n) for o, n in zip(q["options"], counts, strict=True)]
        elif q["kind"] == "scale":
            qr.options = [c.OptionCount(label=f"{n}점", count=values.count(n))
                          for n in range(c.SCALE_MIN, c.SCALE_MAX + 1)]
            qr.average = round(sum(values) / len(values), 2) if values else None
        elif texts:
            qr.texts = [str(v) for v in reversed(values)][:TEXTS_SHOWN]
        out.append(qr)
    return c.Results(survey_id=s.id, title=s.title, kind=s.kind, phase=service.phase(s),
                     responses=len(responses), published=s.results_published, questions=out)


def _when(v: datetime | None) -> str:
    return v.astimezone(KST).strftime("%Y-%m-%d %H:%M") if v else ""


def csv_bytes(session: Session, s: Survey, responses: list[SurveyResponse]) -> bytes:
    """One row per response, one column per question (choices by their text, several joined
    with " / ", free text as written), then a summary of counts. UTF-8 with a BOM: Excel opens
    Korean correctly only with it."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    head = ["응답 번호"] + ([] if s.anonymous else ["응답자", "응답 시각"])
    w.writerow(head + [f"{q['id'] + 1}. {q['text']}" for q in s.questions])
    names: dict[int, str] = {}
    if not s.anonymous:
        ids = {r.user_id for r in responses if r.user_id}
        names = {u.id: u.name for u in (session.get(User, i) for i in ids) if u}
    for n, r in enumerate(responses, 1):
        row: list[str] = [str(n)]
        if not s.anonymous:
            row += [names.get(r.user_id, "손님") if r.user_id else "손님",
                    _when(r.changed_at or r.submitted_at)]
        for q in s.questions:
            v = r.answers.get(str(q["id"]))
            if v is None:
                row.append("")
            elif q["kind"] in ("single", "multi"):
                row.append(" / ".join(q["options"][i] for i in v if 0 <= i < len(q["options"])))
            else:
                row.append(_safe(str(v)))
        w.writerow(row)
    w.writerow([])
    w.writerow(["문항", "보기", "응답 수"])
    for qr in results(s, responses, texts=False).questions:
        for o in qr.options:
            w.writerow([f"{qr.id + 1}. {qr.text}", o.label, o.count])
        if qr.kind in ("short", "long"):
            w.writerow([f"{qr.id + 1}. {qr.text}", "글 응답", qr.answered])
    return "\ufeff".encode() + buf.getvalue().encode("utf-8")


def _safe(v: str) -> str:
    """A citizen's text that Excel would run as a formula (=, +, -, @) starts with '."""
    return "'" + v if v[:1] in ("=", "+", "-", "@", "\t", "\r") else v
