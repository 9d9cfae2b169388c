"""Compressed responses for the web app's files (ASGI middleware around the Flet UI app).

The Flet web client is ~15 MB of WebAssembly, JavaScript and fonts, which Flet's static file
server sends uncompressed. This layer sends them compressed to browsers that accept it:

- **Static files** (found in the app's `assets/` or in flet_web's web dir, the order Flet itself
  looks them up) are compressed once and kept in memory and on disk (`MYG_WEB_CACHE_DIR`,
  default `~/.cache/myg/web-gz`), keyed by the file's path, size and mtime: after an upgrade
  of flet_web the new files get new copies.
  - `br` (Brotli, quality 11: main.dart.wasm 8.5 MB -> 2.1 MB) when the browser offers it and
    the copy exists. Quality 11 takes about a minute of CPU for the first-load files, so it is
    made in one low-priority background thread: at start-up for the first-load files (`warm`,
    or ahead of time with `python -m myg_app.web_compression`), otherwise after a first request.
  - `gzip` (level 9: 8.5 MB -> 2.8 MB, about a second) otherwise, made at the first request.
  Answered here with `Content-Encoding`, `Vary: Accept-Encoding`, a strong ETag of the
  compressed bytes (304 on `If-None-Match`), `Cache-Control: no-cache` (revalidate: file names
  carry no version) and Flet's cross-origin isolation headers.
- **Everything else** text-like (the patched `index.html`, `manifest.json`, small JSON) goes
  through Flet and is gzip-compressed on the fly (Starlette's GZipMiddleware).

Files that are already compressed (WOFF2, PNG) and `Range` requests pass through untouched;
a client that accepts neither encoding gets the original bytes (with `Vary` set).
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import logging
import mimetypes
import os
import queue
import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from starlette.datastructures import Headers
from starlette.middleware.gzip import GZipMiddleware

try:
    import brotli
except ImportError:  # optional: without it, gzip only
    brotli = None

log = logging.getLogger(__name__)

# Extensions worth compressing (the rest are already compressed formats).
COMPRESSIBLE = {".wasm", ".js", ".mjs", ".json", ".html", ".css", ".otf", ".ttf", ".svg",
                ".txt", ".map", ".bin", ".symbols", ".xml", ".ico"}
MIN_SIZE = 1024
GZIP_LEVEL = 9
BROTLI_QUALITY = 11
# What a first visit downloads before the first frame (wasm renderer), relative to the web dir
# or assets/: compressed in the background at start-up. The JS/CanvasKit build for browsers
# without WasmGC is compressed when first asked for.
FIRST_LOAD = ["main.dart.wasm", "main.dart.mjs", "canvaskit/skwasm.wasm", "canvaskit/skwasm.js",
              "flutter_bootstrap.js", "python.js", "assets/fonts/MaterialIcons-Regular.otf",
              "assets/packages/cupertino_icons/assets/CupertinoIcons.ttf"]
# Files Flet writes per server into its temp dir (patched from assets/ or its web dir):
# never taken from disk here.
PATCHED = {"", "index.html", "manifest.json", "assets/FontManifest.json"}
# What flet_web's CustomHeadersMiddleware adds to its responses (skwasm threads need the
# page cross-origin isolated); our own responses must carry them too.
FLET_HEADERS = [(b"cross-origin-opener-policy", b"same-origin"),
                (b"cross-origin-embedder-policy", b"require-corp"),
                (b"access-control-allow-origin", b"*")]

mimetypes.add_type("text/javascript", ".mjs")
mimetypes.add_type("application/wasm", ".wasm")
mimetypes.add_type("font/otf", ".otf")
mimetypes.add_type("font/ttf", ".ttf")


def default_cache_dir() -> Path:
    if d := os.environ.get("MYG_WEB_CACHE_DIR"):
        return Path(d)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "myg" / "web-gz"


def accepted(headers: Headers) -> set[str]:
    """Encodings Accept-Encoding allows (q > 0); `*` stands for gzip and br."""
    out: set[str] = set()
    for part in headers.get("accept-encoding", "").split(","):
        name, _, params = part.strip().partition(";")
        name = name.strip().lower()
        if not name:
            continue
        q = 1.0
        for p in params.split(";"):
            k, _, v = p.strip().partition("=")
            if k.strip() == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        if q > 0:
            out.update(("gzip", "br") if name == "*" else (name,))
    return out


class CompressedCache:
    """Compressed copies of files: memory, then disk, then made (gzip now, br in the background)."""

    def __init__(self, cache_dir: Path | None):
        self.dir = cache_dir
        self._mem: dict[tuple, tuple[bytes, str]] = {}
        self._locks: dict[tuple, threading.Lock] = {}
        self._guard = threading.Lock()
        self._jobs: queue.Queue = queue.Queue()
        self._queued: set[tuple] = set()
        self._worker: threading.Thread | None = None

    @staticmethod
    def key(src: Path, st: os.stat_result, enc: str) -> tuple:
        return (str(src), st.st_size, st.st_mtime_ns, enc)

    def _disk(self, key: tuple) -> Path | None:
        if self.dir is None:
            return None
        return self.dir / (hashlib.sha256(repr(key).encode()).hexdigest()[:32] + "." + key[3])

    def cached(self, src: Path, st: os.stat_result, enc: str) -> tuple[bytes, str] | None:
        """The copy if already made (memory or disk), without making it."""
        key = self.key(src, st, enc)
        if (hit := self._mem.get(key)) is not None:
            return hit
        path = self._disk(key)
        if path is not None and path.is_file():
            data = path.read_bytes()
            hit = self._mem[key] = (data, _etag(enc, data))
            return hit
        return None

    def get(self, src: Path, st: os.stat_result, enc: str) -> tuple[bytes, str]:
        """(compressed bytes, ETag) of `src` as it is now (`st`), made if needed."""
        key = self.key(src, st, enc)
        if (hit := self.cached(src, st, enc)) is not None:
            return hit
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:  # concurrent first requests for one file compress it once
            if (hit := self.cached(src, st, enc)) is None:
                data = compress(src.read_bytes(), enc)
                self._store(key, data)
                hit = self._mem[key] = (data, _etag(enc, data))
        return hit

    def _store(self, key: tuple, data: bytes) -> None:
        path = self._disk(key)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
            tmp.write_bytes(data)
            os.replace(tmp, path)
        except OSError as e:  # a read-only home: memory only
            log.warning("web cache not written (%s): %s", path, e)

    def make_later(self, src: Path, st: os.stat_result, enc: str, delay: float = 0.0) -> None:
        """Queue a copy for the background thread (one at a time, low CPU priority)."""
        key = self.key(src, st, enc)
        with self._guard:
            if key in self._queued or key in self._mem:
                return
            self._queued.add(key)
            if self._worker is None:
                self._worker = threading.Thread(target=self._work, name="web-compress",
                                                daemon=True)
                self._worker.start()
        self._jobs.put((time.monotonic() + delay, src, st, enc))

    def _work(self) -> None:
        if sys.platform.startswith("linux"):
            try:  # below the server's own threads: pages are served first
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
            except OSError:
                pass
        while True:
            at, src, st, enc = self._jobs.get()
            if (wait := at - time.monotonic()) > 0:
                time.sleep(wait)
            try:
                self.get(src, st, enc)
            except Exception:
                log.exception("compressing %s (%s) failed", src, enc)


def compress(data: bytes, enc: str) -> bytes:
    if enc == "br":
        return brotli.compress(data, quality=BROTLI_QUALITY, lgwin=24)
    return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)


def _etag(enc: str, data: bytes) -> str:
    return f'"{enc}-' + hashlib.sha1(data).hexdigest()[:20] + '"'


class CompressedStatic:
    """ASGI middleware: see the module docstring. `static_dirs` in Flet's lookup order."""

    def __init__(self, app, static_dirs: Iterable[Path], cache_dir: Path | None = None,
                 *, brotli_enabled: bool = True):
        self.app = app
        self.gzip_app = GZipMiddleware(app, minimum_size=MIN_SIZE, compresslevel=6)
        self.dirs = [Path(d).resolve() for d in static_dirs if d and Path(d).is_dir()]
        self.cache = CompressedCache(cache_dir if cache_dir is not None else default_cache_dir())
        self.br = brotli_enabled and brotli is not None

    def find(self, rel: str) -> tuple[Path, os.stat_result] | None:
        if rel in PATCHED or rel.endswith("/") or "\\" in rel or rel.startswith("."):
            return None
        for d in self.dirs:
            p = (d / rel).resolve()
            if not p.is_relative_to(d):
                return None  # ../ tricks
            try:
                st = p.stat()
            except OSError:
                continue
            if p.is_file():
                return p, st
        return None

    def warm(self, files: Iterable[str] = FIRST_LOAD, delay: float = 5.0) -> None:
        """Make the copies of `files` in the background, starting after `delay` seconds (so
        the server's own start-up is not slowed). Cheap when the disk cache has them."""
        for rel in files:
            if (found := self.find(rel)) is None:
                continue
            src, st = found
            if self.cache.cached(src, st, "gzip") is None:
                self.cache.make_later(src, st, "gzip", delay)
            if self.br and self.cache.cached(src, st, "br") is None:
                self.cache.make_later(src, st, "br", delay)

    def warm_now(self, files: Iterable[str] = FIRST_LOAD) -> list[tuple[str, int, dict]]:
        """Make the copies of `files` at once; [(file, size, {encoding: compressed size})]."""
        out = []
        for rel in files:
            if (found := self.find(rel)) is None:
                continue
            src, st = found
            sizes = {enc: len(self.cache.get(src, st, enc)[0])
                     for enc in (("br", "gzip") if self.br else ("gzip",))}
            out.append((rel, st.st_size, sizes))
        return out

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        root = scope.get("root_path", "")
        if root and path.startswith(root):
            path = path[len(root):]
        rel = path.lstrip("/")
        headers = Headers(scope=scope)
        ext = os.path.splitext(rel)[1].lower()
        if (ext and ext not in COMPRESSIBLE) or "range" in headers:
            await self.app(scope, receive, send)  # already compressed (woff2, png), or partial
            return
        encodings = accepted(headers)
        if "gzip" not in encodings and not (self.br and "br" in encodings):
            await self.app(scope, receive, _add_vary(send))
            return
        found = self.find(rel) if ext else None
        if found is None or found[1].st_size < MIN_SIZE:
            if "gzip" in encodings:
                await self.gzip_app(scope, receive, send)
            else:
                await self.app(scope, receive, _add_vary(send))
            return
        src, st = found
        hit = None
        if self.br and "br" in encodings:
            hit = await asyncio.to_thread(self.cache.cached, src, st, "br")
            if hit is None:
                self.cache.make_later(src, st, "br")  # for the next visitor; gzip now
            enc = "br"
        if hit is None:
            if "gzip" not in encodings:
                await self.app(scope, receive, _add_vary(send))
                return
            enc = "gzip"
            hit = await asyncio.to_thread(self.cache.get, src, st, "gzip")
        data, etag = hit
        ctype = mimetypes.guess_type(src.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype.endswith(("javascript", "json")):
            ctype += "; charset=utf-8"
        out = [(b"content-type", ctype.encode()), (b"content-encoding", enc.encode()),
               (b"vary", b"Accept-Encoding"), (b"etag", etag.encode()),
               (b"cache-control", b"no-cache"), *FLET_HEADERS]
        if etag in [t.strip() for t in headers.get("if-none-match", "").split(",")]:
            await send({"type": "http.response.start", "status": 304, "headers": out})
            await send({"type": "http.response.body", "body": b""})
            return
        out.append((b"content-length", str(len(data)).encode()))
        await send({"type": "http.response.start", "status": 200, "headers": out})
        await send({"type": "http.response.body",
                    "body": b"" if scope["method"] == "HEAD" else data})


def _add_vary(send):
    async def wrapped(message):
        if message["type"] == "http.response.start":
            hs = list(message.get("headers", []))
            if not any(k.lower() == b"vary" for k, _ in hs):
                hs.append((b"vary", b"Accept-Encoding"))
            message = {**message, "headers": hs}
        await send(message)
    return wrapped


def main() -> None:
    """Fill the disk cache for the first-load files now (else the server does it in the
    background): `uv run python -m myg_app.web_compression`."""
    import flet_web

    assets = Path(__file__).resolve().parent.parent / "assets"  # launcher.ASSETS
    cs = CompressedStatic(None, [assets, Path(flet_web.get_package_web_dir())])
    t = time.monotonic()
    for rel, size, sizes in cs.warm_now():
        print(f"{rel:58} {size:>10,} -> " + ", ".join(f"{e} {n:,}" for e, n in sizes.items()))
    print(f"cache: {cs.cache.dir} ({time.monotonic() - t:.1f} s)")


if __name__ == "__main__":
    main()
