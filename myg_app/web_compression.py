"""Compressed responses for the web app's files (ASGI middleware around the Flet UI app).

The Flet web client is ~15 MB of WebAssembly, JavaScript and fonts, which Flet's static file
server sends uncompressed. This layer sends them gzip-compressed to browsers that accept it:

- **Static files** (found in the app's `assets/` or in flet_web's web dir, the order Flet itself
  looks them up) are compressed once, at level 9, and kept in memory and on disk
  (`MYG_WEB_CACHE_DIR`, default `~/.cache/myg/web-gz`), keyed by the file's path, size and
  mtime: after an upgrade of flet_web the new files get new copies. Answered here with
  `Content-Encoding: gzip`, `Vary: Accept-Encoding`, a strong ETag of the compressed bytes
  (304 on `If-None-Match`) and Flet's cross-origin isolation headers.
- **Everything else** text-like (the patched `index.html`, `manifest.json`, small JSON) goes
  through Flet and is compressed on the fly (Starlette's GZipMiddleware).

Files that are already compressed (WOFF2, PNG) and `Range` requests pass through untouched;
a client without `gzip` in Accept-Encoding gets the original bytes (with `Vary` set).
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import logging
import mimetypes
import os
import threading
from collections.abc import Iterable
from pathlib import Path

from starlette.datastructures import Headers
from starlette.middleware.gzip import GZipMiddleware

log = logging.getLogger(__name__)

# Extensions worth compressing (the rest are already compressed formats).
COMPRESSIBLE = {".wasm", ".js", ".mjs", ".json", ".html", ".css", ".otf", ".ttf", ".svg",
                ".txt", ".map", ".bin", ".symbols", ".xml", ".ico"}
MIN_SIZE = 1024
LEVEL = 9
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


def accepts_gzip(headers: Headers) -> bool:
    """Whether Accept-Encoding allows gzip (`gzip` or `*`, with a q-value above 0)."""
    for part in headers.get("accept-encoding", "").split(","):
        name, _, params = part.strip().partition(";")
        name = name.strip().lower()
        if name not in ("gzip", "*"):
            continue
        q = 1.0
        for p in params.split(";"):
            k, _, v = p.strip().partition("=")
            if k.strip() == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        return q > 0
    return False


class GzipCache:
    """gzip copies of files: memory, then disk, then compressed (once, in a worker thread)."""

    def __init__(self, cache_dir: Path | None):
        self.dir = cache_dir
        self._mem: dict[tuple, tuple[bytes, str]] = {}
        self._locks: dict[tuple, threading.Lock] = {}
        self._guard = threading.Lock()

    def get(self, src: Path, st: os.stat_result) -> tuple[bytes, str]:
        """(gzip bytes, ETag) of `src` as it is now (`st`)."""
        key = (str(src), st.st_size, st.st_mtime_ns)
        if (hit := self._mem.get(key)) is not None:
            return hit
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:  # concurrent first requests for one file compress it once
            if (hit := self._mem.get(key)) is None:
                hit = self._load_or_make(src, key)
                self._mem[key] = hit
        return hit

    def _load_or_make(self, src: Path, key: tuple) -> tuple[bytes, str]:
        name = hashlib.sha256(repr(key).encode()).hexdigest()[:32] + ".gz"
        path = self.dir / name if self.dir else None
        data = None
        if path is not None and path.is_file():
            data = path.read_bytes()
        if data is None:
            data = gzip.compress(src.read_bytes(), compresslevel=LEVEL, mtime=0)
            if path is not None:
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    tmp = path.with_suffix(f".{os.getpid()}.tmp")
                    tmp.write_bytes(data)
                    os.replace(tmp, path)
                except OSError as e:  # a read-only home: keep it in memory only
                    log.warning("web cache not written (%s): %s", path, e)
        etag = '"gz-' + hashlib.sha1(data).hexdigest()[:20] + '"'
        return data, etag


class CompressedStatic:
    """ASGI middleware: see the module docstring. `static_dirs` in Flet's lookup order."""

    def __init__(self, app, static_dirs: Iterable[Path], cache_dir: Path | None = None):
        self.app = app
        self.gzip_app = GZipMiddleware(app, minimum_size=MIN_SIZE, compresslevel=6)
        self.dirs = [Path(d).resolve() for d in static_dirs if d and Path(d).is_dir()]
        self.cache = GzipCache(cache_dir if cache_dir is not None else default_cache_dir())

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
        if ext and ext not in COMPRESSIBLE:
            await self.app(scope, receive, send)  # already compressed (woff2, png, ...)
            return
        if "range" in headers:
            await self.app(scope, receive, send)
            return
        if not accepts_gzip(headers):
            await self.app(scope, receive, _add_vary(send))
            return
        found = self.find(rel) if ext else None
        if found is None or found[1].st_size < MIN_SIZE:
            await self.gzip_app(scope, receive, send)
            return
        src, st = found
        data, etag = await asyncio.to_thread(self.cache.get, src, st)
        ctype = mimetypes.guess_type(src.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype.endswith(("javascript", "json")):
            ctype += "; charset=utf-8"
        out = [(b"content-type", ctype.encode()), (b"content-encoding", b"gzip"),
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
