"""시정·청년참여 포인트 over HTTP, on SQLite and PostgreSQL: earning once per participation
(also in parallel), the balance and history, redeeming for a voucher (signed QR) or a
donation, never below zero under parallel redemptions, one redemption per Idempotency-Key,
officer adjustments with a reason and their audit, campaign checks, the report hook, and
Korean 4xx for bad input."""
from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from myg_app.server.auth.models import User
from myg_app.server.db import utcnow
from myg_app.server.points import service, vouchers
from myg_app.server.points.models import PointEntry
from myg_app.server.points.settings import points_settings

from .conftest import assert_problem
from .reports_helpers import file_report, make_user

ME = "/api/v1/me/points"
OFFICER = "/api/v1/points"


def earn(api, user_id: int, rule: str, ref: str, **kw) -> int:
    with api.client.app.state.sessionmaker.begin() as s:
        return service.earn(s, s.get(User, user_id), rule, ref, **kw)


def summary(api, who) -> dict:
    r = api.client.get(ME, headers=who["headers"])
    assert r.status_code == 200, r.text
    return r.json()


def give(api, officer, citizen, delta: int, reason: str = "테스트 적립") -> dict:
    r = api.client.post(f"{OFFICER}/adjust", headers=officer["headers"],
                        json={"email": citizen["email"], "delta": delta, "reason": reason})
    assert r.status_code == 201, r.text
    return r.json()


def redeem(api, who, kind: str = "voucher", amount: int = 1000, key: str | None = None):
    h = dict(who["headers"])
    if key:
        h["Idempotency-Key"] = key
    return api.client.post(f"{ME}/redeem", headers=h, json={"kind": kind, "amount": amount})


@pytest.fixture
def people(api):
    return {"citizen": make_user(api, name="김광양"), "jobs": make_user(api, "officer", "일자리경제과"),
            "roads": make_user(api, "officer", "도로과")}


def test_points_need_sign_in_and_start_empty(api, people):
    assert_problem(api.client.get(ME), 401, "auth.required")
    s = summary(api, people["citizen"])
    assert s["balance"] == 0 and s["history"] == [] and s["expiring"] == []
    assert {r["rule"] for r in s["rules"]} == {"survey_answered", "proposal_adopted",
                                               "report_completed", "campaign"}
    assert s["expiry_years"] == 5


def test_earn_twice_is_once_and_shows_in_history(api, people):
    uid = people["citizen"]["id"]
    assert earn(api, uid, "survey_answered", "survey-1") == 100
    assert earn(api, uid, "survey_answered", "survey-1") == 0
    s = summary(api, people["citizen"])
    assert s["balance"] == 100 and s["history_total"] == 1
    item = s["history"][0]
    assert item["title"] == "설문조사·정책투표 참여" and item["amount"] == 100
    assert item["expires_on"] and s["expiring"][0]["points"] == 100


def test_parallel_earnings_of_one_participation_credit_once(api, people):
    uid = people["citizen"]["id"]
    with ThreadPoolExecutor(6) as pool:
        got = list(pool.map(lambda _: earn(api, uid, "proposal_adopted", "proposal-7"), range(6)))
    assert sorted(got) == [0, 0, 0, 0, 0, 1000]
    assert summary(api, people["citizen"])["balance"] == 1000


def test_parallel_earnings_stay_within_the_daily_cap(api, people):
    uid = people["citizen"]["id"]  # survey: 100 each, 300 a day
    with ThreadPoolExecutor(6) as pool:
        got = list(pool.map(lambda i: earn(api, uid, "survey_answered", f"s-{i}"), range(6)))
    assert sum(got) == 300
    assert summary(api, people["citizen"])["balance"] == 300


def test_a_voucher_has_a_code_and_a_signed_qr(api, people):
    give(api, people["jobs"], people["citizen"], 2500)
    r = redeem(api, people["citizen"], amount=2000)
    assert r.status_code == 201, r.text
    out = r.json()
    v = out["voucher"]
    assert out["balance"] == 500 and v["code"].startswith("GY-") and v["amount_won"] == 2000
    assert v["qr_png"] and v["provider"] == "embedded"
    key = vouchers.signing_key(points_settings(), api.settings.secret_key)
    checked = vouchers.verify(key, v["qr_payload"])
    assert checked and checked.code == v["code"] and checked.amount_won == 2000
    forged = v["qr_payload"].replace(".2000.", ".9000.")
    assert vouchers.verify(key, forged) is None
    ok = api.client.post(f"{OFFICER}/vouchers/check", headers=people["jobs"]["headers"],
                         json={"qr_payload": v["qr_payload"]}).json()
    assert ok["valid"] and ok["code"] == v["code"]
    bad = api.client.post(f"{OFFICER}/vouchers/check", headers=people["jobs"]["headers"],
                          json={"qr_payload": forged}).json()
    assert bad == {"valid": False, "code": None, "amount_won": None, "issued_at": None}
    hist = summary(api, people["citizen"])["history"]
    assert hist[0]["title"] == "광양사랑상품권 교환" and hist[0]["voucher_code"] == v["code"]


