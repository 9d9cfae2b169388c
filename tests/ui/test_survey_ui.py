"""설문조사·정책투표 in a headless session: a guest answers the open demo survey (one response
per device), a citizen votes on home's 정책투표 card, a citizen reads published results (bar
charts), and an officer builds a survey, previews, publishes it and watches the live results."""
from __future__ import annotations

import uuid

import flet_charts as fch

from tests.ui.conftest import signed_in


async def answer_demo_survey(ui) -> None:
    await ui.tap("survey-q0-opt1")
    await ui.type("survey-q1-opt0", True)
    await ui.type("survey-q1-opt2", True)
    await ui.tap("survey-q2-opt3")
    await ui.type("survey-q4-field", "버스 도착 알림이 있으면 좋겠어요.")


def notice(ui) -> str:
    sem = ui.find("survey-submit-status-notice")
    return sem.content.controls[1].semantics_label or "" if sem else ""


def submit_label(ui) -> str:
    sem = ui.find("survey-submit")
    return sem.content.content.semantics_label if sem else ""


async def test_guest_answers_an_open_survey_and_may_change_it(open_app):
    ui = await open_app(route="/f/survey")
    await ui.settle(lambda: ui.idents("survey-item-"))
    assert ui.find("survey-guest-note") is not None
    assert ui.find("survey-desk") is None
    await ui.tap("survey-item-1")
    await ui.settle(lambda: ui.find("survey-submit"))
    assert ui.page.route == "/f/survey/s/1"
    # A required question left out: a Korean message, nothing sent.
    await ui.tap("survey-submit")
    await ui.settle(lambda: ui.find("survey-submit-status-error"))
    await answer_demo_survey(ui)
    await ui.tap("survey-submit")
    # The demo survey lets a response be changed before the close: the form comes back
    # filled in, its button now 응답 고치기.
    await ui.settle(lambda: submit_label(ui) == "응답 고치기")
    assert ui.find("survey-q4-field").content.value == "버스 도착 알림이 있으면 좋겠어요."
    assert ui.client.prefs.get("myg.survey.device")
    await ui.type("survey-q4-field", "고친 의견")
    await ui.tap("survey-submit")
    await ui.settle(lambda: "고쳤" in notice(ui))
    assert "고쳤" in notice(ui)


async def test_guest_is_asked_to_sign_in_for_a_vote(open_app):
    ui = await open_app(route="/f/survey/s/2")
    await ui.settle(lambda: ui.find("survey-reason"))
    assert "로그인" in ui.text("survey-reason")
    assert ui.find("survey-login") is not None and ui.find("survey-submit") is None


async def test_citizen_votes_on_home_and_reads_published_results(open_app):
    ui = await signed_in(open_app, "citizen@gwangyang.demo")
    await ui.go("/")
    await ui.settle(lambda: ui.find("home-vote-opt0"))
    assert "조명" in ui.text("home-vote-title")
    await ui.tap("home-vote-opt0")
    await ui.settle(lambda: ui.find("home-vote-done"))
    assert "감사" in ui.text("home-vote-done")
    await ui.go("/f/survey/s/3/results")
    await ui.settle(lambda: ui.find("survey-result-chart-0"))
    chart = ui.find("survey-result-chart-0")
    assert isinstance(chart.content.content, fch.BarChart)
    assert "올해 가 봄 3명" in chart.label
    assert "참여 5명" in ui.text("survey-result-count")


async def test_officer_builds_previews_publishes_and_watches_results(open_app):
    ui = await signed_in(open_app, "news@gwangyang.demo")
    await ui.go("/f/survey")
    await ui.settle(lambda: ui.find("survey-desk"))
    await ui.tap("survey-desk")
    await ui.settle(lambda: ui.idents("survey-desk-item-"))
    await ui.tap("survey-desk-new")
    await ui.settle(lambda: ui.find("survey-b-save"))
    title = f"공원 이용 조사 {uuid.uuid4().hex[:4]}"
    await ui.type("survey-b-title", title)
    await ui.type("survey-bq0-text", "공원을 얼마나 자주 가시나요?")
    await ui.type("survey-bq0-options", "매일\n가끔\n안 감")
    await ui.tap("survey-b-add")
    await ui.settle(lambda: ui.find("survey-bq1-kind"))
    await ui.select("survey-bq1-kind", "long")
    await ui.type("survey-bq1-text", "바라는 점")
    await ui.type("survey-bq1-required", False)
    await ui.type("survey-b-dong-jungma", True)
    await ui.tap("survey-b-preview")
    await ui.settle(lambda: ui.find("survey-preview-note"))
    assert ui.page.route.endswith("/preview")
    assert ui.find("survey-pq0-opt2") is not None and ui.find("survey-submit") is None
    assert "중마동" in ui.text("survey-audience")
    sid = int(ui.page.route.split("/")[-2])
    await ui.go(f"/f/survey/desk/{sid}")
    await ui.settle(lambda: ui.find("survey-b-publish"))
    assert ui.text("survey-b-title") == title  # the draft as saved
    await ui.tap("survey-b-publish")
    await ui.settle(lambda: ui.find("survey-act-close"))
    await ui.tap("survey-live")
    await ui.settle(lambda: ui.find("survey-live-chart-0"))
    assert "참여 0명" in ui.text("survey-live-count")
    assert ui.find("survey-export") is not None
