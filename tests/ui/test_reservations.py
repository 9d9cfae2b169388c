"""통합예약 in the real app (headless session, in-process API): book a court and cancel it,
land on a course's waitlist, a facility form error, and an officer's approval the citizen sees."""

from __future__ import annotations

import uuid
from datetime import date, time, timedelta

import httpx
import pytest

from myg_app.server.db import utcnow
from myg_app.server.reservations.booking import new_checkin_code as rsv_code
from myg_app.server.reservations.models import Resource
from tests.free_slots import free_run, in_this_month, later_free_days, months_ahead
from tests.ui.conftest import DEMO_PASSWORD, signed_in
from tests.ui.headless import said

PASSWORD = "ui-citizen-pass-1"


@pytest.fixture
def http(api_app):
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=api_app),
                             base_url="http://testserver/api/v1")


async def new_citizen(http, name="정시민") -> tuple[str, dict]:
    email = f"ui-{uuid.uuid4().hex[:8]}@example.com"
    r = await http.post("/auth/register", json={"email": email, "password": PASSWORD, "name": name})
    assert r.status_code == 201, r.text
    return email, {"Authorization": "Bearer " + r.json()["access_token"]}


async def sign_in(open_app, email: str, password: str = PASSWORD, **kw):
    return await signed_in(open_app, email, password, **kw)


async def resource_id(http, kind: str, name: str) -> int:
    items = (await http.get("/reservations/resources", params={"kind": kind})).json()["items"]
    return next(r["id"] for r in items if r["name"] == name)


async def first_free(http, rid: int, n: int = 1) -> tuple[str, list[str]]:
    """(day, labels) of the first `n` free slots in a row on a day after today (Seoul): the
    same choice whatever the hour the test runs at (see tests/free_slots.py)."""
    for month in months_ahead():
        days = (await http.get(f"/reservations/resources/{rid}/month", params={"month": month})).json()
        for day in later_free_days(days):
            run = free_run((await http.get(f"/reservations/resources/{rid}/day",
                                           params={"day": day})).json(), n)
            if run:
                return day, run
    raise AssertionError("no free day")


def add_resource(api_app, **kw) -> int:
    with api_app.state.sessionmaker.begin() as s:
        r = Resource(**kw)
        s.add(r)
        s.flush()
        return r.id


async def test_guest_browses_courts_and_is_asked_to_sign_in_to_book(open_app, http):
    ui = await open_app(route="/f/sports")
    await ui.settle(lambda: ui.idents("rsv-resource-"))
    assert ui.find("rsv-login-note") is not None
    assert len(ui.idents("rsv-resource-")) == 6
    await ui.tap("rsv-cat-" + str(1 + sorted(["수영장", "체육관", "축구장", "테니스장", "풋살장"]).index("테니스장")))
    await ui.settle(lambda: len(ui.idents("rsv-resource-")) == 2)
    assert len(ui.idents("rsv-resource-")) == 2