def test_a_donation_and_the_amount_rules(api, people):
    give(api, people["jobs"], people["citizen"], 1500)
    r = redeem(api, people["citizen"], "donation", 300)
    assert r.status_code == 201, r.text
    assert r.json()["recipient"] and r.json()["balance"] == 1200
    assert_problem(redeem(api, people["citizen"], "voucher", 1500), 422, "points.voucher_amount")
    assert_problem(redeem(api, people["citizen"], "donation", 50), 422, "points.donation_amount")
    assert_problem(redeem(api, people["citizen"], "voucher", 2000), 409, "points.insufficient")


def test_parallel_redemptions_never_overdraw(api, people):
    give(api, people["jobs"], people["citizen"], 3000)
    with ThreadPoolExecutor(8) as pool:
        codes = [r.status_code for r in pool.map(
            lambda i: redeem(api, people["citizen"], amount=1000, key=str(uuid.uuid4())),
            range(8))]
    assert sorted(codes) == [201, 201, 201] + [409] * 5
    assert summary(api, people["citizen"])["balance"] == 0


def test_one_idempotency_key_is_one_redemption(api, people):
    give(api, people["jobs"], people["citizen"], 5000)
    key = str(uuid.uuid4())
    first = redeem(api, people["citizen"], amount=1000, key=key)
    again = redeem(api, people["citizen"], amount=1000, key=key)
    assert first.status_code == again.status_code == 201
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert again.json()["voucher"]["code"] == first.json()["voucher"]["code"]
    key2 = str(uuid.uuid4())
    with ThreadPoolExecutor(4) as pool:
        rs = list(pool.map(lambda _: redeem(api, people["citizen"], amount=1000, key=key2),
                           range(4)))
    assert {r.status_code for r in rs} <= {201, 409}
    assert summary(api, people["citizen"])["balance"] == 3000
    other = redeem(api, people["citizen"], amount=2000, key=key)
    assert_problem(other, 422, "idempotency.mismatch")


def test_adjustments_need_a_reason_never_go_negative_and_are_audited(api, people):
    jobs, citizen = people["jobs"], people["citizen"]
    no_reason = api.client.post(f"{OFFICER}/adjust", headers=jobs["headers"],
                                json={"email": citizen["email"], "delta": 100, "reason": " "})
    assert_problem(no_reason, 422, "validation_error")
    give(api, jobs, citizen, 700, "행사 참여 누락분 적립")
    over = api.client.post(f"{OFFICER}/adjust", headers=jobs["headers"],
                           json={"email": citizen["email"], "delta": -800, "reason": "오적립 회수"})
    assert_problem(over, 409, "points.insufficient")
    out = give(api, jobs, citizen, -200, "오적립 회수")
    assert out["balance"] == 500 and out["user_name"] == "김*양"
    zero = api.client.post(f"{OFFICER}/adjust", headers=jobs["headers"],
                           json={"email": citizen["email"], "delta": 0, "reason": "없음"})
    assert_problem(zero, 422, "points.zero")
    unknown = api.client.post(f"{OFFICER}/adjust", headers=jobs["headers"],
                              json={"email": "nobody@example.com", "delta": 5, "reason": "테스트"})
    assert_problem(unknown, 404, "points.user_not_found")
    self_ = api.client.post(f"{OFFICER}/adjust", headers=jobs["headers"],
                            json={"email": jobs["email"], "delta": 5, "reason": "테스트"})
    assert_problem(self_, 409, "points.self")
    audit = api.client.get(f"{OFFICER}/audit", headers=jobs["headers"]).json()
    assert audit["total"] == 2
    assert [(i["amount"], i["reason"], i["officer_id"]) for i in audit["items"]] == [
        (-200, "오적립 회수", jobs["id"]), (700, "행사 참여 누락분 적립", jobs["id"])]
    hist = summary(api, citizen)["history"]
    assert hist[0]["title"] == "담당자 조정" and hist[0]["note"] == "오적립 회수"


def test_officer_routes_are_for_the_owning_department(api, people):
    body = {"email": people["citizen"]["email"], "delta": 100, "reason": "테스트"}
    for who in ("citizen", "roads"):
        r = api.client.post(f"{OFFICER}/adjust", headers=people[who]["headers"], json=body)
        assert_problem(r, 403, "auth.forbidden")
        assert_problem(api.client.get(f"{OFFICER}/audit", headers=people[who]["headers"]),
                       403, "auth.forbidden")


