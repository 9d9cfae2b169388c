"""정책 제안 in Chromium, on a server whose support threshold is 3 (MYG_PROPOSAL_*): a citizen on
a phone in large text proposes in the app; three other citizens support it through the API,
which moves it to 검토중; the 감동시대추진단 officer answers 채택 in the app; the citizen sees
the answer. Nothing may run off the side of the phone."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.e2e.accounts import DEMO_PASSWORD, PASSWORD, new_citizen, sign_in
from tests.e2e import conftest as e2e
from tests.e2e.tour import go
from tests.e2e.tour import off_side as off_side_at

THRESHOLD = 3


@pytest.fixture(scope="module")
def server(tmp_path_factory, artifacts):
    """This module's own server: a threshold a test can reach. It may start slowly next to
    the session's server (both seed the demo data), so it gets longer than the usual 60 s."""
    wait = e2e.wait_until_up
    e2e.wait_until_up = lambda *a, **kw: wait(*a, **(kw | {"timeout": 240}))
    try:
        proc, url = e2e.start_server(tmp_path_factory.mktemp("e2e-proposal"),
                                     artifacts / "e2e-proposal-server.log",
                                     {"MYG_PROPOSAL_SUPPORT_THRESHOLD": str(THRESHOLD)})
    finally:
        e2e.wait_until_up = wait
    yield url
    e2e.stop_server(proc)


def off_side(ui) -> list[dict]:
    return off_side_at(ui, 360)


def bearer(http: httpx.Client, email: str, password: str) -> dict:
    r = http.post("/auth/login", json={"email": email, "password": password})
    r.raise_for_status()
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def test_propose_support_to_threshold_answer_and_see_it(ui, server):
    title = f"태인동 정류장 온열의자 {uuid.uuid4().hex[:4]}"
    email = new_citizen(server, "e2e-proposal")
    ui.phone_in_large_text()
    sign_in(ui, email, PASSWORD)
    go(ui, "/f/proposal")
    ui.wait_id("proposal-new")
    ui.shot("proposal_list_large")
    assert not off_side(ui), off_side(ui)
    ui.click_id("proposal-new")
    ui.wait_id("proposal-submit")
    ui.fill("proposal-title-field", title)
    ui.fill("proposal-body-field", "겨울에 버스를 기다리는 어르신을 위해 온열의자를 놓아 주세요.")
    ui.pick("proposal-category", "교통·도로")
    ui.pick("proposal-dong", "태인동")
    ui.shot("proposal_form_large")
    assert not off_side(ui), off_side(ui)
    ui.click_id("proposal-submit")
    ui.wait_text_in("proposal-title", title)
    pid = int(ui.page.evaluate("() => location.pathname").rsplit("/", 1)[1])
    ui.shot("proposal_detail_large")
    assert not off_side(ui), off_side(ui)

    with httpx.Client(base_url=server + "/api/v1") as http:
        for i in range(THRESHOLD):
            h = bearer(http, new_citizen(server, f"e2e-fan{i}"), PASSWORD)
            r = http.post(f"/proposals/{pid}/support", headers=h)
            r.raise_for_status()
        assert r.json()["state"] == "review"

    officer = ui.page.context.browser.new_context(viewport={"width": 400, "height": 860},
                                                  locale="ko-KR")
    try:
        from tests.e2e.flet_page import FletPage

        desk = FletPage(officer.new_page(), server, ui.shots)
        desk.open("/")
        sign_in(desk, "news@gwangyang.demo", DEMO_PASSWORD)
        go(desk, "/f/proposal/desk")
        desk.wait_id(f"proposal-desk-item-{pid}")
        desk.click_id(f"proposal-desk-item-{pid}")
        desk.wait_id("proposal-answer-send")
        desk.click_id("proposal-decision-adopted")
        desk.fill("proposal-answer-reason", "겨울 전에 태인동 정류장 3곳에 온열의자를 놓겠습니다.")
        desk.click_id("proposal-answer-send")
        desk.wait_id("proposal-answer")
        desk.shot("proposal_officer_answered")
    finally:
        officer.close()

    go(ui, "/f/proposal")  # the list, then the proposal again: built anew, not the cached view
    ui.wait_id(f"proposal-item-{pid}")
    ui.click_id(f"proposal-item-{pid}")
    ui.wait_text_in("proposal-answer", "채택")
    ui.shot("proposal_answered_large")
    assert not off_side(ui), off_side(ui)
    go(ui, "/notices")
    ui.wait_text_in("notice-", "제안에 답변이 왔습니다", prefix=True)