async def test_citizen_books_a_court_sees_the_qr_in_mine_and_cancels(open_app, http):
    email, _ = await new_citizen(http)
    rid = await resource_id(http, "sports", "광양공설운동장 테니스장 2번 코트")
    day, (label,) = await first_free(http, rid)
    ui = await sign_in(open_app, email)
    await ui.go("/f/sports")
    await ui.settle(lambda: ui.find(f"rsv-resource-{rid}"))
    await ui.tap(f"rsv-resource-{rid}")
    await ui.settle(lambda: ui.idents("rsv-day-"))
    if not in_this_month(day):
        await ui.tap("rsv-month-next")
    await ui.settle(lambda: ui.find(f"rsv-day-{day}"))
    await ui.tap(f"rsv-day-{day}")
    slot = "rsv-slot-" + label.replace(":", "")
    await ui.settle(lambda: ui.find(slot))
    await ui.tap(slot)
    assert label in ui.text("rsv-chosen")
    await ui.type("rsv-resident", True)  # the resident checkbox: resident rate
    await ui.tap("rsv-submit")
    await ui.settle(lambda: ui.find("rsv-qr"))
    assert "/f/sports/done/" in ui.page.route
    bid = int(ui.page.route.rsplit("/", 1)[1])
    assert ui.text(f"rsv-status-{bid}") == "확정"
    assert "4,000원" in ui.text("rsv-booking-fee")
    assert ui.text("rsv-qr-code").startswith("입장 코드 ")

    await ui.go("/f/sports/mine")
    await ui.settle(lambda: ui.find(f"rsv-booking-{bid}"))
    await ui.tap(f"rsv-booking-{bid}")
    await ui.settle(lambda: ui.find("rsv-cancel"))
    await ui.tap("rsv-cancel")
    await ui.tap("rsv-cancel-confirm")
    await ui.settle(lambda: ui.text(f"rsv-status-{bid}").startswith("취소"))
    assert ui.find("rsv-booking-status-notice") is not None
    await ui.go("/f/sports/mine")
    await ui.settle(lambda: ui.find("rsv-upcoming-empty"))
    assert ui.find(f"rsv-booking-{bid}") is not None  # now among the past ones


def one_seat_course(api_app, name: str) -> int:
    """A first-come course with one seat, open for applications now."""
    now = utcnow()
    today = now.date()
    return add_resource(api_app, kind="course", category="음악", name=f"{name} {uuid.uuid4().hex[:4]}",
                        dong="중마동", place="중마동 행정복지센터", department="문화예술과",
                        description="소규모 강좌", capacity=1, opens=time(19), closes=time(21),
                        slot_minutes=120, weekdays="0010000", fee_resident=10000,
                        fee_nonresident=20000, cancel_hours=24, book_ahead_days=365,
                        term_starts_on=today + timedelta(days=30), term_ends_on=today + timedelta(days=80),
                        apply_opens_at=now - timedelta(days=1), apply_closes_at=now + timedelta(days=5),
                        selection="first_come")


async def test_full_course_puts_the_citizen_on_the_waitlist(open_app, http, api_app):
    cid = one_seat_course(api_app, "우쿨렐레")
    _, first = await new_citizen(http)
    r = await http.post("/reservations/bookings", json={"resource_id": cid}, headers=first)
    assert r.json()["status"] == "confirmed"
    email, _ = await new_citizen(http)
    ui = await sign_in(open_app, email)
    await ui.go(f"/f/course/r/{cid}")
    await ui.settle(lambda: ui.find("rsv-apply"))
    assert "확정 1명" in ui.text("rsv-course-seats")
    assert ui.find("rsv-apply").content.content.semantics_label == "대기 신청하기"
    await ui.tap("rsv-apply")
    await ui.settle(lambda: ui.find("rsv-booking-status-notice"))
    bid = int(ui.page.route.rsplit("/", 1)[1])
    assert ui.text(f"rsv-status-{bid}") == "대기 1번"
    assert ui.find("rsv-qr") is None  # no check-in code until the seat is confirmed


async def test_facility_form_explains_a_missing_purpose(open_app, http):
    email, _ = await new_citizen(http)
    rid = await resource_id(http, "facility", "광영동 행정복지센터 다목적강의실")
    day, (label, second) = await first_free(http, rid, 2)  # a two-hour booking
    ui = await sign_in(open_app, email)
    await ui.go(f"/f/facility/r/{rid}/d/{day}")
    slot = "rsv-slot-" + label.replace(":", "")
    await ui.settle(lambda: ui.find(slot))
    await ui.tap(slot)
    assert "끝나는 시간" in ui.text("rsv-chosen")
    await ui.tap("rsv-submit")
    assert "시간을 먼저" in said(ui.find("rsv-day-status-error").content.controls[1])
    await ui.tap("rsv-slot-" + second.replace(":", ""))
    await ui.tap("rsv-submit")
    await ui.settle(lambda: ui.find("rsv-day-status-error"))
    assert ui.find("rsv-purpose").content.error == "사용 목적을 입력해 주세요."


