"""설문조사·정책투표 over HTTP, on SQLite and PostgreSQL: the officer workflow (draft, preview,
publish, close, results), one response per citizen (also under parallel submissions), changes
before the close, guests (open surveys yes, 정책투표 no), the audience by 읍면동 and age, live
and published results, the CSV export and bad input as Korean 4xx."""
from __future__ import annotations

import csv
import io
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from myg_app.server.auth import service as auth
from myg_app.server.auth.models import User
from myg_app.server.points.models import PointEntry
from myg_app.server.survey import seed as survey_seed
from myg_app.server.survey.models import SurveyParticipation, SurveyResponse
from tests.api.conftest import PASSWORD, assert_problem

V1 = "/api/v1/surveys"
OFF = f"{V1}/officer/surveys"


def when(days: float) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


QUESTIONS = [
    {"kind": "single", "text": "자주 쓰나요?", "options": ["매일", "가끔", "안 씀"]},
    {"kind": "multi", "text": "좋은 기능", "options": ["버스", "날씨", "신고", "예약"],
     "max_choices": 2},
    {"kind": "scale", "text": "만족도"},
    {"kind": "short", "text": "한 줄 의견", "required": False},
    {"kind": "long", "text": "자유 의견", "required": False},
]
GOOD = [{"question": 0, "choices": [1]}, {"question": 1, "choices": [0, 2]},
        {"question": 2, "scale": 4}, {"question": 4, "text": "버스 도착 알림이 있으면 좋겠습니다."}]


class Desk:
    def __init__(self, api):
        self.api, self.client = api, api.client
        with api.client.app.state.sessionmaker() as s, s.begin():
            auth.register(s, api.settings, "survey@gwangyang.demo", PASSWORD, "설문담당",
                          role="officer", department="감동시대추진단")
            auth.register(s, api.settings, "clean@gwangyang.demo", PASSWORD, "자원",
                          role="officer", department="자원순환과")
        self.officer = self.login("survey@gwangyang.demo")
        self.other_officer = self.login("clean@gwangyang.demo")

    def login(self, email: str) -> dict:
        r = self.api.login(email)
        assert r.status_code == 200, r.text
        return self.api.bearer(r.json())

    def citizen(self, dong: str | None = None, birth: date | None = None) -> dict:
        tokens = self.api.register()
        with self.client.app.state.sessionmaker() as s, s.begin():
            u = s.get(User, tokens["user"]["id"]) if "user" in tokens else s.scalar(
                select(User).where(User.email == tokens["email"]))
            u.dong, u.birth_date = dong, birth
        return self.api.bearer(tokens)

    def make(self, publish: bool = True, **kw) -> dict:
        body = {"title": "앱 만족도 조사", "starts_at": when(-1), "ends_at": when(7),
                "questions": QUESTIONS} | kw
        r = self.client.post(OFF, json=body, headers=self.officer)
        assert r.status_code == 201, r.text
        s = r.json()
        assert s["status"] == "draft"
        if publish:
            r = self.client.post(f"{OFF}/{s['id']}/publish", headers=self.officer)
            assert r.status_code == 200, r.text
            s = r.json()
        return s

    def answer(self, sid: int, headers: dict | None = None, answers=None, device=None,
               key: str | None = None):
        h = dict(headers or {})
        if key:
            h["Idempotency-Key"] = key
        body = {"answers": GOOD if answers is None else answers}
        if device:
            body["device"] = device
        return self.client.post(f"{V1}/{sid}/responses", json=body, headers=h)

    def count(self, model, sid: int) -> int:
        with self.client.app.state.sessionmaker() as s:
            return s.scalar(select(func.count()).select_from(model).where(model.survey_id == sid))


@pytest.fixture
def desk(api) -> Desk:
    return Desk(api)


