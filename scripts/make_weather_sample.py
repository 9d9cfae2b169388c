"""Writes myg_app/server/weather/data/sample_village.json: the 날씨 screen's bundled example for a
server without a 기상청 key (server/weather/source.py serves it labelled 예시 자료).

It is a getVilageFcst answer *written by us*, not recorded: the recorded answer in
tests/data/kma holds 10 of 809 rows of another cell, too few for a screen. The shape follows
the recording and the API guide (one item per category and forecast hour, values as strings,
TMN at 06:00, TMX at 15:00, PCP/SNO as the 기상청's words); the figures are an ordinary early
December in 광양 (cell 73,70), with a rainy afternoon on the second day. Run:

    uv run python -m scripts.make_weather_sample
"""
from __future__ import annotations

import json
import math
from datetime import datetime, timedelta
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "myg_app/server/weather/data/sample_village.json"
BASE = datetime(2026, 12, 1, 2, 0)
NX, NY = 73, 70
LOWS, HIGHS = (1.0, 4.0, 0.0, -1.0), (11.0, 9.0, 7.0, 9.0)


def hour_values(at: datetime) -> dict[str, str]:
    day = (at.date() - BASE.date()).days
    low, high = LOWS[day], HIGHS[day]
    # The day's low near 06:00, the high near 15:00.
    phase = math.cos((at.hour - 15) / 24 * 2 * math.pi)
    temp = round(low + (high - low) * (phase + 1) / 2)
    rainy = day == 1 and 12 <= at.hour <= 20
    sky = 4 if rainy else (3 if day == 1 or (day == 2 and at.hour < 10) else 1)
    pop = {True: 70 if 14 <= at.hour <= 18 else 60, False: 30 if sky >= 3 else 0}[rainy]
    pcp = ("1.0mm" if 15 <= at.hour <= 17 else "1mm 미만") if rainy else "강수없음"
    wsd = 1.5 + (2.5 if day == 2 else 1.0) * (1 + math.sin(at.hour / 24 * 2 * math.pi)) / 2
    vec = 320 if day >= 2 else 200  # the cold north-westerly after the rain
    u = -wsd * math.sin(math.radians(vec))
    v = -wsd * math.cos(math.radians(vec))
    return {"TMP": str(temp), "UUU": f"{u:.1f}", "VVV": f"{v:.1f}", "VEC": str(vec),
            "WSD": f"{wsd:.1f}", "SKY": str(sky), "PTY": "1" if rainy else "0", "POP": str(pop),
            "WAV": "0.5", "PCP": pcp, "REH": str(85 if rainy else 55 + (10 if at.hour < 9 else 0)),
            "SNO": "적설없음"}


def main() -> None:
    items = []
    at = BASE + timedelta(hours=1)
    while at.date() <= BASE.date() + timedelta(days=3):
        for category, value in hour_values(at).items():
            items.append({"baseDate": f"{BASE:%Y%m%d}", "baseTime": f"{BASE:%H%M}",
                          "category": category, "fcstDate": f"{at:%Y%m%d}",
                          "fcstTime": f"{at:%H%M}", "fcstValue": value, "nx": NX, "ny": NY})
        day = (at.date() - BASE.date()).days
        if at.hour == 6:
            items.append({**items[-1], "category": "TMN", "fcstValue": f"{LOWS[day]:.1f}"})
        if at.hour == 15:
            items.append({**items[-1], "category": "TMX", "fcstValue": f"{HIGHS[day]:.1f}"})
        at += timedelta(hours=1)
    body = {"response": {"header": {"resultCode": "00", "resultMsg": "NORMAL_SERVICE"},
                         "body": {"dataType": "JSON", "items": {"item": items}, "pageNo": 1,
                                  "numOfRows": len(items), "totalCount": len(items)}}}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(body, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"{OUT}: {len(items)} items")


if __name__ == "__main__":
    main()
