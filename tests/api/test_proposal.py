"""정책 제안 over HTTP, on SQLite and PostgreSQL: proposing (photos, 읍면동, profanity, rate
limit, idempotency), supports once each (also in parallel) and the move to 검토중 exactly
once, answers that need a reason, progress, comments hidden with a visible reason, masked
names, the expiry job, and who may do what."""
from __future__ import annotations

import base64
import io
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import func, select, update

from myg_app.server.auth import service as auth
from myg_app.server.auth.models import User
from myg_app.server.db import utcnow
from myg_app.server.notices.models import Notice
from myg_app.server.points.models import PointEntry
from myg_app.server.proposal import service
from myg_app.server.proposal.models import Proposal, ProposalEvent
from myg_app.server.proposal.rules import ProposalSettings
from tests.api.conftest import PASSWORD, assert_problem

V1 = "/api/v1/proposals"
THRESHOLD = 3


class P:
    def __init__(self, api, **settings):
        self.api, self.client = api, api.client
        ps = ProposalSettings(support_threshold=THRESHOLD, **settings)
        self.client.app.state.proposal_settings = ps
        with self.session() as s, s.begin():
            auth.register(s, api.settings, "owner@gwangyang.demo", PASSWORD, "송소식",
                          role="officer", department="감동시대추진단")
            auth.register(s, api.settings, "bus@gwangyang.demo", PASSWORD, "교통담당",
                          role="officer", department="교통과")
            auth.register(s, api.settings, "roads@gwangyang.demo", PASSWORD, "도로담당",
                          role="officer", department="도로과")
        self.h = {w: self.login(f"{w}@gwangyang.demo") for w in ("owner", "bus", "roads")}
        self.citizen = api.register(name="홍길동")
        self.h["citizen"] = api.bearer(self.citizen)
        with self.session() as s:
            self.citizen_id = s.scalar(select(User.id).where(User.email == self.citizen["email"]))

    def login(self, email: str) -> dict:
        r = self.api.login(email)
        assert r.status_code == 200, r.text
        return self.api.bearer(r.json())

    def session(self):
        return self.client.app.state.sessionmaker()

    def new_citizen(self, name: str = "김시민") -> dict:
        return self.api.bearer(self.api.register(name=name))

    def propose(self, who: str = "citizen", key: str | None = None, **kw):
        body = {"title": "중마동 버스 배차 간격", "body": "출퇴근 시간 버스를 더 자주 다니게 해 주세요.",
                "category": "traffic", "dong": "jungma"} | kw
        headers = dict(self.h[who])
        if key:
            headers["Idempotency-Key"] = key
        return self.client.post(V1, json=body, headers=headers)

    def created(self, **kw) -> dict:
        r = self.propose(**kw)
        assert r.status_code == 201, r.text
        return r.json()

    def to_review(self, pid: int) -> dict:
        """New citizens support until the threshold is reached."""
        for i in range(THRESHOLD):
            r = self.client.post(f"{V1}/{pid}/support", headers=self.new_citizen(f"공감{i}"))
            assert r.status_code == 200, r.text
            if r.json()["state"] == "review":
                return r.json()
        raise AssertionError(r.text)


@pytest.fixture
def p(api):
    return P(api)


def png() -> str:
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buf, "PNG")
    return base64.b64encode(buf.getvalue()).decode()


def test_propose_with_photo_and_read_it_back_masked(p):
    r = p.client.post(f"{V1}/photos", json={"filename": "a.png", "content_base64": png()},
                      headers=p.h["citizen"])
    assert r.status_code == 201, r.text
    photo = r.json()
    # not public before a proposal uses it
    assert p.client.get(photo["url"]).status_code == 404
    d = p.created(photos=[photo["token"]])
    assert d["state"] == "collecting" and d["state_name"] == "공감모집"
    assert d["proposer"] == "홍*동" and d["dong_name"] == "중마동" and d["threshold"] == THRESHOLD
    assert d["mine"] and not d["can_support"]
    got = p.client.get(d["photos"][0]["url"])
    assert got.status_code == 200 and got.headers["content-type"] == "image/jpeg"
    # public views: no personal data beyond the masked name
    pub = p.client.get(f"{V1}/{d['id']}").json()
    text = str(pub)
    assert "홍길동" not in text and p.citizen["email"] not in text
    assert pub["history"][0]["state_name"] == "공감모집"
    lst = p.client.get(V1, params={"state": "collecting", "dong": "jungma"}).json()
    assert lst["total"] == 1 and lst["items"][0]["proposer"] == "홍*동"
    assert p.client.get(V1, params={"dong": "taein"}).json()["total"] == 0
    assert p.client.get(V1, params={"category": "welfare"}).json()["total"] == 0


