"""1:1 민원상담 채팅 over REST and WebSocket: order, exactly-once, catch-up, office hours and
holidays, the officer desk (take, transfer, close), ratings, photos and who may see what."""
from __future__ import annotations

import json
import struct
import uuid
import zlib
from datetime import datetime

import pytest

from myg_app.seoul_time import SEOUL
from myg_app.server.chat import hours
from myg_app.server.seed import DEFAULT_DEMO_PASSWORD, seed_demo
from tests.api.conftest import assert_problem

C = "/api/v1/chat"
OPEN_THURSDAY = datetime(2026, 11, 26, 11, 0, tzinfo=SEOUL)


@pytest.fixture
def at(monkeypatch):
    """`at(datetime)` fixes the chat clock (office hours) at a Seoul wall-clock time."""
    def set_clock(when: datetime) -> None:
        monkeypatch.setattr(hours, "clock", lambda: when.astimezone(SEOUL))
    set_clock(OPEN_THURSDAY)
    return set_clock


@pytest.fixture
def desk(api):
    seed_demo(api.settings)

    def login(who: str) -> dict:
        r = api.login(f"{who}@gwangyang.demo", DEFAULT_DEMO_PASSWORD)
        assert r.status_code == 200, r.text
        return r.json()
    return login


def _open(api, tokens) -> dict:
    r = api.client.post(f"{C}/conversations", json={}, headers=api.bearer(tokens))
    assert r.status_code in (200, 201), r.text
    return r.json()


def _say(api, tokens, conv_id: int, body: str, cid: str | None = None):
    return api.client.post(f"{C}/conversations/{conv_id}/messages", headers=api.bearer(tokens),
                           json={"client_msg_id": cid or uuid.uuid4().hex, "body": body})


def _messages(api, tokens, conv_id: int, after: int = 0) -> list[dict]:
    r = api.client.get(f"{C}/conversations/{conv_id}/messages", headers=api.bearer(tokens),
                       params={"after_seq": after})
    assert r.status_code == 200, r.text
    return r.json()["items"]


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data))
    raw = zlib.compress(b"\x00\xff\x00\x00")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", raw) + chunk(b"IEND", b""))


# --- REST ---------------------------------------------------------------------------------
def test_messages_are_numbered_in_order_and_a_retry_is_stored_once(api, at):
    citizen = api.register()
    conv = _open(api, citizen)
    assert conv["status"] == "queued" and conv["department"] == "민원봉사과"
    assert _open(api, citizen)["id"] == conv["id"]  # one open conversation per citizen
    cid = uuid.uuid4().hex
    first = _say(api, citizen, conv["id"], "주차 과태료 문의입니다", cid)
    assert first.status_code == 201
    retry = _say(api, citizen, conv["id"], "주차 과태료 문의입니다", cid)
    assert retry.status_code == 200 and retry.json()["seq"] == first.json()["seq"]
    for i in range(3):
        assert _say(api, citizen, conv["id"], f"추가 {i}").status_code == 201
    msgs = _messages(api, citizen, conv["id"])
    assert [m["seq"] for m in msgs] == [1, 2, 3, 4]
    assert [m["body"] for m in msgs][0] == "주차 과태료 문의입니다"
    assert [m["seq"] for m in _messages(api, citizen, conv["id"], after=2)] == [3, 4]
    # Empty messages are refused with a Korean message.
    r = api.client.post(f"{C}/conversations/{conv['id']}/messages", headers=api.bearer(citizen),
                        json={"client_msg_id": uuid.uuid4().hex, "body": "   "})
    assert_problem(r, 422, "validation_error")


