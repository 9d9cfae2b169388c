"""Answers checked against their questions (server/survey/answers.py) and the survey contract's
own rules: one choice, up to max_choices, 1-5, text kinds, required or optional."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from myg_app.contracts import survey as c
from myg_app.server.errors import AppError
from myg_app.server.survey.answers import as_answers, validate

QS = [
    {"id": 0, "kind": "single", "text": "하나", "required": True, "options": ["a", "b", "c"],
     "max_choices": None},
    {"id": 1, "kind": "multi", "text": "여럿", "required": False, "options": ["a", "b", "c", "d"],
     "max_choices": 2},
    {"id": 2, "kind": "scale", "text": "점수", "required": True, "options": [],
     "max_choices": None},
    {"id": 3, "kind": "short", "text": "짧게", "required": False, "options": [],
     "max_choices": None},
    {"id": 4, "kind": "long", "text": "길게", "required": False, "options": [],
     "max_choices": None},
]


def A(**kw) -> c.AnswerIn:
    return c.AnswerIn(**kw)


def test_a_full_valid_response_is_stored_compactly():
    got = validate(QS, [A(question=0, choices=[2]), A(question=1, choices=[3, 0]),
                        A(question=2, scale=5), A(question=3, text=" 한 줄\n두 줄 "),
                        A(question=4, text="첫 줄\n둘째 줄")])
    assert got == {"0": [2], "1": [0, 3], "2": 5, "3": "한 줄 두 줄", "4": "첫 줄\n둘째 줄"}
    back = as_answers(got)
    assert [a.question for a in back] == [0, 1, 2, 3, 4] and back[2].scale == 5


def test_optional_questions_may_be_left_out_or_blank():
    assert validate(QS, [A(question=0, choices=[0]), A(question=2, scale=1),
                         A(question=3, text="   "), A(question=1)]) == {"0": [0], "2": 1}


@pytest.mark.parametrize("answers, words", [
    ([A(question=2, scale=3)], "1번 문항: 꼭 답해야"),
    ([A(question=0, choices=[0]), A(question=2, choices=[1])], "1점부터 5점"),
    ([A(question=0, choices=[0, 1]), A(question=2, scale=3)], "하나만"),
    ([A(question=0, choices=[3]), A(question=2, scale=3)], "없는 보기"),
    ([A(question=0, choices=[0]), A(question=1, choices=[0, 1, 2]), A(question=2, scale=3)],
     "최대 2개"),
    ([A(question=0, choices=[0]), A(question=1, choices=[1, 1]), A(question=2, scale=3)],
     "두 번"),
    ([A(question=0, choices=[0]), A(question=0, choices=[1]), A(question=2, scale=3)], "두 번"),
    ([A(question=0, choices=[0]), A(question=2, scale=3), A(question=7, text="x")], "없는 문항"),
    ([A(question=0, text="글"), A(question=2, scale=3)], "보기 중에서"),
    ([A(question=0, choices=[0]), A(question=2, scale=3), A(question=3, choices=[0])], "글로"),
    ([A(question=0, choices=[0]), A(question=2, scale=3), A(question=3, text="가" * 201)],
     "200자"),
])
def test_faults_are_korean_422_naming_the_question(answers, words):
    with pytest.raises(AppError) as err:
        validate(QS, answers)
    assert err.value.status == 422 and err.value.code == "survey.answer_invalid"
    assert words in err.value.detail


def test_scale_outside_1_to_5_is_refused_by_the_contract():
    with pytest.raises(ValidationError):
        A(question=2, scale=6)
    with pytest.raises(ValidationError):
        A(question=2, scale=0)


def _survey(**kw) -> dict:
    now = datetime.now(UTC)
    return {"title": "설문", "starts_at": now, "ends_at": now + timedelta(days=1),
            "questions": [{"kind": "single", "text": "q", "options": ["a", "b"]}]} | kw


@pytest.mark.parametrize("patch, words", [
    ({"anonymous": True, "allow_change": True}, "익명"),
    ({"age_min": 40, "age_max": 20}, "나이"),
    ({"questions": [{"kind": "multi", "text": "q", "options": ["a", "b"], "max_choices": 3}]},
     "최대 선택 수"),
    ({"questions": [{"kind": "single", "text": "q", "options": ["a", "a"]}]}, "같은 보기"),
    ({"questions": [{"kind": "short", "text": "q", "options": ["a"]}]}, "보기는"),
    ({"kind": "vote", "questions": [{"kind": "long", "text": "q"}]}, "정책투표"),
])
def test_survey_contract_rules(patch, words):
    with pytest.raises(ValidationError) as err:
        c.SurveyIn(**_survey(**patch))
    assert words in str(err.value)


def test_a_valid_survey_contract():
    s = c.SurveyIn(**_survey(dongs=["중마동"], age_min=19, age_max=39))
    assert s.dongs == ["중마동"] and s.kind == "survey"
