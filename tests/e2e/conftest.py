"""End-to-end: the real `main.py` web server driven by headless Chromium through the app's
accessibility tree (Flutter web semantics DOM), as a person would use it."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
# Screenshots must not wait for `document.fonts.ready`: Flutter can leave it pending, which made
# page.screenshot time out (read by the Playwright driver, which inherits our environment).
os.environ.setdefault("PW_TEST_SCREENSHOT_NO_FONTS_READY", "1")
ARTIFACTS = Path(os.environ.get("MYG_ARTIFACTS", ROOT / "artifacts"))
CHROME_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]
# In CI a missing browser is a failure, never a skip.
REQUIRE_BROWSER = bool(os.environ.get("CI") or os.environ.get("MYG_REQUIRE_BROWSER"))


def chromium_path() -> str | None:
    for c in (os.environ.get("MYG_CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium",
              shutil.which("chromium-browser")):
        if c and Path(c).exists():
            return c
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data_dir: Path, log_path: Path, extra_env: dict | None = None,
                 ready_path: str = "/api/v1/health", args: list[str] | None = None):
    """`python main.py --web` on a free port; returns (process, base url) once `ready_path`
    answers 200 (health: database migrated and seeded; "/": the app shell is served)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    # No demo partner site next to the app (port 8601): tests that need one start it themselves
    # (test_sso.py, on a free port) or pass MYG_PARTNER_DEMO=1 in extra_env.
    env.update(MYG_DATA_DIR=str(data_dir), FLET_WEB_NO_CDN="1", MYG_PARTNER_DEMO="0",
               **(extra_env or {}))
    env.pop("MYG_DATABASE_URL", None)
    log = open(log_path, "w")
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--web", "--port", str(port),
                             *(args or [])],
                            cwd=str(ROOT), env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    wait_until_up(proc, url + ready_path, log_path, "server")
    return proc, url


def wait_until_up(proc, url: str, log_path: Path, what: str, timeout: float = 120) -> None:
    """Poll `url` until it answers 200; stop the process and raise if it never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited early, see {log_path}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    stop_server(proc)
    raise TimeoutError(f"{what} did not start, see {log_path}")


def stop_server(proc) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    (ARTIFACTS / "screenshots").mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def server(tmp_path_factory, artifacts):
    data = tmp_path_factory.mktemp("e2e-data")
    proc, url = start_server(data, artifacts / "e2e-server.log")
    yield url
    stop_server(proc)


# Package scope, not session: Playwright's sync API keeps an asyncio loop running in this thread
# while it is open, and every async test that runs after the browser tests (tests/ui when
# run as `pytest tests/e2e tests/ui`) would fail with "Runner.run() cannot be called from a
# running event loop". Closing it when the browser tests are done makes the order not matter.
@pytest.fixture(scope="package")
def browser():
    exe = chromium_path()
    if exe is None:
        msg = "Chromium is not installed (apt-get install chromium)"
        if REQUIRE_BROWSER:
            pytest.fail(msg)
        pytest.skip(msg)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, headless=True, args=CHROME_ARGS)
        yield b
        b.close()


@pytest.fixture
def ui(browser, server, artifacts):
    from tests.e2e.flet_page import FletPage

    ctx = browser.new_context(viewport={"width": 400, "height": 860}, locale="ko-KR")
    page = ctx.new_page()
    fp = FletPage(page, server, artifacts / "screenshots")
    fp.open("/")
    yield fp
    ctx.close()


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the marks into group names
def pytest_collection_modifyitems(config, items):
    """One browser at a time: under pytest-xdist (pyproject's addopts) every browser test goes
    to the same worker, while the other runs the unit, API and UI tests. Chromium draws the
    Flutter canvas in software and takes a core of its own; two at once on a 2-core machine
    would only make each wait for the other."""
    for item in items:
        if item.nodeid.startswith("tests/e2e/"):
            item.add_marker(pytest.mark.xdist_group("e2e"))
            # Headless Chromium on a loaded 2-core machine now and then stops answering (once
            # in ~50 tests, a page that never came to rest): such a test gets one more try in
            # a fresh browser context, and is cut after 2 minutes (the slowest takes under
            # one; the e2e tests run one after another, so a hang's wait is the suite's).
            # A test that fails twice fails the run; `-ra` lists each rerun.
            item.add_marker(pytest.mark.flaky(reruns=1, reruns_delay=1))
            item.add_marker(pytest.mark.timeout(120))
