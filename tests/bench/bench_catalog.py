"""Benchmark (b): requests per second of `GET /api/v1/catalog`, beside a bare Starlette endpoint.

    cd /work/main && uv run python -m tests.bench.bench_catalog [--seconds 5 --warmup 1 --rounds 2]

Two servers, each `uvicorn --factory` in its own subprocess with the same settings (loopback,
one worker, `--log-level warning`, no access log): `tests.bench.catalog_apps:real_app` (the
real API from `create_app`) and `tests.bench.catalog_apps:bare_app` (one Starlette route
returning `JSONResponse({"items": [...the same 27 dicts...]})`). The load comes from this
process: `--concurrency` asyncio tasks (default 32), each on its own keep-alive connection,
looping for a fixed time after a warm-up. Three load generators (`--client`, default `wrk`):
`wrk` (Debian's wrk, a C load generator in its own process, 32 connections: the figure the
target is stated for, since it is not itself the limit), `httpx` (one `httpx.AsyncClient` per
task) and `raw` (HTTP/1.1 over asyncio streams, ~10x less client CPU per request than httpx). On a small machine the httpx client saturates its own core long
before the server does, so its ratio tends to 1.0; the server CPU % printed beside each figure
shows which side was the limit. Rounds alternate catalog (200), catalog with `If-None-Match`
(304) and bare. Prints req/s per round, the means and the ratio catalog/bare; never fails on
timing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from tests.e2e.conftest import free_port, stop_server, wait_until_up  # noqa: E402
from tests.bench.procstat import cpu_seconds  # noqa: E402

PATH = "/api/v1/catalog"
TARGET_RATIO = 1.0  # against bare Starlette, with wrk
MAX_REQUESTS = 2_000_000  # hard cap per measurement, whatever the duration


def spawn(factory: str, data_dir: Path, log_path: Path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["MYG_DATA_DIR"] = str(data_dir)
    env.pop("MYG_DATABASE_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", f"tests.bench.catalog_apps:{factory}", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--workers", "1",
         "--log-level", "warning", "--no-access-log"],
        cwd=str(ROOT), env=env, stdout=open(log_path, "w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    wait_until_up(proc, url + PATH, log_path, factory)
    return proc, url


async def _httpx_worker(url: str, headers: dict, expect: int, state: dict) -> None:
    # One client (one keep-alive connection) per task: a single shared pool scans all its
    # connections on every request and caps the whole run at a few hundred req/s.
    async with httpx.AsyncClient(base_url=url, limits=httpx.Limits(max_connections=1),
                                 timeout=10) as client:
        while time.perf_counter() < state["stop_at"] and state["done"] < MAX_REQUESTS:
            r = await client.get(PATH, headers=headers)
            state["done" if r.status_code == expect else "errors"] += state["counting"]


async def _raw_worker(url: str, headers: dict, expect: int, state: dict) -> None:
    # Keep-alive HTTP/1.1 over asyncio streams: far less client CPU per request than httpx,
    # so the server (not this process) is what the figure measures.
    host, port = url.split("//", 1)[1].split(":")
    extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    req = f"GET {PATH} HTTP/1.1\r\nHost: {host}:{port}\r\n{extra}\r\n".encode()
    want = f" {expect} ".encode()
    reader, writer = await asyncio.open_connection(host, int(port))
    try:
        while time.perf_counter() < state["stop_at"] and state["done"] < MAX_REQUESTS:
            writer.write(req)
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
            length = 0
            for line in head.split(b"\r\n")[1:]:
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            if length:
                await reader.readexactly(length)
            ok = head[8:8 + len(want)] == want
            state["done" if ok else "errors"] += state["counting"]
    finally:
        writer.close()


def _wrk(url: str, headers: dict, expect: int, seconds: float, warmup: float,
         concurrency: int, server_pid: int) -> tuple[float, float]:
    args = ["wrk", "-t", "2", "-c", str(concurrency)]
    for k, v in headers.items():
        args += ["-H", f"{k}: {v}"]
    subprocess.run(args + ["-d", f"{max(warmup, 1):g}s", url + PATH], capture_output=True,
                   check=True)
    cpu0, t0 = cpu_seconds(server_pid), time.perf_counter()
    out = subprocess.run(args + ["-d", f"{seconds:g}s", url + PATH], capture_output=True,
                         text=True, check=True).stdout
    cpu = 100 * (cpu_seconds(server_pid) - cpu0) / (time.perf_counter() - t0)
    rps = next(float(line.split()[1]) for line in out.splitlines()
               if line.startswith("Requests/sec"))
    if "Non-2xx" in out and expect == 200:
        print("  warning: wrk saw non-2xx answers")
    return rps, cpu


async def load(client: str, url: str, headers: dict, expect: int, seconds: float,
               warmup: float, concurrency: int, server_pid: int) -> tuple[float, float]:
    """(requests per second, server CPU %) over `seconds`, after `warmup` s of the same load."""
    worker = _httpx_worker if client == "httpx" else _raw_worker
    state = {"done": 0, "errors": 0, "counting": 0,
             "stop_at": time.perf_counter() + warmup + seconds}
    tasks = [asyncio.create_task(worker(url, headers, expect, state))
             for _ in range(concurrency)]
    await asyncio.sleep(warmup)
    state["counting"] = 1
    t0, cpu0 = time.perf_counter(), cpu_seconds(server_pid)
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - t0
    cpu = 100 * (cpu_seconds(server_pid) - cpu0) / elapsed
    if state["errors"]:
        print(f"  warning: {state['errors']} responses with a status other than {expect}")
    return state["done"] / elapsed, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=5.0, help="measured seconds per figure")
    ap.add_argument("--warmup", type=float, default=1.0, help="warm-up seconds per figure")
    ap.add_argument("--rounds", type=int, default=2, help="alternating rounds (default 2)")
    ap.add_argument("--concurrency", type=int, default=32, help="concurrent client tasks")
    ap.add_argument("--client", choices=("wrk", "httpx", "raw", "all"), default="wrk",
                    help="load generator (default wrk; all = wrk, httpx, raw)")
    args = ap.parse_args()
    args.seconds = min(args.seconds, 60.0)  # bounded in time and count
    args.warmup = min(args.warmup, 10.0)
    args.rounds = min(args.rounds, 10)
    args.concurrency = min(args.concurrency, 256)
    clients = ("wrk", "httpx", "raw") if args.client == "all" else (args.client,)
    if "wrk" in clients and shutil.which("wrk") is None:
        sys.exit("wrk is not installed (Debian package wrk); use --client raw")

    workdir = Path(tempfile.mkdtemp(prefix="myg-bench-catalog-"))
    real = bare = None
    rates: dict[tuple[str, str], list[tuple[float, float]]] = {}
    try:
        real, real_url = spawn("real_app", workdir / "data", workdir / "real.log")
        bare, bare_url = spawn("bare_app", workdir / "data", workdir / "bare.log")
        r = httpx.get(real_url + PATH)
        etag = r.headers["etag"]
        # Sanity, not timing: both serve the same items.
        assert r.json() == httpx.get(bare_url + PATH).json(), "bare app serves other items"
        assert httpx.get(real_url + PATH, headers={"If-None-Match": etag}).status_code == 304

        cases = [
            ("catalog", real_url, {}, 200, real.pid),
            ("catalog-304", real_url, {"If-None-Match": etag}, 304, real.pid),
            ("bare", bare_url, {}, 200, bare.pid),
        ]
        for client in clients:
            for i in range(args.rounds):
                order = cases if i % 2 == 0 else cases[::-1]
                for name, url, headers, expect, pid in order:
                    if client == "wrk":
                        rps, cpu = _wrk(url, headers, expect, args.seconds, args.warmup,
                                        args.concurrency, pid)
                    else:
                        rps, cpu = asyncio.run(load(client, url, headers, expect, args.seconds,
                                                    args.warmup, args.concurrency, pid))
                    rates.setdefault((client, name), []).append((rps, cpu))
                    print(f"{client:5} round {i + 1}/{args.rounds} {name:11}: {rps:7.0f} req/s"
                          f"  (server CPU {cpu:3.0f}%)", flush=True)
    finally:
        for proc in (real, bare):
            if proc is not None:
                stop_server(proc)  # by PID
        shutil.rmtree(workdir, ignore_errors=True)

    print(f"means over {args.rounds} rounds, {args.seconds:g} s each after {args.warmup:g} s "
          f"warm-up, {args.concurrency} concurrent tasks, loopback:")
    for client in clients:
        m = {name: statistics.fmean(r for r, _ in rates[(client, name)])
             for name in ("catalog", "catalog-304", "bare")}
        c = {name: statistics.fmean(c for _, c in rates[(client, name)])
             for name in ("catalog", "catalog-304", "bare")}
        ratio = m["catalog"] / m["bare"]
        print(f"catalog [{client} client]: catalog {m['catalog']:.0f} req/s, "
              f"bare {m['bare']:.0f} req/s, ratio {ratio:.2f}x (target >= {TARGET_RATIO}x)"
              f"{'' if ratio >= TARGET_RATIO else '  [below target]'}; "
              f"304 path {m['catalog-304']:.0f} req/s ({m['catalog-304'] / m['bare']:.2f}x bare); "
              f"server CPU {c['catalog']:.0f}% / {c['bare']:.0f}% / {c['catalog-304']:.0f}%")


if __name__ == "__main__":
    main()