def test_bad_photo_and_bad_input_are_korean_4xx(p):
    r = p.client.post(f"{V1}/photos", json={"filename": "x.jpg",
                                            "content_base64": base64.b64encode(b"not").decode()},
                      headers=p.h["citizen"])
    assert_problem(r, 415, "photo.type")
    assert_problem(p.propose(category="nope"), 422, "proposal.category")
    assert_problem(p.propose(dong="seoul"), 422, "proposal.dong")
    assert_problem(p.propose(photos=[str(uuid.uuid4())]), 422, "proposal.photo_unknown")
    r = p.propose(title="")
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
    assert_problem(p.client.get(f"{V1}/999999"), 404, "proposal.not_found")
    assert p.client.get(V1, params={"state": "bogus"}).status_code == 422
    r = p.client.post(V1, json={"title": "x"})
    assert r.status_code == 401


def test_profanity_is_refused_in_korean(p):
    body = assert_problem(p.propose(body="이런 씨 발 같은 버스 배차"), 422, "proposal.profanity")
    assert "욕설" in body["detail"]
    pid = p.created(body="시발점부터 종점까지 버스가 너무 느립니다.")["id"]  # 시발점 is a word
    r = p.client.post(f"{V1}/{pid}/comments", json={"body": "병1신 같은 제안"},
                      headers=p.new_citizen())
    assert_problem(r, 422, "proposal.profanity")


def test_idempotent_create_and_rate_limit(p):
    key = str(uuid.uuid4())
    a, b = p.propose(key=key), p.propose(key=key)
    assert a.status_code == b.status_code == 201 and a.json()["id"] == b.json()["id"]
    assert b.headers.get("Idempotent-Replayed") == "true"
    p.created(title="두 번째 제안")
    p.created(title="세 번째 제안")
    r = p.propose(title="네 번째 제안")
    body = assert_problem(r, 429, "proposal.rate_limited")
    assert "다시" in body["detail"] and int(r.headers["Retry-After"]) > 0


def test_parallel_same_key_creates_once(p):
    key = str(uuid.uuid4())
    with ThreadPoolExecutor(4) as pool:
        rs = list(pool.map(lambda _: p.propose(key=key), range(4)))
    assert {r.status_code for r in rs} <= {201, 409}
    ids = {r.json()["id"] for r in rs if r.status_code == 201}
    assert len(ids) == 1
    with p.session() as s:
        assert s.scalar(select(func.count()).select_from(Proposal)) == 1


def test_support_once_threshold_moves_to_review_once_and_notices(p):
    pid = p.created()["id"]
    assert_problem(p.client.post(f"{V1}/{pid}/support", headers=p.h["citizen"]), 409,
                   "proposal.own")
    fan = p.new_citizen("팬")
    for _ in range(2):
        r = p.client.post(f"{V1}/{pid}/support", headers=fan)
        assert r.status_code == 200 and r.json()["supports"] == 1 and r.json()["supported_by_me"]
    r = p.client.delete(f"{V1}/{pid}/support", headers=fan)
    assert r.json()["supports"] == 0
    p.client.post(f"{V1}/{pid}/support", headers=fan)
    d = p.to_review(pid)
    assert d["supports"] == THRESHOLD and d["answer_due_at"]
    with p.session() as s:
        assert s.scalar(select(func.count()).select_from(ProposalEvent).where(
            ProposalEvent.proposal_id == pid, ProposalEvent.kind == "review")) == 1
        kinds = list(s.scalars(select(Notice.kind).where(Notice.kind == "proposal.review")))
    assert len(kinds) == THRESHOLD + 1  # proposer + every supporter
    assert_problem(p.client.post(f"{V1}/{pid}/support", headers=p.new_citizen()), 409,
                   "proposal.not_collecting")
    assert_problem(p.client.delete(f"{V1}/{pid}/support", headers=fan), 409,
                   "proposal.not_collecting")


def test_parallel_supports_count_once_and_review_once(p):
    pid = p.created()["id"]
    people = [p.new_citizen(f"시민{i}") for i in range(6)]
    calls = [h for h in people for _ in range(2)]  # each twice, all at once
    with ThreadPoolExecutor(6) as pool:
        rs = list(pool.map(lambda h: p.client.post(f"{V1}/{pid}/support", headers=h), calls))
    assert all(r.status_code in (200, 409) for r in rs), [r.text for r in rs]
    d = p.client.get(f"{V1}/{pid}").json()
    assert d["state"] == "review"
    with p.session() as s:
        assert s.scalar(select(func.count()).select_from(ProposalEvent).where(
            ProposalEvent.proposal_id == pid, ProposalEvent.kind == "review")) == 1
        n = s.get(Proposal, pid).supports
    # supports after 검토중 are refused; before, each person counted once
    assert THRESHOLD <= n <= len(people)
    assert n == sum(1 for h in people if p.client.get(f"{V1}/{pid}", headers=h)
                    .json()["supported_by_me"])