def test_officer_builds_previews_publishes_and_citizen_answers(desk):
    r = desk.client.post(f"{V1}/officer/preview", headers=desk.officer, json={
        "title": "미리 보기", "starts_at": when(0), "ends_at": when(3), "questions": QUESTIONS})
    assert r.status_code == 200 and len(r.json()["questions"]) == 5
    assert desk.count(SurveyResponse, 1) == 0
    draft = desk.make(publish=False)
    sid = draft["id"]
    # Drafts are invisible to citizens and editable by the officer.
    assert_problem(desk.client.get(f"{V1}/{sid}"), 404, "survey.not_found")
    r = desk.client.put(f"{OFF}/{sid}", headers=desk.officer, json={
        "title": "고친 제목", "starts_at": when(-1), "ends_at": when(7), "questions": QUESTIONS})
    assert r.status_code == 200 and r.json()["title"] == "고친 제목"
    assert desk.client.post(f"{OFF}/{sid}/publish", headers=desk.officer).status_code == 200
    assert_problem(desk.client.put(f"{OFF}/{sid}", headers=desk.officer, json={
        "title": "또 고침", "starts_at": when(-1), "ends_at": when(7), "questions": QUESTIONS}),
        409, "survey.not_draft")

    citizen = desk.citizen()
    listed = desk.client.get(V1, headers=citizen).json()["items"]
    assert [i["id"] for i in listed] == [sid] and listed[0]["phase"] == "open"
    r = desk.answer(sid, citizen)
    assert r.status_code == 201, r.text
    assert "감사" in r.json()["message"]
    detail = desk.client.get(f"{V1}/{sid}", headers=citizen).json()
    assert detail["answered"] and not detail["eligible"]
    with desk.client.app.state.sessionmaker() as s:  # 참여 포인트, in the same transaction
        credited = s.scalars(select(PointEntry).where(PointEntry.rule == "survey_answered",
                                                      PointEntry.ref == f"survey:{sid}")).all()
        assert len(credited) == 1 and credited[0].amount > 0
    mine = desk.client.get(f"{V1}/{sid}/responses/mine", headers=citizen).json()
    assert mine["answered"] and mine["answers"][0]["choices"] == [1]
    # A second response: Korean 409.
    body = assert_problem(desk.answer(sid, citizen), 409, "survey.already_answered")
    assert "이미" in body["detail"]

    # Live results for officers (with the free text); hidden from citizens until published.
    live = desk.client.get(f"{OFF}/{sid}/results", headers=desk.officer).json()
    assert live["responses"] == 1
    assert [o["count"] for o in live["questions"][1]["options"]] == [1, 0, 1, 0]
    assert live["questions"][2]["average"] == 4
    assert live["questions"][4]["texts"] == ["버스 도착 알림이 있으면 좋겠습니다."]
    assert_problem(desk.client.get(f"{V1}/{sid}/results", headers=citizen), 403,
                   "survey.results_hidden")
    assert_problem(desk.client.get(f"{OFF}/{sid}/results", headers=citizen), 403,
                   "auth.forbidden")
    assert_problem(desk.client.get(f"{OFF}/{sid}/results", headers=desk.other_officer), 403,
                   "survey.forbidden")
    assert desk.client.post(f"{OFF}/{sid}/close", headers=desk.officer).json()["phase"] == "closed"
    assert_problem(desk.answer(sid, desk.citizen()), 409, "survey.closed")
    assert desk.client.post(f"{OFF}/{sid}/publish_results", headers=desk.officer).status_code == 200
    pub = desk.client.get(f"{V1}/{sid}/results").json()
    assert pub["published"] and pub["questions"][4]["texts"] == []
    assert [i["id"] for i in desk.client.get(V1, params={"state": "closed"}).json()["items"]] == [sid]


def test_change_before_close_when_allowed(desk):
    sid = desk.make(allow_change=True)["id"]
    citizen = desk.citizen()
    assert desk.answer(sid, citizen).status_code == 201
    changed = [{"question": 0, "choices": [2]}, {"question": 1, "choices": [3]},
               {"question": 2, "scale": 1}]
    r = desk.answer(sid, citizen, changed)
    assert r.status_code == 200 and r.json()["changed"]
    assert desk.count(SurveyResponse, sid) == 1
    mine = desk.client.get(f"{V1}/{sid}/responses/mine", headers=citizen).json()
    assert mine["answers"][0]["choices"] == [2] and mine["can_change"]
    desk.client.post(f"{OFF}/{sid}/close", headers=desk.officer)
    assert_problem(desk.answer(sid, citizen), 409, "survey.closed")


