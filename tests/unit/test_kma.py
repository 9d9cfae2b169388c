"""The 기상청 단기예보 adapter (server/publicdata/kma.py) and its grid (grid.py): the LCC grid of
known places, base_date/base_time around every publishing hour, the recorded answer and the
quirks parsed into typed forecasts, SKY/PTY in words and icons, the cache until the next
publication, the previous publication when the newest is late, errors in Korean without the
key, retries with a fake sleep, and the last good forecast (with its age) when the API fails or
hangs. Runs against tests/fakes/kma.py (one server for the module, reset for each test).
"""
from __future__ import annotations

import importlib.util
import json
import math
import time
from datetime import date, datetime, timezone
from pathlib import Path
from urllib.parse import quote

import pytest

from myg_app.seoul_time import SEOUL
from myg_app.server.publicdata import grid
from myg_app.server.publicdata.client import PublicDataError
from myg_app.server.publicdata.kma import (
    CATEGORIES,
    PTY_ICONS,
    PTY_WORDS,
    SKY_ICONS,
    SKY_WORDS,
    Amount,
    KmaClient,
    KmaSettings,
    base_params,
    condition,
    from_settings,
    next_nowcast_available,
    next_village_available,
    nowcast_base,
    parse_amount,
    parse_village,
    village_base,
)
from tests.fakes.kma import (
    ERROR_FILE,
    FAKE_KEY,
    RECORDED_CELL,
    RESPONSE_FILE,
    FakeKma,
    ManualClock,
    recorded_items,
    serve_fake_kma,
)

CITY_HALL = (34.9407, 127.6959)  # 광양시청
GWANGYANG = (73, 70)
SHARED = Path("/work/shared/data/public_api_samples")


def kst(*args: int) -> datetime:
    return datetime(*args, tzinfo=SEOUL)


# the grid ---------------------------------------------------------------------------------

def test_gwangyang_city_hall_is_73_70():
    assert grid.to_grid(*CITY_HALL) == grid.GridPoint(nx=73, ny=70)


def test_seoul_city_hall_is_60_127():
    assert grid.to_grid(37.5665, 126.9780) == (60, 127)


# Rows of the 기상청's own grid table (the 격자 위경도 spreadsheet attached to the API guide),
# read from its copy in github.com/BadaHertz52/weather_react, src/constants/sfGrid.ts. 3,558 of
# its 3,582 rows agree with the formula; the 24 that do not are 동 offices whose coordinates
# were updated in the table without their cell.
@pytest.mark.parametrize("place, lat, lon, cell", [
    ("서울특별시", 37.56356944444444, 126.98000833333333, (60, 127)),
    ("부산광역시", 35.17701944444444, 129.07695277777776, (98, 76)),
    ("대구광역시", 35.868541666666665, 128.60355277777776, (89, 90)),
    ("광주광역시", 35.156974999999996, 126.85336388888888, (58, 74)),
    ("제주특별자치도 제주시", 33.49631111111111, 126.53320833333333, (53, 38)),
    ("경상북도 울릉군", 37.480575, 130.9037888888889, (127, 127)),
    ("경상북도 울릉군 독도", 37.2414386, 131.8648471, (144, 123)),
    ("전라남도 광양시", 34.93753611111111, 127.69817777777779, (73, 70)),
    ("광양시 광양읍", 34.97020833333333, 127.58319999999999, (71, 70)),
    ("광양시 다압면", 35.120197222222224, 127.69321944444445, (73, 74)),
    ("광양시 진월면", 34.97533055555556, 127.76024444444444, (74, 71)),
    ("광양시 태인동", 34.93940277777777, 127.75181944444445, (74, 70)),
])
def test_the_kma_table(place, lat, lon, cell):
    assert grid.to_grid(lat, lon) == cell, place