async def test_officer_approves_a_hall_request_and_the_citizen_sees_it(open_app, http):
    email, citizen = await new_citizen(http, "윤신청")
    rid = await resource_id(http, "facility", "금호동 커뮤니티센터 강당")
    day, (label,) = await first_free(http, rid)
    end = f"{int(label[:2]) + 1:02d}:00"
    r = await http.post("/reservations/bookings", headers=citizen, json={
        "resource_id": rid, "day": day, "start": label, "end": end, "headcount": 50,
        "purpose": "주민 음악회"})
    assert r.json()["status"] == "pending", r.text
    bid = r.json()["id"]

    officer = await sign_in(open_app, "culture@gwangyang.demo", DEMO_PASSWORD)
    await officer.go("/f/facility")
    await officer.settle(lambda: officer.find("rsv-officer"))
    await officer.tap("rsv-officer")
    await officer.settle(lambda: officer.find(f"rsv-approve-{bid}"))
    await officer.tap(f"rsv-approve-{bid}")
    await officer.settle(lambda: officer.find("rsv-off-status-notice"))
    assert officer.find(f"rsv-approve-{bid}") is None

    ui = await sign_in(open_app, email)
    await ui.go("/f/facility/mine")
    await ui.settle(lambda: ui.find(f"rsv-booking-{bid}"))
    assert ui.find("rsv-notices-heading") is not None
    assert ui.text(f"rsv-status-{bid}") == "확정"


async def test_large_text_month_is_a_list_of_days(open_app, http):
    rid = await resource_id(http, "sports", "골약동 풋살장")
    ui = await open_app(prefs={"myg.large_text": True}, width=360, route=f"/f/sports/r/{rid}")
    await ui.settle(lambda: ui.idents("rsv-day-"))
    assert ui.app.m.large
    assert ui.find("rsv-month-status-notice") is not None


async def test_legal_counsel_with_topic_and_description(open_app, http):
    email, _ = await new_citizen(http)
    rid = await resource_id(http, "legal", "무료법률상담 · 광양시청 민원실")
    day, (label,) = await first_free(http, rid)
    ui = await sign_in(open_app, email)
    await ui.go(f"/f/legal/r/{rid}/d/{day}")
    slot = "rsv-slot-" + label.replace(":", "")
    await ui.settle(lambda: ui.find(slot))
    assert ui.find("rsv-resident") is None  # free counsel: no resident rate to declare
    await ui.tap(slot)
    await ui.select("rsv-topic", "임대차")
    await ui.type("rsv-description", "전세 보증금을 돌려받지 못하고 있습니다")
    await ui.tap("rsv-submit")
    await ui.settle(lambda: ui.find("rsv-qr"))
    bid = int(ui.page.route.rsplit("/", 1)[1])
    assert ui.text(f"rsv-status-{bid}") == "확정"
    assert ui.text("rsv-booking-fee") == "사용료 무료"


