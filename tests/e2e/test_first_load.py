"""A first visit: compressed downloads, nothing failed, nothing fetched from another origin, a
Korean page (lang, splash) that can be zoomed, and Korean text readable with the first screen.

The same probe as tests/bench/bench_first_load.py (which adds a throttled line and timings).
"""

from __future__ import annotations

import re

import httpx
import pytest

from tests.bench.bench_first_load import load_page

BIG = ("main.dart.wasm", "canvaskit/skwasm.wasm", "assets/fonts/MaterialIcons-Regular.otf")


@pytest.fixture
def first_visit(browser, server):
    ctx = browser.new_context(viewport={"width": 400, "height": 860}, locale="ko-KR")
    try:
        yield load_page(ctx, server + "/", settle_ms=2000, timeout_ms=90_000)
    finally:
        ctx.close()


def test_first_visit_is_clean_korean_and_compressed(first_visit):
    r = first_visit
    assert r.failed == [], f"failed requests: {r.failed}"
    assert r.outside == [], f"requests to other origins: {r.outside}"
    assert r.lang.lower().startswith("ko"), r.lang
    vp = r.viewport.replace(" ", "").lower()
    assert "width=device-width" in vp and "initial-scale=1" in vp, r.viewport
    assert "user-scalable=no" not in vp and "user-scalable=0" not in vp, r.viewport
    assert not re.search(r"maximum-scale=1(\.0*)?(,|$)", vp), r.viewport
    by_path = {re.sub(r"^https?://[^/]+/", "", q["url"]): q for q in r.requests}
    for path in BIG:
        assert path in by_path, f"{path} not loaded: {sorted(by_path)}"
        assert by_path[path]["encoding"] in ("br", "gzip"), (path, by_path[path])
        assert "accept-encoding" in by_path[path]["vary"].lower(), (path, by_path[path])
    # The Korean font comes with the engine, before the first frame: no 4.7 MB TTF, no
    # Noto fallback downloads.
    assert "assets/fonts/NanumGothic-web.woff2" in by_path
    assert not [u for u in by_path if u.endswith(".ttf") and "Nanum" in u]
    assert not [u for u in by_path if "notosans" in u.lower()]
    assert r.bytes < 6_000_000, f"{r.bytes:,} bytes"
    # Readable: the home screen's Korean text is in the page, its font loaded already.
    assert r.korean_fonts_s is not None and r.korean_fonts_s <= r.korean_semantics_s
    r.page.wait_for_function(
        """() => Array.from(document.querySelectorAll('flt-semantics')).some(e =>
             /[가-힣]/.test((e.getAttribute('aria-label') || '') + (e.textContent || '')))""",
        timeout=15_000)


def test_splash_is_korean_and_encodings_are_honoured(server):
    page = httpx.get(server + "/", headers={"Accept-Encoding": "gzip"})
    html = page.text
    assert page.headers.get("content-encoding") == "gzip"
    assert '<html lang="ko">' in html
    assert "불러오는 중" in html and "<title>MY광양</title>" in html
    assert "Working..." not in html
    wasm = server + "/main.dart.wasm"
    plain = httpx.get(wasm, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert "accept-encoding" in plain.headers.get("vary", "").lower()
    gz = httpx.get(wasm, headers={"Accept-Encoding": "gzip"})
    assert gz.headers["content-encoding"] == "gzip"
    assert gz.content == plain.content  # httpx decodes: the same bytes
    assert int(gz.headers["content-length"]) < len(plain.content) / 2
    again = httpx.get(wasm, headers={"Accept-Encoding": "gzip",
                                     "If-None-Match": gz.headers["etag"]})
    assert again.status_code == 304
    assert gz.headers["cross-origin-embedder-policy"] == "require-corp"