def test_outside_office_hours_the_citizen_gets_one_automatic_reply(api, at):
    citizen = api.register()
    at(datetime(2026, 11, 28, 9, 0, tzinfo=SEOUL))  # a Saturday
    hrs = api.client.get(f"{C}/office-hours").json()
    assert hrs["open_now"] is False
    assert hrs["next_open_at"].startswith("2026-11-30T01:00")  # Monday 10:00 Seoul
    conv = _open(api, citizen)
    _say(api, citizen, conv["id"], "주말에 여권 찾을 수 있나요?")
    _say(api, citizen, conv["id"], "급합니다")
    msgs = _messages(api, citizen, conv["id"])
    assert [m["sender"] for m in msgs] == ["citizen", "system", "citizen"]
    assert "상담 시간이 아닙니다" in msgs[1]["body"] and "11월 30일 (월) 10:00" in msgs[1]["body"]
    assert msgs[1]["sender_label"] == "자동 안내"
    # The next closed period gets its own reply.
    at(datetime(2026, 11, 30, 18, 0, tzinfo=SEOUL))
    _say(api, citizen, conv["id"], "아직 답이 없네요")
    assert [m["sender"] for m in _messages(api, citizen, conv["id"], after=3)] == ["citizen", "system"]
    # During office hours: no automatic reply.
    at(datetime(2026, 12, 1, 10, 30, tzinfo=SEOUL))
    _say(api, citizen, conv["id"], "확인 부탁드립니다")
    assert [m["sender"] for m in _messages(api, citizen, conv["id"], after=5)] == ["citizen"]


def test_public_holidays_are_closed(api, at):
    at(datetime(2026, 12, 25, 11, 0, tzinfo=SEOUL))  # 기독탄신일, a Friday
    hrs = api.client.get(f"{C}/office-hours").json()
    assert hrs["open_now"] is False and "기독탄신일" in hrs["message"]
    assert hrs["next_open_at"].startswith("2026-12-28T01:00")  # Monday
    at(OPEN_THURSDAY)
    assert api.client.get(f"{C}/office-hours").json()["open_now"] is True


def test_officer_takes_answers_and_the_citizen_sees_the_department_not_the_name(api, at, desk):
    citizen = api.register(name="홍길동")
    conv = _open(api, citizen)
    _say(api, citizen, conv["id"], "전입신고는 온라인으로 되나요?")
    officer = desk("officer")
    queue = api.client.get(f"{C}/desk/queue", headers=api.bearer(officer)).json()
    item = next(i for i in queue["items"] if i["id"] == conv["id"])
    assert item["citizen"] == "홍*동" and item["unread"] == 1 and item["status"] == "queued"
    assert "전입신고" in item["preview"] and item["waiting_minutes"] >= 0
    taken = api.client.post(f"{C}/desk/conversations/{conv['id']}/take", headers=api.bearer(officer))
    assert taken.status_code == 200 and taken.json()["answered_by"] == "민원봉사과 상담원"
    # A second officer of the department cannot take it too (admin is not in 민원봉사과 queue
    # logic: it may see all, but taking a taken one is refused).
    admin = desk("admin")
    assert_problem(api.client.post(f"{C}/desk/conversations/{conv['id']}/take",
                                   headers=api.bearer(admin)), 409, "chat.taken")
    saved = api.client.get(f"{C}/desk/saved-answers", headers=api.bearer(officer)).json()["items"]
    assert any(s["title"] == "여권 발급 안내" for s in saved)
    assert _say(api, officer, conv["id"], "네, 정부24에서 가능합니다.").status_code == 201
    msgs = _messages(api, citizen, conv["id"])
    assert msgs[-1]["sender"] == "officer" and msgs[-1]["sender_label"] == "민원봉사과 상담원"
    assert "이담당" not in json.dumps(msgs, ensure_ascii=False)
    # The first answer also arrives as a notice (the citizen may not be connected).
    notices = api.client.get("/api/v1/me/notices", headers=api.bearer(citizen)).json()["items"]
    assert [n["kind"] for n in notices] == ["chat.answered"]
    assert notices[0]["link"] == "/f/chat" and "정부24" in notices[0]["body"]
    # Read receipts.
    api.client.post(f"{C}/conversations/{conv['id']}/read", json={"seq": msgs[-1]["seq"]},
                    headers=api.bearer(citizen))
    mine = api.client.get(f"{C}/conversations", headers=api.bearer(citizen)).json()["items"][0]
    assert mine["citizen_read_seq"] == msgs[-1]["seq"] and mine["officer_read_seq"] == msgs[-1]["seq"]


