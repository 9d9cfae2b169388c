"""1:1 chat in two headless app sessions (a citizen and an officer) against a live server
(WebSocket): the answer appears without reloading, read receipts, a message written while
the line is down goes exactly once, close and rate."""
from __future__ import annotations

import asyncio
import threading
import time
from datetime import datetime

import httpx
import pytest
import uvicorn

from myg_app.client.app import make_main
from myg_app.seoul_time import SEOUL
from myg_app.server.chat import hours
from tests.e2e.conftest import free_port
from tests.ui import headless
from tests.ui.conftest import DEMO_PASSWORD, Ui


@pytest.fixture(scope="module")
def live_url(api_app):
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(api_app, host="127.0.0.1", port=port,
                                           log_level="warning", ws="websockets-sansio"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            if httpx.get(url + "/api/v1/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    yield url
    server.should_exit = True
    thread.join(10)


@pytest.fixture
def open_hours(monkeypatch):
    monkeypatch.setattr(hours, "clock", lambda: datetime(2026, 11, 26, 11, 0, tzinfo=SEOUL))


async def _open(url: str, route: str = "/") -> Ui:
    client, session = await headless.start_session(make_main(url), route=route, width=400)
    ui = Ui(client, session)
    await ui.settle(lambda: not ui.app.loading)
    return ui


async def _sign_in(ui: Ui, email: str, password: str = DEMO_PASSWORD) -> None:
    await ui.go("/login")
    await ui.type("login-email", email)
    await ui.type("login-password", password)
    await ui.tap("login-submit")
    await ui.settle(lambda: ui.find("home-user"))


def _texts(ui: Ui, prefix: str) -> list[str]:
    return [ui.find(i).label for i in ui.idents(prefix)]


async def test_citizen_and_officer_talk_live_then_close_and_rate(live_url, open_hours):
    citizen = await _open(live_url)
    await _sign_in(citizen, "citizen@gwangyang.demo")
    await citizen.go("/f/chat")
    await citizen.settle(lambda: citizen.find("chat-link") and "실시간" in citizen.text("chat-link"))
    assert "지금 상담할 수 있습니다" in citizen.text("chat-hours")
    await citizen.type("chat-input", "여권 재발급은 며칠 걸리나요?")
    await citizen.tap("chat-send")
    await citizen.settle(lambda: any("여권 재발급" in t for t in _texts(citizen, "chat-msg-")))
    assert citizen.find("chat-input").content.value == ""
    assert "답변 대기" in citizen.text("chat-state")

    officer = await _open(live_url)
    await _sign_in(officer, "officer@gwangyang.demo")
    await officer.go("/f/chat")
    await officer.settle(lambda: officer.idents("chat-desk-item-"))
    conv_id = int(officer.idents("chat-desk-item-")[-1].rsplit("-", 1)[1])
    await officer.tap(f"chat-desk-open-{conv_id}")
    await officer.settle(lambda: _texts(officer, "chat-desk-msg-"))
    assert any("여권 재발급" in t for t in _texts(officer, "chat-desk-msg-"))
    await officer.tap("chat-desk-take")
    await officer.settle(lambda: "상담 중" in officer.text("chat-desk-state"))
    await officer.type("chat-desk-input", "보통 4~5일 걸립니다.")
    await officer.tap("chat-desk-send")

    # The citizen sees the answer without reloading, and who answered (the department).
    await citizen.settle(lambda: any("4~5일" in t for t in _texts(citizen, "chat-msg-")), 8)
    answer = next(t for t in _texts(citizen, "chat-msg-") if "4~5일" in t)
    assert answer.startswith("민원봉사과 상담원") and "이담당" not in answer
    assert "민원봉사과 상담원" in citizen.text("chat-state")
    # The citizen's screen read it: the officer sees the receipt.
    await officer.settle(lambda: officer.idents("chat-desk-read-"), 8)
    assert officer.idents("chat-desk-read-")

    # The line drops; a message written meanwhile goes once when it is back.
    ctl = citizen.app.state.drafts["chat"]
    await ctl.link._ws.close()
    await citizen.settle(lambda: not ctl.online, 3)
    await citizen.type("chat-input", "감사합니다, 오늘 방문할게요")
    await citizen.tap("chat-send")
    await citizen.settle(lambda: not ctl.link.outbox and ctl.online, 10)
    await officer.settle(lambda: any("오늘 방문" in t for t in _texts(officer, "chat-desk-msg-")), 8)
    assert sum("오늘 방문" in t for t in _texts(officer, "chat-desk-msg-")) == 1

    # Transfer and close live behind one button, in place of the conversation.
    await officer.tap("chat-desk-tools")
    assert officer.idents("chat-desk-summary") and officer.idents("chat-desk-dept")
    assert officer.find("chat-desk-saved").label == "저장된 답변"
    assert officer.find("chat-desk-dept").label == "넘길 부서"
    await officer.type("chat-desk-summary", "여권 재발급 기간 안내")
    await officer.tap("chat-desk-close")
    await citizen.settle(lambda: citizen.find("chat-rate-5"), 8)
    await citizen.tap("chat-rate-5")
    await citizen.settle(lambda: citizen.find("chat-rated"))
    assert "5점" in citizen.text("chat-rated")
    for ui in (citizen, officer):
        await ui.app.state.drafts["chat"].link.stop()
    await asyncio.sleep(0.1)


async def test_guests_are_asked_to_sign_in(live_url):
    ui = await _open(live_url, route="/f/chat")
    assert ui.find("chat-login-note") is not None
    await ui.tap("chat-login")
    assert ui.page.route == "/login"


async def test_a_message_left_unsent_when_the_app_closed_goes_once_at_the_next_start(
        live_url, open_hours):
    import json

    from myg_app.client.features.chat.controller import K_OUTBOX

    with httpx.Client(base_url=live_url + "/api/v1") as c:
        token = c.post("/auth/login", json={"email": "citizen@gwangyang.demo",
                                            "password": DEMO_PASSWORD}).json()["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        conv = c.post("/chat/conversations", json={}, headers=auth).json()
    frame = {"type": "send", "conversation_id": conv["id"], "client_msg_id": "offline-0000001",
             "body": "어제 밤에 써 둔 질문입니다", "attachment_id": None}
    for _ in range(2):  # two starts with the same stored outbox: still one message
        ui = await _open(live_url)
        await _sign_in(ui, "citizen@gwangyang.demo")
        ui.client.prefs[K_OUTBOX] = json.dumps([frame])
        await ui.go("/f/chat")
        await ui.settle(lambda: any("어제 밤에" in t for t in _texts(ui, "chat-msg-")), 8)
        await ui.settle(lambda: json.loads(ui.client.prefs.get(K_OUTBOX) or "[]") == [], 5)
        assert json.loads(ui.client.prefs[K_OUTBOX]) == []
        await ui.app.state.drafts["chat"].link.stop()
    with httpx.Client(base_url=live_url + "/api/v1") as c:
        items = c.get(f"/chat/conversations/{conv['id']}/messages", headers=auth).json()["items"]
    assert sum(m["body"] == "어제 밤에 써 둔 질문입니다" for m in items) == 1


async def test_signing_out_stops_the_line_and_the_next_account_sees_nothing_of_it(
        live_url, open_hours):
    ui = await _open(live_url)
    await _sign_in(ui, "citizen@gwangyang.demo")
    await ui.go("/f/chat")
    await ui.type("chat-input", "로그아웃 전에 쓴 글")
    await ui.tap("chat-send")
    await ui.settle(lambda: any("로그아웃 전" in t for t in _texts(ui, "chat-msg-")))
    first = ui.app.state.drafts["chat"]
    await ui.app.logout()
    await _sign_in(ui, "sports@gwangyang.demo")
    await ui.go("/f/chat")
    await ui.settle(lambda: ui.find("chat-desk-hours") is not None)
    assert ui.app.state.drafts["chat"] is not first
    await ui.settle(lambda: first.link._stopped, 3)
    assert first.link._stopped
    assert not any("로그아웃 전" in (ui.find(i).label or "") for i in ui.idents("chat-"))
    await ui.app.state.drafts["chat"].link.stop()


def _all_text(ui: Ui) -> str:
    """Every Text value and Semantics label of the top view, joined."""
    import flet as ft

    out: list[str] = []

    def walk(c) -> None:
        if isinstance(c, ft.Text) and c.value:
            out.append(c.value)
        if isinstance(c, ft.Semantics) and c.label:
            out.append(c.label)
        for attr in ("content", "controls", "appbar", "actions", "title"):
            v = getattr(c, attr, None)
            for child in (v if isinstance(v, list) else [v]):
                if isinstance(child, ft.BaseControl):
                    walk(child)

    walk(ui.page.views[-1])
    return "\n".join(out)


async def test_a_sent_message_shows_once_and_nothing_pending_after_the_ack(
        live_url, open_hours):
    ui = await _open(live_url)
    await _sign_in(ui, "citizen@gwangyang.demo")
    await ui.go("/f/chat")
    await ui.settle(lambda: ui.find("chat-link") and "실시간" in ui.text("chat-link"))
    ctl = ui.app.state.drafts["chat"]
    await ui.type("chat-input", "한 번만 보이는 글입니다")
    await ui.tap("chat-send")
    await ui.settle(lambda: not ctl.link.outbox
                    and not ui.idents("chat-pending-")
                    and any("한 번만 보이는" in t for t in _texts(ui, "chat-msg-")), 8)
    await ui.settle(timeout=0.3)
    assert sum("한 번만 보이는" in t for t in _texts(ui, "chat-msg-")) == 1
    assert ui.idents("chat-pending-") == []
    assert "보내는 중" not in _all_text(ui)
    assert "실시간" in ui.text("chat-link")
    await ctl.link.stop()
