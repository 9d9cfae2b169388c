"""Benchmark: a first visit to the web app on a slow line, bytes and time to readable Korean.

    cd /work/main && uv run python -m tests.bench.bench_first_load [--runs 3] [--mbps 10]
    uv run python -m tests.bench.bench_first_load --url http://127.0.0.1:8550   # a running server

Starts `python main.py --web` (fresh data dir) unless `--url` is given, then opens `/` in a
fresh headless Chromium context (empty cache) with the network throttled through CDP
`Network.emulateNetworkConditions` (default 10 Mbit/s down, 5 up, 40 ms latency). Per run:

- bytes on the wire (CDP `encodedDataLength`, i.e. after Content-Encoding) and requests;
- failed requests (network errors and HTTP >= 400) and requests to another origin;
  the server is measured in its steady state: API up, one unthrottled visit first
  (`--no-warm-up` to include the very first one);
- splash -> first frame, and **readable**: a semantics node holds Hangul text *and* every
  Korean font response has arrived (before that, Flutter draws Korean as empty boxes).

Prints the figures and the medians; never fails on timing (exit 1 only if a run breaks).
`tests/e2e/test_first_load.py` uses `load_page` to assert the same facts without throttling.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import CHROME_ARGS, chromium_path, start_server, stop_server  # noqa: E402

TIMEOUT_MS = 120_000
# Each animation frame: turn semantics on once the placeholder exists, note when a semantics
# node first holds Hangul, and when the first Flutter frame replaced the splash.
PROBE_JS = r"""
(() => {
  window.__probe = {korean: null, firstFrame: null};
  window.addEventListener('flutter-first-frame',
    () => { window.__probe.firstFrame = performance.now(); }, {once: true});
  const hangul = /[\uAC00-\uD7A3]/;
  const tick = () => {
    const p = window.__probe;
    if (p.korean === null) {
      if (!document.querySelector('flt-semantics')) {
        const ph = document.querySelector('flt-semantics-placeholder');
        if (ph) ph.click();
      }
      for (const e of document.querySelectorAll('flt-semantics')) {
        const t = (e.getAttribute('aria-label') || '') +
                  (e.childElementCount === 0 ? (e.textContent || '') : '');
        if (hangul.test(t)) { p.korean = performance.now(); break; }
      }
    }
    if (p.korean === null) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();
"""
KOREAN_FONT_HINTS = ("nanum", "notosanskr", "noto_sans_kr", "notosans-kr")


@dataclass
class Load:
    url: str
    requests: list[dict] = field(default_factory=list)  # url, status, bytes, encoding, type
    failed: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    first_frame_s: float | None = None
    korean_semantics_s: float | None = None
    korean_fonts_s: float | None = None
    lang: str = ""
    viewport: str = ""
    page: object = None  # the Playwright page, left open for callers that keep checking

    @property
    def bytes(self) -> int:
        return sum(r["bytes"] for r in self.requests)

    @property
    def readable_s(self) -> float | None:
        if self.korean_semantics_s is None:
            return None
        return max(self.korean_semantics_s, self.korean_fonts_s or 0.0)


def load_page(context, url: str, *, mbps: float | None = None, latency_ms: float = 40,
              settle_ms: int = 1500, timeout_ms: int = TIMEOUT_MS) -> Load:
    """Open `url` in a new page of `context`; watch every request until Korean is readable and
    `settle_ms` more have passed (late requests, e.g. font fallbacks, count too)."""
    page = context.new_page()
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
    res = Load(url=url, page=page)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    if mbps:
        cdp.send("Network.emulateNetworkConditions", {
            "offline": False, "latency": latency_ms,
            "downloadThroughput": mbps * 1e6 / 8, "uploadThroughput": mbps * 0.5e6 / 8})
    pending: dict[str, dict] = {}

    def sent(e):
        u = e["request"]["url"]
        if u.startswith(("data:", "blob:")):
            return
        pending[e["requestId"]] = {"url": u, "status": None, "bytes": 0, "encoding": "",
                                   "type": e.get("type", "")}
        if not u.startswith(origin + "/"):
            res.outside.append(u)

    def received(e):
        r = pending.get(e["requestId"])
        if r is not None:
            h = {k.lower(): v for k, v in e["response"].get("headers", {}).items()}
            r["status"] = e["response"]["status"]
            r["encoding"] = h.get("content-encoding", "")
            r["vary"] = h.get("vary", "")

    def finished(e):
        r = pending.pop(e["requestId"], None)
        if r is not None:
            r["bytes"] = int(e.get("encodedDataLength", 0))
            res.requests.append(r)
            if r["status"] is not None and r["status"] >= 400:
                res.failed.append(f"{r['status']} {r['url']}")

    def failed(e):
        r = pending.pop(e["requestId"], None)
        if r is not None and not e.get("canceled"):
            res.failed.append(f"{e.get('errorText', 'failed')} {r['url']}")

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.responseReceived", received)
    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.loadingFailed", failed)
    page.add_init_script(PROBE_JS)
    page.goto(url, wait_until="commit", timeout=timeout_ms)
    page.wait_for_function("() => window.__probe && window.__probe.korean !== null",
                           timeout=timeout_ms, polling=100)
    # Korean glyphs need their font: wait for any Korean font still downloading.
    deadline = time.monotonic() + timeout_ms / 1000
    while time.monotonic() < deadline and any(
            any(h in r["url"].lower() for h in KOREAN_FONT_HINTS) for r in pending.values()):
        page.wait_for_timeout(100)
    page.wait_for_timeout(settle_ms)
    probe = page.evaluate("""() => ({
        ...window.__probe,
        lang: document.documentElement.lang || '',
        viewport: (document.querySelector('meta[name=viewport]') || {}).content || '',
        fonts: performance.getEntriesByType('resource')
                 .map(r => [r.name, r.responseEnd])})""")
    res.first_frame_s = probe["firstFrame"] / 1000 if probe["firstFrame"] else None
    res.korean_semantics_s = probe["korean"] / 1000
    ends = [end for name, end in probe["fonts"]
            if any(h in name.lower() for h in KOREAN_FONT_HINTS) and end]
    res.korean_fonts_s = max(ends) / 1000 if ends else None
    res.lang, res.viewport = probe["lang"], probe["viewport"]
    return res


def report(tag: str, r: Load, top: int = 8) -> None:
    ff = f"{r.first_frame_s:.2f}" if r.first_frame_s else "-"
    kf = f"{r.korean_fonts_s:.2f}" if r.korean_fonts_s else "-"
    print(f"[{tag}] {r.bytes / 1e6:6.2f} MB in {len(r.requests)} requests; first frame {ff} s; "
          f"Korean in semantics {r.korean_semantics_s:.2f} s, Korean font {kf} s "
          f"-> readable {r.readable_s:.2f} s; failed {len(r.failed)}, other origins "
          f"{len(r.outside)}; lang={r.lang!r}")
    for req in sorted(r.requests, key=lambda q: -q["bytes"])[:top]:
        print(f"      {req['bytes'] / 1e6:6.2f} MB {req['encoding'] or 'identity':8} "
              f"{req['status']} {req['url']}")
    for f in r.failed:
        print(f"      FAILED {f}")
    for o in r.outside:
        print(f"      OUTSIDE {o}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--mbps", type=float, default=10.0)
    ap.add_argument("--latency", type=float, default=40.0, help="round-trip latency, ms")
    ap.add_argument("--url", help="measure a server already running at this base URL")
    ap.add_argument("--no-warm-up", action="store_true",
                    help="measure the server's very first visit too")
    ap.add_argument("--root", default=str(ROOT), help="checkout whose main.py to start")
    args = ap.parse_args(argv)
    exe = chromium_path()
    if exe is None:
        print("Chromium not found (apt-get install chromium or set MYG_CHROMIUM)")
        return 1
    from playwright.sync_api import sync_playwright

    proc = None
    tmp = tempfile.TemporaryDirectory(prefix="bench-first-load-")
    try:
        if args.url:
            url = args.url.rstrip("/")
        else:
            import tests.e2e.conftest as c

            c.ROOT = Path(args.root)  # start_server spawns <root>/main.py
            # A server in its steady state, as a visitor finds it: API built and seeded.
            proc, url = start_server(Path(tmp.name), Path(tmp.name) / "server.log")
        runs: list[Load] = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=exe, headless=True, args=CHROME_ARGS)
            if not args.no_warm_up:  # one unthrottled visit first: the server's first session
                ctx = browser.new_context(locale="ko-KR")  # imports every screen module
                load_page(ctx, url + "/", settle_ms=0)
                ctx.close()
            for i in range(args.runs):
                ctx = browser.new_context(viewport={"width": 400, "height": 860},
                                          locale="ko-KR")
                r = load_page(ctx, url + "/", mbps=args.mbps, latency_ms=args.latency)
                report(f"run {i + 1}", r, top=8 if i == 0 else 0)
                runs.append(r)
                ctx.close()
            browser.close()
        med = statistics.median
        if args.mbps:
            floor = med(r.bytes for r in runs) * 8 / (args.mbps * 1e6)
            print(f"(the line alone needs {floor:.2f} s for those bytes; the rest is latency, "
                  f"WebAssembly compile, engine start and the app's first screen)")
        print(f"median of {len(runs)} at {args.mbps:g} Mbit/s, {args.latency:g} ms: "
              f"{med(r.bytes for r in runs) / 1e6:.2f} MB, readable Korean "
              f"{med(r.readable_s for r in runs):.2f} s, failed "
              f"{med(len(r.failed) for r in runs):g}, other origins "
              f"{med(len(r.outside) for r in runs):g}")
        return 0
    finally:
        if proc is not None:
            stop_server(proc)
        tmp.cleanup()


if __name__ == "__main__":
    sys.exit(main())