async def test_officer_checks_in_by_typed_code_records_payment_and_closes_a_day(open_app, http,
                                                                               api_app):
    from sqlalchemy import select as sql_select

    from myg_app.server.auth.models import User
    from myg_app.server.reservations.models import Booking

    email, _ = await new_citizen(http, "정민수")
    rid = await resource_id(http, "sports", "중마 실내체육관 배드민턴 A코트")
    now = utcnow()
    with api_app.state.sessionmaker.begin() as s:  # a booking running right now
        uid = s.scalar(sql_select(User.id).where(User.email == email))
        b = Booking(resource_id=rid, user_id=uid, status="confirmed",
                    starts_at=now - timedelta(minutes=10), ends_at=now + timedelta(minutes=50),
                    headcount=1, fee=3000, payment_status="unpaid", checkin_code=rsv_code())
        s.add(b)
        s.flush()
        bid, code = b.id, b.checkin_code

    ui = await sign_in(open_app, "sports@gwangyang.demo", DEMO_PASSWORD)
    await ui.go("/f/sports/officer")
    await ui.settle(lambda: ui.find(f"rsv-off-resource-{rid}"))
    await ui.type("rsv-checkin-code", "zzzzz-zzzzz")
    await ui.tap("rsv-checkin-submit")
    await ui.settle(lambda: ui.find("rsv-off-status-error"))
    assert "확인되지 않는" in said(ui.find("rsv-off-status-error").content.controls[1])
    await ui.type("rsv-checkin-code", f"{code[:5].lower()}-{code[5:].lower()}")
    await ui.tap("rsv-checkin-submit")
    await ui.settle(lambda: ui.find("rsv-off-status-notice"))
    assert "정*수" in said(ui.find("rsv-off-status-notice").content.controls[1])

    await ui.tap(f"rsv-off-resource-{rid}")
    await ui.settle(lambda: ui.find(f"rsv-pay-transfer-{bid}"))
    await ui.tap(f"rsv-pay-transfer-{bid}")
    await ui.settle(lambda: ui.find(f"rsv-pay-transfer-{bid}") is None)
    assert "계좌이체" in said(ui.find("rsv-res-status-notice").content.controls[1])

    far = (now + timedelta(days=40)).date().isoformat()
    await ui.type("rsv-closure-from", far)
    await ui.type("rsv-closure-to", far)
    await ui.type("rsv-closure-reason", "바닥 보수")
    await ui.tap("rsv-closure-add")
    await ui.settle(lambda: ui.idents("rsv-closure-del-"))
    day = (await http.get(f"/reservations/resources/{rid}/day", params={"day": far})).json()
    assert day["state"] == "closed" and "바닥 보수" in day["note"]
    await ui.tap(ui.idents("rsv-closure-del-")[0])
    await ui.settle(lambda: ui.find("rsv-closures-empty"))


async def test_officer_changes_weekdays_hours_and_approval_mode(open_app, http, api_app):
    rid = add_resource(api_app, kind="facility", category="회의실", name=f"태인동 회의실 {uuid.uuid4().hex[:4]}",
                       dong="태인동", place="태인동 행정복지센터", department="문화예술과",
                       description="", capacity=1, max_headcount=10, mode="instant",
                       opens=time(9), closes=time(18), slot_minutes=60, weekdays="1111100",
                       fee_resident=0, fee_nonresident=0, cancel_hours=24, book_ahead_days=30)
    ui = await sign_in(open_app, "culture@gwangyang.demo", DEMO_PASSWORD)
    await ui.go(f"/f/facility/officer/r/{rid}")
    await ui.settle(lambda: ui.find("rsv-weekday-5"))
    await ui.tap("rsv-weekday-5")  # open on Saturdays too
    await ui.type("rsv-closes", "20:00")
    await ui.type("rsv-approval", True)
    await ui.tap("rsv-hours-save")
    await ui.settle(lambda: "토" in ui.text("rsv-res-hours"))
    assert "월화수목금토 09:00~20:00" in ui.text("rsv-res-hours")
    r = (await http.get(f"/reservations/resources/{rid}")).json()
    assert r["weekdays"] == [0, 1, 2, 3, 4, 5] and r["mode"] == "approval"


async def test_lottery_course_shows_the_published_seed_hash(open_app, http):
    rid = await resource_id(http, "course", "통기타 입문")
    r = (await http.get(f"/reservations/resources/{rid}")).json()
    ui = await open_app(route=f"/f/course/r/{rid}")
    await ui.settle(lambda: ui.find("rsv-course-seed"))
    assert r["course"]["seed_sha256"][:16] in ui.text("rsv-course-seed")
    assert ui.find("rsv-course-login") is not None  # guests see it and are asked to sign in


# --- "the app a 70-year-old can use" §6: booking ----------------------------------------
def _month_of(day: str) -> str:
    return day[:7]


