"""Collection dates per 읍면동: the area's weekdays, two days' notice, holidays skipped."""
from datetime import date

from myg_app.server.waste.areas import AREAS, BY_CODE, collection_dates


def test_twelve_areas_each_served_at_least_weekly():
    assert len(AREAS) == 12 and len(BY_CODE) == 12
    assert all(a.weekdays and all(0 <= d <= 4 for d in a.weekdays) for a in AREAS)


def test_dates_follow_weekdays_and_skip_chuseok():
    dates, skipped = collection_dates(BY_CODE["okgok"], date(2026, 9, 21))  # 옥곡면: Thursdays
    assert date(2026, 9, 24) not in dates and (date(2026, 9, 24), "추석 전날") in skipped
    assert dates[0] == date(2026, 10, 1) and all(d.weekday() == 3 for d in dates)
    assert all((d - date(2026, 9, 21)).days <= 28 for d in dates)


def test_two_days_notice():
    dates, _ = collection_dates(BY_CODE["gwangyang"], date(2026, 11, 30))  # a Monday
    assert dates[0] == date(2026, 12, 3)  # not Monday itself; Thursday is 3 days out
    dates, _ = collection_dates(BY_CODE["jinsang"], date(2026, 12, 5))  # Saturday, 진상면 Mondays
    assert dates[0] == date(2026, 12, 7)
