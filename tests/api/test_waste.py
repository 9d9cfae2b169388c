"""대형폐기물 배출 신고: fees from the server, dates per 읍면동, bank transfer confirmed by an
officer, 배출번호 + QR, cancellation and refund rules, the officers' schedule."""
from __future__ import annotations

import base64
import threading
import time as time_module
import uuid
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from myg_app.seoul_time import seoul_to_utc
from myg_app.server.payments import providers as payment_providers
from myg_app.server.payments import service as payment_service
from myg_app.server.seed import DEFAULT_DEMO_PASSWORD, seed_demo
from myg_app.server.waste import clock as waste_clock
from myg_app.server.waste import emission
from myg_app.server.waste.models import WasteBooking
from tests.api.conftest import assert_problem

TODAY = date(2026, 12, 1)  # a Tuesday
PICKUP = date(2026, 12, 3)  # Thursday: 광양읍 is served on Mondays and Thursdays
W = "/api/v1/waste"


@pytest.fixture
def clock(monkeypatch):
    """Gwangyang's 'today' for the waste rules; tests move it forward. The wall clock (deposit
    deadlines, expiry) moves with it: 10:00 in Gwangyang on that day, plus the real time the
    test has run, so the tests do not depend on the date they run on."""
    state = {"today": TODAY}
    started = time_module.monotonic()

    def now() -> datetime:
        return seoul_to_utc(state["today"], time(10, 0)) + timedelta(
            seconds=time_module.monotonic() - started)

    monkeypatch.setattr(waste_clock, "today", lambda: state["today"])
    for module in (waste_clock, payment_providers, payment_service):
        monkeypatch.setattr(module, "utcnow", now)
    return state


@pytest.fixture
def city(api, clock):
    seed_demo(api.settings)

    def login(email):
        r = api.login(email, DEFAULT_DEMO_PASSWORD)
        assert r.status_code == 200, r.text
        return api.bearer(r.json())

    return {"citizen": login("citizen@gwangyang.demo"), "clean": login("clean@gwangyang.demo"),
            "other_officer": login("officer@gwangyang.demo"),
            "admin": login("admin@gwangyang.demo")}


def items(api) -> dict[str, dict]:
    return {i["code"]: i for i in api.client.get(f"{W}/items").json()["items"]}


def order(api, headers, *, lines=None, expected=None, pickup=PICKUP, key=None, area="gwangyang"):
    cat = items(api)
    lines = lines or [(cat["sofa-2"]["id"], 1), (cat["fridge-l"]["id"], 1)]
    body = {"area": area, "address": "광양읍 인동로 12, 101동 1층 현관 앞", "pickup_date": str(pickup),
            "items": [{"item_id": i, "quantity": q} for i, q in lines],
            "expected_fee": 20_000 if expected is None else expected}
    extra = {"Idempotency-Key": key} if key else {}
    return api.client.post(f"{W}/bookings", json=body, headers=headers | extra)


def paid_by_transfer(api, city) -> dict:
    b = order(api, city["citizen"]).json()
    r = api.client.post(f"{W}/bookings/{b['id']}/payment", json={"method": "bank_transfer"},
                        headers=city["citizen"])
    assert r.status_code == 200, r.text
    r = api.client.post(f"{W}/officer/bookings/{b['id']}/deposit", json={"amount": 20_000},
                        headers=city["clean"])
    assert r.status_code == 200, r.text
    return api.client.get(f"{W}/bookings/{b['id']}", headers=city["citizen"]).json()


def test_catalogue_areas_and_dates_skip_public_holidays(api, clock):
    seed_demo(api.settings)
    cat = items(api)
    assert cat["sofa-4"]["fee"] == 12_000 and cat["fridge-s"]["size_label"] == "300L 미만"
    areas = api.client.get(f"{W}/areas").json()["items"]
    assert len(areas) == 12 and {a["name"] for a in areas} >= {"광양읍", "중마동", "다압면", "금호동"}

    clock["today"] = date(2026, 9, 21)  # Monday before 추석
    d = api.client.get(f"{W}/areas/gwangyang/dates").json()
    assert d["dates"][:2] == ["2026-09-28", "2026-10-01"]  # Thu 24 Sep is 추석 전날
    assert {"day": "2026-09-24", "reason": "추석 전날"} in d["skipped"]
    assert "2026-10-05" not in d["dates"]  # 개천절 대체 휴일 (a Monday)
    assert all(date.fromisoformat(x).weekday() in (0, 3) for x in d["dates"])
    assert_problem(api.client.get(f"{W}/areas/seoul/dates"), 404, "waste.area_not_found")


