"""`uv run main.py`'s terminal: flags, quiet logging by default, the start-up banner with the
demo accounts in full, and the demo partner site run next to the app. No app server needed."""
from __future__ import annotations

import logging
import socket

import httpx
import pytest

from myg_app import console, launcher
from myg_app.server.seed import DEFAULT_DEMO_PASSWORD, DEMO_ACCOUNTS
from partner_demo import background


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for var in ("MYG_PARTNER_DEMO", "MYG_VERBOSE", "MYG_PORT", "MYG_HOST", "MYG_API_URL",
                "MYG_OIDC_PARTNER_BASE"):
        monkeypatch.delenv(var, raising=False)


# --- flags --------------------------------------------------------------------------------------

def test_defaults_are_quiet_with_the_partner_demo():
    args = launcher.parse_args([])
    assert args.partner_demo is True
    assert args.verbose is False
    assert args.port == launcher.DEFAULT_PORT


def test_flags():
    args = launcher.parse_args(["--no-partner-demo", "--verbose", "--web", "--port", "9000"])
    assert (args.partner_demo, args.verbose, args.web, args.port) == (False, True, True, 9000)


@pytest.mark.parametrize("value, expected", [
    ("0", False), ("false", False), ("off", False), ("no", False),
    ("1", True), ("yes", True), ("", True),
])
def test_partner_demo_from_env(monkeypatch, value, expected):
    monkeypatch.setenv("MYG_PARTNER_DEMO", value)
    assert launcher.parse_args([]).partner_demo is expected
    assert launcher.parse_args(["--no-partner-demo"]).partner_demo is False


def test_verbose_from_env(monkeypatch):
    monkeypatch.setenv("MYG_VERBOSE", "1")
    assert launcher.parse_args([]).verbose is True


# --- quiet logging ------------------------------------------------------------------------------

class Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(f"{record.name}: {record.getMessage()}")


@pytest.fixture
def root_logging():
    """A root logger with one collecting handler; every level touched is put back after."""
    root = logging.getLogger()
    names = (*console.QUIET_LOGGERS, "flet.components", "flet_web.fastapi", "uvicorn.access",
             "myg_app.server.auth.mail")
    saved = (root.handlers[:], root.level, {n: logging.getLogger(n).level for n in names})
    # Earlier tests in the same process may have run a logging config (uvicorn's, alembic's
    # fileConfig) that disabled these loggers or gave them handlers of their own: undo it here.
    state = {n: (logging.getLogger(n).handlers[:], logging.getLogger(n).propagate,
                 logging.getLogger(n).disabled) for n in names}
    for n in names:
        lg = logging.getLogger(n)
        lg.handlers[:], lg.propagate, lg.disabled = [], True, False
    handler = Collect()
    root.handlers[:] = [handler]
    yield handler
    root.handlers[:], level, levels = saved
    root.setLevel(level)
    for n, lv in levels.items():
        logging.getLogger(n).setLevel(lv)
    for n, (handlers, propagate, disabled) in state.items():
        lg = logging.getLogger(n)
        lg.handlers[:], lg.propagate, lg.disabled = handlers, propagate, disabled


def _chatter():
    logging.getLogger("httpx").info('HTTP Request: GET http://127.0.0.1:8550/api/v1/me "200 OK"')
    logging.getLogger("flet_web.fastapi").info("New session created (1 total)")
    logging.getLogger("uvicorn.access").info('127.0.0.1 - "GET / HTTP/1.1" 200')
    child = logging.getLogger("flet.components")
    child.setLevel(logging.INFO)  # flet sets INFO on some of its loggers at import
    child.info("component mounted")
    logging.getLogger("myg_app.server.auth.mail").info("mail written to data/outbox")
    logging.getLogger("httpx").warning("connection lost")


def test_quiet_by_default_keeps_the_apps_own_events_and_every_warning(root_logging):
    console.configure_logging(verbose=False)
    _chatter()
    assert root_logging.lines == ["myg_app.server.auth.mail: mail written to data/outbox",
                                  "httpx: connection lost"]
    assert console.uvicorn_log_level(False) == "warning"


def test_verbose_brings_the_library_logs_back(root_logging):
    console.configure_logging(verbose=False)
    console.configure_logging(verbose=True)  # the quiet filter does not stay behind
    _chatter()
    assert len(root_logging.lines) == 6
    assert any(line.startswith("httpx: HTTP Request") for line in root_logging.lines)
    assert console.uvicorn_log_level(True) == "info"


