"""날씨 in a headless session: a guest sees 광양시청's weather labelled as the sample it is, hours
and days with spoken names; another 읍면동 chosen stays on the device; a weather alert links
to its 재난 알림."""
from __future__ import annotations

from tests.ui.conftest import signed_in


async def test_guest_sees_now_hours_days_and_the_sample_label(open_app):
    ui = await open_app(route="/f/weather")
    await ui.settle(lambda: ui.find("weather-summary"))
    assert ui.find("function-weather-title") is not None
    assert ui.text("weather-summary").startswith("중마동 지금 ")
    notice = ui.find("weather-source-notice")
    assert notice is not None and "예시" in notice.label
    assert "출처: 기상청 단기예보 · 예시 자료" in ui.find("weather-source").label
    hours = ui.idents("weather-hour-")
    assert len(hours) == 24
    assert "강수확률" in ui.find(hours[0]).label and "도" in ui.find(hours[0]).label
    days = ui.idents("weather-day-")
    assert len(days) == 3 and ui.find(days[0]).label.startswith("오늘: 최저 ")
    assert ui.find("weather-now").label.startswith("지금 ")
    assert ui.find("weather-dong").label == "읍면동: 중마동"


async def test_another_dong_is_kept_on_the_device(open_app):
    ui = await open_app(route="/f/weather")
    await ui.settle(lambda: ui.find("weather-summary"))
    await ui.select("weather-dong", "daap")
    await ui.settle(lambda: ui.text("weather-summary").startswith("다압면"))
    assert ui.client.prefs["myg.weather.dong"] == "daap"
    ui = await open_app(prefs=dict(ui.client.prefs), route="/f/weather")  # the app reopened
    await ui.settle(lambda: ui.find("weather-summary"))
    assert ui.text("weather-summary").startswith("다압면")


async def test_large_text_keeps_every_part(open_app):
    from myg_app.client.state import K_LARGE

    ui = await open_app(prefs={K_LARGE: True}, width=360, route="/f/weather")
    await ui.settle(lambda: ui.find("weather-summary"))
    assert len(ui.idents("weather-hour-")) == 24 and len(ui.idents("weather-day-")) == 3


async def test_a_citizen_sees_their_own_dong(open_app, api_app):
    ui = await signed_in(open_app, "citizen@gwangyang.demo")
    await ui.go("/f/weather")
    await ui.settle(lambda: ui.find("weather-summary"))
    place = ui.find("weather-dong").label.removeprefix("읍면동: ")
    assert ui.text("weather-summary").startswith(place)
