"""The one loading pattern: progress only after 300 ms, a Korean error with 다시 시도, an empty
state. Every screen that loads data shows it through `Loader.load`.

    status = Loader(m, "rsv-mine-status")
    await status.load(app.page, lambda: app.api.call("GET", ..., Model), show,
                      empty="예약이 없습니다.")

`show(data)` fills the screen; it returns False (or the data is empty) for the empty state.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import flet as ft

from myg_app.client.widgets.common import StatusPanel

T = TypeVar("T")
PROGRESS_DELAY = 0.3  # seconds: a quick answer shows no spinner at all


class Loader(StatusPanel):
    """A StatusPanel that also runs loads (its `perform`, `notice`... still work)."""

    async def load(self, page: ft.Page, fetch: Callable[[], Awaitable[T]],
                   show: Callable[[T], Any], *, what: str = "불러오는 중입니다…",
                   empty: str | None = None, clear: bool = True) -> bool:
        """Fetch and show; a failure shows its Korean message and 다시 시도 (the same load
        again). Returns whether the data arrived. `clear=False` keeps a notice shown before
        (an action's "done" message when the action reloads the screen)."""
        from myg_app.client.api import ApiError

        shown_progress = False

        async def progress() -> None:
            nonlocal shown_progress
            await asyncio.sleep(PROGRESS_DELAY)
            shown_progress = True
            self.loading(what)
            page.update()

        timer = asyncio.create_task(progress())
        try:
            data = await fetch()
        except ApiError as err:
            self.error(err.message, on_retry=lambda e=None: self.load(
                page, fetch, show, what=what, empty=empty, clear=clear))
            page.update()
            return False
        finally:
            timer.cancel()
        if clear or shown_progress:
            self.clear()
        shown = show(data)
        if asyncio.iscoroutine(shown):
            shown = await shown
        if empty is not None and (shown is False or _is_empty(data)):
            self.notice(empty)
        page.update()
        return True


def _is_empty(data: Any) -> bool:
    items = getattr(data, "items", data)
    return isinstance(items, list | tuple) and not items