def test_fee_is_computed_by_the_server(api, clock):
    seed_demo(api.settings)
    cat = items(api)
    r = api.client.post(f"{W}/quote", json={"items": [
        {"item_id": cat["chair"]["id"], "quantity": 4},
        {"item_id": cat["desk"]["id"], "quantity": 1},
        {"item_id": cat["chair"]["id"], "quantity": 1}]})
    assert r.status_code == 200
    assert r.json()["total"] == 5 * 2_000 + 5_000
    bad = api.client.post(f"{W}/quote", json={"items": [{"item_id": 99999, "quantity": 1}]})
    body = assert_problem(bad, 422, "validation_error")
    assert body["errors"][0]["field"] == "items.0.item_id"
    too_many = api.client.post(f"{W}/quote", json={"items": [
        {"item_id": cat["chair"]["id"], "quantity": 21}]})
    assert_problem(too_many, 422, "validation_error")


def test_tampered_fee_and_bad_dates_are_refused_and_nothing_is_created(api, city, clock):
    r = order(api, city["citizen"], expected=1_000)
    body = assert_problem(r, 409, "waste.fee_changed")
    assert "20,000원" in body["detail"]
    r = order(api, city["citizen"], pickup=date(2026, 12, 2))  # a Wednesday
    body = assert_problem(r, 422, "waste.date_unavailable")
    assert body["errors"][0]["field"] == "pickup_date"
    r = order(api, city["citizen"], pickup=date(2026, 12, 25), area="jinwol")  # 성탄절, a Friday
    assert "기독탄신일" in assert_problem(r, 422, "waste.date_unavailable")["detail"]
    clock["today"] = date(2026, 12, 2)  # tomorrow's pickup is too soon to plan
    assert_problem(order(api, city["citizen"]), 422, "waste.date_unavailable")
    with api.client.app.state.sessionmaker() as s:
        assert s.scalar(select(func.count()).select_from(WasteBooking)) == 0


def test_double_submit_makes_one_order(api, city):
    key = str(uuid.uuid4())
    first = order(api, city["citizen"], key=key)
    second = order(api, city["citizen"], key=key)
    assert first.status_code == second.status_code == 201
    assert second.headers.get("Idempotent-Replayed") == "true"
    assert first.json()["id"] == second.json()["id"]
    assert first.json()["total_fee"] == 20_000 and first.json()["status"] == "pending_payment"
    mine = api.client.get(f"{W}/bookings", headers=city["citizen"]).json()["items"]
    assert len(mine) == 1


def test_parallel_double_submit_makes_one_order(api, city):
    key = str(uuid.uuid4())
    results = []

    def submit():
        results.append(order(api, city["citizen"], key=key))

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ok = [r for r in results if r.status_code == 201]
    assert ok and all(r.status_code in (201, 409) for r in results)
    assert len({r.json()["id"] for r in ok}) == 1
    with api.client.app.state.sessionmaker() as s:
        assert s.scalar(select(func.count()).select_from(WasteBooking)) == 1


