"""The public data portal's service keys (data.go.kr, odcloud, safetydata): the form to send,
and never a key in a log line or an error. Importing this module installs the log filter."""
from __future__ import annotations

import logging
import re
from urllib.parse import quote, unquote

import httpx

_KEY_IN_TEXT = re.compile(r"(serviceKey=)[^&\s\"'<>]+", re.IGNORECASE)


def redact(text: str, key: str | None = None) -> str:
    """`text` without the service key: any `serviceKey=...` value and the key itself (raw,
    URL-encoded or decoded) become ***."""
    text = _KEY_IN_TEXT.sub(r"\1***", text)
    if key:
        for form in {key, quote(key, safe=""), unquote(key)}:
            if len(form) >= 4:
                text = text.replace(form, "***")
    return text


class _RedactKeyFilter(logging.Filter):
    """httpx logs every request URL at INFO ("HTTP Request: GET https://…?serviceKey=…");
    this strips the key from such records before any handler sees them."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            text = record.getMessage()
        except (TypeError, ValueError):  # a malformed record: the logging module reports it
            return True
        if "servicekey=" in text.lower():
            record.msg = redact(text)
            record.args = None
        return True


def _install_log_filter() -> None:
    for name in ("httpx", "httpcore"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _RedactKeyFilter) for f in logger.filters):
            logger.addFilter(_RedactKeyFilter())


_install_log_filter()


def normalise_key(key: str) -> str:
    """data.go.kr shows each key twice, URL-encoded ("...%2B...%3D%3D") and decoded; either
    may be pasted. httpx encodes query values itself, so we keep the decoded form."""
    key = key.strip()
    return unquote(key) if "%" in key else key


def retry_after(r: httpx.Response) -> float | None:
    try:
        return float(r.headers["Retry-After"])
    except (KeyError, ValueError):
        return None
