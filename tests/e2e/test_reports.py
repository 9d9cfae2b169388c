"""생활불편 신고 in Chromium: a citizen files a report with a photo and a point on the map,
the 도로과 officer completes it, the citizen reads the officer's note and reopens the report."""

from __future__ import annotations

import io

import httpx
from PIL import Image

from tests.e2e.accounts import DEMO_PASSWORD, PASSWORD, new_citizen, sign_in
from tests.e2e.flet_page import FletPage


def photo_file(tmp_path) -> str:
    """A phone-like JPEG with GPS in its EXIF (the public copy must lose it)."""
    img = Image.new("RGB", (640, 480), (120, 110, 100))
    exif = Image.Exif()
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (34.0, 56.0, 27.0), "E", (127.0, 41.0, 46.0)
    path = tmp_path / "pothole.jpg"
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif.tobytes())
    path.write_bytes(out.getvalue())
    return str(path)


def click_map(ui: FletPage, fx: float, fy: float) -> None:
    """Tap the drawing at a fraction of its size, once all of it is on screen (a partly
    visible node reports only its visible part)."""
    ui.reveal("report-map")
    for _ in range(10):
        ui.settle()  # let the scroll come to rest before aiming
        box = ui.by_id("report-map").first.bounding_box()
        if box["height"] >= box["width"] * 1.15:  # the drawing is about 1.22 times taller
            break
        ui.page.mouse.wheel(0, box["y"] - 120 if box["y"] > 120 else -200)
    ui.page.mouse.click(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)


def test_file_with_photo_and_map_point_officer_completes_citizen_reopens(
        ui, browser, server, artifacts, tmp_path):
    sign_in(ui, new_citizen(server, "e2e-report"), PASSWORD)
    ui.click_id("home-tile-report")
    ui.wait_id("report-mine-empty")
    ui.click_id("report-new")
    ui.wait_id("report-cat-road")
    ui.shot("report_form_top")
    ui.click_id("report-cat-road")
    click_map(ui, 0.58, 0.74)
    ui.expect_text("report-place", "지도에서 고른 위치: 중마동 부근")
    ui.shot("report_form_map_point")
    with ui.page.expect_file_chooser() as chooser:
        ui.click_id("report-photo-add")
    chooser.value.set_files(photo_file(tmp_path))
    ui.wait_id("report-photo-del-0", timeout=20_000)
    ui.fill("report-description", "중마동 사거리 횡단보도 앞 도로에 깊은 포트홀이 있습니다.")
    ui.shot("report_form_filled")
    ui.click_id("report-submit")
    ui.expect_text("report-detail-description", "깊은 포트홀")
    report_id = ui.page.url.rsplit("/", 1)[1]
    assert report_id.isdigit()
    ui.shot("report_detail_received")

    # The photo the public sees carries no location.
    with httpx.Client(base_url=server) as c:
        detail = c.get(f"/api/v1/open311/v2/requests/{report_id}.json").json()[0]
        img = Image.open(io.BytesIO(c.get(detail["media_url"]).content))
        assert dict(img.getexif()) == {}

    ctx = browser.new_context(viewport={"width": 400, "height": 860}, locale="ko-KR")
    officer = FletPage(ctx.new_page(), server, artifacts / "screenshots")
    try:
        officer.open("/")
        sign_in(officer, "roads@gwangyang.demo", DEMO_PASSWORD)
        officer.open("/f/report/inbox")
        officer.click_id(f"report-inbox-item-{report_id}")
        officer.wait_id("report-desk-status-chip")
        officer.click_id("report-desk-to-done")
        officer.fill("report-desk-note", "포트홀을 아스콘으로 메웠습니다.")
        officer.shot("report_officer_desk")
        officer.click_id("report-desk-submit")
        officer.expect_text("report-desk-status-notice", "신고인에게 알렸습니다")
    finally:
        ctx.close()

    with httpx.Client(base_url=server) as c:  # the server has the officer's answer
        answer = c.get(f"/api/v1/open311/v2/requests/{report_id}.json").json()[0]
        assert answer["status_notes"] == "[완료] 포트홀을 아스콘으로 메웠습니다.", answer
    ui.click_id("report-detail-refresh")  # the citizen is still on the report: refresh it
    ui.expect_text("report-detail-status-chip", "완료")
    ui.reveal("report-detail-note-1")
    ui.expect_text("report-detail-note-1", "포트홀을 아스콘으로 메웠습니다.")
    ui.shot("report_detail_done")
    ui.fill("report-reopen-reason", "비가 온 뒤 다시 파였습니다.")
    ui.click_id("report-reopen")
    ui.expect_text("report-detail-status-notice", "다시 열었습니다")
    ui.expect_text("report-detail-status-chip", "처리중")
    ui.shot("report_detail_reopened")


def test_large_text_report_form_fits_360(browser, server, artifacts):
    email = new_citizen(server, "e2e-report")
    ctx = browser.new_context(viewport={"width": 360, "height": 800}, locale="ko-KR")
    ctx.add_init_script("localStorage.setItem('flutter.myg.large_text', 'true')")
    ui = FletPage(ctx.new_page(), server, artifacts / "screenshots")
    try:
        ui.open("/")
        sign_in(ui, email, PASSWORD)
        ui.open("/f/report/new")
        ui.wait_id("report-cat-road")
        ui.click_id("report-cat-road")
        ui.shot("report_form_large_text")
        boxes = ui.page.eval_on_selector_all(
            "[flt-semantics-identifier^='report-']",
            """els => els.map(e => { const r = e.getBoundingClientRect();
                  return {id: e.getAttribute('flt-semantics-identifier'), x: r.x, w: r.width,
                          h: r.height}; })""")
        for b in boxes:
            if b["w"] > 0:
                assert b["x"] >= 0 and b["x"] + b["w"] <= 360.5, b
        road = ui.reveal("report-cat-road").bounding_box()
        assert road["height"] >= 55.5
        click_map(ui, 0.3, 0.3)
        ui.expect_text("report-place", "부근")
        ui.reveal("report-map-n")
        arrow = ui.by_id("report-map-n").bounding_box()
        assert arrow["height"] >= 55.5 and arrow["width"] >= 55.5
        ui.shot("report_form_large_text_map")
    finally:
        ctx.close()
