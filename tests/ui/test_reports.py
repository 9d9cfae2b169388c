"""생활불편 신고 in the real app (headless session, in-process API): filing with a map point
and a photo, a bad file, nearby "me too", drafts across restarts, the offline outbox, and the
officer completing a report that the citizen then reopens."""

from __future__ import annotations

import io

from PIL import Image

from myg_app.client.features.reports import outbox
from tests.ui import headless
from tests.ui.conftest import Ui, sign_in
from tests.ui.headless import said, target_height


def png_bytes(colour=(30, 140, 90)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 90), colour).save(out, "PNG")
    return out.getvalue()


async def tap_map(ui: Ui, fx: float, fy: float) -> None:
    """A finger on the map at a fraction of its width and height."""
    gd = ui.find("report-map").content
    stack = gd.content
    await ui.session.dispatch_event(gd._i, "tap_down", {
        "k": "touch", "l": {"x": stack.width * fx, "y": stack.height * fy},
        "g": {"x": 0, "y": 0}})
    await ui.settle()


async def pick_photos(ui: Ui, *files: tuple[str, bytes]) -> None:
    picker = ui.app.state.services["report_picker"]
    await ui.session.dispatch_event(picker._i, "result", {"files": [
        {"id": i, "name": n, "size": len(b), "bytes": b} for i, (n, b) in enumerate(files)]})
    await ui.settle()


async def fill_form(ui: Ui, description: str) -> None:
    await ui.tap("report-cat-road")
    await ui.select("report-kind", "v1")
    await tap_map(ui, 0.58, 0.74)  # 중마동 on the drawing
    await ui.type("report-description", description)


async def test_file_a_report_with_a_map_point_and_a_photo(open_device):
    ui = await open_device()
    await sign_in(ui, "citizen@gwangyang.demo")
    await ui.go("/f/report")
    await ui.settle(lambda: ui.idents("report-item-"))
    assert ui.idents("report-item-")  # the seeded reports of the demo citizen
    await ui.tap("report-new")
    assert "안전신문고" in ui.text("report-redirect-text-0")  # 불법 주정차 goes elsewhere
    await ui.tap("report-redirect-0")
    assert ui.client.launched == ["https://www.safetyreport.go.kr"]
    await fill_form(ui, "중마동 횡단보도 앞 도로가 깊게 파였습니다.")
    assert "중마동 부근" in ui.text("report-place") or "부근" in ui.text("report-place")
    await ui.settle(lambda: ui.find("report-nearby-heading") or ui.find("report-nearby-none"))

    await pick_photos(ui, ("road.png", png_bytes()))
    await ui.settle(lambda: ui.find("report-photo-del-0"))
    assert ui.app.state.drafts["report_form"].photos[0].token
    await ui.tap("report-submit")
    await ui.settle(lambda: ui.page.route.startswith("/f/report/r/"))
    await ui.settle(lambda: ui.find("report-detail-description"))
    assert ui.text("report-detail-description") == "중마동 횡단보도 앞 도로가 깊게 파였습니다."
    assert ui.find("report-detail-event-0") is not None
    assert ui.client.prefs.get(outbox.K_DRAFT) is None  # the draft is gone once filed


async def test_a_bad_file_is_refused_alone_and_the_form_stays(open_device):
    ui = await open_device()
    await sign_in(ui, "citizen@gwangyang.demo")
    await ui.go("/f/report/new")
    await fill_form(ui, "불법 현수막이 인도를 가립니다.")
    await pick_photos(ui, ("invoice.jpg", b"%PDF-1.7 definitely not a photo"),
                      ("ok.png", png_bytes()))
    await ui.settle(lambda: ui.find("report-photo-error"))
    assert "invoice.jpg" in ui.text("report-photo-error")
    assert len(ui.app.state.drafts["report_form"].photos) == 1  # the good one is kept
    assert ui.find("report-description").content.value == "불법 현수막이 인도를 가립니다."


