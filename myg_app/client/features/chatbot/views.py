"""AI 민원상담 챗봇 (/f/chatbot): ask in everyday words; each answer shows where it comes from
and a button to the function it concerns. When the bot is not sure it says so and offers
1:1 상담 (the conversation goes along) or the department's phone number. Open to guests."""
from __future__ import annotations

import uuid

import flet as ft

from myg_app.client import voice
from myg_app.client.api import ApiError
from myg_app.client.features.chat.drawing import chat_screen, composer, message_list
from myg_app.client.features.feature import Feature
from myg_app.client.features.hospital.common import call_button
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import button, tagged, text
from myg_app.contracts.chatbot import AskIn, AskOut, HandoverOut

FID = "chatbot"
PREFIX = "chatbot"
KIND_KO = {"faq": "자주 묻는 질문", "function": "MY광양 기능", "department": "부서 안내",
           "facility": "시설 안내", "course": "강좌·상담 안내", "welfare": "복지정책",
           "news": "시정 소식"}
STARTERS = ("대형폐기물은 어떻게 버려요?", "여권 재발급은 어디서 해요?", "전입신고는 어떻게 해요?",
            "1:1 상담은 언제 할 수 있어요?")


def _state(app) -> dict:
    """The conversation lives as long as the app does (a return to the screen keeps it)."""
    return app.state.drafts.setdefault("chatbot", {"conversation_id": None, "turns": []})


def question_bubble(app, n: int, q: str) -> ft.Control:
    box = ft.Container(text(q, app.m, "body_large"), padding=10, border_radius=12,
                       bgcolor=ft.Colors.PRIMARY_CONTAINER)
    return ft.Semantics(identifier=f"{PREFIX}-q-{n}", label=tr("나: {q}", q=q), exclude_semantics=True,
                        content=ft.Row([ft.Container(expand=1), ft.Container(box, expand=8)]))


def answer_card(app, n: int, a: AskOut, hand_over, ask_again) -> ft.Control:
    m = app.m
    parts: list[ft.Control] = [
        text("AI 챗봇", m, "body_small", color=ft.Colors.ON_SURFACE_VARIANT),
        tagged(text(a.answer, m, "body_large"), f"{PREFIX}-answer-{n}",
               tr("챗봇 답변: {answer}", answer=a.answer))]
    if a.sources:
        lines = [f"· {KIND_KO.get(s.kind, s.kind)}: {s.title}" + (" (데모)" if s.demo else "")
                 for s in a.sources]
        parts.append(tagged(text("출처\n" + "\n".join(lines), m, "body_medium",
                                 color=ft.Colors.ON_SURFACE_VARIANT),
                            f"{PREFIX}-sources-{n}", "출처: " + ", ".join(lines)))
    actions: list[ft.Control] = []
    if a.confident and a.function_id and a.function_name and a.function_available:
        def open_function(e, fid=a.function_id) -> None:
            app.go(f"/f/{fid}")
        actions.append(button(tr("{function_name} 열기", function_name=a.function_name), m, ident=f"{PREFIX}-open-{n}",
                              icon=ft.Icons.OPEN_IN_NEW, on_click=open_function))
    if not a.confident:
        if a.can_hand_over:
            async def handover(e, cid=a.conversation_id) -> None:
                await hand_over(cid)
            actions.append(button("1:1 상담 연결", m, ident=f"{PREFIX}-handover-{n}",
                                  icon=ft.Icons.SUPPORT_AGENT, on_click=handover))
        elif not app.signed_in and a.function_id == "chat":
            def sign_in(e) -> None:
                app.go("/login")
            actions.append(button("로그인하고 상담 연결", m, ident=f"{PREFIX}-login-{n}",
                                  icon=ft.Icons.LOGIN, kind="outlined", on_click=sign_in))
        if a.contact is not None:
            actions.append(call_button(
                app, a.contact.phone, ident=f"{PREFIX}-call-{n}", kind="outlined",
                label=tr("{department} 전화 {phone}", department=a.contact.department, phone=a.contact.phone),
                name=tr("{department}에 전화 걸기 {phone}", department=a.contact.department, phone=a.contact.phone)))
    for i, q in enumerate(a.suggestions):
        actions.append(button(q, m, ident=f"{PREFIX}-suggest-{n}-{i}", kind="text",
                              icon=ft.Icons.HELP_OUTLINE,
                              on_click=lambda e, q=q: app.page.run_task(ask_again, q)))
    box = ft.Container(ft.Column(parts + actions, spacing=6, tight=True), padding=10,
                       border_radius=12, bgcolor=ft.Colors.SURFACE_CONTAINER)
    return tagged(ft.Row([ft.Container(box, expand=8), ft.Container(expand=1)],
                         vertical_alignment=ft.CrossAxisAlignment.START), f"{PREFIX}-turn-{n}")


