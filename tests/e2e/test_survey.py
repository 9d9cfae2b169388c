"""설문조사·정책투표 in Chromium: the officer's survey (made and published through the API, for
speed) is answered by a citizen on a phone in large text (a choice, two boxes, a score and a
written opinion); the officer then sees the answer in the live results, drawn as bar charts.
Nothing may run off the side of the phone."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx

from tests.e2e.accounts import DEMO_PASSWORD, PASSWORD, new_citizen, sign_in
from tests.e2e.tour import go
from tests.e2e.tour import off_side as off_side_at


def off_side(ui) -> list[dict]:
    return off_side_at(ui, 360)


def published_survey(server: str, title: str) -> int:
    now = datetime.now(UTC)
    with httpx.Client(base_url=server + "/api/v1") as http:
        tokens = http.post("/auth/login", json={"email": "news@gwangyang.demo",
                                                "password": DEMO_PASSWORD}).json()
        headers = {"Authorization": f"Bearer {tokens['access_token']}"}
        r = http.post("/surveys/officer/surveys", headers=headers, json={
            "title": title, "description": "광양시 공원 이용에 대한 의견을 듣습니다.",
            "starts_at": (now - timedelta(hours=1)).isoformat(),
            "ends_at": (now + timedelta(days=7)).isoformat(),
            "questions": [
                {"kind": "single", "text": "공원에 얼마나 자주 가시나요?",
                 "options": ["매일", "일주일에 한두 번", "거의 안 감"]},
                {"kind": "multi", "text": "공원에 더 있으면 좋을 것 (최대 2개)",
                 "options": ["그늘막", "화장실", "운동기구", "산책로 조명"], "max_choices": 2},
                {"kind": "scale", "text": "지금 공원에 만족하시나요?"},
                {"kind": "long", "text": "그 밖의 의견", "required": False}]})
        r.raise_for_status()
        sid = r.json()["id"]
        http.post(f"/surveys/officer/surveys/{sid}/publish", headers=headers).raise_for_status()
    return sid


def test_a_citizen_answers_and_the_officer_sees_it_live(ui, server):
    title = f"공원 이용 설문 {uuid.uuid4().hex[:4]}"
    sid = published_survey(server, title)
    email = new_citizen(server, "e2e-survey")
    ui.phone_in_large_text()
    sign_in(ui, email, PASSWORD)
    go(ui, "/f/survey")
    ui.wait_text_in(f"survey-item-{sid}", title)
    ui.shot("survey_list_large")
    assert not off_side(ui), off_side(ui)
    ui.click_id(f"survey-item-{sid}")
    ui.wait_text_in("survey-title", title)
    ui.click_id("survey-q0-opt1")
    ui.click_id("survey-q1-opt0")
    ui.click_id("survey-q1-opt3")
    ui.click_id("survey-q2-opt4")
    ui.fill("survey-q3-field", "밤에 산책로가 어두워요.")
    ui.shot("survey_answer_large")
    assert not off_side(ui), off_side(ui)
    ui.click_id("survey-submit")
    ui.wait_text_in("survey-reason", "이미 응답")
    assert not off_side(ui), off_side(ui)
    go(ui, "/account")
    ui.click_id("account-logout")
    ui.wait_id("home-login")

    sign_in(ui, "news@gwangyang.demo", DEMO_PASSWORD)
    go(ui, f"/f/survey/desk/{sid}/results")
    ui.wait_text_in("survey-live-count", "참여 1명")
    ui.wait_id("survey-live-chart-0")
    ui.wait_text_in("survey-live-chart-0", "일주일에 한두 번 1명")
    ui.wait_text_in("survey-live-chart-1", "그늘막 1명")
    ui.reveal("survey-live-avg-2")
    ui.wait_text_in("survey-live-avg-2", "5.00")
    ui.reveal("survey-live-text-3-0")
    ui.wait_text_in("survey-live-text-3-0", "밤에 산책로가 어두워요.")
    ui.shot("survey_live_results_large")
    assert not off_side(ui), off_side(ui)
