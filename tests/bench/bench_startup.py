"""Benchmark (a): server start -> home content visible in headless Chromium.

    cd /work/main && uv run python -m tests.bench.bench_startup [--runs 5]

For each run the clock starts when the server process is spawned and stops when the page's
semantics DOM holds the target element:
- app:   `python main.py --web --port P` (fresh MYG_DATA_DIR: migrate + seed + serve;
         `--reuse-data`: every start on one data dir seeded by the warm-up run),
         target `[flt-semantics-identifier='home-tile-chat']`;
- hello: `python tests/bench/hello_app.py --port P` (one `ft.Text` in `ft.Semantics`),
         target `[flt-semantics-identifier='hello']`.
Both are measured the same way: poll HTTP until it answers, open the page in a fresh browser
context (Chromium is launched once), click the hidden `flt-semantics-placeholder` until
semantics are on, wait for the target. Runs alternate (app/hello, then hello/app, ...).
Prints per-run figures and the medians; never fails on timing (exit 1 only if a run breaks).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


from tests.e2e.conftest import (  # noqa: E402
    CHROME_ARGS, chromium_path, free_port, start_server, stop_server, wait_until_up,
)

TARGET_RATIO = 1.3
TIMEOUT_MS = 60_000

# Poll each animation frame: click the placeholder while semantics are off, and report done
# once the target element exists. Returns true/false; clicking twice is harmless.
WAIT_JS = """(sel) => {
  if (document.querySelector(sel)) return true;
  if (!document.querySelector('flt-semantics')) {
    const p = document.querySelector('flt-semantics-placeholder');
    if (p) p.click();
  }
  return false;
}"""


def start_hello(log_path: Path):
    """The hello-world app, spawned like `start_server` spawns main.py; returns (proc, url)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["FLET_WEB_NO_CDN"] = "1"
    log = open(log_path, "w")
    proc = subprocess.Popen([sys.executable, str(ROOT / "tests" / "bench" / "hello_app.py"),
                             "--port", str(port)],
                            cwd=str(ROOT), env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    wait_until_up(proc, url + "/", log_path, "hello app")
    return proc, url


def measure(browser, kind: str, workdir: Path, run: int, reuse_data: bool = False) -> dict:
    log = workdir / f"{kind}-{run}.log"
    target = "home-tile-chat" if kind == "app" else "hello"
    proc = None
    ctx = None
    t0 = time.perf_counter()  # spawn
    try:
        if kind == "app":
            data = workdir / ("data" if reuse_data else f"data-{run}")
            # Polls "/" like the hello app: the shell is served while the database is being
            # prepared in the background (server/startup.py).
            proc, url = start_server(data, log, ready_path="/")
        else:
            proc, url = start_hello(log)  # spawns, then polls /
        t_http = time.perf_counter() - t0
        ctx = browser.new_context(viewport={"width": 400, "height": 860}, locale="ko-KR")
        page = ctx.new_page()
        page.goto(url + "/", wait_until="commit", timeout=TIMEOUT_MS)
        page.wait_for_function(WAIT_JS, arg=f"[flt-semantics-identifier='{target}']",
                               polling="raf", timeout=TIMEOUT_MS)
        t_content = time.perf_counter() - t0
        return {"kind": kind, "http_s": t_http, "content_s": t_content}
    finally:
        if ctx is not None:
            ctx.close()
        if proc is not None:
            stop_server(proc)  # SIGTERM by PID, then SIGKILL after 10 s


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5, help="runs of each app (default 5)")
    ap.add_argument("--reuse-data", action="store_true",
                    help="app restarts on one already seeded data dir (default: a fresh "
                         "MYG_DATA_DIR per run, i.e. migrate + seed every time)")
    ap.add_argument("--keep-logs", action="store_true", help="keep the temp dir with logs")
    args = ap.parse_args()

    exe = chromium_path()
    if exe is None:
        sys.exit("Chromium not found (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    workdir = Path(tempfile.mkdtemp(prefix="myg-bench-startup-"))
    results: dict[str, list[dict]] = {"app": [], "hello": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, headless=True, args=CHROME_ARGS)
        try:
            # Warm-up (not counted): first Chromium page load, Python bytecode caches.
            for kind in ("hello", "app"):
                measure(browser, kind, workdir, -1, args.reuse_data)
            for i in range(args.runs):
                order = ("app", "hello") if i % 2 == 0 else ("hello", "app")
                for kind in order:
                    r = measure(browser, kind, workdir, i, args.reuse_data)
                    results[kind].append(r)
                    print(f"run {i + 1}/{args.runs} {kind:5}: http {r['http_s']:.2f} s, "
                          f"content visible {r['content_s']:.2f} s", flush=True)
        finally:
            browser.close()

    med = {k: statistics.median(r["content_s"] for r in v) for k, v in results.items()}
    med_http = {k: statistics.median(r["http_s"] for r in v) for k, v in results.items()}
    ratio = med["app"] / med["hello"]
    print(f"medians: app http {med_http['app']:.2f} s, hello http {med_http['hello']:.2f} s")
    data = "reused data dir" if args.reuse_data else "fresh data dir per run"
    print(f"startup ({data}, {args.runs} runs each, medians): app {med['app']:.2f} s, hello {med['hello']:.2f} s, ratio {ratio:.2f}x "
          f"(target <= {TARGET_RATIO}x){'' if ratio <= TARGET_RATIO else '  [above target]'}")
    if args.keep_logs:
        print(f"logs: {workdir}")
    else:
        import shutil

        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
