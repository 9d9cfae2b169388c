"""모바일 도서관회원증 over HTTP, on SQLite and PostgreSQL: linking through the 통합 로그인
consent (recorded as the SSO consent page records it), the card with its barcode and QR,
loans and the renewal rules, one effect per Idempotency-Key (also in parallel), the due-date
notice job (once per loan and due date, across restarts), Korean 4xx for bad input, and the
HttpLibrary adapter against a fake of the library system's HTTP contract."""
from __future__ import annotations

import logging
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from myg_app.seoul_time import today_seoul
from myg_app.server.app import create_app
from myg_app.server.auth.oidc.consent import missing_consent
from myg_app.server.auth.oidc.models import PartnerConsent
from myg_app.server.auth.oidc.tokens import Signer
from myg_app.server.library import card as cards
from myg_app.server.library.jobs import due_notices
from myg_app.server.library.models import DemoLoan, DemoMember, LibraryDueNotice, LibraryLink
from myg_app.server.library.system import library_settings
from myg_app.server.notices.models import Notice
from tests.fakes.library import FAKE_KEY, FakeLibrary, serve_fake_library

from .conftest import assert_problem
from .reports_helpers import make_user

BASE = "/api/v1/library"
TOO_BIG_PG = 3_000_000_000
TOO_BIG_SQLITE = 9_223_372_036_854_775_808


def link(api, who, key: str | None = None, agree=True):
    h = dict(who["headers"])
    if key:
        h["Idempotency-Key"] = key
    return api.client.post(f"{BASE}/link", headers=h, json={"agree": agree})


def renew(api, who, loan_id, key: str | None = None):
    h = dict(who["headers"])
    if key:
        h["Idempotency-Key"] = key
    return api.client.post(f"{BASE}/loans/{loan_id}/renew", headers=h)


def loans(api, who) -> dict:
    r = api.client.get(f"{BASE}/loans", headers=who["headers"])
    assert r.status_code == 200, r.text
    return r.json()


def by_title(out: dict, title: str) -> dict:
    return next(x for x in out["items"] if x["title"] == title)


def count(api, model, *where) -> int:
    with api.client.app.state.sessionmaker() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def citizen(api):
    return make_user(api, name="김광양")


def test_every_route_needs_sign_in(api):
    for method, path in [("get", "/card"), ("post", "/link"), ("delete", "/link"),
                         ("get", "/loans"), ("post", "/loans/1/renew")]:
        kw = {"json": {"agree": True}} if path == "/link" and method == "post" else {}
        assert_problem(getattr(api.client, method)(BASE + path, **kw), 401, "auth.required")


def test_linking_records_the_consent_and_shows_the_card(api, citizen):
    before = api.client.get(f"{BASE}/card", headers=citizen["headers"]).json()
    assert before["linked"] is False and before["shares"] == ["이름", "회원 식별값"]
    assert before["barcode_png"] is None and before["member_no"] is None

    refused = link(api, citizen, agree=False)
    body = assert_problem(refused, 422, "library.consent_required")
    assert body["errors"][0]["field"] == "agree"
    assert count(api, PartnerConsent, PartnerConsent.user_id == citizen["id"]) == 0

    r = link(api, citizen)
    assert r.status_code == 201, r.text
    out = r.json()
    assert out["linked"] and out["name"] == "김광양" and out["demo"] is True
    assert cards.is_demo_member_no(out["member_no"])
    assert out["barcode_png"] and out["qr_png"] and out["linked_at"]
    assert out["loans"]["available"] and len(out["loans"]["items"]) == 4
    with api.client.app.state.sessionmaker() as s:
        consent = s.scalars(select(PartnerConsent).where(
            PartnerConsent.user_id == citizen["id"])).one()
        assert consent.client_id == "library" and set(consent.scopes.split()) == {"openid",
                                                                                   "profile"}
        # The SSO consent page now has nothing left to ask for these scopes.
        assert missing_consent(s, citizen["id"], "library", ["openid", "profile"]) == []
        # The demo library knows the citizen by their 통합 로그인 subject, nothing more.
        member = s.scalars(select(DemoMember)).one()
        sub = Signer.of(api.settings, "http://testserver").subject(citizen["id"])
        assert member.sub == sub and member.member_no == out["member_no"]
        stored = s.scalars(select(LibraryLink)).one()
        assert (stored.user_id, stored.member_no) == (citizen["id"], out["member_no"])

    again = link(api, citizen)
    assert again.status_code == 200 and again.json()["member_no"] == out["member_no"]
    card = api.client.get(f"{BASE}/card", headers=citizen["headers"]).json()
    assert card == out | {"linked_at": card["linked_at"]}