async def test_month_at_360_is_calendar_first_on_one_line_with_48px_days(open_app, http):
    import flet as ft

    from myg_app.client.features.reservations.month import DAY_SHORT, grid_fits
    from myg_app.seoul_time import today_seoul

    rid = await resource_id(http, "sports", "골약동 풋살장")
    ui = await open_app(width=360, route=f"/f/sports/r/{rid}")
    await ui.settle(lambda: ui.idents("rsv-day-"))
    assert grid_fits(ui.app) and (360 - 24) / 7 >= ui.app.m.target  # each column >= 48 px
    # ◀ 2026년 12월 ▶ on one line: icon buttons with names, the month between.
    prev, nxt = ui.find("rsv-month-prev"), ui.find("rsv-month-next")
    assert (prev.label, nxt.label) == ("이전 달", "다음 달")
    assert isinstance(prev.content, ft.IconButton) and isinstance(nxt.content, ft.IconButton)
    today = today_seoul()
    assert ui.text("rsv-month-title") == f"{today.year}년 {today.month}월"
    # The calendar comes before the rules, which start folded.
    order = ui.idents("rsv-")
    assert order.index("rsv-month-next") < order.index(f"rsv-day-{today.replace(day=1)}") \
        < order.index("rsv-rules")
    assert ui.find("rsv-rules").content.expanded is False
    month = (await http.get(f"/reservations/resources/{rid}/month",
                            params={"month": f"{today:%Y-%m}"})).json()
    for d in month["days"]:
        cell = ui.find(f"rsv-day-{d['day']}")
        box = cell.content.content  # target (whole column) > coloured box
        number, caption = box.content.controls
        # Whole words, never a clipped "쉬는" / "공휴" / "아직".
        assert said(caption) in DAY_SHORT.values() or said(caption) == f"{d['free_slots']}개"
        weekday = date.fromisoformat(d["day"]).weekday()
        red = weekday == 6 or d["holiday"]
        assert (number.style.color == ft.Colors.ERROR) == red, d
        if d["today"]:
            assert "오늘" in cell.label and box.border.top.width == 3
            assert box.border.top.color == ft.Colors.PRIMARY
        else:
            assert "오늘" not in cell.label
    assert sum(d["today"] for d in month["days"]) == 1
    await ui.tap("rsv-month-next")
    nxt_month = today.replace(day=28) + timedelta(days=5)
    await ui.settle(lambda: ui.text("rsv-month-title") == f"{nxt_month.year}년 {nxt_month.month}월")


async def test_narrow_screen_month_is_one_line_per_day_with_today_marked(open_app, http):
    import flet as ft

    from myg_app.seoul_time import today_seoul

    rid = await resource_id(http, "sports", "골약동 풋살장")
    ui = await open_app(width=340, route=f"/f/sports/r/{rid}")  # 7 columns would be < 48 px
    await ui.settle(lambda: ui.idents("rsv-day-"))
    today = today_seoul().isoformat()
    cell = ui.find(f"rsv-day-{today}")
    assert cell is not None and "오늘" in (cell.label or _line_text(cell))
    free = [i for i in ui.idents("rsv-day-") if isinstance(ui.find(i).content, ft.OutlinedButton)]
    # No fixed height (a wrapped line grows, never cut); padding keeps one line >= 48 px.
    assert free and all(ui.find(i).content.height is None
                        and ui.find(i).content.style.padding.top >= 16 for i in free)


def _line_text(sem) -> str:
    c = sem.content
    c = getattr(c, "content", c)
    return said(c)


async def test_form_shows_the_server_fee_before_booking_in_plain_korean(open_app, http):
    email, _ = await new_citizen(http)
    rid = await resource_id(http, "facility", "광영동 행정복지센터 다목적강의실")
    r = (await http.get(f"/reservations/resources/{rid}")).json()
    day, (first, second) = await first_free(http, rid, 2)
    ui = await sign_in(open_app, email, width=360)
    await ui.go(f"/f/facility/r/{rid}/d/{day}")
    await ui.settle(lambda: ui.find("rsv-fee") and ui.text("rsv-fee"))
    assert ui.text("rsv-fee") == "시간을 고르면 사용료를 바로 보여 드립니다."
    assert "시청 서버" not in ui.text("rsv-fee-note") and "현장" in ui.text("rsv-fee-note")
    await ui.tap("rsv-slot-" + first.replace(":", ""))
    await ui.tap("rsv-slot-" + second.replace(":", ""))
    want = f"사용료 {r['fee_nonresident'] * 2:,}원 (2시간, 관외 요금)"
    await ui.settle(lambda: ui.text("rsv-fee") == want)
    assert ui.text("rsv-fee") == want
    await ui.type("rsv-resident", True)
    want = f"사용료 {r['fee_resident'] * 2:,}원 (2시간, 광양시민 요금)"
    await ui.settle(lambda: ui.text("rsv-fee") == want)
    assert ui.text("rsv-fee") == want


