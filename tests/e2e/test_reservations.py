"""통합예약 in Chromium, as people use it: a citizen books a court, finds it in 나의 예약 and
cancels it; a citizen applies for a full course and lands on the waitlist; the 문화예술과
officer approves a hall request and the citizen sees it. Screenshots in both text sizes."""

from __future__ import annotations

import uuid
import httpx

from tests.e2e.flet_page import FletPage
from tests.free_slots import free_run, in_this_month, later_free_days, months_ahead

PASSWORD = "e2e-pass-1234"
DEMO_PASSWORD = "myg-demo-2026"


def api(server: str) -> httpx.Client:
    return httpx.Client(base_url=server + "/api/v1", timeout=20)


def new_citizen(server: str, name: str = "정시민") -> tuple[str, dict]:
    email = f"e2e-rsv-{uuid.uuid4().hex[:8]}@example.com"
    with api(server) as c:
        r = c.post("/auth/register", json={"email": email, "password": PASSWORD, "name": name})
        r.raise_for_status()
    return email, {"Authorization": "Bearer " + r.json()["access_token"]}


def resource(server: str, kind: str, name: str) -> dict:
    with api(server) as c:
        items = c.get("/reservations/resources", params={"kind": kind}).json()["items"]
    return next(r for r in items if r["name"] == name)


def first_free(server: str, rid: int, n: int = 1) -> tuple[str, list[str]]:
    """(day, labels) of the first `n` free slots in a row on a day after today (Seoul): the
    same choice whatever the hour the test runs at (see tests/free_slots.py)."""
    with api(server) as c:
        for month in months_ahead():
            days = c.get(f"/reservations/resources/{rid}/month", params={"month": month}).json()
            for day in later_free_days(days):
                run = free_run(c.get(f"/reservations/resources/{rid}/day",
                                     params={"day": day}).json(), n)
                if run:
                    return day, run
    raise AssertionError("no free day")


def sign_in(ui: FletPage, email: str, password: str = PASSWORD) -> None:
    ui.click_id("home-login")
    ui.fill("login-email", email)
    ui.fill("login-password", password)
    ui.click_id("login-submit")
    ui.wait_id("home-user")


def test_book_a_court_see_it_in_mine_and_cancel(ui, server):
    email, _ = new_citizen(server)
    court = resource(server, "sports", "광양공설운동장 테니스장 1번 코트")
    day, (label,) = first_free(server, court["id"])
    sign_in(ui, email)
    ui.open("/f/sports")
    ui.click_id(f"rsv-resource-{court['id']}")
    ui.wait_id("rsv-month-status-notice")
    if not in_this_month(day):
        ui.click_id("rsv-month-next")
    ui.wait_id(f"rsv-day-{day}")
    ui.shot("rsv_month_normal")
    ui.click_id(f"rsv-day-{day}")
    slot = "rsv-slot-" + label.replace(":", "")
    ui.click_id(slot)
    ui.expect_text("rsv-chosen", label)
    ui.shot("rsv_day_normal")
    ui.click_id("rsv-submit")
    ui.wait_id("rsv-qr", timeout=20_000)
    ui.expect_text("rsv-booking-status-notice", "확정")
    bid = ui.page.url.rstrip("/").rsplit("/", 1)[1]
    ui.shot("rsv_done_qr")

    ui.click_id("rsv-to-mine")
    ui.wait_id(f"rsv-booking-{bid}")
    ui.shot("rsv_mine")
    ui.click_id(f"rsv-booking-{bid}")
    ui.click_id("rsv-cancel")
    ui.click_id("rsv-cancel-confirm")
    ui.expect_text(f"rsv-status-{bid}", "취소")
    with api(server) as c:
        tokens = c.post("/auth/login", json={"email": email, "password": PASSWORD}).json()
        mine = c.get("/reservations/bookings/mine",
                     headers={"Authorization": "Bearer " + tokens["access_token"]}).json()
    assert mine["upcoming"] == [] and mine["past"][0]["status"] == "cancelled"


def test_apply_for_a_full_course_and_land_on_the_waitlist(ui, server):
    course = resource(server, "course", "어르신 스마트폰 활용 교실")
    with api(server) as c:
        for _ in range(course["course"]["seats_left"]):  # others take every seat first
            _, h = new_citizen(server, "수강생")
            assert c.post("/reservations/bookings", headers=h,
                          json={"resource_id": course["id"]}).json()["status"] == "confirmed"
    # Counted now, not assumed: the course keeps whatever an earlier test left on it.
    full = resource(server, "course", "어르신 스마트폰 활용 교실")["course"]
    assert full["seats_left"] == 0
    email, _ = new_citizen(server)
    sign_in(ui, email)
    ui.open("/f/course")
    ui.click_id(f"rsv-resource-{course['id']}")
    ui.expect_text("rsv-course-seats", f"확정 {full['confirmed']}명")
    ui.wait_text("대기 신청하기")
    ui.shot("rsv_course_full")
    ui.click_id("rsv-apply")
    ui.expect_text("rsv-booking-status-notice", f"대기 {full['waitlisted'] + 1}번")
    ui.shot("rsv_course_waitlisted")