def test_unlink_forgets_the_link_but_not_the_consent(api, citizen):
    first = link(api, citizen).json()["member_no"]
    r = api.client.delete(f"{BASE}/link", headers=citizen["headers"])
    assert r.status_code == 204
    assert api.client.get(f"{BASE}/card", headers=citizen["headers"]).json()["linked"] is False
    assert api.client.delete(f"{BASE}/link", headers=citizen["headers"]).status_code == 204
    assert_problem(api.client.get(f"{BASE}/loans", headers=citizen["headers"]), 409,
                   "library.not_linked")
    assert_problem(renew(api, citizen, 1), 409, "library.not_linked")
    assert count(api, PartnerConsent, PartnerConsent.user_id == citizen["id"]) == 1
    # The library still knows the same member: linking again brings the same card back.
    assert link(api, citizen).json()["member_no"] == first
    assert count(api, DemoMember) == 1


def test_loans_say_what_is_due_and_the_renewal_rules(api, citizen):
    link(api, citizen)
    out = loans(api, citizen)
    assert [x["due_on"] for x in out["items"]] == sorted(x["due_on"] for x in out["items"])
    assert out["due_soon"] == 1 and out["overdue"] == 1 and out["renew_days"] == 14
    soon = by_title(out, "채식주의자")
    assert soon["days_left"] == 2 and soon["state"] == "due_soon" and soon["renewable"]
    late = by_title(out, "불편한 편의점")
    assert late["state"] == "overdue" and not late["renewable"] and "지난" in late["why_not"]

    r = renew(api, citizen, soon["id"])
    assert r.status_code == 200, r.text
    renewed = r.json()["loan"]
    assert renewed["due_on"] == (today_seoul() + timedelta(days=14)).isoformat()
    assert renewed["renewals"] == 1 and not renewed["renewable"]
    assert "연장했습니다" in r.json()["message"]
    assert_problem(renew(api, citizen, soon["id"]), 409, "library.already_renewed")
    assert_problem(renew(api, citizen, late["id"]), 409, "library.overdue")
    assert_problem(renew(api, citizen, by_title(out, "역사의 쓸모")["id"]), 409,
                   "library.reserved")
    assert_problem(renew(api, citizen, by_title(out, "아몬드")["id"]), 409,
                   "library.already_renewed")
    assert by_title(loans(api, citizen), "채식주의자")["state"] == "ok"


def test_a_loan_that_became_overdue_cannot_be_renewed(api, citizen):
    link(api, citizen)
    soon = by_title(loans(api, citizen), "채식주의자")
    with api.client.app.state.sessionmaker.begin() as s:
        s.execute(update(DemoLoan).where(DemoLoan.id == int(soon["id"]))
                  .values(due_on=today_seoul() - timedelta(days=1)))
    assert by_title(loans(api, citizen), "채식주의자")["days_left"] == -1
    assert_problem(renew(api, citizen, soon["id"]), 409, "library.overdue")


def test_one_citizen_cannot_renew_anothers_loan(api, citizen):
    other = make_user(api, name="박도서")
    link(api, citizen)
    link(api, other)
    theirs = by_title(loans(api, other), "채식주의자")["id"]
    assert_problem(renew(api, citizen, theirs), 404, "library.loan_not_found")
    assert by_title(loans(api, other), "채식주의자")["renewals"] == 0
    assert count(api, DemoMember) == 2


def test_parallel_links_with_one_key_link_once(api, citizen):
    key = str(uuid.uuid4())
    with ThreadPoolExecutor(4) as pool:
        rs = list(pool.map(lambda _: link(api, citizen, key), range(4)))
    assert {r.status_code for r in rs} <= {201, 409}, [r.text for r in rs]
    assert sum(r.headers.get("Idempotent-Replayed") != "true" for r in rs
               if r.status_code == 201) == 1
    assert len({r.json()["member_no"] for r in rs if r.status_code == 201}) == 1
    assert count(api, LibraryLink) == 1 and count(api, DemoMember) == 1
    assert count(api, DemoLoan) == 4 and count(api, PartnerConsent) == 1


def test_parallel_links_without_a_key_still_make_one_link(api, citizen):
    with ThreadPoolExecutor(4) as pool:
        rs = list(pool.map(lambda _: link(api, citizen), range(4)))
    assert sorted(r.status_code for r in rs) == [200, 200, 200, 201], [r.text for r in rs]
    assert len({r.json()["member_no"] for r in rs}) == 1
    assert count(api, LibraryLink) == 1 and count(api, DemoMember) == 1
    assert count(api, PartnerConsent) == 1