def test_bank_transfer_confirmed_by_officer_gives_emission_number_and_qr(api, city):
    b = order(api, city["citizen"]).json()
    assert b["emission_no"] is None and b["can_cancel"] and b["cancel_until"] == "2026-12-02"
    r = api.client.post(f"{W}/bookings/{b['id']}/payment", json={"method": "bank_transfer"},
                        headers=city["citizen"])
    pay = r.json()["booking"]["payment"]
    assert r.json()["booking"]["status"] == "awaiting_deposit"
    va = pay["virtual_account"]
    assert va["bank"] and va["account_number"].startswith("790-") and pay["amount"] == 20_000
    assert va["due_at"] <= "2026-12-02T15:00:00Z"  # before the deadline ends (Seoul midnight)
    # Choosing again (a double tap) changes nothing.
    again = api.client.post(f"{W}/bookings/{b['id']}/payment", json={"method": "bank_transfer"},
                            headers=city["citizen"]).json()["booking"]["payment"]
    assert again["virtual_account"]["account_number"] == va["account_number"]

    waiting = api.client.get(f"{W}/officer/bookings", headers=city["clean"]).json()["items"]
    assert [w["id"] for w in waiting] == [b["id"]]
    assert waiting[0]["applicant"] == "김*양"  # masked for the officer

    # The deposit on the statement does not match the fee: refused, still waiting.
    r = api.client.post(f"{W}/officer/bookings/{b['id']}/deposit", json={"amount": 2_000},
                        headers=city["clean"])
    assert_problem(r, 422, "payment.amount_mismatch")
    mine = api.client.get(f"{W}/bookings/{b['id']}", headers=city["citizen"]).json()
    assert mine["status"] == "awaiting_deposit" and mine["emission_no"] is None

    r = api.client.post(f"{W}/officer/bookings/{b['id']}/deposit", json={"amount": 20_000},
                        headers=city["clean"])
    assert r.status_code == 200 and r.json()["status"] == "paid"
    mine = api.client.get(f"{W}/bookings/{b['id']}", headers=city["citizen"]).json()
    assert mine["status_label"] == "배출 확정" and mine["emission_no"].startswith("BW261203-")
    assert base64.b64decode(mine["qr_png"])[:8] == b"\x89PNG\r\n\x1a\n"
    assert [s["done"] for s in mine["steps"]] == [True, True, True, False]
    assert [s["label"] for s in mine["steps"]] == ["신청 접수", "입금 확인", "배출번호 발급", "수거 완료"]
    notices = api.client.get("/api/v1/me/notices", headers=city["citizen"]).json()["items"]
    assert notices[0]["kind"] == "waste.paid" and mine["emission_no"] in notices[0]["body"]
    assert notices[0]["link"] == f"/f/bulky_waste/bookings/{b['id']}"
    # A second confirmation of the same deposit is refused (no second 배출번호).
    r = api.client.post(f"{W}/officer/bookings/{b['id']}/deposit", json={"amount": 20_000},
                        headers=city["clean"])
    assert_problem(r, 409, "waste.not_awaiting_deposit")


def test_qr_code_verifies_at_the_truck_and_forgeries_do_not(api, city):
    b = paid_by_transfer(api, city)
    code = emission.qr_payload(api.settings.secret_key, b["emission_no"])
    r = api.client.get(f"{W}/officer/verify", params={"code": code}, headers=city["clean"])
    assert r.status_code == 200 and r.json()["id"] == b["id"]
    forged = code[:-1] + ("0" if code[-1] != "0" else "1")
    r = api.client.get(f"{W}/officer/verify", params={"code": forged}, headers=city["clean"])
    assert_problem(r, 422, "waste.qr_invalid")


def test_only_the_waste_department_and_admins_work_the_desk(api, city):
    b = order(api, city["citizen"]).json()
    for who in ("citizen", "other_officer"):
        r = api.client.get(f"{W}/officer/bookings", headers=city[who])
        assert_problem(r, 403, "waste.forbidden" if who == "other_officer" else "auth.forbidden")
        r = api.client.post(f"{W}/officer/bookings/{b['id']}/deposit", json={"amount": 20_000},
                            headers=city[who])
        assert r.status_code == 403
    assert api.client.get(f"{W}/officer/bookings", headers=city["admin"]).status_code == 200
    # Another citizen cannot see or cancel someone's booking.
    stranger = api.bearer(api.register())
    assert_problem(api.client.get(f"{W}/bookings/{b['id']}", headers=stranger), 404,
                   "waste.not_found")
    assert_problem(api.client.post(f"{W}/bookings/{b['id']}/cancel", json={}, headers=stranger),
                   404, "waste.not_found")