def test_to_latlon_is_the_centre_of_the_cell():
    centre = grid.to_latlon(*GWANGYANG)
    # within half a cell's diagonal (3.6 km) of the city hall
    km = math.dist((centre.lat * 111.0, centre.lon * 111.0 * math.cos(math.radians(35))),
                   (CITY_HALL[0] * 111.0, CITY_HALL[1] * 111.0 * math.cos(math.radians(35))))
    assert km < 3.6
    for nx, ny in [(1, 1), (43, 136), (60, 127), (73, 70), (144, 123), (149, 253)]:
        assert grid.to_grid(*grid.to_latlon(nx, ny)) == (nx, ny)
    assert grid.to_latlon(43, 136) == pytest.approx((38.0, 126.0))  # the origin


def test_to_grid_refuses_what_is_not_a_place():
    with pytest.raises(ValueError):
        grid.to_grid(91.0, 127.0)
    with pytest.raises(ValueError):
        grid.to_grid(35.0, float("nan"))


# base_date / base_time --------------------------------------------------------------------

@pytest.mark.parametrize("now, base", [
    (kst(2025, 6, 25, 2, 9), kst(2025, 6, 24, 23, 0)),  # before 02:10: yesterday's 23:00
    (kst(2025, 6, 25, 2, 10), kst(2025, 6, 25, 2, 0)),
    (kst(2025, 6, 25, 0, 0), kst(2025, 6, 24, 23, 0)),  # midnight
    (kst(2025, 6, 25, 0, 5), kst(2025, 6, 24, 23, 0)),
    (kst(2025, 6, 24, 23, 9), kst(2025, 6, 24, 20, 0)),
    (kst(2025, 6, 24, 23, 10), kst(2025, 6, 24, 23, 0)),
    (kst(2025, 6, 24, 23, 59, 59), kst(2025, 6, 24, 23, 0)),
    (kst(2025, 1, 1, 1, 0), kst(2024, 12, 31, 23, 0)),  # across a year
    (kst(2024, 3, 1, 2, 9), kst(2024, 2, 29, 23, 0)),  # across a leap day
    *[(kst(2025, 6, 25, h, 9), kst(2025, 6, 25, h - 3, 0)) for h in (5, 8, 11, 14, 17, 20)],
    *[(kst(2025, 6, 25, h, 10), kst(2025, 6, 25, h, 0)) for h in (5, 8, 11, 14, 17, 20)],
    *[(kst(2025, 6, 25, h, 59), kst(2025, 6, 25, h - 1, 0)) for h in (3, 6, 9, 12, 15, 18)],
])
def test_village_base(now, base):
    assert village_base(now) == base


def test_village_base_reads_any_zone_in_korean_time():
    utc = datetime(2025, 6, 24, 17, 10, tzinfo=timezone.utc)  # 02:10 in Korea
    assert village_base(utc) == kst(2025, 6, 25, 2, 0)
    with pytest.raises(ValueError):
        village_base(datetime(2025, 6, 25, 2, 10))  # naive: which zone?


@pytest.mark.parametrize("now, base", [
    (kst(2025, 6, 25, 10, 39), kst(2025, 6, 25, 9, 0)),
    (kst(2025, 6, 25, 10, 40), kst(2025, 6, 25, 10, 0)),
    (kst(2025, 6, 25, 0, 39), kst(2025, 6, 24, 23, 0)),
    (kst(2025, 6, 25, 0, 40), kst(2025, 6, 25, 0, 0)),
    (kst(2025, 6, 25, 0, 0), kst(2025, 6, 24, 23, 0)),
    (kst(2025, 6, 25, 23, 59), kst(2025, 6, 25, 23, 0)),
])
def test_nowcast_base(now, base):
    assert nowcast_base(now) == base


def test_the_next_publication_is_the_expiry():
    assert next_village_available(kst(2025, 6, 25, 14, 0)) == kst(2025, 6, 25, 17, 10)
    assert next_village_available(kst(2025, 6, 25, 23, 0)) == kst(2025, 6, 26, 2, 10)
    assert next_nowcast_available(kst(2025, 6, 25, 23, 0)) == kst(2025, 6, 26, 0, 40)
    assert base_params(kst(2025, 6, 25, 2, 0)) == {"base_date": "20250625", "base_time": "0200"}


