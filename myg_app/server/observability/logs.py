"""Log lines: one JSON object per line when MYG_LOG_FORMAT=json (the human format otherwise),
with personal data masked on every handler whatever the format (privacy.mask_text).

The launcher calls `install_log_handlers()` once the root handler exists and hands
`uvicorn_log_config()` to uvicorn, so uvicorn's own lines are masked (and JSON) too. The access
log is ours (middleware.py, logger `myg.access`): uvicorn's own access log, which writes query
strings, stays off.
"""
from __future__ import annotations

import copy
import json
import logging
import os
from datetime import datetime, timezone
from typing import Any

from myg_app.console import ACCESS_LOGGER
from myg_app.server.observability.context import current_request_id
from myg_app.server.privacy import mask_text

__all__ = ["ACCESS_LOGGER", "JsonFormatter", "MaskingFilter", "install_log_handlers",
           "uvicorn_log_config"]
LOG_FORMAT_ENV = "MYG_LOG_FORMAT"

# Attributes every LogRecord has: anything else came in through `extra=`.
_STANDARD = frozenset(logging.LogRecord("x", 0, "", 0, "", (), None).__dict__) | {
    "message", "asctime", "taskName", "request_id"}


def json_logs_enabled() -> bool:
    return os.environ.get(LOG_FORMAT_ENV, "").strip().lower() == "json"


def _extras(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in record.__dict__.items() if k not in _STANDARD and k[:1] != "_"}


class MaskingFilter(logging.Filter):
    """Masks phone numbers, e-mail addresses and 주민등록번호-like numbers in the message (its
    format string and arguments), string `extra` fields and the formatted exception. Always
    lets the record through. Idempotent, so a record seen by several handlers is fine."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: logging reports it when it formats
            return True
        masked = mask_text(message)
        if masked != message:
            # Mask the parts, keeping the arguments' types (uvicorn's formatter unpacks them);
            # if personal data only appears once formatted, keep the formatted text instead.
            msg = mask_text(record.msg) if isinstance(record.msg, str) else record.msg
            record.msg, record.args = msg, _mask_args(record.args)
            try:
                same = record.getMessage() == masked
            except Exception:
                same = False
            if not same:
                record.msg, record.args = masked, ()
        for key, value in _extras(record).items():
            if isinstance(value, str):
                setattr(record, key, mask_text(value))
        if record.exc_info and not record.exc_text:
            # Formatters reuse exc_text: the traceback is masked once, here.
            record.exc_text = mask_text(logging.Formatter().formatException(record.exc_info))
        return True


def _mask_args(args):
    if isinstance(args, tuple):
        return tuple(mask_text(a) if isinstance(a, str) else a for a in args)
    if isinstance(args, dict):
        return {k: mask_text(v) if isinstance(v, str) else v for k, v in args.items()}
    return args


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts (ISO 8601 UTC), level, logger, message, request_id, pid,
    then the record's `extra` fields; `exc` with the traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, timezone.utc)
            .isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or current_request_id(),
            "pid": record.process,  # which worker, with several behind the proxy
        }
        for key, value in _extras(record).items():
            out.setdefault(key, value)
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            out["exc"] = record.exc_text
        if record.stack_info:
            out["stack"] = self.formatStack(record.stack_info)
        return json.dumps(out, ensure_ascii=False, default=str)


def install_log_handlers(json_format: bool | None = None,
                         logger: logging.Logger | None = None) -> None:
    """Every handler of `logger` (the root by default) masks; with JSON on, writes JSON."""
    json_format = json_logs_enabled() if json_format is None else json_format
    logger = logger or logging.getLogger()
    for handler in logger.handlers:
        if not any(isinstance(f, MaskingFilter) for f in handler.filters):
            handler.addFilter(MaskingFilter())
        if json_format:
            handler.setFormatter(JsonFormatter())


def uvicorn_log_config(json_format: bool | None = None) -> dict[str, Any]:
    """uvicorn's `log_config`. Human: uvicorn's own handlers and format, masked. JSON: no
    handlers of its own; its lines go to the root handlers (JSON, masked)."""
    json_format = json_logs_enabled() if json_format is None else json_format
    if json_format:
        return {"version": 1, "disable_existing_loggers": False, "loggers": {
            name: {"handlers": [], "propagate": True}
            for name in ("uvicorn", "uvicorn.error", "uvicorn.access")}}
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["myg_mask"] = {"()": f"{__name__}.MaskingFilter"}
    for handler in config["handlers"].values():
        handler.setdefault("filters", []).append("myg_mask")
    return config
