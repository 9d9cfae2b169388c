"""복지정책 검색 and 보조금24 맞춤혜택 in Chromium at 360×800 in large text, as a citizen uses
them: search "청년 월세", open a result, bookmark it; a citizen with a stored profile sees
맞춤혜택 with reasons. Nothing may run off the side of the phone."""

from __future__ import annotations

import httpx

from tests.e2e.accounts import PASSWORD, new_citizen, sign_in
from tests.e2e.tour import go
from tests.e2e.tour import off_side as off_side_at


def off_side(ui) -> list[dict]:
    return off_side_at(ui, 360)


def test_search_everyday_words_open_and_bookmark_in_large_text(ui, server):
    email = new_citizen(server, "e2e-welfare")
    ui.phone_in_large_text()
    sign_in(ui, email, PASSWORD)
    go(ui, "/f/welfare")
    ui.wait_id("welfare-search")
    ui.fill("welfare-search", "청년 월세")
    ui.click_id("welfare-search-submit")
    ui.wait_text_in("welfare-count", "'청년 월세'", prefix=True)
    ui.shot("welfare_search_large")
    assert not off_side(ui), off_side(ui)
    first = ui.page.eval_on_selector(
        "[flt-semantics-identifier^='welfare-item-']", "e => e.getAttribute('flt-semantics-identifier')")
    ui.click_id(first)
    ui.wait_id("welfare-detail-name")
    ui.wait_id("welfare-bookmark")
    ui.shot("welfare_detail_large")
    assert not off_side(ui), off_side(ui)
    ui.click_id("welfare-bookmark")
    ui.wait_id("welfare-bookmark-status-notice")
    go(ui, "/f/welfare/bookmarks")
    ui.wait_id(first)


def test_citizen_with_a_profile_sees_matches_with_reasons(ui, server):
    email = new_citizen(server, "e2e-subsidy")
    ui.phone_in_large_text()
    with httpx.Client(base_url=server + "/api/v1") as c:
        tokens = c.post("/auth/login", json={"email": email, "password": PASSWORD}).json()
        r = c.put("/me/subsidy24/profile", headers={
            "Authorization": f"Bearer {tokens['access_token']}"}, json={
            "consent": True, "birth_date": "1996-04-02", "gender": "F", "household_size": 1,
            "income_band": 2, "traits": ["job_seeker"]})
        r.raise_for_status()
    sign_in(ui, email, PASSWORD)
    go(ui, "/f/subsidy24")
    ui.wait_text_in("subsidy24-summary", "받을 수 있어요", prefix=True)
    ui.reveal("subsidy24-summary")
    ui.shot("subsidy24_matches_large")
    label = ui.page.eval_on_selector(
        "[flt-semantics-identifier^='subsidy24-item-']", "e => e.getAttribute('aria-label') || e.textContent")
    assert "맞음" in label, label  # each met condition read as "…맞음" (drawn with a check icon)
    assert not off_side(ui), off_side(ui)