def test_anonymous_keeps_no_author_but_still_one_response(desk):
    sid = desk.make(anonymous=True)["id"]
    citizen = desk.citizen()
    assert desk.answer(sid, citizen).status_code == 201
    assert_problem(desk.answer(sid, citizen), 409, "survey.already_answered")
    with desk.client.app.state.sessionmaker() as s:
        r = s.scalars(select(SurveyResponse).where(SurveyResponse.survey_id == sid)).one()
        assert r.user_id is None and r.submitted_at is None
        p = s.scalars(select(SurveyParticipation).where(SurveyParticipation.survey_id == sid)).one()
        assert p.response_id is None
    mine = desk.client.get(f"{V1}/{sid}/responses/mine", headers=citizen).json()
    assert mine["answered"] and mine["answers"] is None
    # Anonymous and changeable cannot go together.
    r = desk.client.post(OFF, headers=desk.officer, json={
        "title": "익명", "starts_at": when(0), "ends_at": when(1), "questions": QUESTIONS,
        "anonymous": True, "allow_change": True})
    assert r.status_code == 422 and "익명" in r.text


def test_parallel_submissions_by_one_citizen_make_one_response(desk):
    sid = desk.make()["id"]
    citizen = desk.citizen()
    with ThreadPoolExecutor(6) as pool:
        codes = list(pool.map(lambda _: desk.answer(sid, citizen).status_code, range(6)))
    assert sorted(codes) == [201] + [409] * 5, codes
    assert desk.count(SurveyResponse, sid) == 1 and desk.count(SurveyParticipation, sid) == 1
    # The same Idempotency-Key: the first answer replayed, not a 409.
    other = desk.citizen()
    key = str(uuid.uuid4())
    with ThreadPoolExecutor(4) as pool:
        rs = list(pool.map(lambda _: desk.answer(sid, other, key=key), range(4)))
    assert {r.status_code for r in rs} == {201}
    assert desk.count(SurveyResponse, sid) == 2
    assert desk.client.get(f"{V1}/{sid}", headers=other).json()["responses"] == 2


def test_audience_by_dong_and_age(desk):
    today = date.today()
    jungma = desk.make(title="중마동 설문", dongs=["중마동"])["id"]
    young = desk.make(title="청년 설문", age_min=19, age_max=39)["id"]
    open_all = desk.make(title="모두")["id"]
    j30 = desk.citizen("중마동", today.replace(year=today.year - 30))
    g70 = desk.citizen("광영동", today.replace(year=today.year - 70))
    unknown = desk.citizen()

    def ids(h):
        return {i["id"] for i in desk.client.get(V1, headers=h).json()["items"]}
    assert ids(j30) == {jungma, young, open_all}
    assert ids(g70) == {open_all}
    assert ids(unknown) == {jungma, young, open_all}  # shown, with what to fill in
    d = desk.client.get(f"{V1}/{jungma}", headers=unknown).json()
    assert not d["eligible"] and "읍면동" in d["reason"]
    assert_problem(desk.answer(jungma, unknown), 403, "survey.not_eligible")
    assert_problem(desk.answer(young, g70), 403, "survey.not_eligible")
    assert desk.answer(young, j30).status_code == 201
    assert desk.answer(jungma, j30).status_code == 201


def test_guests_answer_open_surveys_once_per_device_but_not_votes(desk):
    sid = desk.make()["id"]
    vote = desk.make(kind="vote", title="정책투표", questions=QUESTIONS[:1])["id"]
    device = uuid.uuid4().hex
    assert desk.answer(sid, device=device).status_code == 201
    assert_problem(desk.answer(sid, device=device), 409, "survey.already_answered")
    assert desk.answer(sid, device=uuid.uuid4().hex).status_code == 201
    assert_problem(desk.answer(sid), 422, "survey.device_required")
    listed = desk.client.get(V1, params={"device": device}).json()["items"]
    assert {i["id"]: i["answered"] for i in listed}[sid] is True
    body = assert_problem(desk.answer(vote, answers=[{"question": 0, "choices": [0]}],
                                      device=device), 401, "auth.required")
    assert "로그인" in body["detail"]
    d = desk.client.get(f"{V1}/{vote}").json()
    assert not d["eligible"] and "로그인" in d["reason"]
    assert desk.answer(vote, desk.citizen(), [{"question": 0, "choices": [0]}]).status_code == 201


