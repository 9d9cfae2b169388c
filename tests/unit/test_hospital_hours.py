"""Opening hours of 국립중앙의료원 (dutyTime{n}s/c) and "open now" in Korean time: past midnight,
2400, numbers for strings, public holidays (calendar_kr), and the samples' parsing."""
from __future__ import annotations

from datetime import datetime

import pytest

from myg_app.seoul_time import SEOUL
from myg_app.server.hospital import hours, service
from myg_app.server.hospital.places import DEMO_MARK, merge, parse_hira, parse_nmc


def at(*args) -> datetime:
    return datetime(*args, tzinfo=SEOUL)


@pytest.mark.parametrize("value,minutes", [("0900", 540), ("900", 540), (900, 540), ("2400", 1440),
                                           ("0000", 0), ("", None), (None, None), (" ", None),
                                           ("12:00", None), ("0960", None), ("abcd", None),
                                           (True, None), ("99999", None)])
def test_hhmm(value, minutes):
    assert hours.hhmm(value) == minutes


def test_spans_past_midnight_and_all_day():
    assert hours.span("1800", "0200") == hours.Span(1080, 1560)
    assert hours.span("1800", "0200").text == "18:00~다음날 02:00"
    assert hours.span("0000", "2400").text == "24시간"
    assert hours.span("0900", "2400").text == "09:00~24:00"
    assert hours.span("0900", "") is None


WEEKDAYS = {**{f"dutyTime{d}s": "0900" for d in range(1, 6)},
            **{f"dutyTime{d}c": "1800" for d in range(1, 6)}}
LATE = {**{f"dutyTime{d}s": "1800" for d in range(1, 8)},
        **{f"dutyTime{d}c": "0200" for d in range(1, 8)}}


def test_open_now_on_weekdays_and_closed_at_the_end():
    week = hours.week_of(WEEKDAYS)
    assert hours.is_open(week, at(2026, 12, 4, 9, 0)) is True  # Friday
    assert hours.is_open(week, at(2026, 12, 4, 17, 59)) is True
    assert hours.is_open(week, at(2026, 12, 4, 18, 0)) is False
    assert hours.is_open(week, at(2026, 12, 5, 10, 0)) is False  # Saturday
    assert hours.today_text(week, at(2026, 12, 5, 10, 0)) == "오늘 휴진"
    assert hours.is_open({}, at(2026, 12, 4, 10, 0)) is None
    assert hours.today_text({}, at(2026, 12, 4, 10, 0)) == "진료시간 정보 없음"


def test_open_past_midnight_counts_yesterday():
    week = hours.week_of(LATE)  # 월–일 18:00–02:00, not on 공휴일
    assert hours.is_open(week, at(2026, 12, 5, 1, 30)) is True  # Friday night's hours
    assert hours.is_open(week, at(2026, 12, 5, 2, 0)) is False
    assert hours.open_at_night(week, at(2026, 12, 4, 12, 0))


def test_public_holiday_uses_the_holiday_hours():
    # 2026-12-25 (성탄절) is a Friday: the 공휴일 hours apply, not Friday's.
    week = hours.week_of(WEEKDAYS)
    assert hours.day_of(at(2026, 12, 25, 10, 0)) == hours.HOLIDAY
    assert hours.is_open(week, at(2026, 12, 25, 10, 0)) is False
    week = hours.week_of({**WEEKDAYS, "dutyTime8s": "1000", "dutyTime8c": "1500"})
    assert hours.is_open(week, at(2026, 12, 25, 10, 0)) is True
    assert hours.open_on_holidays(week)
    texts = hours.day_texts(week, at(2026, 12, 25, 10, 0))
    assert texts[-1] == ("공휴일", "10:00~15:00", True) and texts[5] == ("토", "휴진", False)
    # Late hours of the day before a holiday still run past midnight into it.
    late = hours.week_of(LATE)
    assert hours.is_open(late, at(2026, 12, 25, 1, 0)) is True
    assert hours.is_open(late, at(2026, 12, 26, 1, 0)) is False  # 공휴일 had none


def test_parse_quirks_skip_bad_items_and_merge_by_phone():
    nmc = parse_nmc([{"hpid": "A1", "dutyName": "가 의원", "dutyTel1": "061-000-1111",
                      "wgs84Lat": "", "wgs84Lon": "0", "dutyEryn": "1"},
                     {"dutyName": "no id"}, {"hpid": "../x", "dutyName": "bad id"}], "hospital")
    assert [p.id for p in nmc] == ["n-A1"] and nmc[0].lat is None and nmc[0].lon is None
    assert nmc[0].emergency
    hira = parse_hira([{"ykiho": "a+b/c==", "yadmNm": "가 의원", "telno": "0610001111",
                        "XPos": 127.7, "YPos": "34.94", "clCdNm": "의원"},
                       {"ykiho": "zz", "yadmNm": "나 한의원", "telno": "061-000-2222"},
                       {"yadmNm": "no ykiho"}], "hospital")
    assert len(hira) == 2 and hira[0].id.startswith("y-") and hira[0].lat == 34.94
    merged = merge(nmc, hira)
    assert [p.name for p in merged] == ["가 의원", "나 한의원"]
    assert merged[0].category == "의원" and merged[0].lat == 34.94  # lent by HIRA


def test_the_samples_are_marked_and_parse_with_the_live_parsers():
    for kind in ("hospital", "pharmacy"):
        places = service.sample(kind)
        assert len(places) >= 5
        assert all(p.name.startswith(DEMO_MARK) and p.demo for p in places)
        assert all(p.phone is None or p.phone.startswith("061-000-") for p in places)
    pharmacies = {p.name: p for p in service.sample("pharmacy")}
    allday = pharmacies["(예시) 중마 24시 약국"]
    assert hours.is_open(dict(allday.week), at(2026, 12, 25, 3, 0))  # any hour, holidays too
    assert any(p.moonlight for p in service.sample("hospital"))
    assert any(p.emergency for p in service.sample("hospital"))