def main_view(app) -> ft.View:
    m = app.m
    st = _state(app)
    messages = message_list(app)
    status = text("", m, "body_medium", ident=f"{PREFIX}-status", color=ft.Colors.ERROR)
    status.visible = False  # shown with a message only
    box: ft.TextField | None = None

    async def hand_over(conversation_id: str) -> None:
        try:
            out = await app.api.call("POST", f"/chatbot/conversations/{conversation_id}/handover",
                                     HandoverOut)
        except ApiError as err:
            status.content.value, status.visible = err.message, True
            app.page.update()
            return
        assert out is not None
        await voice.speak(app, out.message)
        app.go("/f/chat")  # the transcript is the conversation's first message there

    def draw() -> None:
        intro = text("광양시 민원과 MY광양 사용법을 물어보세요. 시의 안내 자료에서 찾아 출처와 함께 "
                     "답해 드려요. 확실하지 않으면 상담원이나 담당 부서를 알려 드려요. "
                     "주민등록번호 같은 개인정보는 적지 마세요.", m, "body_medium",
                     ident=f"{PREFIX}-intro")
        controls: list[ft.Control] = [intro]
        if not st["turns"]:
            controls.append(ft.Row([button(q, m, ident=f"{PREFIX}-starter-{i}", kind="tonal",
                                           on_click=lambda e, q=q: app.page.run_task(ask, q))
                                    for i, q in enumerate(STARTERS)], wrap=True, spacing=6,
                                   run_spacing=6))
        for n, (q, a) in enumerate(st["turns"], 1):
            controls.append(question_bubble(app, n, q))
            if a is None:
                controls.append(text("답변을 찾는 중…", m, "body_medium",
                                     ident=f"{PREFIX}-pending-{n}"))
            else:
                controls.append(answer_card(app, n, a, hand_over, ask))
        messages.controls = controls

    async def ask(question: str) -> None:
        question = question.strip()
        if not question:
            status.content.value, status.visible = "질문을 입력해 주세요.", True
            app.page.update()
            return
        status.visible = False
        st["turns"].append((question, None))
        draw()
        app.page.update()
        try:
            out = await app.api.call(
                "POST", "/chatbot/ask", AskOut, auth=app.signed_in,
                json=AskIn(question=question, conversation_id=st["conversation_id"]),
                idempotency_key=str(uuid.uuid4()))
        except ApiError as err:
            st["turns"].pop()
            status.content.value, status.visible = err.message, True
            if box is not None and not box.value:
                box.value = question  # nothing typed is lost
            draw()
            app.page.update()
            return
        assert out is not None
        st["conversation_id"] = out.conversation_id
        st["turns"][-1] = (question, out)
        draw()
        app.page.update()
        await voice.speak(app, out.answer)

    async def send(e) -> None:
        assert box is not None
        q = box.value or ""
        box.value = ""
        await ask(q)

    box, bottom = composer(app, None, PREFIX, send)
    box.label, box.hint_text, box.max_length = "질문", "예: 소파는 어떻게 버려요?", 500
    draw()
    return chat_screen(app, "/f/chatbot", "AI 민원상담 챗봇", [status], messages, bottom,
                       ident="function-chatbot")


FEATURES = (Feature(FID, main_view),)
