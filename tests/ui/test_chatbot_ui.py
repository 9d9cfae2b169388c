"""AI 민원상담 챗봇 in a headless session: a guest asks about bulky waste in everyday words and
gets the answer with its source and a button that opens 대형폐기물; an unanswerable question
offers the department's phone (and, for a signed-in citizen, 1:1 상담, which receives the
transcript); with 음성 안내 on the answer is spoken; the screen passes the accessibility walk
in both text sizes."""
from __future__ import annotations

import pytest

from myg_app.client.state import K_LARGE, K_VOICE
from tests.ui.conftest import finish_background_tasks, signed_in
from tests.ui.rendered_colours import drawn_texts
from tests.ui.test_a11y_walk import walk_view

ROUTE = "/f/chatbot"
OUTSIDE = "광양제철소 견학은 어떻게 신청해요?"


@pytest.fixture(autouse=True)
async def _drain():
    yield
    await finish_background_tasks()


async def ask(ui, question: str, n: int) -> None:
    await ui.type("chatbot-input", question)
    await ui.tap("chatbot-send")
    await ui.settle(lambda: ui.find(f"chatbot-answer-{n}"), timeout=30)
    assert ui.find(f"chatbot-answer-{n}") is not None, "no answer came"


async def test_a_guest_asks_about_a_sofa_and_opens_bulky_waste(open_app):
    ui = await open_app(route=ROUTE)
    await ui.settle(lambda: ui.find("chatbot-intro"))
    assert ui.find("chatbot-starter-0") is not None
    await ask(ui, "소파 버리려면 어떻게 해요?", 1)
    assert ui.find("chatbot-q-1").label == "나: 소파 버리려면 어떻게 해요?"
    assert ui.find("chatbot-answer-1").label.startswith("챗봇 답변: ")
    assert "자주 묻는 질문" in ui.find("chatbot-sources-1").label
    assert ui.find("chatbot-starter-0") is None  # the suggestions give way to the talk
    await ui.tap("chatbot-open-1")
    await ui.settle(lambda: ui.find("function-bulky_waste-title"))
    assert ui.find("function-bulky_waste-title") is not None


async def test_unsure_answers_offer_the_phone_to_a_guest(open_app):
    ui = await open_app(route=ROUTE)
    await ui.settle(lambda: ui.find("chatbot-intro"))
    await ask(ui, OUTSIDE, 1)
    assert ui.find("chatbot-open-1") is None and ui.find("chatbot-handover-1") is None
    assert ui.find("chatbot-login-1") is not None
    assert ui.find("chatbot-call-1") is not None
    assert "061-797-" in ui.find("chatbot-answer-1").label


async def test_a_citizen_hands_the_conversation_to_1on1(open_app):
    ui = await signed_in(open_app, "citizen@gwangyang.demo")
    await ui.go(ROUTE)
    await ui.settle(lambda: ui.find("chatbot-intro"))
    await ask(ui, OUTSIDE, 1)
    await ui.tap("chatbot-handover-1")
    await ui.settle(lambda: ui.find("function-chat-title"), timeout=30)
    await ui.settle(lambda: any("[AI 챗봇 상담 내용]" in (ui.find(i).label or "")
                                for i in ui.idents("chat-msg-")), timeout=30)
    assert any(OUTSIDE in (ui.find(i).label or "") for i in ui.idents("chat-msg-"))


async def test_with_voice_guidance_the_answer_is_spoken(open_app):
    ui = await open_app(prefs={K_VOICE: True}, route=ROUTE)
    await ui.settle(lambda: ui.find("chatbot-intro"))
    await ask(ui, "대형폐기물 어떻게 버려요?", 1)
    await ui.settle(lambda: ui.app.state.drafts.get("spoken"))
    assert ui.app.state.drafts["spoken"][-1] == ui.find("chatbot-answer-1").label.removeprefix(
        "챗봇 답변: ")


@pytest.mark.parametrize("large", [False, True], ids=["normal-text", "large-text"])
async def test_the_answered_screen_names_its_controls(open_app, large):
    ui = await open_app(prefs={K_LARGE: large}, width=360, route=ROUTE)
    await ui.settle(lambda: ui.find("chatbot-intro"))
    await ask(ui, "대형폐기물 어떻게 버려요?", 1)
    view = ui.page.views[-1]
    assert walk_view(view, ui.app.m.target) == []
    for theme in (ui.page.theme, ui.page.dark_theme):
        low = [d for d in drawn_texts(view, theme) if d.ratio < 4.5]
        assert low == [], low


async def test_with_voice_guidance_every_screen_can_be_read_aloud(open_app):
    ui = await open_app(prefs={K_VOICE: True}, route=ROUTE)
    await ui.settle(lambda: ui.find("chatbot-intro"))
    assert ui.find("function-chatbot-read") is not None
    await ui.tap("function-chatbot-read")
    await ui.settle(lambda: ui.app.state.drafts.get("spoken"))
    said = ui.app.state.drafts["spoken"][-1]
    assert said.startswith("AI 민원상담 챗봇. 광양시 민원과")  # the title, then the content
    await ui.go("/f/weather")
    await ui.settle(lambda: ui.find("weather-summary"))
    await ui.tap("function-weather-read")
    await ui.settle(lambda: ui.app.state.drafts["spoken"][-1].startswith("날씨"))
    assert "중마동 지금" in ui.app.state.drafts["spoken"][-1]


async def test_without_voice_guidance_there_is_no_read_button(open_app):
    ui = await open_app(route=ROUTE)
    await ui.settle(lambda: ui.find("chatbot-intro"))
    assert ui.find("function-chatbot-read") is None