# values -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, unit, low, high, label", [
    ("강수없음", "mm", 0, 0, "강수없음"),
    ("1mm 미만", "mm", 0, 1, "1mm 미만"),
    ("1.0mm 미만", "mm", 0, 1, "1mm 미만"),
    ("1.0mm", "mm", 1, 1, "1mm"),
    ("6.0mm", "mm", 6, 6, "6mm"),
    ("29.0mm", "mm", 29, 29, "29mm"),
    ("30.0~50.0mm", "mm", 30, 50, "30~50mm"),
    ("30.0~50.0 mm", "mm", 30, 50, "30~50mm"),
    ("50.0mm 이상", "mm", 50, None, "50mm 이상"),
    ("0", "mm", 0, 0, "강수없음"),  # 초단기실황 RN1
    ("1.5", "mm", 1.5, 1.5, "1.5mm"),
    ("적설없음", "cm", 0, 0, "적설없음"),
    ("0.5cm 미만", "cm", 0, 0.5, "0.5cm 미만"),
    ("1.0cm 미만", "cm", 0, 1, "1cm 미만"),
    ("3.0cm", "cm", 3, 3, "3cm"),
    ("5.0cm 이상", "cm", 5, None, "5cm 이상"),
])
def test_amounts(text, unit, low, high, label):
    amount = parse_amount(text, unit)
    assert (amount.low, amount.high, amount.unit, amount.label) == (low, high, unit, label)
    assert amount.text == text and amount.none == (high == 0)


@pytest.mark.parametrize("text", ["", None, "-", "-998.9", "999", "-1", "비 조금"])
def test_amounts_absent_missing_or_not_understood_are_none(text):
    assert parse_amount(text) is None


def test_every_sky_and_precipitation_code_has_korean_words_and_an_existing_icon():
    spec = importlib.util.find_spec("flet")
    icons = json.loads((Path(spec.submodule_search_locations[0])
                        / "controls" / "material" / "icons.json").read_text(encoding="utf-8"))
    used = {i for pair in SKY_ICONS.values() for i in pair} | set(PTY_ICONS.values())
    assert {i.upper() for i in used} <= set(icons), "not flet.Icons members"
    assert condition(1, 0) == ("맑음", "wb_sunny")
    assert condition(1, 0, night=True) == ("맑음", "bedtime")
    assert condition(3, 0) == ("구름많음", "filter_drama")
    assert condition(4, 0) == ("흐림", "cloud")
    assert condition(4, 1) == ("비", "umbrella")  # precipitation outranks the sky
    assert condition(4, 2) == ("비/눈", "cloudy_snowing")
    assert condition(4, 3) == ("눈", "ac_unit")
    assert condition(3, 4) == ("소나기", "umbrella")
    assert condition(None, 5) == ("빗방울", "water_drop")
    assert condition(None, 6) == ("빗방울눈날림", "grain")
    assert condition(None, 7) == ("눈날림", "ac_unit")
    assert condition(None, 0) is None and condition(2, None) is None
    assert set(SKY_WORDS) == {1, 3, 4} and set(PTY_WORDS) == set(range(8))


def test_categories_carry_their_units():
    units = {c: CATEGORIES[c].unit for c in ("TMP", "TMN", "TMX", "T1H", "POP", "REH", "PCP",
                                             "RN1", "SNO", "WSD", "UUU", "VVV", "VEC", "WAV")}
    assert units == {"TMP": "℃", "TMN": "℃", "TMX": "℃", "T1H": "℃", "POP": "%", "REH": "%",
                     "PCP": "mm", "RN1": "mm", "SNO": "cm", "WSD": "m/s", "UUU": "m/s",
                     "VVV": "m/s", "VEC": "deg", "WAV": "m"}