def test_transfer_moves_the_conversation_to_the_other_departments_queue(api, at, desk):
    citizen = api.register()
    conv = _open(api, citizen)
    _say(api, citizen, conv["id"], "문화강좌 환불 문의")
    officer, culture = desk("officer"), desk("culture")
    deps = api.client.get(f"{C}/desk/departments", headers=api.bearer(officer)).json()["items"]
    assert "문화예술과" in deps and "민원봉사과" in deps
    assert_problem(api.client.post(f"{C}/desk/conversations/{conv['id']}/transfer",
                                   headers=api.bearer(officer), json={"department": "없는과"}),
                   422, "chat.unknown_department")
    r = api.client.post(f"{C}/desk/conversations/{conv['id']}/transfer",
                        headers=api.bearer(officer), json={"department": "문화예술과"})
    assert r.status_code == 200 and r.json()["department"] == "문화예술과"
    assert r.json()["status"] == "queued"
    culture_queue = api.client.get(f"{C}/desk/queue", headers=api.bearer(culture)).json()
    assert conv["id"] in [i["id"] for i in culture_queue["items"]]
    officer_queue = api.client.get(f"{C}/desk/queue", headers=api.bearer(officer)).json()
    assert conv["id"] not in [i["id"] for i in officer_queue["items"]]
    # The first department no longer sees it at all.
    assert_problem(api.client.get(f"{C}/conversations/{conv['id']}/messages",
                                  headers=api.bearer(officer)), 404, "chat.not_found")
    msgs = _messages(api, citizen, conv["id"])
    assert "문화예술과" in msgs[-1]["body"] and msgs[-1]["sender"] == "system"
    assert _say(api, culture, conv["id"], "환불은 수강 시작 전까지 가능합니다.").status_code == 201


def test_close_with_summary_then_rate_once(api, at, desk):
    citizen = api.register()
    conv = _open(api, citizen)
    _say(api, citizen, conv["id"], "문의")
    officer = desk("officer")
    assert_problem(api.client.post(f"{C}/conversations/{conv['id']}/rating",
                                   headers=api.bearer(citizen), json={"score": 5}),
                   409, "chat.not_closed")
    r = api.client.post(f"{C}/desk/conversations/{conv['id']}/close", headers=api.bearer(officer),
                        json={"summary": "정부24 전입신고 안내"})
    assert r.status_code == 200 and r.json()["status"] == "closed"
    assert_problem(_say(api, citizen, conv["id"], "하나 더요"), 409, "chat.closed")
    notices = api.client.get("/api/v1/me/notices", headers=api.bearer(citizen)).json()["items"]
    assert notices[0]["kind"] == "chat.closed" and notices[0]["link"] == "/f/chat"
    assert_problem(api.client.post(f"{C}/conversations/{conv['id']}/rating",
                                   headers=api.bearer(citizen), json={"score": 6}),
                   422, "validation_error")
    r = api.client.post(f"{C}/conversations/{conv['id']}/rating", headers=api.bearer(citizen),
                        json={"score": 5, "comment": "친절했어요"})
    assert r.status_code == 200 and r.json()["rating"] == 5
    assert_problem(api.client.post(f"{C}/conversations/{conv['id']}/rating",
                                   headers=api.bearer(citizen), json={"score": 1}),
                   409, "chat.already_rated")
    # History stays, and a new question opens a new conversation.
    assert len(_messages(api, citizen, conv["id"])) >= 2
    assert _open(api, citizen)["id"] != conv["id"]


def test_a_citizen_never_sees_another_conversation_and_officers_only_their_department(
        api, at, desk):
    alice, bob = api.register(), api.register()
    conv = _open(api, alice)
    _say(api, alice, conv["id"], "비밀 이야기")
    assert_problem(api.client.get(f"{C}/conversations/{conv['id']}/messages",
                                  headers=api.bearer(bob)), 404, "chat.not_found")
    assert_problem(_say(api, bob, conv["id"], "끼어들기"), 404, "chat.not_found")
    assert api.client.get(f"{C}/conversations", headers=api.bearer(bob)).json()["items"] == []
    sports = desk("sports")
    assert conv["id"] not in [i["id"] for i in api.client.get(
        f"{C}/desk/queue", headers=api.bearer(sports)).json()["items"]]
    assert_problem(api.client.post(f"{C}/desk/conversations/{conv['id']}/take",
                                   headers=api.bearer(sports)), 404, "chat.not_found")
    assert_problem(api.client.get(f"{C}/desk/queue", headers=api.bearer(bob)), 403,
                   "auth.forbidden")
    assert_problem(api.client.get(f"{C}/conversations"), 401, "auth.required")