def test_officer_approves_a_hall_request_and_the_citizen_sees_it(ui, browser, server, artifacts):
    email, h = new_citizen(server, "윤신청")
    hall = resource(server, "facility", "광양문화예술회관 소공연장")
    day, (label, _) = first_free(server, hall["id"], 2)  # a two-hour concert
    end = f"{int(label[:2]) + 2:02d}:00"
    with api(server) as c:
        r = c.post("/reservations/bookings", headers=h, json={
            "resource_id": hall["id"], "day": day, "start": label, "end": end, "headcount": 120,
            "purpose": "중마동 주민 음악회", "resident": True})
        assert r.status_code == 201, r.text
    bid = r.json()["id"]

    ctx = browser.new_context(viewport={"width": 400, "height": 860}, locale="ko-KR")
    try:
        officer = FletPage(ctx.new_page(), server, artifacts / "screenshots")
        officer.open("/")
        sign_in(officer, "culture@gwangyang.demo", DEMO_PASSWORD)
        officer.open("/f/facility/officer")
        officer.wait_id(f"rsv-pending-{bid}")
        officer.shot("rsv_officer_pending")
        officer.click_id(f"rsv-approve-{bid}")
        officer.expect_text("rsv-off-status-notice", "승인했습니다")
        assert officer.by_id(f"rsv-pending-{bid}").count() == 0
    finally:
        ctx.close()

    sign_in(ui, email)
    ui.open("/f/facility/mine")
    ui.wait_id("rsv-notices-heading")
    ui.wait_text_in("rsv-notice-", "승인되었습니다", prefix=True)
    ui.wait_text_in(f"rsv-booking-{bid}", "확정")  # the booking card's name says the status
    ui.shot("rsv_citizen_sees_approval")


def test_large_text_month_and_mine_fit_360(ui, server):
    court = resource(server, "sports", "골약동 풋살장")
    ui.resize(360, 800)
    ui.turn_on_large_text()
    ui.open(f"/f/sports/r/{court['id']}")
    ui.wait_id("rsv-month-status-notice")
    boxes = ui.page.eval_on_selector_all(
        "[flt-semantics-identifier^='rsv-day-']",
        "els => els.map(e => { const r = e.getBoundingClientRect(); return {x: r.x, w: r.width}; })")
    assert boxes and all(b["x"] >= 0 and b["x"] + b["w"] <= 360.5 for b in boxes)
    ui.shot("rsv_month_large")
    day, (label,) = first_free(server, court["id"])
    if not in_this_month(day):
        ui.click_id("rsv-month-next")
    ui.click_id(f"rsv-day-{day}")
    slot = ui.reveal("rsv-slot-" + label.replace(":", ""))
    box = slot.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360.5 and box["height"] >= 56
    ui.shot("rsv_day_large")


def _boxes(ui: FletPage, prefix: str) -> dict[str, dict]:
    """Boxes and names of the nodes tagged `prefix`… (the app bar's "rsv-month-title", the
    screen's own title, is left out: the month between the arrows has the same tag)."""
    return {b["id"]: b for b in ui.page.eval_on_selector_all(
        f"[flt-semantics-identifier^='{prefix}']",
        """els => els.map(e => { const r = e.getBoundingClientRect();
             return {id: e.getAttribute('flt-semantics-identifier'), x: r.x, y: r.y,
                     w: r.width, h: r.height, name: e.getAttribute('aria-label') || e.textContent}; })""")
        if b["name"] != "날짜 선택"}


def test_calendar_and_fee_at_360_in_light_and_dark(ui, server):
    """§6 at 360 px: ◀ month ▶ on one line, every day a 48 px target, today and Sundays
    marked, the rules folded below, the fee shown on the form before booking."""
    email, _ = new_citizen(server)
    hall = resource(server, "facility", "광영동 행정복지센터 다목적강의실")
    day, (first, second) = first_free(server, hall["id"], 2)
    ui.resize(360, 800)
    sign_in(ui, email)
    for theme in ("light", "dark"):
        ui.open("/settings")  # 설정 → 화면 테마, as a person does
        ui.click_id(f"settings-theme-{theme}")
        ui.wait_js(f"localStorage.getItem('flutter.myg.theme') === '\"{theme}\"'")
        ui.open(f"/f/facility/r/{hall['id']}")
        ui.wait_id("rsv-month-status-notice")
        nav = _boxes(ui, "rsv-month-")
        prev, title, nxt = nav["rsv-month-prev"], nav["rsv-month-title"], nav["rsv-month-next"]
        assert prev["name"] == "이전 달" and nxt["name"] == "다음 달"
        assert abs(prev["y"] - nxt["y"]) < 1 and prev["y"] <= title["y"] < prev["y"] + prev["h"]
        days = _boxes(ui, "rsv-day-")
        assert days and all(b["w"] >= 48 and b["h"] >= 48 for b in days.values())
        assert sum("오늘" in (b["name"] or "") for b in days.values()) == 1
        rules = ui.by_id("rsv-rules").first.bounding_box()
        assert rules is None or rules["y"] > max(b["y"] for b in days.values())
        ui.shot(f"rsv_month_360_{theme}")
    ui.open(f"/f/facility/r/{hall['id']}/d/{day}")
    ui.click_id("rsv-slot-" + first.replace(":", ""))
    ui.click_id("rsv-slot-" + second.replace(":", ""))
    ui.wait_text_in("rsv-fee", f"사용료 {hall['fee_nonresident'] * 2:,}원 (2시간, 관외 요금)")
    ui.reveal("rsv-fee")
    ui.shot("rsv_day_fee_360_dark")