def _item(category: str, value: str, day: str = "20250625", hhmm: str = "1500") -> dict:
    return {"baseDate": "20250625", "baseTime": "0500", "category": category, "fcstDate": day,
            "fcstTime": hhmm, "fcstValue": value, "nx": 73, "ny": 70}


def test_daily_low_and_high_and_hours():
    items = [_item("TMN", "21.0", hhmm="0600"), _item("TMP", "22", hhmm="0600"),
             _item("TMX", "29.0"), _item("TMP", "29"), _item("SKY", "1"), _item("PTY", "0"),
             _item("PCP", "1.0mm 미만", hhmm="1600"), _item("PTY", "1", hhmm="1600"),
             _item("SNO", "적설없음", hhmm="1600"), _item("REH", "-999", hhmm="1600"),
             _item("TMN", "20.0", "20250626", "0600")]
    forecast = parse_village(items, 73, 70)
    assert forecast.base == kst(2025, 6, 25, 5, 0) and (forecast.nx, forecast.ny) == (73, 70)
    assert [h.at.hour for h in forecast.hours] == [6, 15, 16]  # TMN/TMX are not hours
    assert forecast.day(date(2025, 6, 25)).low_c == 21.0
    assert forecast.day(date(2025, 6, 25)).high_c == 29.0
    assert forecast.day(date(2025, 6, 26)).high_c is None
    at16 = forecast.hour_at(kst(2025, 6, 25, 16, 30))
    assert at16.precip == Amount(0, 1, "mm", "1.0mm 미만") and at16.condition == ("비", "umbrella")
    assert at16.humidity is None  # -999: missing
    assert forecast.hour_at(kst(2025, 6, 25, 18, 0)) is None  # past the last hour
    assert [h.at.hour for h in forecast.upcoming(kst(2025, 6, 25, 15, 20))] == [15, 16]


def test_items_of_another_cell_are_left_out():
    with pytest.raises(ValueError):
        parse_village([_item("TMP", "20")], 60, 127)


# against the fake -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def fake_server():
    fake = FakeKma()
    with serve_fake_kma(fake) as url:
        yield fake, url


@pytest.fixture
def fake(fake_server):
    fake_server[0].reset()
    return fake_server[0]


@pytest.fixture
def url(fake_server):
    return fake_server[1]


def client(url: str, clock: ManualClock, **kw) -> KmaClient:
    kw.setdefault("timeout_s", 2.0)
    return KmaClient(url, kw.pop("key", FAKE_KEY), clock=clock, sleep=clock.sleep, **kw)


def test_the_recorded_files_are_the_shared_ones_unchanged():
    for name in (RESPONSE_FILE.name, ERROR_FILE.name):
        shared = SHARED / name
        if shared.exists():
            assert (RESPONSE_FILE.parent / name).read_bytes() == shared.read_bytes()


def test_the_recorded_answer_parses_into_a_typed_forecast(fake, url):
    clock = ManualClock(kst(2022, 11, 28, 6, 10))
    result = client(url, clock).village_forecast(*RECORDED_CELL)
    forecast = result.value
    assert fake.calls[0].base_date == "20221128" and fake.calls[0].base_time == "0500"
    assert fake.calls[0].data_type == "JSON" and fake.calls[0].rows == 1000
    assert forecast.base == kst(2022, 11, 28, 5, 0) and (forecast.nx, forecast.ny) == (60, 125)
    (hour,) = forecast.hours
    assert hour.at == kst(2022, 11, 28, 6, 0)
    assert hour.temperature_c == 9.0 and hour.sky == 4 and hour.precip_type == 0
    assert hour.precip_probability == 30 and hour.wind_speed == 2.3
    assert hour.wind_direction == 105 and hour.wind_u == -2.1 and hour.wind_v == 0.6
    assert hour.wave_m == 0.0 and hour.humidity is None and hour.snow is None
    assert hour.precip.none and hour.precip.label == "강수없음"
    assert hour.condition == ("흐림", "cloud")
    assert set(hour.values) == {i["category"] for i in recorded_items()}
    assert not result.stale and result.published_at == kst(2022, 11, 28, 5, 0)
    assert result.age_text() == "05:00 발표, 1시간 10분 전"
    assert result.expires_at == kst(2022, 11, 28, 8, 10)  # the 08:00 one, from 08:10


