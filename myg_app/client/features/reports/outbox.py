"""Drafts and the offline outbox, kept in SharedPreferences so they survive the app closing.

A report written without a connection goes to the outbox with the Idempotency-Key it was made
with; the sender retries every SEND_EVERY seconds until the server answers. Because the key
never changes, a report whose first answer was lost is still filed exactly once.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from pydantic import ValidationError

from myg_app.client.api import ApiError
from myg_app.client.features.reports.common import BASE, Photo, ReportForm
from myg_app.client.i18n import tr
from myg_app.contracts import reports as c

log = logging.getLogger(__name__)

K_DRAFT = "myg.report.draft"
K_OUTBOX = "myg.report.outbox"
SEND_EVERY = 15.0


async def _get(app, key: str) -> Any:
    try:
        raw = await app.prefs.service.get(key)
        return json.loads(raw) if isinstance(raw, str) and raw else None
    except Exception:  # noqa: BLE001 - a broken store must not block reporting
        log.warning("reading %s failed", key, exc_info=True)
        return None


async def _set(app, key: str, value: Any) -> bool:
    try:
        if value is None:
            await app.prefs.service.remove(key)
        else:
            await app.prefs.service.set(key, json.dumps(value, ensure_ascii=False))
        return True
    except Exception:  # noqa: BLE001
        log.warning("saving %s failed", key, exc_info=True)
        return False


# --- drafts ------------------------------------------------------------------------------

async def load_draft(app) -> ReportForm | None:
    d = await _get(app, K_DRAFT)
    return ReportForm.from_json(d) if isinstance(d, dict) else None


async def save_draft(app, f: ReportForm) -> None:
    await _set(app, K_DRAFT, None if f.empty else f.to_json())


async def clear_draft(app) -> None:
    await _set(app, K_DRAFT, None)


# --- outbox ------------------------------------------------------------------------------

async def entries(app) -> list[dict[str, Any]]:
    d = await _get(app, K_OUTBOX)
    return [e for e in d if isinstance(e, dict)] if isinstance(d, list) else []


async def enqueue(app, f: ReportForm) -> bool:
    items = await entries(app)
    if any(e.get("key") == f.key for e in items):
        return True
    items.append(f.to_json())
    return await _set(app, K_OUTBOX, items)


def _state(app) -> dict[str, Any]:
    s = app.state.drafts.get("report_outbox")
    if s is None:
        s = app.state.drafts["report_outbox"] = {"lock": asyncio.Lock(), "task": None, "messages": []}
    return s


async def upload_photo(app, p: Photo) -> None:
    """Send one picked photo (idempotent by its key); sets p.token on success."""
    import base64

    out = await app.api.call("POST", "/reports/photos", c.PhotoOut,
                             json=c.PhotoUpload(filename=p.name[:200],
                                                content_base64=base64.b64encode(p.data).decode()),
                             idempotency_key=p.key)
    p.token = out.token


async def send(app, f: ReportForm) -> c.ReportOut:
    """Upload what is still on the device, then file the report. Raises ApiError."""
    for p in list(f.photos):
        if p.token is None and p.data is not None:
            try:
                await upload_photo(app, p)
            except ApiError as err:
                if err.offline or (err.status or 500) >= 500:
                    raise
                # A file the server refuses is dropped with its reason; the report goes on.
                f.photos.remove(p)
                _state(app)["messages"].append(tr("사진 '{name}'은(는) 보내지 못했습니다: {message}", name=p.name, message=err.message))
    tokens = [p.token for p in f.photos if p.token]
    return await app.api.call("POST", "/reports", c.ReportOut, json=f.body(tokens),
                              idempotency_key=f.key)


async def flush(app) -> list[c.ReportOut]:
    """Send every waiting report once; stops at the first connection failure."""
    st = _state(app)
    sent: list[c.ReportOut] = []
    if not app.signed_in:
        return sent
    async with st["lock"]:
        for item in await entries(app):
            f = ReportForm.from_json(item)
            try:
                sent.append(await send(app, f))
            except ApiError as err:
                if err.offline or (err.status or 500) >= 500 or err.status == 401:
                    break  # no connection (or server trouble): try again later
                # Refused for good (e.g. a photo older than a day): back to the form, not lost.
                st["messages"].append(tr("보내지 못한 신고를 작성 화면으로 돌려놓았습니다: {message}", message=err.message))
                await save_draft(app, f)
            except ValidationError:
                await save_draft(app, f)
            await _drop(app, f.key)
    return sent


async def _drop(app, key: str) -> None:
    await _set(app, K_OUTBOX, [e for e in await entries(app) if e.get("key") != key] or None)


def take_messages(app) -> list[str]:
    st = _state(app)
    out, st["messages"] = st["messages"], []
    return out


def ensure_sender(app) -> None:
    """One background sender per app session while anything waits in the outbox."""
    st = _state(app)
    task = st["task"]
    if task is not None and not task.done():
        return

    async def loop() -> None:
        while True:
            waiting = await entries(app)
            if not waiting:
                return
            sent = await flush(app)
            if sent and (app.page.route or "") == BASE:
                app.render()  # the list shows the report that just went out
            if await entries(app):
                await asyncio.sleep(SEND_EVERY)

    st["task"] = app.page.run_task(loop)
