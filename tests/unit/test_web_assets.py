"""The web first load's own files (assets/) and the compression layer, without a browser."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import httpx
import pytest
from fontTools.ttLib import TTFont

from myg_app import web_compression as wc
from myg_app.client.theme import FONT

ROOT = Path(__file__).resolve().parents[2]
ASSETS = ROOT / "assets"


def test_font_manifest_names_the_korean_subset():
    manifest = json.loads((ASSETS / "assets" / "FontManifest.json").read_text())
    fams = {f["family"]: f["fonts"] for f in manifest}
    assert fams[FONT] == [{"asset": "fonts/NanumGothic-web.woff2"}]
    for fonts in fams.values():
        for f in fonts:  # every entry exists here or in flet_web's web dir
            import flet_web

            rel = Path("assets") / f["asset"]
            assert (ASSETS / rel).exists() or (Path(flet_web.get_package_web_dir()) / rel).exists()


def test_korean_subset_covers_hangul_and_every_character_of_the_client():
    font = TTFont(ASSETS / "assets" / "fonts" / "NanumGothic-web.woff2")
    cmap = font.getBestCmap()
    assert all(c in cmap for c in range(0xAC00, 0xD7A4))  # all 11,172 syllables
    assert all(c in cmap for c in range(0x20, 0x7F))
    used = set()
    for p in (ROOT / "myg_app").rglob("*.py"):
        if "server" not in p.parts:
            used.update(p.read_text(encoding="utf-8"))
    full = TTFont(ASSETS / "fonts" / "NanumGothic.ttf").getBestCmap()
    missing = {ch for ch in used if ord(ch) >= 0x20 and ord(ch) in full and ord(ch) not in cmap}
    assert not missing, f"run scripts/make_web_assets.py: {sorted(missing)}"
    assert (ASSETS / "assets" / "fonts" / "NanumGothic-web.woff2").stat().st_size < 400_000


def test_index_is_korean_zoomable_and_keeps_flets_markers():
    html = (ASSETS / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ko">' in html
    vp = re.search(r'<meta name="viewport" content="([^"]+)"', html).group(1)
    assert vp == "width=device-width, initial-scale=1"
    assert "<!-- fletAppConfig -->" in html and '<base href="/">' in html  # Flet patches these
    assert "불러오는 중" in html
    assert "https://" not in html.replace("https://cdn.jsdelivr.net/npm/@rive-app/", "")


def test_accepted_encodings():
    h = lambda v: wc.Headers(headers={"accept-encoding": v})  # noqa: E731
    assert wc.accepted(h("gzip, deflate, br, zstd")) >= {"gzip", "br"}
    assert wc.accepted(h("gzip;q=0, br")) == {"br"}
    assert wc.accepted(h("identity")) == {"identity"}
    assert wc.accepted(h("*")) >= {"gzip", "br"}
    assert wc.accepted(wc.Headers(headers={})) == set()


@pytest.fixture
def static_app(tmp_path):
    files = tmp_path / "web"
    (files / "sub").mkdir(parents=True)
    (files / "big.wasm").write_bytes(b"\0asm" + b"abc" * 5000)
    (files / "sub" / "a.js").write_text("console.log(1);" * 200)
    (files / "font.woff2").write_bytes(b"w" * 5000)
    (files / "index.html").write_text("<p>patched by flet</p>" * 100)

    async def inner(scope, receive, send):  # stands for Flet's static files
        name = scope["path"].lstrip("/") or "index.html"
        p = files / name
        body = p.read_bytes() if p.is_file() else b"not found"
        await send({"type": "http.response.start", "status": 200 if p.is_file() else 404,
                    "headers": [(b"content-type", b"text/html"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    app = wc.CompressedStatic(inner, [files], cache_dir=tmp_path / "cache")
    return app, files


async def _get(app, path, **headers):
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://t") as c:
        return await c.get(path, headers=headers)


async def test_static_files_compressed_cached_and_revalidated(static_app, tmp_path):
    app, files = static_app
    raw = (files / "big.wasm").read_bytes()
    r = await _get(app, "/big.wasm", **{"accept-encoding": "gzip"})
    assert r.headers["content-encoding"] == "gzip" and r.content == raw
    assert r.headers["content-type"] == "application/wasm"
    assert r.headers["vary"] == "Accept-Encoding"
    assert r.headers["cross-origin-opener-policy"] == "same-origin"
    assert list((tmp_path / "cache").glob("*.gzip"))  # kept on disk
    r304 = await _get(app, "/big.wasm", **{"accept-encoding": "gzip",
                                            "if-none-match": r.headers["etag"]})
    assert r304.status_code == 304
    plain = await _get(app, "/big.wasm", **{"accept-encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.content == raw
    assert plain.headers["vary"] == "Accept-Encoding"


async def test_brotli_once_made_in_the_background(static_app):
    if wc.brotli is None:
        pytest.skip("brotli not installed")
    app, files = static_app
    first = await _get(app, "/big.wasm", **{"accept-encoding": "gzip, br"})
    assert first.headers["content-encoding"] == "gzip"  # br is being made
    src, st = app.find("big.wasm")
    app.cache.get(src, st, "br")  # what the background thread does
    r = await _get(app, "/big.wasm", **{"accept-encoding": "gzip, br"})
    assert r.headers["content-encoding"] == "br"
    assert r.content == (files / "big.wasm").read_bytes()  # httpx decodes br


async def test_patched_and_precompressed_files_go_through_flet(static_app):
    app, files = static_app
    idx = await _get(app, "/", **{"accept-encoding": "gzip"})
    assert idx.text.startswith("<p>patched by flet</p>")  # Flet's copy, gzipped on the fly
    assert idx.headers["content-encoding"] == "gzip"
    woff = await _get(app, "/font.woff2", **{"accept-encoding": "gzip"})
    assert "content-encoding" not in woff.headers
    missing = await _get(app, "/nope.js", **{"accept-encoding": "gzip"})
    assert missing.status_code == 404
    sneaky = await _get(app, "/sub/../../cache/x.js", **{"accept-encoding": "gzip"})
    assert sneaky.status_code == 404


def test_gzip_copy_is_deterministic(tmp_path):
    f = tmp_path / "x.js"
    f.write_text("let a = 1;\n" * 500)
    c = wc.CompressedCache(None)
    data, etag = c.get(f, f.stat(), "gzip")
    assert gzip.decompress(data) == f.read_bytes()
    assert wc.CompressedCache(None).get(f, f.stat(), "gzip")[1] == etag