async def test_free_places_and_courses_do_not_ask_about_residence(open_app, http, api_app):
    now = utcnow()
    today = now.date()
    email, _ = await new_citizen(http)
    room = add_resource(api_app, kind="facility", category="회의실", name=f"무료 회의실 {uuid.uuid4().hex[:4]}",
                        dong="태인동", place="태인동 행정복지센터", department="문화예술과",
                        description="", capacity=1, max_headcount=10, mode="instant",
                        opens=time(9), closes=time(18), slot_minutes=60, weekdays="1111111",
                        fee_resident=0, fee_nonresident=0, cancel_hours=24, book_ahead_days=30)
    free_course = add_resource(
        api_app, kind="course", category="교양", name=f"무료 인문학 {uuid.uuid4().hex[:4]}",
        dong="중마동", place="중마도서관", department="문화예술과", description="무료 강좌", capacity=20,
        opens=time(19), closes=time(21), slot_minutes=120, weekdays="0010000", fee_resident=0,
        fee_nonresident=0, cancel_hours=24, book_ahead_days=365,
        term_starts_on=today + timedelta(days=30), term_ends_on=today + timedelta(days=80),
        apply_opens_at=now - timedelta(days=1), apply_closes_at=now + timedelta(days=5),
        selection="first_come")
    day, (label,) = await first_free(http, room)
    ui = await sign_in(open_app, email, width=360)
    await ui.go(f"/f/facility/r/{room}/d/{day}")
    await ui.settle(lambda: ui.find("rsv-fee") and ui.text("rsv-fee"))
    assert ui.find("rsv-resident") is None
    await ui.go(f"/f/course/r/{free_course}")
    await ui.settle(lambda: ui.find("rsv-apply") and ui.text("rsv-fee"))
    assert ui.find("rsv-resident") is None
    assert ui.text("rsv-fee") == "수강료 무료"


async def test_result_title_matches_the_state(open_app, http):
    email, citizen = await new_citizen(http)
    hall = await resource_id(http, "facility", "금호동 커뮤니티센터 강당")  # approval first
    day, (label, second) = await first_free(http, hall, 2)
    ui = await sign_in(open_app, email, width=360)
    await ui.go(f"/f/facility/r/{hall}/d/{day}")
    slot = "rsv-slot-" + label.replace(":", "")
    await ui.settle(lambda: ui.find(slot))
    await ui.tap(slot)
    await ui.tap("rsv-slot-" + second.replace(":", ""))  # a two-hour request
    await ui.type("rsv-purpose", "주민 음악회")
    await ui.tap("rsv-submit")
    await ui.settle(lambda: ui.find("rsv-booking-status-notice"))
    assert "/f/facility/done/" in ui.page.route
    assert ui.text("rsv-done-title") == "신청 완료 (승인 대기)"

    court = await resource_id(http, "sports", "광양공설운동장 테니스장 2번 코트")
    day, (label,) = await first_free(http, court)
    await ui.go(f"/f/sports/r/{court}/d/{day}")
    slot = "rsv-slot-" + label.replace(":", "")
    await ui.settle(lambda: ui.find(slot))
    await ui.tap(slot)
    await ui.tap("rsv-submit")
    await ui.settle(lambda: ui.find("rsv-qr"))
    assert ui.text("rsv-done-title") == "예약 완료"


