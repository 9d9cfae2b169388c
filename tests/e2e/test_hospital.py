"""병원·약국 in Chromium on a phone (360×800) in large text: with no API key the server serves
the bundled sample, and the screen says so; a pharmacy open now is found and called (the tel:
link the app opens is that pharmacy's number), its page shows the hours; nothing runs off the
side of the phone."""
from __future__ import annotations

from tests.e2e.tour import go
from tests.e2e.tour import off_side as off_side_at

ALL_DAY = "n-DEMOP0001"  # (예시) 중마 24시 약국 (server/hospital/data): open at any hour
# Record what the app asks the browser to open (url_launcher on the web calls window.open),
# instead of leaving the page for a dialer the test machine does not have.
RECORD_OPENED = """() => { window.__opened = [];
    window.open = (url) => { window.__opened.push(String(url)); return null; }; }"""


def opened(ui) -> list[str]:
    return ui.page.evaluate("() => window.__opened")


def test_a_pharmacy_open_now_found_and_called(ui):
    ui.phone_in_large_text()
    ui.page.evaluate(RECORD_OPENED)
    go(ui, "/f/hospital")
    ui.wait_id("hospital-source-notice")  # 예시 자료, said above the list
    ui.click_id("hospital-kind-pharmacy")
    ui.click_id("hospital-open-now")
    ui.wait_id(f"hospital-place-{ALL_DAY}")
    ui.shot("hospital_pharmacies_open_now_large")
    assert not off_side_at(ui, 360), off_side_at(ui, 360)
    ui.click_id(f"hospital-call-{ALL_DAY}")
    ui.wait_js("() => (window.__opened || []).length > 0")
    assert opened(ui) == ["tel:0610000201"], opened(ui)

    ui.click_id(f"hospital-open-{ALL_DAY}")
    ui.wait_text_in("hospital-detail-name", "중마 24시 약국")
    ui.wait_text_in("hospital-detail-open", "지금 영업 중")
    ui.wait_id("hospital-detail-source-notice")
    ui.shot("hospital_pharmacy_page_large")
    assert not off_side_at(ui, 360), off_side_at(ui, 360)
    ui.click_id("hospital-detail-call")
    ui.wait_js("() => window.__opened.length > 1")
    assert opened(ui)[1] == "tel:0610000201"
