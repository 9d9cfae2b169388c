"""설문조사·정책투표 (survey): officers build surveys, citizens (and guests, for open surveys)
answer once, officers watch live results, citizens see them once published.

Question kinds: single (one choice), multi (up to `max_choices`), scale (1-5), short (one
line), long (several lines); each required or optional. A survey has a period, an audience
(every citizen, some 읍면동, an age band), an anonymous or named mode and whether a response
may be changed before the close. `kind="vote"` (정책투표) needs a signed-in citizen.
"""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, Field, model_validator

from myg_app.contracts.types import Count, Id, line, long_text, token
from myg_app.gwangyang import dongs

Kind = Literal["survey", "vote"]
KIND_NAMES: dict[str, str] = {"survey": "설문조사", "vote": "정책투표"}
QuestionKind = Literal["single", "multi", "scale", "short", "long"]
QUESTION_NAMES: dict[str, str] = {"single": "하나 고르기", "multi": "여러 개 고르기",
                                  "scale": "1~5점", "short": "짧은 글", "long": "긴 글"}
Status = Literal["draft", "published", "closed"]
STATUS_NAMES: dict[str, str] = {"draft": "작성 중", "published": "게시됨", "closed": "마감"}
# What a citizen sees: draft is never shown to them.
Phase = Literal["draft", "upcoming", "open", "closed"]
PHASE_NAMES: dict[str, str] = {"draft": "작성 중", "upcoming": "시작 전", "open": "진행 중",
                               "closed": "마감"}
Action = Literal["publish", "close", "publish_results", "hide_results"]
ACTION_NAMES: dict[str, str] = {"publish": "게시", "close": "마감", "publish_results": "결과 공개",
                                "hide_results": "결과 비공개"}
State = Literal["open", "closed"]
DongName = Literal[tuple(dongs.NAMES)]  # type: ignore[valid-type]

TITLE_MAX = 120
DESCRIPTION_MAX = 2000
QUESTION_MAX = 300
OPTION_MAX = 100
MAX_QUESTIONS = 30
MAX_OPTIONS = 12
SHORT_MAX = 200
LONG_MAX = 2000
SCALE_MIN, SCALE_MAX = 1, 5
PAGE_MAX = 50


def _window(v: datetime) -> datetime:
    if not 2020 <= v.year <= 2100:
        raise ValueError("기간은 2020년부터 2100년 사이로 정해 주세요.")
    return v.astimezone(UTC)


When = Annotated[AwareDatetime, AfterValidator(_window)]
Age = Annotated[int, Field(ge=0, le=120)]
# A guest's device (a random id the app keeps on the device): one response per device.
DeviceToken = token(64, 16)


class QuestionIn(BaseModel):
    kind: QuestionKind
    text: line(QUESTION_MAX, 1)
    required: bool = True
    options: list[line(OPTION_MAX, 1)] = Field(default_factory=list, max_length=MAX_OPTIONS)
    max_choices: Annotated[int, Field(ge=1, le=MAX_OPTIONS)] | None = None  # multi only

    @model_validator(mode="after")
    def _consistent(self) -> QuestionIn:
        if self.kind in ("single", "multi"):
            if len(self.options) < 2:
                raise ValueError("고르기 문항에는 보기를 2개 이상 넣어 주세요.")
            if len({o.strip() for o in self.options}) != len(self.options):
                raise ValueError("같은 보기가 두 번 있습니다.")
        elif self.options:
            raise ValueError("보기는 고르기 문항에만 넣을 수 있습니다.")
        if self.max_choices is not None:
            if self.kind != "multi":
                raise ValueError("최대 선택 수는 '여러 개 고르기' 문항에만 정할 수 있습니다.")
            if self.max_choices > len(self.options):
                raise ValueError("최대 선택 수가 보기 수보다 많습니다.")
        return self


class Question(QuestionIn):
    id: Count  # its position in the survey (0, 1, …): answers name it


class SurveyIn(BaseModel):
    kind: Kind = "survey"
    title: line(TITLE_MAX, 2)
    description: long_text(DESCRIPTION_MAX) = ""
    starts_at: When
    ends_at: When
    dongs: list[DongName] = Field(default_factory=list, max_length=12)  # empty: everyone
    age_min: Age | None = None
    age_max: Age | None = None
    anonymous: bool = False
    allow_change: bool = False
    questions: list[QuestionIn] = Field(min_length=1, max_length=MAX_QUESTIONS)

    @model_validator(mode="after")
    def _consistent(self) -> SurveyIn:
        if self.ends_at <= self.starts_at:
            raise ValueError("마감 시각은 시작 시각보다 늦어야 합니다.")
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValueError("나이 범위의 시작이 끝보다 큽니다.")
        if self.anonymous and self.allow_change:
            # Anonymous: nothing links a response to its author, so it cannot be found again.
            raise ValueError("익명 설문은 응답을 고칠 수 없습니다. '응답 고치기 허용'을 끄세요.")
        if self.kind == "vote" and not (len(self.questions) >= 1 and self.questions[0].kind
                                        in ("single", "multi")):
            raise ValueError("정책투표의 첫 문항은 고르기 문항이어야 합니다.")
        return self


class Audience(BaseModel):
    dongs: list[str] = Field(default_factory=list)
    age_min: int | None = None
    age_max: int | None = None
    text: str  # "모든 시민", "중마동·광영동, 20~39세"


class SurveyItem(BaseModel):
    id: Id
    kind: Kind
    title: str
    phase: Phase
    starts_at: datetime
    ends_at: datetime
    audience: Audience
    anonymous: bool
    results_published: bool
    responses: Count
    answered: bool = False  # by the caller (or this device)
    demo: bool = False


class SurveyPage(BaseModel):
    items: list[SurveyItem]


class SurveyDetail(SurveyItem):
    description: str
    allow_change: bool
    questions: list[Question]
    eligible: bool  # may the caller answer now
    reason: str | None = None  # why not, in Korean
    can_change: bool = False  # answered, and may still change the answer


class OfficerSurvey(SurveyDetail):
    status: Status
    created_by: str | None = None


class OfficerPage(BaseModel):
    items: list[OfficerSurvey]


class AnswerIn(BaseModel):
    question: Count
    choices: list[Count] = Field(default_factory=list, max_length=MAX_OPTIONS)  # single, multi
    scale: Annotated[int, Field(ge=SCALE_MIN, le=SCALE_MAX)] | None = None
    text: long_text(LONG_MAX) | None = None  # short, long


class ResponseIn(BaseModel):
    answers: list[AnswerIn] = Field(max_length=MAX_QUESTIONS)
    device: DeviceToken | None = None  # guests only: this device's id


class ResponseOut(BaseModel):
    survey_id: Id
    changed: bool = False  # an earlier answer was replaced
    message: str


class MyResponse(BaseModel):
    survey_id: Id
    answered: bool
    answers: list[AnswerIn] | None = None  # None when anonymous (not kept with the author)
    can_change: bool = False


class OptionCount(BaseModel):
    label: str
    count: Count


class QuestionResult(BaseModel):
    id: Count
    kind: QuestionKind
    text: str
    answered: Count  # how many answered this question
    options: list[OptionCount] = Field(default_factory=list)  # single, multi, scale (1..5)
    average: float | None = None  # scale
    texts: list[str] = Field(default_factory=list)  # short, long (officers; newest first)


class Results(BaseModel):
    survey_id: Id
    title: str
    kind: Kind
    phase: Phase
    responses: Count
    published: bool
    questions: list[QuestionResult]
