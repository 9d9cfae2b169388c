"""Serve first, prepare the database behind: the app shell and the catalog need no database,
so the first screen does not wait for migrations and demo seeding.

Every database session is taken through `GatedSessionmaker`, which waits (briefly) until the
preparation finished, so no request ever sees a half-migrated schema.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from sqlalchemy.orm import sessionmaker

from myg_app.server.problems import AppError

log = logging.getLogger(__name__)

# Long enough for a first start (migrate + seed) on a slow machine; a request waits rather
# than failing while the server warms up.
WAIT_SECONDS = 60.0


class Readiness:
    """Whether the database is migrated and seeded; set once by the preparing thread."""

    def __init__(self, ready: bool = False):
        self._event = threading.Event()
        self.error: BaseException | None = None
        if ready:
            self._event.set()

    @property
    def ready(self) -> bool:
        return self._event.is_set() and self.error is None

    def wait(self, timeout: float) -> bool:
        return self._event.wait(timeout) and self.error is None

    def done(self, error: BaseException | None = None) -> None:
        self.error = error
        self._event.set()

    def check(self, timeout: float = WAIT_SECONDS) -> None:
        """Raise a 503 problem unless the database is ready within `timeout`."""
        if self.wait(timeout):
            return
        if self.error is not None:
            raise AppError(503, "database_unavailable",
                           "데이터베이스를 준비하지 못했습니다. 관리자에게 문의해 주세요.")
        raise AppError(503, "starting", "서버를 준비하고 있습니다. 잠시 후 다시 시도해 주세요.",
                       headers={"Retry-After": "2"})


class GatedSessionmaker(sessionmaker):
    """A sessionmaker whose sessions (also through `.begin()`) wait for `readiness`."""

    readiness: Readiness

    def __call__(self, **kw):
        self.readiness.check()
        return super().__call__(**kw)


def prepare_in_background(readiness: Readiness, prepare: Callable[[], None]) -> threading.Thread:
    def work() -> None:
        try:
            prepare()
        except BaseException as e:  # reported to every waiting request as a 503
            log.exception("database preparation failed")
            readiness.done(e)
        else:
            readiness.done()

    t = threading.Thread(target=work, name="prepare-database", daemon=True)
    t.start()
    return t