def test_gwangyang_at_14_35_reads_14_00_published_35_minutes_ago(fake, url):
    fake.mode = "rebased"
    clock = ManualClock(kst(2025, 6, 25, 14, 35))
    result = client(url, clock).village_forecast(*GWANGYANG)
    assert (fake.calls[0].base_time, fake.calls[0].nx, fake.calls[0].ny) == ("1400", "73", "70")
    assert result.value.hours[0].at == kst(2025, 6, 25, 15, 0)
    assert result.age_text() == "14:00 발표, 35분 전"
    assert result.expires_at == kst(2025, 6, 25, 17, 10)


def test_the_forecast_is_cached_until_the_next_publication(fake, url):
    fake.mode = "rebased"
    clock = ManualClock(kst(2025, 6, 25, 14, 35))
    kma = client(url, clock)
    kma.village_forecast(*GWANGYANG)
    clock.now = kst(2025, 6, 25, 17, 9)
    assert kma.village_forecast(*GWANGYANG).age_text() == "14:00 발표, 3시간 9분 전"
    assert len(fake.calls) == 1
    clock.now = kst(2025, 6, 25, 17, 10)
    result = kma.village_forecast(*GWANGYANG)
    assert [c.base_time for c in fake.calls] == ["1400", "1700"]
    assert result.published_at == kst(2025, 6, 25, 17, 0)
    assert result.expires_at == kst(2025, 6, 25, 20, 10)


def test_a_late_publication_falls_back_to_the_previous_one(fake, url):
    fake.mode = "filtered"  # only the recorded base (05:00) has data
    clock = ManualClock(kst(2022, 11, 28, 8, 15))
    result = client(url, clock).village_forecast(*RECORDED_CELL)
    assert [(c.base_time, c.status) for c in fake.calls] == [("0800", 200), ("0500", 200)]
    assert result.published_at == kst(2022, 11, 28, 5, 0) and not result.stale
    assert result.expires_at == kst(2022, 11, 28, 8, 20)  # look again in 5 minutes


def test_nothing_published_is_a_korean_nodata_error(fake, url):
    fake.mode = "filtered"
    clock = ManualClock(kst(2025, 6, 25, 14, 35))
    with pytest.raises(PublicDataError) as caught:
        client(url, clock).village_forecast(*RECORDED_CELL)
    assert caught.value.code == 3 and "아직 발표된 자료가 없습니다" in caught.value.message
    assert [c.base_time for c in fake.calls] == ["1400", "1100"]


def test_paging_reads_every_row(fake, url):
    fake.mode = "rebased"
    result = client(url, ManualClock(kst(2025, 6, 25, 14, 35)), rows=4).village_forecast(
        *GWANGYANG)
    assert [c.page for c in fake.calls] == [1, 2, 3]
    assert len(result.value.hours[0].values) == 10


@pytest.mark.parametrize("quirk", ["single_object", "string_numbers"])
def test_quirks_parse_alike(fake, url, quirk):
    fake.mode = "rebased"
    if quirk == "single_object":
        fake.single_object, fake.limit = True, 1
    else:
        fake.string_numbers = True
    result = client(url, ManualClock(kst(2025, 6, 25, 14, 35))).village_forecast(*GWANGYANG)
    assert result.value.hours[0].temperature_c == 9.0
    assert (result.value.nx, result.value.ny) == GWANGYANG


@pytest.mark.parametrize("shape", ["empty_string", "null", "no_item", "no_items"])
def test_empty_items_are_no_data_not_a_crash(fake, url, shape):
    fake.empty_items = shape
    with pytest.raises(PublicDataError) as caught:
        client(url, ManualClock(kst(2025, 6, 25, 14, 35))).village_forecast(*GWANGYANG)
    assert caught.value.code == 3 and len(fake.calls) == 2  # the newest, then the previous