def test_cancel_paid_transfer_needs_refund_account_then_officer_sends_it(api, city):
    b = paid_by_transfer(api, city)
    r = api.client.post(f"{W}/bookings/{b['id']}/cancel", json={"reason": "이사 일정 변경"},
                        headers=city["citizen"])
    assert_problem(r, 422, "payment.refund_account_required")
    account = {"bank": "광양농협", "account_number": "351-1234-5678-93", "holder": "김광양"}
    r = api.client.post(f"{W}/bookings/{b['id']}/cancel",
                        json={"reason": "이사 일정 변경", "refund_account": account},
                        headers=city["citizen"])
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["status"] == "cancelled" and out["payment"]["status"] == "refund_pending"
    assert out["emission_no"] is None and not out["can_cancel"]
    pending = api.client.get(f"{W}/officer/bookings", params={"status": "refund_pending"},
                             headers=city["clean"]).json()["items"]
    assert pending[0]["refund_to"] == "광양농협 351-1234-5678-93 (김*양)"
    r = api.client.post(f"{W}/officer/bookings/{b['id']}/refunded", headers=city["clean"])
    assert r.status_code == 200 and r.json()["payment"]["status"] == "canceled"
    mine = api.client.get(f"{W}/bookings/{b['id']}", headers=city["citizen"]).json()
    assert [s["label"] for s in mine["steps"]][-2:] == ["신청 취소", "환불 완료"]
    assert mine["steps"][-1]["done"] and mine["payment"]["refund_amount"] == 20_000
    kinds = [n["kind"] for n in api.client.get("/api/v1/me/notices",
                                               headers=city["citizen"]).json()["items"]]
    assert kinds[:2] == ["waste.refunded", "waste.cancelled"]


def test_cancel_before_payment_refunds_nothing(api, city):
    b = order(api, city["citizen"]).json()
    api.client.post(f"{W}/bookings/{b['id']}/payment", json={"method": "bank_transfer"},
                    headers=city["citizen"])
    r = api.client.post(f"{W}/bookings/{b['id']}/cancel", json={}, headers=city["citizen"])
    assert r.status_code == 200 and r.json()["payment"]["status"] == "canceled"
    assert r.json()["payment"]["refund_amount"] == 0
    # The officer can no longer confirm a deposit for it.
    r = api.client.post(f"{W}/officer/bookings/{b['id']}/deposit", json={"amount": 20_000},
                        headers=city["clean"])
    assert_problem(r, 409, "waste.not_awaiting_deposit")


def test_refund_refused_after_the_deadline_and_after_pickup(api, city, clock):
    b = paid_by_transfer(api, city)
    account = {"bank": "광양농협", "account_number": "351-1234-5678-93", "holder": "김광양"}
    # Too early to mark collected.
    assert_problem(api.client.post(f"{W}/officer/bookings/{b['id']}/collect",
                                   headers=city["clean"]), 409, "waste.before_pickup_date")
    clock["today"] = PICKUP  # the deadline was yesterday
    r = api.client.post(f"{W}/bookings/{b['id']}/cancel", json={"refund_account": account},
                        headers=city["citizen"])
    assert "12월 02일" in assert_problem(r, 409, "waste.cancel_deadline_passed")["detail"]
    assert not api.client.get(f"{W}/bookings/{b['id']}", headers=city["citizen"]).json()["can_cancel"]

    sched = api.client.get(f"{W}/officer/schedule", params={"day": str(PICKUP)},
                           headers=city["clean"]).json()
    assert sched["total_bookings"] == 1
    assert sched["areas"][0]["area_name"] == "광양읍" and sched["areas"][0]["pieces"] == 2
    assert sched["areas"][0]["bookings"][0]["emission_no"] == b["emission_no"]
    other = api.client.get(f"{W}/officer/schedule", params={"day": str(PICKUP), "area": "jungma"},
                           headers=city["clean"]).json()
    assert other["total_bookings"] == 0

    r = api.client.post(f"{W}/officer/bookings/{b['id']}/collect", headers=city["clean"])
    assert r.status_code == 200 and r.json()["status"] == "collected"
    clock["today"] = date(2026, 11, 30)  # even with a wrong clock: collected means no refund
    r = api.client.post(f"{W}/bookings/{b['id']}/cancel", json={"refund_account": account},
                        headers=city["citizen"])
    assert_problem(r, 409, "waste.already_collected")
    mine = api.client.get(f"{W}/bookings/{b['id']}", headers=city["citizen"]).json()
    assert mine["status_label"] == "수거 완료" and all(s["done"] for s in mine["steps"])
    assert api.client.get("/api/v1/me/notices", headers=city["citizen"]).json()["items"][0][
        "kind"] == "waste.collected"


