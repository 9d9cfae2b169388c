"""What `uv run main.py` writes to the terminal: quiet logging by default, and one start-up
banner (the address to open, the demo partner site, the demo accounts in full).

Quiet means: warnings and errors from every library, and this app's own INFO lines (an account
created, a mail written to data/outbox, ...). Per-request and per-session chatter (httpx, Flet
sessions, the access log) is shown only with `--verbose` (or MYG_VERBOSE=1), or, for the access
log, with JSON logs (MYG_LOG_FORMAT=json: a server's log goes to a collector, not a terminal).
"""
from __future__ import annotations

import logging
import unicodedata
from collections.abc import Iterable, Sequence

LOG_FORMAT = "%(levelname)s %(name)s: %(message)s"
ACCESS_LOGGER = "myg.access"  # one line per request (myg_app/server/observability/middleware.py)

# Libraries that log at INFO per request, per websocket session or per start-up step.
QUIET_LOGGERS = ("flet", "flet_web", "flet_desktop", "httpx", "httpcore", "uvicorn",
                 "uvicorn.access", "uvicorn.error", "websockets", "authlib", "alembic",
                 "asyncio", "multipart", "watchfiles",
                 # the welfare search index: bm25s sets its own logger to DEBUG
                 "bm25s", "kiwipiepy", ACCESS_LOGGER)


class _QuietFilter(logging.Filter):
    """Drops records below WARNING from the quiet libraries, whatever level their own modules
    set on a child logger (flet sets INFO on some of its loggers at import time)."""

    def __init__(self, names: tuple[str, ...] = QUIET_LOGGERS):
        super().__init__()
        self.names = names

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING:
            return True
        name = record.name
        return not any(name == q or name.startswith(q + ".") for q in self.names)


def configure_logging(verbose: bool, access_log: bool = False) -> None:
    """Root at INFO (this app's own events); the noisy libraries at WARNING unless verbose.
    `access_log`: the per-request access lines stay on even when quiet."""
    quiet = tuple(n for n in QUIET_LOGGERS if not (access_log and n == ACCESS_LOGGER))
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    root.setLevel(logging.INFO)
    for h in root.handlers:
        for f in [f for f in h.filters if isinstance(f, _QuietFilter)]:
            h.removeFilter(f)
    for name in QUIET_LOGGERS:  # alembic too: "Running upgrade ..." per revision
        logging.getLogger(name).setLevel(
            logging.NOTSET if verbose or name not in quiet else logging.WARNING)
    if not verbose:
        for h in root.handlers:
            h.addFilter(_QuietFilter(quiet))


def uvicorn_log_level(verbose: bool) -> str:
    """uvicorn's own level: "info" prints its start-up lines and one access line per request."""
    return "info" if verbose else "warning"


# --- the demo-account table -------------------------------------------------------------------

def display_width(s: str) -> int:
    """Terminal columns: Hangul and other wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _pad(s: str, width: int) -> str:
    return s + " " * (width - display_width(s))


def table(header: Sequence[str], rows: Iterable[Sequence[str]], indent: str = "  ") -> list[str]:
    """Plain-text columns aligned by display width (Korean names line up)."""
    rows = [list(r) for r in rows]
    widths = [max(display_width(str(r[i])) for r in [list(header), *rows])
              for i in range(len(header))]
    out = []
    for r in [list(header), ["-" * w for w in widths], *rows]:
        out.append(indent + "  ".join(_pad(str(c), w) for c, w in zip(r, widths)).rstrip())
    return out


def demo_account_lines(accounts, password: str) -> list[str]:
    """The demo accounts in full (they are demo data, not people): role, e-mail, name,
    department and the one password they share."""
    return [
        "데모 계정 (demo accounts: 시연용 데이터, one shared password):",
        *table(("역할 role", "이메일 e-mail", "이름 name", "부서 department", "비밀번호 password"),
               ((a.role, a.email, a.name, a.department or "-", password) for a in accounts)),
    ]


def banner(*, open_url: str | None, api_url: str, accounts, password: str,
           partner_url: str | None = None, partner_note: str | None = None) -> str:
    """Printed once, when the database is ready: where to go, and who to sign in as."""
    lines = [""]
    if open_url:
        lines += [
            f"MY광양 준비 완료 (ready) — 브라우저에서 여세요 (open): {open_url}",
            "  휴대폰 폭으로 보세요 (phone width): 창을 좁히거나 개발자 도구의 기기 모드 "
            "(device mode, e.g. 400×860).",
        ]
    else:
        lines.append("MY광양 준비 완료 (ready).")
    lines.append(f"  API: {api_url}/api/v1   문서 (docs): {api_url}/docs")
    if partner_url:
        lines.append(f"  제휴 사이트 데모 (partner-site demo, 통합 로그인): {partner_url}")
    elif partner_note:
        lines.append(f"  제휴 사이트 데모 (partner-site demo): {partner_note}")
    lines += ["", *demo_account_lines(accounts, password), ""]
    return "\n".join(lines)