async def test_draft_survives_closing_the_app(open_device):
    ui = await open_device()
    await sign_in(ui, "citizen@gwangyang.demo")
    await ui.go("/f/report/new")
    await fill_form(ui, "공원 화장실 세면대가 막혔어요.")
    await ui.settle(lambda: outbox.K_DRAFT in ui.client.prefs)
    prefs = dict(ui.client.prefs)

    again = await open_device(prefs=prefs)  # the same device, started again
    await again.settle(lambda: again.find("home-user"))
    await again.go("/f/report/new")
    await again.settle(lambda: (again.find("report-description").content.value or "") != "")
    assert again.find("report-description").content.value == "공원 화장실 세면대가 막혔어요."
    assert again.find("report-cat-road").selected
    assert "부근" in again.text("report-place")


async def test_offline_report_is_sent_once_when_the_connection_returns(open_device):
    ui = await open_device()
    await sign_in(ui, "citizen@gwangyang.demo")
    await ui.go("/f/report/new")
    await fill_form(ui, "수도관이 터져 도로에 물이 흘러요.")
    ui.transport.offline = True
    await pick_photos(ui, ("leak.png", png_bytes((20, 20, 200))))
    await ui.settle(lambda: ui.find("report-photo-offline"))
    await ui.tap("report-submit")
    await ui.settle(lambda: ui.page.route == "/f/report")
    waiting = await outbox.entries(ui.app)
    assert len(waiting) == 1 and waiting[0]["photos"][0]["b64"]
    await ui.settle(lambda: ui.find("report-outbox"))

    ui.transport.offline = False
    sent = await outbox.flush(ui.app)
    sent += await outbox.flush(ui.app)  # a second run finds nothing left to send
    assert len(sent) == 1 and len(sent[0].photos) == 1
    assert ui.transport.report_posts == 1
    assert await outbox.entries(ui.app) == []


async def test_me_too_from_the_form_instead_of_a_duplicate(open_device):
    ui = await open_device()
    await sign_in(ui, "officer@gwangyang.demo")  # any other signed-in person
    await ui.go("/f/report/new")
    await ui.tap("report-cat-road")
    # The seeded pothole is near 중마동's centre: nudge the pin there with the arrows.
    form = ui.app.state.drafts["report_form"]
    from myg_app.contracts.reports import AREAS
    ui.find("report-map")  # drawing present
    picker = ui.find("report-map").parent
    picker.set_point(*AREAS["중마동"])
    await ui.settle(lambda: ui.idents("report-support-"))
    rid = ui.idents("report-support-")[0].rsplit("-", 1)[1]
    await ui.tap(f"report-support-{rid}")
    await ui.settle(lambda: ui.find("report-detail-description"))
    assert ui.page.route == f"/f/report/r/{rid}"
    assert ui.find("report-detail-support") is None  # already joined
    assert "공감했습니다" in " ".join(
        headless.said(c) for c in headless.find(ui.session, text="공감했습니다"))
    assert form.description == ""