def test_officer_edits_fees_for_new_bookings_only(api, city):
    b = order(api, city["citizen"]).json()
    sofa = items(api)["sofa-2"]
    body = {"category": "가구", "name": "소파", "size_label": "2~3인용", "fee": 9_000,
            "active": True}
    assert_problem(api.client.put(f"{W}/items/{sofa['id']}", json=body,
                                  headers=city["citizen"]), 403, "auth.forbidden")
    r = api.client.put(f"{W}/items/{sofa['id']}", json=body, headers=city["clean"])
    assert r.status_code == 200 and r.json()["fee"] == 9_000
    assert api.client.get(f"{W}/bookings/{b['id']}", headers=city["citizen"]).json()[
        "total_fee"] == 20_000
    assert_problem(order(api, city["citizen"]), 409, "waste.fee_changed")
    assert order(api, city["citizen"], expected=21_000).status_code == 201

    r = api.client.post(f"{W}/items", json={"category": "생활용품", "name": "러닝머신",
                                            "size_label": "1대", "fee": 15_000},
                        headers=city["clean"])
    assert r.status_code == 201
    new_id = r.json()["id"]
    r = api.client.put(f"{W}/items/{new_id}", json={"category": "생활용품", "name": "러닝머신",
                                                    "fee": 15_000, "active": False},
                       headers=city["clean"])
    assert r.json()["active"] is False
    assert new_id not in {i["id"] for i in api.client.get(f"{W}/items").json()["items"]}
    r = api.client.put(f"{W}/items/{new_id}", json={"category": "x", "name": "y", "fee": -1},
                       headers=city["clean"])
    assert_problem(r, 422, "validation_error")


def test_card_is_off_unless_configured(api, city):
    assert api.client.get(f"{W}/payment-options").json() == {"methods": ["bank_transfer"],
                                                              "card_provider": None}
    b = order(api, city["citizen"]).json()
    r = api.client.post(f"{W}/bookings/{b['id']}/payment", json={"method": "card"},
                        headers=city["citizen"])
    assert_problem(r, 422, "payment.method_unavailable")


def test_booking_needs_login(api, clock):
    r = api.client.post(f"{W}/bookings", json={})
    assert_problem(r, 401, "auth.required")


def test_unpaid_transfer_expires_after_its_deadline(api, city):
    from myg_app.server.payments.models import Payment

    b = order(api, city["citizen"]).json()
    api.client.post(f"{W}/bookings/{b['id']}/payment", json={"method": "bank_transfer"},
                    headers=city["citizen"])
    with api.client.app.state.sessionmaker.begin() as s:
        s.execute(Payment.__table__.update().values(
            due_at=waste_clock.utcnow() - timedelta(minutes=1)))
    r = api.client.post(f"{W}/officer/bookings/{b['id']}/deposit", json={"amount": 20_000},
                        headers=city["clean"])
    assert_problem(r, 409, "waste.deposit_expired")
    assert api.client.get(f"{W}/officer/bookings", headers=city["clean"]).json()["items"] == []
    mine = api.client.get(f"{W}/bookings/{b['id']}", headers=city["citizen"]).json()
    assert mine["status"] == "cancelled" and mine["payment"]["status"] == "canceled"
    notice = api.client.get("/api/v1/me/notices", headers=city["citizen"]).json()["items"][0]
    assert notice["kind"] == "waste.expired"


def test_unpaid_booking_lapses_on_pickup_day(api, city, clock):
    b = order(api, city["citizen"]).json()
    clock["today"] = PICKUP
    mine = api.client.get(f"{W}/bookings", headers=city["citizen"]).json()["items"]
    assert mine[0]["id"] == b["id"] and mine[0]["status"] == "cancelled"
    r = api.client.post(f"{W}/bookings/{b['id']}/payment", json={"method": "bank_transfer"},
                        headers=city["citizen"])
    assert_problem(r, 409, "waste.not_payable")
