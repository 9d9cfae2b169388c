"""Benchmark: screen change time, home -> a 나의메뉴 function and back, in headless Chromium.

    cd /work/main && uv run python -m tests.bench.bench_screen_change [--taps 20 --fid facility]

Three processes: the backend (`main.py --backend-only`), a counting reverse proxy in this
process (every API request the UI makes passes through it and is counted), and the UI
(`main.py --web --api-url <proxy>`). Chromium opens home as a guest, then `--taps` times:

- **open**: click the home tile `home-tile-<fid>` (a Playwright click: its ~50-80 ms round
  trip is inside the figure; a JS click on the node does not reach Flutter) and poll every animation frame until the function's first content is in the
  semantics DOM (`--content`, a CSS selector; for `facility` the first place card or the
  empty note);
- **inner back** (where `INNER` names one, e.g. `facility`): tap the first card inside the
  function, wait for that screen, `history.back()` and poll until the function's content is
  back; count the API requests of that step too;
- **back**: `history.back()` and poll until home is visible again (its tile is there and the
  function's content is gone); then count the API requests the back step made (after a
  300 ms settle, so a late load started by a rebuilt view is counted too).

Both times are measured in the page (`performance.now()`). Prints median and p95 of each and the API requests per back step; never fails on
timing, only when a run breaks (a server that does not start, content that never shows).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from tests.e2e.conftest import CHROME_ARGS, chromium_path, free_port, stop_server, wait_until_up  # noqa: E402

CONTENT = {
    "facility": "[flt-semantics-identifier^='rsv-resource-'], [flt-semantics-identifier='rsv-empty']",
}
# Optional second level: (tap inside the function, first content of that inner screen).
INNER = {
    "facility": ("[flt-semantics-identifier^='rsv-resource-']",
                 "[flt-semantics-identifier='rsv-month-title']"),
}
# In the page: after history.back(), ms until `content` is there and `gone` is not.
BACK_TO_JS = """async ([content, gone]) => {
  const t0 = performance.now();
  history.back();
  return await new Promise((resolve, reject) => {
    const poll = () => {
      if (document.querySelector(content) && !document.querySelector(gone))
        return resolve(performance.now() - t0);
      if (performance.now() > t0 + 30000) return reject(new Error('timeout'));
      requestAnimationFrame(poll);
    };
    poll();
  });
}"""

# In the page: (after a tap made by Playwright at window.__t0, or a history.back() made here)
# resolve with the ms until `done()` holds, polled every animation frame.
MARK_JS = "() => { window.__t0 = performance.now(); }"
TAP_JS = """async ([tap, content]) => {
  const t0 = tap ? window.__t0 : performance.now();
  if (!tap) history.back();
  const home = "[flt-semantics-identifier^='home-tile-']";
  const done = tap ? () => document.querySelector(content)
                   : () => document.querySelector(home) && !document.querySelector(content);
  return await new Promise((resolve, reject) => {
    const limit = t0 + 30000;
    const poll = () => {
      if (done()) return resolve(performance.now() - t0);
      if (performance.now() > limit) return reject(new Error('timeout'));
      requestAnimationFrame(poll);
    };
    poll();
  });
}"""


class CountingProxy:
    """A reverse proxy on a free port that counts the requests passing through it."""

    def __init__(self, target: str):
        self.target = target
        self.count = 0
        self.paths: list[str] = []
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server = None

    def app(self):
        from starlette.applications import Starlette
        from starlette.requests import Request
        from starlette.responses import Response
        from starlette.routing import Route

        client = httpx.AsyncClient(base_url=self.target, timeout=30)

        async def forward(request: Request) -> Response:
            self.count += 1
            self.paths.append(f"{request.method} {request.url.path}")
            headers = {k: v for k, v in request.headers.items()
                       if k.lower() not in ("host", "content-length")}
            r = await client.request(request.method, request.url.path,
                                     params=request.query_params, headers=headers,
                                     content=await request.body())
            out = {k: v for k, v in r.headers.items()
                   if k.lower() not in ("content-length", "content-encoding",
                                        "transfer-encoding", "connection")}
            return Response(r.content, status_code=r.status_code, headers=out)

        methods = ["GET", "POST", "PUT", "PATCH", "DELETE"]
        return Starlette(routes=[Route("/{path:path}", forward, methods=methods)])

    def start(self) -> None:
        import uvicorn

        cfg = uvicorn.Config(self.app(), host="127.0.0.1", port=self.port, log_level="warning",
                             access_log=False)
        self._server = uvicorn.Server(cfg)
        threading.Thread(target=self._server.run, daemon=True, name="proxy").start()
        deadline = time.monotonic() + 10
        while not self._server.started and time.monotonic() < deadline:
            time.sleep(0.05)

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True


def spawn(args: list[str], data_dir: Path, log_path: Path, ready: str):
    import os
    import subprocess

    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(MYG_DATA_DIR=str(data_dir), FLET_WEB_NO_CDN="1")
    env.pop("MYG_DATABASE_URL", None)
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), *args, "--port", str(port)],
                            cwd=str(ROOT), env=env, stdout=open(log_path, "w"),
                            stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    wait_until_up(proc, url + ready, log_path, " ".join(args))
    return proc, url


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    k = min(len(s) - 1, max(0, round(p / 100 * (len(s) - 1))))
    return s[k]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--taps", type=int, default=20, help="measured taps each way (default 20)")
    ap.add_argument("--warmup", type=int, default=2, help="unmeasured round trips first")
    ap.add_argument("--fid", default="facility", help="the 나의메뉴 function to open")
    ap.add_argument("--content", default=None, help="CSS selector of its first content")
    args = ap.parse_args()
    args.taps = max(1, min(args.taps, 200))
    content = args.content or CONTENT.get(args.fid)
    if content is None:
        sys.exit(f"--content is needed for {args.fid}")
    exe = chromium_path()
    if exe is None:
        sys.exit("Chromium is not installed (apt-get install chromium)")

    workdir = Path(tempfile.mkdtemp(prefix="myg-bench-screen-"))
    backend = ui_proc = proxy = None
    opens: list[float] = []
    backs: list[float] = []
    back_calls: list[int] = []
    inner_backs: list[float] = []
    inner_calls: list[int] = []
    try:
        backend, api = spawn(["--backend-only"], workdir / "data", workdir / "backend.log",
                             "/api/v1/health")
        proxy = CountingProxy(api)
        proxy.start()
        ui_proc, ui_url = spawn(["--web", "--api-url", proxy.url], workdir / "data",
                                workdir / "ui.log", "/")
        from playwright.sync_api import sync_playwright

        from tests.e2e.flet_page import FletPage

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=exe, headless=True, args=CHROME_ARGS)
            ctx = browser.new_context(viewport={"width": 400, "height": 860}, locale="ko-KR")
            page = ctx.new_page()
            fp = FletPage(page, ui_url, workdir)
            fp.open("/")
            tile = f"[flt-semantics-identifier='home-tile-{args.fid}']"
            fp.wait_id(f"home-tile-{args.fid}", timeout=60_000)
            page.wait_for_timeout(500)
            for i in range(args.warmup + args.taps):
                page.evaluate(MARK_JS)
                page.locator(tile).first.click()
                t_open = page.evaluate(TAP_JS, [tile, content])
                page.wait_for_timeout(200)
                inner_note = ""
                if args.fid in INNER:
                    # One level deeper and back: the function's own screen must come back
                    # as it was, without loading again.
                    tap_in, inner_content = INNER[args.fid]
                    page.evaluate(MARK_JS)
                    page.locator(tap_in).first.click()
                    page.evaluate(TAP_JS, [tap_in, inner_content])
                    page.wait_for_timeout(200)
                    before = proxy.count
                    t_in = page.evaluate(BACK_TO_JS, [content, inner_content])
                    page.wait_for_timeout(300)
                    if i >= args.warmup:
                        inner_backs.append(t_in)
                        inner_calls.append(proxy.count - before)
                    inner_note = (f", inner back {t_in:5.0f} ms with "
                                  f"{proxy.count - before} API requests")
                before = proxy.count
                t_back = page.evaluate(TAP_JS, [None, content])
                page.wait_for_timeout(300)
                calls = proxy.count - before
                if i >= args.warmup:
                    opens.append(t_open)
                    backs.append(t_back)
                    back_calls.append(calls)
                    print(f"tap {i - args.warmup + 1:2}: open {t_open:6.0f} ms, back "
                          f"{t_back:6.0f} ms, API requests on back {calls}{inner_note}", flush=True)
            browser.close()
    finally:
        if proxy is not None:
            proxy.stop()
        for proc in (ui_proc, backend):
            if proc is not None:
                stop_server(proc)  # by PID
        import shutil

        shutil.rmtree(workdir, ignore_errors=True)

    print(f"screen change, home <-> {args.fid}, {args.taps} taps each way (headless Chromium):")
    print(f"  open (tile -> first content): median {statistics.median(opens):.0f} ms, "
          f"p95 {pct(opens, 95):.0f} ms")
    print(f"  back (history.back -> home):  median {statistics.median(backs):.0f} ms, "
          f"p95 {pct(backs, 95):.0f} ms")
    print(f"  API requests per back step: {back_calls} (total {sum(back_calls)}; target 0)")
    if inner_backs:
        print(f"  inner back ({args.fid} detail -> {args.fid}): median "
              f"{statistics.median(inner_backs):.0f} ms, p95 {pct(inner_backs, 95):.0f} ms; "
              f"API requests per step: {inner_calls} (total {sum(inner_calls)}; target 0)")


if __name__ == "__main__":
    main()