@pytest.mark.parametrize("answers, fault", [
    ([{"question": 0, "choices": [0, 1]}], "하나만"),
    ([{"question": 0, "choices": [7]}], "없는 보기"),
    ([{"question": 0, "choices": [0]}, {"question": 1, "choices": [0, 1, 2]}], "최대 2개"),
    ([{"question": 0, "choices": [0]}, {"question": 1, "choices": [0]},
      {"question": 2, "scale": 9}], None),
    ([{"question": 0, "choices": [0]}, {"question": 1, "choices": [0]}], "꼭 답해야"),
    ([{"question": 9, "choices": [0]}], "없는 문항"),
    ([{"question": 0, "text": "글"}], "보기 중에서"),
])
def test_bad_answers_are_korean_422(desk, answers, fault):
    sid = desk.make()["id"]
    r = desk.answer(sid, desk.citizen(), answers)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    if fault:
        assert fault in r.json()["detail"]
    assert desk.count(SurveyResponse, sid) == 0


@pytest.mark.parametrize("patch", [
    {"ends_at": when(-2)},  # before the start
    {"questions": []},
    {"questions": [{"kind": "single", "text": "보기 하나", "options": ["a"]}]},
    {"questions": [{"kind": "multi", "text": "많이", "options": ["a", "b"], "max_choices": 5}]},
    {"questions": [{"kind": "scale", "text": "점수", "options": ["a", "b"]}]},
    {"dongs": ["서울"]},
    {"age_min": 50, "age_max": 20},
    {"title": "\u0000"},
    {"starts_at": "0001-01-01T00:00:00+09:00"},
])
def test_bad_surveys_are_korean_422(desk, patch):
    body = {"title": "설문", "starts_at": when(-1), "ends_at": when(3),
            "questions": QUESTIONS} | patch
    r = desk.client.post(OFF, json=body, headers=desk.officer)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"


def test_csv_export_has_bom_and_free_text(desk):
    sid = desk.make()["id"]
    desk.answer(sid, desk.citizen())
    desk.answer(sid, desk.citizen(), GOOD[:3] + [{"question": 3, "text": "=1+2 위험한 글"}])
    r = desk.client.get(f"{OFF}/{sid}/export.csv", headers=desk.officer)
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    assert r.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["응답 번호", "응답자", "응답 시각"]
    assert rows[1][-1] == "버스 도착 알림이 있으면 좋겠습니다."
    assert rows[1][3] == "가끔" and rows[1][4] == "버스 / 신고"
    assert rows[2][-2] == "'=1+2 위험한 글"
    assert_problem(desk.client.get(f"{OFF}/{sid}/export.csv", headers=desk.citizen()), 403,
                   "auth.forbidden")


def test_state_changes_and_unknown_ids(desk):
    sid = desk.make(publish=False)["id"]
    assert_problem(desk.client.post(f"{OFF}/{sid}/close", headers=desk.officer), 409,
                   "survey.state")
    assert_problem(desk.client.post(f"{OFF}/{sid}/publish_results", headers=desk.officer), 409,
                   "survey.state")
    assert_problem(desk.client.get(f"{V1}/99999"), 404, "survey.not_found")
    assert_problem(desk.client.post(f"{OFF}/99999/publish", headers=desk.officer), 404,
                   "survey.not_found")
    assert desk.client.post(f"{OFF}/{sid}/frobnicate", headers=desk.officer).status_code == 422
    upcoming = desk.make(starts_at=when(2), ends_at=when(5))["id"]
    assert desk.client.get(f"{V1}/{upcoming}").json()["phase"] == "upcoming"
    assert_problem(desk.answer(upcoming, desk.citizen()), 409, "survey.not_eligible")


def test_demo_seed_is_idempotent(api, desk):
    with api.client.app.state.sessionmaker() as s, s.begin():
        survey_seed.seed(s, api.settings)
        survey_seed.seed(s, api.settings)
    items = api.client.get(V1).json()["items"]
    assert {i["kind"] for i in items} == {"survey", "vote"} and all(i["demo"] for i in items)
    closed = api.client.get(V1, params={"state": "closed"}).json()["items"]
    assert len(closed) == 1 and closed[0]["results_published"]
    res = api.client.get(f"{V1}/{closed[0]['id']}/results").json()
    assert res["responses"] == 5
