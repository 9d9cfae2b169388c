"""The bundled weather sample is moved to today; at every hour of the day (the small hours
included, before the sample's own 05:00 publication) it has a forecast hour for now, so the
screen always shows 지금 날씨 (a failure seen at 02:38 KST)."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from myg_app.seoul_time import SEOUL
from myg_app.server.weather.source import Sample


@pytest.mark.parametrize("hour", range(24))
def test_the_sample_has_a_current_hour_all_day(hour):
    now = datetime(2026, 12, 5, hour, 38, tzinfo=SEOUL)
    answer = Sample().observation(73, 70, now)
    assert answer is not None, hour
    f = Sample().forecast(73, 70, now).value
    ahead = f.upcoming(now, 24)
    assert len(ahead) == 24 and ahead[-1].at - ahead[0].at == timedelta(hours=23)