def test_an_answer_for_another_cell_is_not_served_as_ours(fake, url):
    # "recorded" answers the Seoul cell whatever is asked
    with pytest.raises(PublicDataError) as caught:
        client(url, ManualClock(kst(2022, 11, 28, 6, 10))).village_forecast(*GWANGYANG)
    assert "읽지 못했습니다" in caught.value.message


def test_the_recorded_error_in_korean(fake, url):
    fake.recorded_error_next()
    with pytest.raises(PublicDataError) as caught:
        client(url, ManualClock(kst(2022, 11, 28, 6, 10))).village_forecast(*RECORDED_CELL)
    e = caught.value
    assert e.code == 10 and e.reason == "최근 3일 간의 자료만 제공합니다."
    assert e.message == "기상청 단기예보 API 요청 파라미터가 올바르지 않습니다"
    assert not e.retryable and len(fake.calls) == 1


def test_a_wrong_key_gets_the_gateway_error_without_the_key(fake, url):
    wrong = "WRONG-kma-key+/=="
    with pytest.raises(PublicDataError) as caught:
        client(url, ManualClock(kst(2022, 11, 28, 6, 10)), key=wrong).village_forecast(60, 125)
    e = caught.value
    assert e.code == 30 and "MYG_KMA_SERVICE_KEY" in e.message and "data.go.kr" in e.message
    assert "「기상청_단기예보 ((구)_동네예보) 조회서비스」" in e.message
    assert not fake.calls[0].key_ok and len(fake.calls) == 1
    for form in (wrong, quote(wrong, safe=""), quote(wrong)):
        assert form not in str(e) and form not in repr(e)


@pytest.mark.parametrize("code", ["20", "22", "31", "32"])
def test_gateway_errors_are_read_as_their_codes(fake, url, code):
    fake.gateway_error_next(1, code)
    with pytest.raises(PublicDataError) as caught:
        client(url, ManualClock(kst(2022, 11, 28, 6, 10))).village_forecast(60, 125)
    assert caught.value.code == int(code) and len(fake.calls) == 1


def test_5xx_and_429_are_retried_with_back_off(fake, url):
    fake.fail_next(2, 503)
    fake.fail_next(1, 429, retry_after=4)
    fake.code_next(1, "01")
    clock = ManualClock(kst(2022, 11, 28, 6, 10))
    result = client(url, clock, retries=4).village_forecast(60, 125)
    assert result.value.hours[0].temperature_c == 9.0
    assert [c.status for c in fake.calls] == [503, 503, 429, 200, 200]
    assert clock.sleeps == [0.5, 1.0, 4.0, 4.0]  # 2.0 raised to Retry-After; 4.0 the next step


def test_a_failing_source_serves_the_last_forecast_with_its_age(fake, url):
    fake.mode = "rebased"
    clock = ManualClock(kst(2025, 6, 25, 14, 35))
    kma = client(url, clock, retries=1)
    kma.village_forecast(*GWANGYANG)
    clock.now = kst(2025, 6, 25, 17, 30)
    fake.fail_next(2, 500)
    result = kma.village_forecast(*GWANGYANG)
    assert result.stale and result.published_at == kst(2025, 6, 25, 14, 0)
    assert result.error.status == 500
    assert result.age_text() == "14:00 발표, 3시간 30분 전"
    assert result.notice == ("최신 정보를 받지 못해 이전 정보를 보여 드립니다 "
                             "(14:00 발표, 3시간 30분 전)")
    # a day past its expiry a forecast is no longer served
    clock.now = kst(2025, 6, 26, 17, 11)
    fake.fail_next(2, 500)
    with pytest.raises(PublicDataError):
        kma.village_forecast(*GWANGYANG)


