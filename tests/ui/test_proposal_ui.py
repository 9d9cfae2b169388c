"""정책 제안 in a headless session: a guest reads the list and an answered proposal; a new
citizen supports one (the count against the threshold changes), comments and reports abuse,
and writes a proposal; an officer sees the overdue one highlighted first and answers."""
from __future__ import annotations

import uuid

import io

import httpx
from PIL import Image

from tests.ui.conftest import signed_in


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (20, 120, 200)).save(buf, "PNG")
    return buf.getvalue()


PNG = _png()


async def register(api_app, name: str = "박시민") -> tuple[str, str]:
    email, password = f"prop-{uuid.uuid4().hex[:6]}@example.com", "proposal-pass-1"
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=api_app),
                                 base_url="http://testserver/api/v1") as http:
        r = await http.post("/auth/register", json={
            "email": email, "password": password, "name": name, "consents": {
                "terms": True, "privacy_required": True, "privacy_optional": False}})
        r.raise_for_status()
    return email, password


async def test_guest_reads_the_list_and_an_answered_proposal(open_app):
    ui = await open_app()
    await ui.go("/f/proposal")
    await ui.settle(lambda: len(ui.idents("proposal-item-")) >= 4)
    assert ui.find("function-proposal-title") is not None
    label = ui.find("proposal-item-2").label
    assert "부분채택" in label and "데모" in label
    await ui.tap("proposal-item-2")
    await ui.settle(lambda: ui.find("proposal-answer"))
    assert ui.page.route == "/f/proposal/p/2"
    assert "부분채택" in ui.find("proposal-answer").label
    assert ui.text("proposal-proposer").startswith("김*양")  # masked
    assert ui.idents("proposal-event-")  # the timeline
    assert ui.find("proposal-support") is None  # past 공감모집


async def test_citizen_supports_comments_reports_and_proposes(open_app, api_app):
    email, password = await register(api_app)
    ui = await signed_in(open_app, email, password)
    await ui.go("/f/proposal/p/4")
    await ui.settle(lambda: ui.find("proposal-support"))
    before = ui.find("proposal-support-progress").label
    await ui.tap("proposal-support")
    await ui.settle(lambda: ui.find("proposal-unsupport"))
    after = ui.find("proposal-support-progress").label
    assert before != after and "기준 50명" in after
    await ui.type("proposal-comment-field", "주말에 공부할 곳이 꼭 필요해요.")
    await ui.tap("proposal-comment-send")
    await ui.settle(lambda: ui.idents("proposal-comment-text-"))
    # another citizen reports it
    email2, password2 = await register(api_app, "최신고")
    other = await signed_in(open_app, email2, password2)
    await other.go("/f/proposal/p/4")
    await other.settle(lambda: other.idents("proposal-comment-report-"))
    ident = other.idents("proposal-comment-report-")[0]
    await other.tap(ident)
    await other.settle(lambda: other.find("proposal-action-status-notice"))

    await ui.go("/f/proposal/new")
    await ui.settle(lambda: ui.find("proposal-submit"))
    await ui.type("proposal-title-field", "태인동 버스정류장에 온열의자")
    await ui.type("proposal-body-field", "겨울에 버스를 기다리는 어르신을 위해 온열의자를 놓아 주세요.")
    await ui.select("proposal-category", "traffic")
    await ui.select("proposal-dong", "taein")
    picker = ui.app.state.services["proposal_picker"]
    await ui.session.dispatch_event(picker._i, "result", {"files": [
        {"id": 0, "name": "bench.png", "size": len(PNG), "bytes": PNG},
        {"id": 1, "name": "notes.txt", "size": 5, "bytes": b"hello"}]})
    await ui.settle(lambda: ui.find("proposal-photo-del-0") and ui.find("proposal-photo-error"))
    assert "사진" in ui.text("proposal-photo-error")  # only the text file is refused
    await ui.tap("proposal-submit")
    await ui.settle(lambda: ui.page.route.startswith("/f/proposal/p/")
                    and ui.find("proposal-title"))
    assert "온열의자" in ui.text("proposal-title")
    assert ui.find("proposal-support") is None  # one's own proposal: no support button


async def test_profanity_shows_the_korean_refusal(open_app, api_app):
    email, password = await register(api_app)
    ui = await signed_in(open_app, email, password)
    await ui.go("/f/proposal/new")
    await ui.settle(lambda: ui.find("proposal-submit"))
    await ui.type("proposal-title-field", "씨발 버스")
    await ui.type("proposal-body-field", "버스가 너무 늦게 옵니다. 고쳐 주세요.")
    await ui.select("proposal-category", "traffic")
    await ui.select("proposal-dong", "jungma")
    await ui.tap("proposal-submit")
    await ui.settle(lambda: ui.find("proposal-form-status-error"))
    assert "욕설" in ui.find("proposal-form-status-error").content.controls[1].value.replace(
        "\u2060", "")


async def test_officer_sees_overdue_first_and_answers(open_app):
    ui = await signed_in(open_app, "admin@gwangyang.demo")
    await ui.go("/f/proposal/desk")
    await ui.settle(lambda: ui.idents("proposal-desk-item-"))
    first = ui.idents("proposal-desk-item-")[0]
    assert first == "proposal-desk-item-3" and "답변 기한 지남" in ui.find(first).label
    assert "1건" in ui.text("proposal-desk-overdue")
    await ui.tap("proposal-desk-item-1")
    await ui.settle(lambda: ui.find("proposal-answer-send"))
    await ui.tap("proposal-answer-send")  # no decision, no reason: refused on the device
    await ui.settle(lambda: ui.find("proposal-officer-action-error"))
    await ui.tap("proposal-decision-adopted")
    await ui.type("proposal-answer-reason", "출퇴근 시간 배차를 15분으로 줄이겠습니다.")
    await ui.tap("proposal-answer-send")
    await ui.settle(lambda: ui.find("proposal-answer"))
    assert "채택" in ui.find("proposal-answer").label
    assert ui.find("proposal-progress-send") is not None