async def test_waitlist_result_is_titled_as_a_waitlist_entry(open_app, http, api_app):
    cid = one_seat_course(api_app, "칼림바")
    _, first = await new_citizen(http)
    await http.post("/reservations/bookings", json={"resource_id": cid}, headers=first)
    email, _ = await new_citizen(http)
    ui = await sign_in(open_app, email, width=360)
    await ui.go(f"/f/course/r/{cid}")
    await ui.settle(lambda: ui.find("rsv-apply") and ui.text("rsv-fee"))
    assert ui.text("rsv-fee") == "수강료 20,000원 (한 학기, 관외 요금)"
    await ui.type("rsv-resident", True)
    await ui.settle(lambda: "광양시민" in ui.text("rsv-fee"))
    assert ui.text("rsv-fee") == "수강료 10,000원 (한 학기, 광양시민 요금)"
    await ui.tap("rsv-apply")
    await ui.settle(lambda: ui.find("rsv-booking-status-notice"))
    assert ui.text("rsv-done-title") == "대기 등록"


async def test_a_passed_free_cancellation_deadline_is_a_warning(open_app, http, api_app):
    from sqlalchemy import select as sql_select

    from myg_app.server.auth.models import User
    from myg_app.server.reservations.models import Booking

    email, _ = await new_citizen(http)
    rid = await resource_id(http, "sports", "광양공설운동장 테니스장 2번 코트")  # 2 hours' notice
    r = (await http.get(f"/reservations/resources/{rid}")).json()
    now = utcnow()
    with api_app.state.sessionmaker.begin() as s:
        uid = s.scalar(sql_select(User.id).where(User.email == email))
        ids = []
        for start in (now + timedelta(hours=r["cancel_hours"]) - timedelta(minutes=30),
                      now + timedelta(days=20)):
            b = Booking(resource_id=rid, user_id=uid, status="confirmed", starts_at=start,
                        ends_at=start + timedelta(hours=1), headcount=1, fee=4000,
                        payment_status="unpaid", checkin_code=rsv_code())
            s.add(b)
            s.flush()
            ids.append(b.id)
    soon, later = ids
    ui = await sign_in(open_app, email, width=360)
    await ui.go(f"/f/sports/b/{later}")
    await ui.settle(lambda: ui.find("rsv-cancel"))
    assert ui.find("rsv-cancel-deadline") is not None
    assert ui.find("rsv-cancel-deadline-warning") is None
    await ui.go(f"/f/sports/b/{soon}")
    await ui.settle(lambda: ui.find("rsv-cancel-deadline-warning"))
    assert ui.find("rsv-cancel-deadline") is None
    warning = ui.find("rsv-cancel-deadline-warning").content.controls[1]
    assert "지났습니다" in said(warning) and "늦은 취소" in said(warning)
    assert warning.style.color == "error"
    await ui.tap("rsv-cancel")
    assert ui.find("rsv-cancel-late") is not None  # said again right before confirming


async def test_filters_and_the_counsel_topic_have_accessible_names(open_app, http):
    ui = await open_app(width=360, route="/f/facility")
    await ui.settle(lambda: ui.idents("rsv-resource-"))
    assert ui.find("rsv-filter-dong").label == "읍면동: 전체"
    assert ui.find("rsv-filter-day").label == "날짜: 날짜 상관없음"
    await ui.select("rsv-filter-dong", "중마동")
    assert ui.find("rsv-filter-dong").label == "읍면동: 중마동"
    email, _ = await new_citizen(http)
    rid = await resource_id(http, "legal", "무료법률상담 · 광양시청 민원실")
    day, _ = await first_free(http, rid)
    ui = await sign_in(open_app, email, width=360)
    await ui.go(f"/f/legal/r/{rid}/d/{day}")
    await ui.settle(lambda: ui.find("rsv-topic"))
    assert ui.find("rsv-topic").label == "상담 분야: 고르지 않음"
    await ui.select("rsv-topic", "임대차")
    assert ui.find("rsv-topic").label == "상담 분야: 임대차"