def test_a_photo_goes_with_a_message_and_only_to_the_two_sides(api, at, desk):
    alice, bob = api.register(), api.register()
    conv = _open(api, alice)
    png = _png()
    r = api.client.post(f"{C}/conversations/{conv['id']}/attachments", content=png,
                        headers=api.bearer(alice) | {"Content-Type": "image/png"})
    assert r.status_code == 201, r.text
    att = r.json()
    assert att["content_type"] == "image/png" and att["size"] == len(png)
    msg = api.client.post(f"{C}/conversations/{conv['id']}/messages", headers=api.bearer(alice),
                          json={"client_msg_id": uuid.uuid4().hex, "attachment_id": att["id"]})
    assert msg.status_code == 201 and msg.json()["attachment_id"] == att["id"]
    got = api.client.get(f"{C}/attachments/{att['id']}", headers=api.bearer(desk("officer")))
    assert got.status_code == 200 and got.content == png
    assert_problem(api.client.get(f"{C}/attachments/{att['id']}", headers=api.bearer(bob)),
                   404, "chat.not_found")
    not_photo = api.client.post(f"{C}/conversations/{conv['id']}/attachments", content=b"%PDF-1.4",
                                headers=api.bearer(alice) | {"Content-Type": "image/png"})
    assert_problem(not_photo, 415, "chat.not_a_photo")
    api.client.app.state.chat_settings = hours.ChatSettings(max_photo_bytes=1024)
    big = api.client.post(f"{C}/conversations/{conv['id']}/attachments",
                          content=png + b"\x00" * 2000,
                          headers=api.bearer(alice) | {"Content-Type": "image/png"})
    assert_problem(big, 413, "chat.photo_too_large")


# --- WebSocket ----------------------------------------------------------------------------
class Socket:
    def __init__(self, ws):
        self.ws = ws

    def send(self, **frame) -> None:
        self.ws.send_text(json.dumps(frame, ensure_ascii=False))

    def recv(self, kind: str | None = None) -> dict:
        """The next frame (of `kind`, skipping others)."""
        for _ in range(50):
            frame = json.loads(self.ws.receive_text())
            if kind is None or frame["type"] == kind:
                return frame
        raise AssertionError(f"no {kind} frame")


def _ws(api, tokens):
    ctx = api.client.websocket_connect(f"{C}/ws")
    ws = ctx.__enter__()
    s = Socket(ws)
    s.send(type="auth", token=tokens["access_token"])
    assert s.recv()["type"] == "ready"
    return ctx, s


def test_websocket_live_delivery_catch_up_and_exactly_once(api, at, desk):
    citizen, officer = api.register(), desk("officer")
    conv = _open(api, citizen)
    _say(api, citizen, conv["id"], "첫 질문")  # seq 1
    c_ctx, cws = _ws(api, citizen)
    cws.send(type="subscribe", conversation_id=conv["id"], after_seq=0)
    first = cws.recv("message")
    assert first["message"]["seq"] == 1 and first["message"]["body"] == "첫 질문"
    assert cws.recv("caught_up")["last_seq"] == 1

    o_ctx, ows = _ws(api, officer)
    ows.send(type="subscribe", conversation_id=conv["id"], after_seq=1)
    assert ows.recv("caught_up")["last_seq"] == 1
    ows.send(type="send", conversation_id=conv["id"], client_msg_id="officer-0001",
             body="안녕하세요, 민원봉사과입니다.")
    assert ows.recv("ack")["seq"] >= 2
    live = cws.recv("message")
    # Answering a waiting conversation takes it: a status message may come first.
    while live["message"]["sender"] != "officer":
        live = cws.recv("message")
    assert live["message"]["body"] == "안녕하세요, 민원봉사과입니다."
    assert live["message"]["sender_label"] == "민원봉사과 상담원"

    # The citizen's read receipt reaches the officer.
    cws.send(type="read", conversation_id=conv["id"], seq=live["message"]["seq"])
    receipt = ows.recv("receipt")
    assert receipt["reader"] == "citizen" and receipt["seq"] == live["message"]["seq"]

    # The citizen sends twice with one client id (a resend after a lost ack): stored once.
    cws.send(type="send", conversation_id=conv["id"], client_msg_id="citizen-0001", body="감사합니다")
    ack1 = cws.recv("ack")
    cws.send(type="send", conversation_id=conv["id"], client_msg_id="citizen-0001", body="감사합니다")
    ack2 = cws.recv("ack")
    assert ack1["seq"] == ack2["seq"] and ack2["duplicate"] is True
    c_ctx.__exit__(None, None, None)

    # While the citizen is offline the officer writes twice; reconnecting catches up in order.
    for i in range(2):
        ows.send(type="send", conversation_id=conv["id"], client_msg_id=f"officer-010{i}",
                 body=f"추가 안내 {i}")
        ows.recv("ack")
    c_ctx, cws = _ws(api, citizen)
    cws.send(type="subscribe", conversation_id=conv["id"], after_seq=ack1["seq"])
    missed = [cws.recv("message")["message"] for _ in range(2)]
    assert [m["body"] for m in missed] == ["추가 안내 0", "추가 안내 1"]
    assert [m["seq"] for m in missed] == [ack1["seq"] + 1, ack1["seq"] + 2]
    assert cws.recv("caught_up")["last_seq"] == ack1["seq"] + 2
    all_msgs = _messages(api, citizen, conv["id"])
    assert [m["seq"] for m in all_msgs] == list(range(1, len(all_msgs) + 1))
    assert sum(m["body"] == "감사합니다" for m in all_msgs) == 1
    c_ctx.__exit__(None, None, None)
    o_ctx.__exit__(None, None, None)