def test_officer_assigns_answers_with_reason_progress_and_done(p):
    pid = p.created()["id"]
    fan = p.new_citizen("공감인")
    p.client.post(f"{V1}/{pid}/support", headers=fan)
    # answering is only for 검토중
    r = p.client.post(f"{V1}/officer/{pid}/answer", json={"decision": "adopted",
                                                           "reason": "좋은 제안입니다."},
                      headers=p.h["owner"])
    assert_problem(r, 409, "proposal.not_in_review")
    p.to_review(pid)
    # another department cannot see or answer it; the citizen cannot either
    assert_problem(p.client.get(f"{V1}/officer/{pid}", headers=p.h["bus"]), 403,
                   "proposal.other_department")
    assert_problem(p.client.get(f"{V1}/officer", headers=p.h["citizen"]), 403, "auth.forbidden")
    assert_problem(p.client.post(f"{V1}/officer/{pid}/department", json={"department": "교통과"},
                                 headers=p.h["bus"]), 403, "auth.forbidden")
    assert_problem(p.client.post(f"{V1}/officer/{pid}/department", json={"department": "없는과"},
                                 headers=p.h["owner"]), 422, "proposal.department")
    r = p.client.post(f"{V1}/officer/{pid}/department", json={"department": "교통과"},
                      headers=p.h["owner"])
    assert r.status_code == 200 and r.json()["department"] == "교통과"
    assert p.client.get(f"{V1}/officer", headers=p.h["bus"]).json()["total"] == 1
    assert p.client.get(f"{V1}/officer", headers=p.h["roads"]).json()["total"] == 0
    # a reason is required, and the decision must be one of three
    r = p.client.post(f"{V1}/officer/{pid}/answer", json={"decision": "adopted"},
                      headers=p.h["bus"])
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
    r = p.client.post(f"{V1}/officer/{pid}/answer", json={"decision": "adopted", "reason": "  "},
                      headers=p.h["bus"])
    assert r.status_code == 422
    assert_problem(p.client.post(f"{V1}/officer/{pid}/answer",
                                 json={"decision": "maybe", "reason": "검토했습니다."},
                                 headers=p.h["bus"]), 422, "proposal.decision")
    r = p.client.post(f"{V1}/officer/{pid}/answer",
                      json={"decision": "adopted", "reason": "출퇴근 시간 배차를 15분으로 줄입니다."},
                      headers=p.h["bus"])
    assert r.status_code == 200, r.text
    d = r.json()
    assert d["state"] == "answered" and d["answer"]["decision_name"] == "채택"
    assert d["answer"]["department"] == "교통과"
    assert_problem(p.client.post(f"{V1}/officer/{pid}/answer",
                                 json={"decision": "rejected", "reason": "다시 답변합니다."},
                                 headers=p.h["bus"]), 409, "proposal.not_in_review")
    r = p.client.post(f"{V1}/officer/{pid}/progress", json={"note": "7월부터 증차 운행합니다."},
                      headers=p.h["bus"])
    assert r.json()["state"] == "executing"
    r = p.client.post(f"{V1}/officer/{pid}/progress",
                      json={"note": "증차 운행을 시작했습니다.", "done": True}, headers=p.h["bus"])
    assert r.json()["state"] == "done"
    pub = p.client.get(f"{V1}/{pid}", headers=fan).json()
    assert [e["kind"] for e in pub["history"]] == ["created", "review", "department", "answer",
                                                  "progress", "done"]
    got = {n["kind"] for n in p.client.get("/api/v1/me/notices", headers=fan).json()["items"]}
    with p.session() as s:  # 참여 포인트 for the adopted proposal, once
        credited = list(s.scalars(select(PointEntry).where(PointEntry.rule == "proposal_adopted",
                                                           PointEntry.ref == f"proposal:{pid}")))
    assert len(credited) == 1 and credited[0].user_id == p.citizen_id and credited[0].amount > 0
    assert {"proposal.review", "proposal.department", "proposal.answered", "proposal.progress",
            "proposal.done"} <= got


def test_rejected_has_no_progress(p):
    pid = p.created()["id"]
    p.to_review(pid)
    r = p.client.post(f"{V1}/officer/{pid}/answer",
                      json={"decision": "rejected", "reason": "예산 사정으로 어렵습니다."},
                      headers=p.h["owner"])
    assert r.json()["decision_name"] == "불채택" and r.json()["answer"]["reason"]
    assert_problem(p.client.post(f"{V1}/officer/{pid}/progress", json={"note": "진행합니다."},
                                 headers=p.h["owner"]), 409, "proposal.no_progress")