def test_seeding_does_not_log_masked_demo_accounts(caplog):
    from myg_app.server import seed
    from myg_app.server.auth import service

    caplog.set_level(logging.INFO)
    token = seed._seeding.set(True)
    try:
        service.log.info("account created: %s (%s)", "c***@gwangyang.demo", "citizen")
    finally:
        seed._seeding.reset(token)
    service.log.info("account created: %s (%s)", "h***@example.com", "citizen")
    assert [r.getMessage() for r in caplog.records] == ["account created: h***@example.com (citizen)"]


# --- the banner ---------------------------------------------------------------------------------

def test_demo_accounts_are_printed_in_full_in_a_table():
    lines = console.demo_account_lines(DEMO_ACCOUNTS, DEFAULT_DEMO_PASSWORD)
    text = "\n".join(lines)
    assert "***" not in text
    header = lines[1]
    for column in ("role", "e-mail", "name", "department", "password"):
        assert column in header
    rows = lines[3:]
    assert len(rows) == len(DEMO_ACCOUNTS)
    for a, row in zip(DEMO_ACCOUNTS, rows):
        assert row.split() == [a.role, a.email, a.name, a.department or "-", DEFAULT_DEMO_PASSWORD]
    # Columns line up on screen although names are Hangul (two columns wide each).
    starts = {console.display_width(row[:row.index(DEFAULT_DEMO_PASSWORD)]) for row in rows}
    assert len(starts) == 1


def test_display_width_counts_hangul_double():
    assert console.display_width("김광양") == 6
    assert console.display_width("abc") == 3


def test_banner_has_the_address_phone_width_and_partner_site():
    text = console.banner(open_url="http://127.0.0.1:8550/", api_url="http://127.0.0.1:8550",
                          accounts=DEMO_ACCOUNTS, password="pw",
                          partner_url="http://127.0.0.1:8601/library/")
    assert "http://127.0.0.1:8550/" in text
    assert "phone width" in text and "device mode" in text
    assert "http://127.0.0.1:8601/library/" in text
    assert "citizen@gwangyang.demo" in text and "roads@gwangyang.demo" in text
    off = console.banner(open_url=None, api_url="http://127.0.0.1:8550", accounts=DEMO_ACCOUNTS,
                         password="pw", partner_note="not started")
    assert "phone width" not in off and "not started" in off


def test_startup_prints_the_banner_once(capsys):
    s = launcher.Startup("http://127.0.0.1:8550/", "http://127.0.0.1:8550", partner_demo=False)
    s.ready(DEMO_ACCOUNTS, DEFAULT_DEMO_PASSWORD)
    out = capsys.readouterr().out
    assert out.count("http://127.0.0.1:8550/") >= 1
    assert out.count("citizen@gwangyang.demo") == 1
    assert "partner-site demo" not in out  # turned off: not mentioned
    s.stop()  # nothing was started


def test_partner_demo_is_not_started_for_a_remote_partner_base(monkeypatch):
    from myg_app.server.auth.oidc.settings import oidc_settings

    monkeypatch.setenv("MYG_OIDC_PARTNER_BASE", "https://library.gwangyang.go.kr")
    oidc_settings.cache_clear()
    try:
        url, note = launcher.Startup(None, "http://127.0.0.1:8550", partner_demo=True).start_partner()
    finally:
        oidc_settings.cache_clear()
    assert url is None and "not this machine" in note


# --- the demo partner next to the app -----------------------------------------------------------

@pytest.mark.parametrize("base, expected", [
    ("http://127.0.0.1:8601", ("127.0.0.1", 8601)),
    ("http://localhost:9000/", ("127.0.0.1", 9000)),
    ("http://127.0.0.1", ("127.0.0.1", 80)),
    ("https://127.0.0.1:8601", None),
    ("http://partner.example:8601", None),
])
def test_partner_local_address(base, expected):
    assert background.local_address(base) == expected


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_partner_demo_runs_in_the_background_and_stops():
    port = _free_port()
    demo = background.start("http://127.0.0.1:1/.well-known/openid-configuration",
                            "127.0.0.1", port)
    try:
        # The socket listens at once; the page answers once the thread has imported Authlib.
        r = httpx.get(f"http://127.0.0.1:{port}/library/", timeout=30)
        assert r.status_code == 200 and "partner-login" in r.text
        with pytest.raises(OSError):  # a second one cannot take the same port
            background.start("http://127.0.0.1:1/", "127.0.0.1", port)
    finally:
        demo.stop()
    assert not demo.thread.is_alive()