def test_a_campaign_is_verified_once_per_citizen(api, people):
    body = {"email": people["citizen"]["email"], "campaign": "app_install"}
    first = api.client.post(f"{OFFICER}/campaign", headers=people["jobs"]["headers"], json=body)
    assert first.status_code == 201 and first.json()["amount"] == 500
    again = api.client.post(f"{OFFICER}/campaign", headers=people["jobs"]["headers"], json=body)
    assert again.status_code == 201 and again.json()["amount"] == 0
    assert again.json()["entry_id"] is None and again.json()["balance"] == 500
    hist = summary(api, people["citizen"])["history"]
    assert hist[0]["title"] == "캠페인 인증 (앱 설치 인증)"
    audit = api.client.get(f"{OFFICER}/audit", headers=people["jobs"]["headers"]).json()
    assert audit["items"][0]["rule"] == "campaign" and audit["items"][0]["officer_id"]
    bad = api.client.post(f"{OFFICER}/campaign", headers=people["jobs"]["headers"],
                          json={"email": people["citizen"]["email"], "campaign": "앱 설치"})
    assert_problem(bad, 422, "validation_error")


def test_a_completed_report_credits_the_reporter_once(api, people):
    rep = file_report(api, people["citizen"]["headers"]).json()
    url = f"/api/v1/officer/reports/{rep['id']}"
    done = api.client.post(url + "/status", headers=people["roads"]["headers"],
                           json={"status": "done", "note": "보수했습니다."})
    assert done.status_code == 200, done.text
    assert summary(api, people["citizen"])["balance"] == 200
    reopened = api.client.post(f"/api/v1/reports/{rep['id']}/reopen",
                               headers=people["citizen"]["headers"],
                               json={"reason": "아직 그대로입니다."})
    assert reopened.status_code == 200, reopened.text
    again = api.client.post(url + "/status", headers=people["roads"]["headers"],
                            json={"status": "done", "note": "다시 보수했습니다."})
    assert again.status_code == 200, again.text
    assert summary(api, people["citizen"])["balance"] == 200


def test_young_residents_get_the_bonus(api, people):
    uid = people["citizen"]["id"]
    today = utcnow().date()
    with api.client.app.state.sessionmaker.begin() as s:
        s.get(User, uid).birth_date = today.replace(year=today.year - 25)
    assert earn(api, uid, "proposal_adopted", "p-1") == 1500
    item = summary(api, people["citizen"])["history"][0]
    assert item["bonus"] == 500
    assert summary(api, people["citizen"])["young"] is True


def test_old_points_expire_and_are_used_first(api, people):
    uid = people["citizen"]["id"]
    now = utcnow()
    earn(api, uid, "campaign", "old", now=now - timedelta(days=365 * 5 + 10))
    earn(api, uid, "campaign", "soon", now=now - timedelta(days=365 * 5 - 10))
    earn(api, uid, "proposal_adopted", "new", now=now - timedelta(days=1))
    s = summary(api, people["citizen"])
    assert s["balance"] == 1500 and s["expired_total"] == 500
    assert s["expiring_soon"] and s["expiring_soon"][0]["points"] == 500
    assert redeem(api, people["citizen"], amount=1000).status_code == 201
    s = summary(api, people["citizen"])
    assert s["balance"] == 500 and not s["expiring_soon"]  # the oldest went first


def test_the_ledger_is_append_only(api, people):
    give(api, people["jobs"], people["citizen"], 1000)
    redeem(api, people["citizen"], "donation", 400)
    with api.client.app.state.sessionmaker() as s:
        amounts = s.scalars(select(PointEntry.amount).where(
            PointEntry.user_id == people["citizen"]["id"]).order_by(PointEntry.id)).all()
        assert amounts == [1000, -400]
        assert s.scalar(select(func.count()).select_from(PointEntry)) == 2


@pytest.mark.parametrize("body", [
    {"kind": "voucher", "amount": 0}, {"kind": "voucher", "amount": -5},
    {"kind": "gift", "amount": 1000}, {"kind": "voucher", "amount": 2**40},
    {"kind": "voucher"}, {"amount": 1000}, {"kind": "voucher", "amount": "천"},
])
def test_bad_redemptions_are_korean_422(api, people, body):
    r = api.client.post(f"{ME}/redeem", headers=people["citizen"]["headers"], json=body)
    assert_problem(r, 422, "validation_error")


@pytest.mark.parametrize("query", ["offset=-1", "limit=0", "limit=1000", "offset=99999999999"])
def test_bad_paging_is_422(api, people, query):
    assert_problem(api.client.get(f"{ME}?{query}", headers=people["citizen"]["headers"]),
                   422, "validation_error")


def test_unknown_rules_are_a_programming_error(api, people):
    with pytest.raises(ValueError):
        earn(api, people["citizen"]["id"], "nonsense", "x")


def test_a_provider_failure_spends_nothing(api, people, monkeypatch):
    give(api, people["jobs"], people["citizen"], 2000)
    monkeypatch.setenv("MYG_POINTS_VOUCHER_PROVIDER_URL", "http://127.0.0.1:9/issue")
    monkeypatch.setenv("MYG_POINTS_VOUCHER_PROVIDER_TIMEOUT_S", "2")
    points_settings.cache_clear()
    try:
        r = redeem(api, people["citizen"], amount=1000, key=str(uuid.uuid4()))
        assert_problem(r, 503, "points.provider_unavailable")
    finally:
        monkeypatch.undo()
        points_settings.cache_clear()
    assert summary(api, people["citizen"])["balance"] == 2000
