"""Answers checked against their questions: the one place the question kinds' rules live
(one choice; up to max_choices; 1-5; short text on one line; required or optional). Pure
functions, no database: a bad answer is a Korean 422 naming the question."""
from __future__ import annotations

from typing import Any

from myg_app.contracts import survey as c
from myg_app.i18n import msg
from myg_app.server.errors import AppError

Stored = dict[str, Any]  # {"<question id>": [choices] | scale | "text"}


def _bad(q: dict, message: str) -> AppError:
    return AppError(422, "survey.answer_invalid", msg("{value}번 문항: {message}", value=q['id'] + 1, message=message),
                    field=f"answers.{q['id']}")


def validate(questions: list[dict], answers: list[c.AnswerIn]) -> Stored:
    """The answers to store, or AppError(422) for the first fault."""
    by_id = {q["id"]: q for q in questions}
    out: Stored = {}
    for a in answers:
        q = by_id.get(a.question)
        if q is None:
            raise AppError(422, "survey.answer_invalid",
                           msg("없는 문항({value}번)에 대한 답이 있습니다.", value=a.question + 1), field="answers")
        if str(a.question) in out:
            raise _bad(q, "같은 문항에 답이 두 번 있습니다.")
        value = _one(q, a)
        if value is not None:
            out[str(a.question)] = value
    for q in questions:
        if q.get("required", True) and str(q["id"]) not in out:
            raise _bad(q, "꼭 답해야 하는 문항입니다.")
    return out


def _one(q: dict, a: c.AnswerIn) -> Any:
    kind = q["kind"]
    if kind in ("single", "multi"):
        if a.scale is not None or (a.text or "").strip():
            raise _bad(q, "보기 중에서 골라 주세요.")
        if not a.choices:
            return None
        if len(set(a.choices)) != len(a.choices):
            raise _bad(q, "같은 보기를 두 번 골랐습니다.")
        if any(ch >= len(q["options"]) for ch in a.choices):
            raise _bad(q, "없는 보기를 골랐습니다.")
        if kind == "single" and len(a.choices) > 1:
            raise _bad(q, "하나만 고를 수 있습니다.")
        limit = q.get("max_choices") or len(q["options"])
        if len(a.choices) > limit:
            raise _bad(q, f"최대 {limit}개까지 고를 수 있습니다.")
        return sorted(a.choices)
    if kind == "scale":
        if a.choices or (a.text or "").strip():
            raise _bad(q, "1점부터 5점 중에서 골라 주세요.")
        if a.scale is None:
            return None
        if not c.SCALE_MIN <= a.scale <= c.SCALE_MAX:
            raise _bad(q, "1점부터 5점 중에서 골라 주세요.")
        return a.scale
    # short, long
    if a.choices or a.scale is not None:
        raise _bad(q, "글로 답해 주세요.")
    value = (a.text or "").strip()
    if not value:
        return None
    if kind == "short":
        if "\n" in value:
            value = " ".join(value.split())
        if len(value) > c.SHORT_MAX:
            raise _bad(q, f"{c.SHORT_MAX}자 이내로 적어 주세요.")
    return value


def as_answers(stored: Stored) -> list[c.AnswerIn]:
    """Stored answers back into the contract (a citizen's own response)."""
    out = []
    for qid, v in sorted(stored.items(), key=lambda kv: int(kv[0])):
        if isinstance(v, list):
            out.append(c.AnswerIn(question=int(qid), choices=v))
        elif isinstance(v, int):
            out.append(c.AnswerIn(question=int(qid), scale=v))
        else:
            out.append(c.AnswerIn(question=int(qid), text=v))
    return out