def test_a_hanging_source_serves_the_last_forecast_in_time(fake, url):
    fake.mode = "rebased"
    clock = ManualClock(kst(2025, 6, 25, 14, 35))
    kma = client(url, clock, timeout_s=0.15, retries=1)
    kma.village_forecast(*GWANGYANG)
    clock.now = kst(2025, 6, 25, 17, 15)
    fake.slow_next(2, 0.6)
    started = time.monotonic()
    result = kma.village_forecast(*GWANGYANG)
    assert time.monotonic() - started < 0.6
    assert result.stale and "응답하지 않습니다" in result.error.message
    assert result.age_text() == "14:00 발표, 3시간 15분 전"


def test_the_nowcast(fake, url):
    fake.nowcast_values.update(PTY="1", RN1="1.5")
    clock = ManualClock(kst(2025, 6, 25, 10, 39))
    result = client(url, clock).nowcast(*GWANGYANG)
    call = fake.calls[0]
    assert (call.op, call.base_date, call.base_time) == ("getUltraSrtNcst", "20250625", "0900")
    obs = result.value
    assert obs.at == kst(2025, 6, 25, 9, 0) and (obs.nx, obs.ny) == GWANGYANG
    assert obs.temperature_c == 12.3 and obs.humidity == 71 and obs.wind_speed == 1.4
    assert obs.wind_direction == 118 and obs.rain_1h.label == "1.5mm"
    assert obs.condition == ("비", "umbrella")
    assert result.age_text() == "09:00 관측, 1시간 39분 전"
    assert result.expires_at == kst(2025, 6, 25, 10, 44)  # 10:40 passed: look again soon


def test_a_late_nowcast_falls_back_an_hour_and_expires_at_the_next(fake, url):
    fake.unpublished.add(("20250625", "1000"))
    clock = ManualClock(kst(2025, 6, 25, 10, 41))
    result = client(url, clock).nowcast(*GWANGYANG)
    assert [c.base_time for c in fake.calls] == ["1000", "0900"]
    assert result.value.at == kst(2025, 6, 25, 9, 0) and result.value.condition is None
    assert result.expires_at == kst(2025, 6, 25, 10, 46)


def test_an_old_observation_is_not_served_for_long(fake, url):
    clock = ManualClock(kst(2025, 6, 25, 10, 45))
    kma = client(url, clock, retries=0)
    kma.nowcast(*GWANGYANG)  # 10:00, current until 11:40
    clock.now = kst(2025, 6, 25, 13, 0)
    fake.fail_next(1, 500)
    assert kma.nowcast(*GWANGYANG).stale
    clock.now = kst(2025, 6, 25, 13, 41)  # more than 2 hours past 11:40
    fake.fail_next(1, 500)
    with pytest.raises(PublicDataError):
        kma.nowcast(*GWANGYANG)


# settings ---------------------------------------------------------------------------------

def test_settings_come_from_MYG_KMA_and_hide_the_key(monkeypatch):
    monkeypatch.setenv("MYG_KMA_SERVICE_KEY", FAKE_KEY)
    monkeypatch.setenv("MYG_KMA_TIMEOUT_S", "3.5")
    monkeypatch.setenv("MYG_KMA_RETRIES", "1")
    settings = KmaSettings()
    assert settings.service_key == FAKE_KEY and settings.timeout_s == 3.5
    assert settings.retries == 1
    assert settings.base_url == "https://apis.data.go.kr/1360000/VilageFcstInfoService_2.0"
    kma = from_settings(settings)
    assert kma.retries == 1 and kma.timeout_s == 3.5
    for text in (repr(settings), str(settings), repr(kma)):
        assert FAKE_KEY not in text and quote(FAKE_KEY, safe="") not in text


def test_no_key_says_where_to_get_one(monkeypatch):
    monkeypatch.delenv("MYG_KMA_SERVICE_KEY", raising=False)
    with pytest.raises(PublicDataError) as caught:
        from_settings(KmaSettings(_env_file=None))
    assert "MYG_KMA_SERVICE_KEY" in caught.value.message
    assert "data.go.kr" in caught.value.message
