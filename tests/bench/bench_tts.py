"""Benchmark: time to the first sound of 음성 안내 on the web (GET /api/v1/tts).

    cd /work/main && uv run python -m tests.bench.bench_tts [--rounds 30]

The browser starts playing a WAV as soon as its first bytes arrive, so the time to the first
sound is the server's answer time plus the transfer of the start of the file. Printed,
p50/p95/max in ms, through the ASGI app in process:
- cold: a sentence never read before (espeak-ng runs), for chatbot answers and screens of
  60 to 600 characters;
- warm: the same sentence again (the cache answers);
- baseline in the same run: GET /api/v1/health (routing and JSON only).
The browser's own share (decoding, the audio device) is measured by the e2e test
(tests/e2e/test_chatbot.py prints tap-to-playing). Never fails on time.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SENTENCE = ("대형폐기물은 MY광양 '대형폐기물 배출 신고'에서 버릴 물건을 고르고 수거일을 정한 뒤 "
            "수수료를 결제하면 배출번호가 나와요.")


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def line(name: str, ms: list[float]) -> str:
    return (f"{name:<30} n={len(ms):<4} p50={statistics.median(ms):7.1f}  "
            f"p95={pct(ms, 95):7.1f}  max={max(ms):7.1f}")


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--rounds", type=int, default=30)
    args = p.parse_args()
    from fastapi.testclient import TestClient

    from myg_app.server.app import create_app
    from myg_app.server.db import migrate
    from tests.api.conftest import make_settings

    with tempfile.TemporaryDirectory() as d:
        settings = make_settings(Path(d), f"sqlite:///{d}/b.sqlite3")
        migrate(settings)
        with TestClient(create_app(settings)) as c:
            def timed(path: str, **params) -> float:
                t = time.perf_counter()
                r = c.get(path, params=params)
                assert r.status_code == 200, r.text
                return (time.perf_counter() - t) * 1000

            timed("/api/v1/health/live")
            base = [timed("/api/v1/health/live") for _ in range(args.rounds)]
            results = {"baseline /health/live": base}
            for size in (60, 200, 600):
                text = (SENTENCE * 10)[:size - 4]
                results[f"cold, {size} chars"] = [timed("/api/v1/tts", text=f"{n:03d} {text}")
                                                  for n in range(args.rounds)]
            results["warm (cached), 200 chars"] = [
                timed("/api/v1/tts", text="000 " + (SENTENCE * 10)[:196])
                for _ in range(args.rounds)]
    for name, ms in results.items():
        print(line(name, ms))
    print(f"cold 200 chars / baseline p50: "
          f"{statistics.median(results['cold, 200 chars']) / statistics.median(base):.1f}x")


if __name__ == "__main__":
    main()
