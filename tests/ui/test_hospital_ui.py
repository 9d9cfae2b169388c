"""병원·약국 in a headless session: the bundled sample says it is one; a pharmacy open now is
found and called with one tap (tel: link); without a location the 읍면동 choice sorts by
distance; 진료과목 and 달빛어린이병원; a place's page with hours, call and map link."""
from __future__ import annotations

ALL_DAY = "n-DEMOP0001"  # (예시) 중마 24시 약국, 061-000-0201 (server/hospital/data)


async def opened(open_app):
    ui = await open_app()
    await ui.go("/f/hospital")
    await ui.settle(lambda: ui.idents("hospital-place-"))
    return ui


async def test_sample_is_labelled_and_a_pharmacy_open_now_is_called(open_app):
    ui = await opened(open_app)
    assert ui.find("function-hospital-title") is not None
    assert ui.find("hospital-source-notice") is not None  # 예시 자료
    assert "예시" in ui.find("hospital-source").label
    await ui.tap("hospital-kind-pharmacy")
    await ui.settle(lambda: f"hospital-place-{ALL_DAY}" in ui.idents("hospital-place-"))
    assert not ui.find("hospital-moonlight").visible and not ui.find("hospital-dept").visible
    before = ui.text("hospital-count")
    await ui.tap("hospital-open-now")
    # A place without known hours is never "open now", so the count always changes.
    await ui.settle(lambda: ui.text("hospital-count") != before)
    assert f"hospital-place-{ALL_DAY}" in ui.idents("hospital-place-")
    await ui.tap(f"hospital-call-{ALL_DAY}")
    assert ui.client.launched == ["tel:0610000201"]


async def test_near_me_falls_back_to_a_dong(open_app):
    ui = await opened(open_app)
    await ui.tap("hospital-kind-pharmacy")
    await ui.tap("hospital-near-me")
    await ui.settle(lambda: "읍면동" in ui.text("hospital-near"))
    await ui.select("hospital-dong", "jungma")
    await ui.settle(lambda: "중마동에서 가까운 순" in ui.text("hospital-count"))
    assert ui.idents("hospital-place-")[0] == f"hospital-place-{ALL_DAY}"
    assert "중마동" in ui.find("hospital-dong").label


async def test_department_and_moonlight(open_app):
    ui = await opened(open_app)
    await ui.select("hospital-dept", "11")
    await ui.settle(lambda: ui.idents("hospital-place-") == ["hospital-place-n-DEMOH0002"])
    await ui.select("hospital-dept", "")
    await ui.tap("hospital-moonlight")
    await ui.settle(lambda: ui.idents("hospital-place-") == ["hospital-place-n-DEMOH0002"])
    await ui.tap("hospital-kind-emergency")
    await ui.settle(lambda: ui.idents("hospital-place-") == ["hospital-place-n-DEMOH0003"])


async def test_place_page_with_hours_call_and_map(open_app):
    ui = await opened(open_app)
    await ui.tap("hospital-kind-pharmacy")
    await ui.settle(lambda: f"hospital-open-{ALL_DAY}" in ui.idents("hospital-open-"))
    await ui.tap(f"hospital-open-{ALL_DAY}")
    await ui.settle(lambda: ui.find("hospital-detail-name"))
    assert ui.text("hospital-detail-name") == "(예시) 중마 24시 약국"
    assert "지금 영업 중" in ui.text("hospital-detail-open")
    assert ui.find("hospital-detail-source-notice") is not None
    assert ui.find("hospital-hours-공휴일").label.endswith("24시간")
    await ui.tap("hospital-detail-call")
    await ui.tap("hospital-detail-map")
    assert ui.client.launched[0] == "tel:0610000201"
    assert ui.client.launched[1].startswith("https://map.kakao.com/link/map/")