def test_parallel_renewals_with_one_key_renew_once(api, citizen):
    link(api, citizen)
    soon = by_title(loans(api, citizen), "채식주의자")["id"]
    key = str(uuid.uuid4())
    with ThreadPoolExecutor(4) as pool:
        rs = list(pool.map(lambda _: renew(api, citizen, soon, key), range(4)))
    assert {r.status_code for r in rs} <= {200, 409}, [r.text for r in rs]
    ok = [r for r in rs if r.status_code == 200]
    assert ok and sum(r.headers.get("Idempotent-Replayed") != "true" for r in ok) == 1
    replay = renew(api, citizen, soon, key)
    assert replay.status_code == 200 and replay.headers["Idempotent-Replayed"] == "true"
    assert by_title(loans(api, citizen), "채식주의자")["renewals"] == 1


def test_parallel_renewals_with_different_keys_renew_once(api, citizen):
    link(api, citizen)
    soon = by_title(loans(api, citizen), "채식주의자")["id"]
    with ThreadPoolExecutor(4) as pool:
        rs = list(pool.map(lambda _: renew(api, citizen, soon, str(uuid.uuid4())), range(4)))
    assert sorted(r.status_code for r in rs) == [200, 409, 409, 409], [r.text for r in rs]
    assert {r.json()["code"] for r in rs if r.status_code == 409} == {"library.already_renewed"}


def _notices(api, user_id) -> list[Notice]:
    with api.client.app.state.sessionmaker() as s:
        return list(s.scalars(select(Notice).where(Notice.user_id == user_id,
                                                   Notice.kind == "library.due")))


def test_the_due_notice_goes_out_once_per_loan_and_due_date(api, citizen):
    link(api, citizen)
    today = today_seoul()
    sm = api.client.app.state.sessionmaker
    assert due_notices(sm, api.settings, today - timedelta(days=1)) == 0  # 3 days ahead: not yet
    assert due_notices(sm, api.settings, today) == 1
    assert due_notices(sm, api.settings, today) == 0
    assert due_notices(sm, api.settings, today + timedelta(days=1)) == 0  # the same due date
    # After a restart (a new app on the same database) it is still sent.
    with TestClient(create_app(api.settings)) as again:
        assert due_notices(again.app.state.sessionmaker, api.settings, today) == 0
    [n] = _notices(api, citizen["id"])
    assert "채식주의자" in n.title and n.link == "/f/library_card" and "반납 예정일" in n.body
    shown = api.client.get("/api/v1/me/notices", headers=citizen["headers"]).json()
    assert shown["unread"] >= 1 and shown["items"][0]["kind"] == "library.due"

    # A renewal's new due date is warned of again, two days before it.
    soon = by_title(loans(api, citizen), "채식주의자")["id"]
    assert renew(api, citizen, soon).status_code == 200
    assert due_notices(sm, api.settings, today + timedelta(days=12)) == 1
    assert len(_notices(api, citizen["id"])) == 2
    assert count(api, LibraryDueNotice) == 2


def test_the_job_drops_the_links_of_withdrawn_accounts(api, citizen):
    link(api, citizen)
    r = api.client.post("/api/v1/me/withdraw", headers=citizen["headers"],
                        json={"password": "gwangyang2026", "confirm": True})
    assert r.status_code in (200, 204), r.text
    due_notices(api.client.app.state.sessionmaker, api.settings, today_seoul())
    assert count(api, LibraryLink) == 0 and _notices(api, citizen["id"]) == []


@pytest.mark.parametrize("loan_id", [str(TOO_BIG_PG), str(TOO_BIG_SQLITE), "0", "-1",
                                     "9" * 40])
def test_ids_beyond_any_loan_are_404(api, citizen, loan_id):
    link(api, citizen)
    assert_problem(renew(api, citizen, loan_id), 404, "library.loan_not_found")


@pytest.mark.parametrize("loan_id", ["9" * 41, "a%00b", "%EB%8F%84%EC%84%9C", "a b", "a.b"])
def test_malformed_loan_ids_are_korean_422(api, citizen, loan_id):
    body = assert_problem(renew(api, citizen, loan_id), 422, "validation_error")
    assert body["errors"][0]["field"] == "path.loan_id"
    assert any("\uac00" <= ch <= "\ud7a3" for ch in body["detail"])


@pytest.mark.parametrize("body", [{}, {"agree": "네"}, {"agree": []}, {"agree": None},
                                  {"agree": {"x": 1}}, [], "agree", {"agree": 2**40}])