async def test_officer_completes_and_citizen_reopens(open_device):
    citizen = await open_device()
    await sign_in(citizen, "citizen@gwangyang.demo")
    await citizen.go("/f/report/new")
    await fill_form(citizen, "보도블록이 들떠 있어 걸려 넘어질 뻔했습니다.")
    await citizen.tap("report-submit")
    await citizen.settle(lambda: citizen.page.route.startswith("/f/report/r/"))
    rid = citizen.page.route.rsplit("/", 1)[1]

    roads = await open_device()
    await sign_in(roads, "roads@gwangyang.demo")
    await roads.go("/f/report")
    await roads.tap("report-inbox")
    await roads.settle(lambda: roads.find(f"report-inbox-item-{rid}"))
    await roads.tap(f"report-inbox-item-{rid}")
    await roads.settle(lambda: roads.find("report-desk-to-done"))
    await roads.settle(lambda: roads.find("report-desk-assignee"))
    options = roads.find("report-desk-assignee").content.options
    assert [o.text for o in options] == ["서도로"]  # the 도로과 officers only
    await roads.select("report-desk-assignee", options[0].key)
    await roads.tap("report-desk-assign")
    await roads.settle(lambda: roads.find("report-desk-status-notice"))
    assert "서도로" in roads.text("report-desk-due")
    await roads.tap("report-desk-to-done")
    await roads.type("report-desk-note", "들뜬 보도블록 12장을 다시 깔았습니다.")
    await roads.tap("report-desk-submit")
    await roads.settle(lambda: roads.find("report-desk-status-chip").label == "완료")
    assert roads.find("report-desk-status-chip").label == "완료"
    assert "신고인에게 알렸습니다" in said(roads.find(
        "report-desk-status-notice").content.controls[1])

    await citizen.go("/")
    await citizen.go(f"/f/report/r/{rid}")
    await citizen.settle(lambda: citizen.find("report-reopen"))
    assert citizen.find("report-reopen") is not None
    notes = [citizen.text(i) for i in citizen.idents("report-detail-note-")]
    assert "들뜬 보도블록 12장을 다시 깔았습니다." in notes
    await citizen.type("report-reopen-reason", "비 온 뒤 다시 들떴습니다.")
    await citizen.tap("report-reopen")
    await citizen.settle(lambda: citizen.find("report-detail-status-notice"))
    assert citizen.find("report-detail-status-notice") is not None
    assert citizen.find("report-detail-status-chip").label == "처리중"
    assert citizen.find("report-reopen") is None


async def test_large_text_form_keeps_targets_and_single_column(open_device):
    from myg_app.client.state import K_LARGE

    ui = await open_device(prefs={K_LARGE: True}, width=360)
    await sign_in(ui, "citizen@gwangyang.demo")
    await ui.go("/f/report/new")
    assert ui.app.m.large
    submit = ui.find("report-submit").content
    assert target_height(submit) >= 56
    stack = ui.find("report-map").content.content
    assert stack.width <= 360 - 24  # the drawing fits the narrow screen
    for arrow in ("report-map-n", "report-map-e"):
        c = ui.find(arrow).content
        assert c.size_constraints.min_width >= 56


async def test_guest_sees_why_sign_in_is_needed(open_device):
    ui = await open_device()
    await ui.go("/f/report")
    assert ui.find("report-login-note") is not None


async def test_phone_uses_the_device_location_and_web_does_not_offer_it(open_device, monkeypatch):
    import flet_geolocator as fg

    web = await open_device()
    await sign_in(web, "citizen@gwangyang.demo")
    await web.go("/f/report/new")
    assert web.find("report-locate") is None  # browsers here have no location plug-in

    answers = {"request_permission": "whileInUse",
               "get_current_position": {"latitude": 34.9415, "longitude": 127.6958}}
    plain = headless.FakeClient._answer

    def phone_answer(self, target, name, args):
        if isinstance(target, fg.Geolocator):
            return answers.get(name)
        return plain(self, target, name, args)

    monkeypatch.setattr(headless.FakeClient, "_answer", phone_answer)
    phone = await open_device()
    phone.session.apply_page_patch({"web": False, "platform": "android"})
    await sign_in(phone, "citizen@gwangyang.demo")
    await phone.go("/f/report/new")
    await phone.tap("report-locate")
    await phone.settle(lambda: "현재 위치" in phone.text("report-place"))
    assert "현재 위치: 중마동 부근" in phone.text("report-place")
    assert phone.app.state.drafts["report_form"].located_by == "device"

    answers["request_permission"] = "denied"
    await phone.tap("report-locate")
    await phone.settle(lambda: phone.find("report-form-status-error"))
    assert "위치 권한" in said(phone.find("report-form-status-error").content.controls[1])