def test_comments_report_and_hide_with_visible_reason(p):
    pid = p.created()["id"]
    writer = p.new_citizen("이댓글")
    r = p.client.post(f"{V1}/{pid}/comments", json={"body": "좋은 생각입니다!"}, headers=writer)
    assert r.status_code == 201
    cm = r.json()["comment_list"][0]
    assert cm["author"] == "이*글" and cm["mine"]
    other = p.new_citizen()
    r = p.client.post(f"{V1}/{pid}/comments/{cm['id']}/report", json={"reason": "광고"},
                      headers=other)
    assert r.status_code == 200 and r.json()["comment_list"][0]["reported_by_me"]
    p.client.post(f"{V1}/{pid}/comments/{cm['id']}/report", json={}, headers=other)
    assert_problem(p.client.post(f"{V1}/{pid}/comments/{cm['id']}/report", json={},
                                 headers=writer), 409, "proposal.own_comment")
    lst = p.client.get(f"{V1}/officer", headers=p.h["owner"]).json()
    assert lst["items"][0]["reported_comments"] == 1
    od = p.client.get(f"{V1}/officer/{pid}", headers=p.h["owner"]).json()
    assert od["officer_comments"][0]["reports"] == 1
    r = p.client.post(f"{V1}/officer/{pid}/comments/{cm['id']}/hide", json={"reason": ""},
                      headers=p.h["owner"])
    assert r.status_code == 422
    r = p.client.post(f"{V1}/officer/{pid}/comments/{cm['id']}/hide",
                      json={"reason": "상업 광고라서 가렸습니다."}, headers=p.h["owner"])
    assert r.status_code == 200 and r.json()["officer_comments"][0]["text"] == "좋은 생각입니다!"
    pub = p.client.get(f"{V1}/{pid}").json()["comment_list"][0]
    assert pub["hidden"] and pub["body"] is None and pub["hidden_reason"] == "상업 광고라서 가렸습니다."
    assert_problem(p.client.post(f"{V1}/officer/{pid}/comments/9999/hide",
                                 json={"reason": "사유입니다"}, headers=p.h["owner"]),
                   404, "proposal.comment_not_found")


def test_comment_rate_limit(api):
    p = P(api, comments_per_window=2)
    pid = p.created()["id"]
    h = p.new_citizen()
    for i in range(2):
        assert p.client.post(f"{V1}/{pid}/comments", json={"body": f"의견 {i}"},
                             headers=h).status_code == 201
    r = p.client.post(f"{V1}/{pid}/comments", json={"body": "또 의견"}, headers=h)
    assert_problem(r, 429, "proposal.rate_limited")
    assert "Retry-After" in r.headers


def test_sweep_expires_and_flags_overdue(p):
    old = p.created(title="오래된 제안")["id"]
    late = p.created(title="답변 늦은 제안")["id"]
    p.to_review(late)
    with p.session() as s, s.begin():
        s.execute(update(Proposal).where(Proposal.id == old)
                  .values(support_until=utcnow() - timedelta(minutes=1)))
        s.execute(update(Proposal).where(Proposal.id == late)
                  .values(answer_due_at=utcnow() - timedelta(days=1)))
    with p.session() as s, s.begin():
        assert service.sweep(s) == (1, 1)
    with p.session() as s, s.begin():
        assert service.sweep(s) == (0, 0)  # once
    d = p.client.get(f"{V1}/{old}").json()
    assert d["state_name"] == "기간만료" and d["history"][-1]["kind"] == "expired"
    lst = p.client.get(f"{V1}/officer", headers=p.h["owner"]).json()
    assert lst["overdue"] == 1 and lst["items"][0]["id"] == late and lst["items"][0]["overdue"]
    only = p.client.get(f"{V1}/officer", params={"overdue": True}, headers=p.h["owner"]).json()
    assert [i["id"] for i in only["items"]] == [late]


def test_meta_and_paging(p):
    meta = p.client.get(f"{V1}/meta").json()
    assert meta["threshold"] == THRESHOLD and len(meta["dongs"]) == 12
    assert "교통과" in meta["departments"]
    for i in range(3):
        p.created(title=f"제안 {i}", who="citizen") if i < 3 else None
    page = p.client.get(V1, params={"limit": 2, "offset": 2}).json()
    assert page["total"] == 3 and len(page["items"]) == 1
    mine = p.client.get(f"{V1}/mine", headers=p.h["citizen"]).json()
    assert mine["total"] == 3