def test_bad_link_bodies_are_korean_422(api, citizen, body):
    r = api.client.post(f"{BASE}/link", headers=citizen["headers"], json=body)
    assert_problem(r, 422, "validation_error")
    assert count(api, LibraryLink) == 0


def test_a_broken_body_and_a_bad_key_are_4xx(api, citizen):
    r = api.client.post(f"{BASE}/link", headers={**citizen["headers"],
                                                 "Content-Type": "application/json"},
                        content=b'{"agree": tr\x00ue')
    assert_problem(r, 422, "validation_error")
    long_key = link(api, citizen, key="k" * 300)
    assert_problem(long_key, 422, "validation_error")
    key = str(uuid.uuid4())
    assert link(api, citizen, key=key).status_code == 201
    assert_problem(link(api, citizen, key=key, agree=False), 422, "idempotency.mismatch")


# --- the library system over HTTP (HttpLibrary against the fake) -------------------------

@pytest.fixture
def remote(monkeypatch):
    fake = FakeLibrary()
    with serve_fake_library(fake) as url:
        monkeypatch.setenv("MYG_LIBRARY_URL", url)
        monkeypatch.setenv("MYG_LIBRARY_KEY", FAKE_KEY)
        monkeypatch.setenv("MYG_LIBRARY_TIMEOUT_S", "3")
        library_settings.cache_clear()
        try:
            yield fake
        finally:
            monkeypatch.undo()
            library_settings.cache_clear()


def sub_of(api, user) -> str:
    return Signer.of(api.settings, "http://testserver").subject(user["id"])


def test_a_real_library_refuses_someone_who_is_not_a_member(api, citizen, remote):
    assert_problem(link(api, citizen), 409, "library.not_member")
    assert count(api, LibraryLink) == 0 and count(api, PartnerConsent) == 0
    assert count(api, DemoMember) == 0  # the demo library is not asked
    assert remote.calls and all(ok for _, _, ok in remote.calls)


def test_the_http_library_links_lists_and_renews(api, citizen, remote):
    remote.add_member(sub_of(api, citizen), "GY-2024-0001", "김광양")
    remote.lend("GY-2024-0001", "L-1", "토지 1", due_in=2, author="박경리")
    remote.lend("GY-2024-0001", "L-2", "태백산맥 1", due_in=7, reserved=True)
    r = link(api, citizen)
    assert r.status_code == 201, r.text
    out = r.json()
    assert out["member_no"] == "GY-2024-0001" and out["demo"] is False
    assert [x["id"] for x in out["loans"]["items"]] == ["L-1", "L-2"]
    assert out["loans"]["items"][0]["state"] == "due_soon"
    ok = renew(api, citizen, "L-1")
    assert ok.status_code == 200 and ok.json()["loan"]["renewals"] == 1
    assert_problem(renew(api, citizen, "L-1"), 409, "library.already_renewed")
    assert_problem(renew(api, citizen, "L-2"), 409, "library.reserved")
    assert_problem(renew(api, citizen, "L-9"), 404, "library.loan_not_found")
    assert due_notices(api.client.app.state.sessionmaker, api.settings,
                       today_seoul() + timedelta(days=5)) == 1  # 태백산맥, due in 2 days then


def test_a_library_that_fails_keeps_the_card_and_says_so(api, citizen, remote, caplog):
    remote.add_member(sub_of(api, citizen), "GY-2024-0002", "김광양")
    assert link(api, citizen).status_code == 201
    remote.fail_next(1, 502)
    card = api.client.get(f"{BASE}/card", headers=citizen["headers"])
    assert card.status_code == 200
    out = card.json()
    assert out["linked"] and out["member_no"] == "GY-2024-0002" and out["barcode_png"]
    assert out["loans"]["available"] is False and "연결하지 못했습니다" in out["loans"]["notice"]
    remote.garbage_next(1)
    assert_problem(api.client.get(f"{BASE}/loans", headers=citizen["headers"]), 503,
                   "library.unavailable")
    remote.key = "another-key"  # the city's key no longer accepted
    with caplog.at_level(logging.INFO):
        assert_problem(renew(api, citizen, "L-1"), 503, "library.unavailable")
    assert FAKE_KEY not in caplog.text
    remote.key = FAKE_KEY
    remote.delay_s = 5  # longer than MYG_LIBRARY_TIMEOUT_S
    assert_problem(api.client.get(f"{BASE}/loans", headers=citizen["headers"]), 503,
                   "library.unavailable")