def test_websocket_refuses_bad_tokens_and_foreign_conversations(api, at, desk):
    from starlette.websockets import WebSocketDisconnect

    with api.client.websocket_connect(f"{C}/ws") as ws:
        ws.send_text(json.dumps({"type": "auth", "token": "not-a-token"}))
        assert json.loads(ws.receive_text())["code"] == "auth.required"
        with pytest.raises(WebSocketDisconnect) as e:
            ws.receive_text()
        assert e.value.code == 4401
    alice, bob = api.register(), api.register()
    conv = _open(api, alice)
    ctx, bws = _ws(api, bob)
    bws.send(type="subscribe", conversation_id=conv["id"], after_seq=0)
    err = bws.recv("error")
    assert err["code"] == "chat.not_found"
    bws.send(type="send", conversation_id=conv["id"], client_msg_id="bob-00001", body="끼어들기")
    assert bws.recv("error")["code"] == "chat.not_found"
    bws.send(type="subscribe_queue")
    assert bws.recv("error")["code"] == "auth.forbidden"
    bws.ws.send_text("{broken")
    assert bws.recv("error")["code"] == "chat.bad_frame"
    ctx.__exit__(None, None, None)
    assert all(m["body"] != "끼어들기" for m in _messages(api, alice, conv["id"]))


def test_officer_queue_socket_hears_new_questions_and_transfers(api, at, desk):
    officer, culture = desk("officer"), desk("culture")
    o_ctx, ows = _ws(api, officer)
    ows.send(type="subscribe_queue")
    k_ctx, kws = _ws(api, culture)
    kws.send(type="subscribe_queue")
    citizen = api.register()
    conv = _open(api, citizen)
    assert ows.recv("queue")["conversation_id"] == conv["id"]
    _say(api, citizen, conv["id"], "질문")
    assert ows.recv("queue")["conversation_id"] == conv["id"]
    api.client.post(f"{C}/desk/conversations/{conv['id']}/transfer", headers=api.bearer(officer),
                    json={"department": "문화예술과"})
    heard = kws.recv("queue")
    assert heard["conversation_id"] == conv["id"] and heard["department"] == "문화예술과"
    o_ctx.__exit__(None, None, None)
    k_ctx.__exit__(None, None, None)


def test_the_socket_closes_when_its_access_token_expires(api, at, monkeypatch):
    """The client then reconnects with a refreshed token; a logout takes effect then."""
    import time as real_time
    from types import SimpleNamespace

    from starlette.websockets import WebSocketDisconnect

    from myg_app.server.chat import ws as chat_ws

    citizen = api.register()
    # An hour from now, the 15-minute token is long expired.
    monkeypatch.setattr(chat_ws, "time", SimpleNamespace(time=lambda: real_time.time() + 3600))
    with api.client.websocket_connect(f"{C}/ws") as ws:
        ws.send_text(json.dumps({"type": "auth", "token": citizen["access_token"]}))
        assert json.loads(ws.receive_text())["type"] == "ready"
        assert json.loads(ws.receive_text())["code"] == "auth.expired"
        with pytest.raises(WebSocketDisconnect) as e:
            ws.receive_text()
        assert e.value.code == 4401
