"""The server's advisory lock on its SQLite database, so that `main.py restore` never replaces
the file under a running server.

Every server process holds a shared lock (`flock LOCK_SH`) on `server.lock` next to the
database file (the data folder by default) from its start until it ends: several workers of one
deployment hold it together. `restore` takes the lock exclusively without waiting
(`LOCK_EX | LOCK_NB`) and refuses when that fails. The operating system drops the lock of a
process that ends, crashed or not, so a stale file never blocks a restore. A server started
while a restore runs waits for it to finish.

PostgreSQL servers take no lock: `pg_restore` is run by hand (README "백업과 복원").
Windows has no `flock`: the lock is a no-op there (a running server keeps the database file
open, and Windows refuses to replace an open file, so `restore` fails instead).
"""
from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from myg_app.server.config import Settings

LOCK_NAME = "server.lock"
log = logging.getLogger(__name__)


def sqlite_path(url: str) -> Path | None:
    """The database file of an SQLite URL; None for other databases and in-memory SQLite."""
    from sqlalchemy.engine import make_url

    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def lock_path(db: Path) -> Path:
    return db.parent / LOCK_NAME


class DataLock:
    """One open file description of the lock file; flock locks of two descriptions conflict even
    inside one process, so a test can play server and restore side by side."""

    def __init__(self, path: Path):
        self.path = path
        self._fd: int | None = None

    def acquire(self, *, shared: bool, blocking: bool) -> bool:
        """True when held. Without `blocking`, False at once if a conflicting lock is held."""
        if self._fd is not None:
            raise RuntimeError("lock already held")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        if fcntl is not None:
            op = (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | (0 if blocking else fcntl.LOCK_NB)
            try:
                fcntl.flock(fd, op)
            except BlockingIOError:
                os.close(fd)
                return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the last descriptor drops the flock
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None


async def hold_for_server(settings: "Settings") -> DataLock | None:
    """Taken in the API's lifespan before the database is touched; None for PostgreSQL."""
    db = sqlite_path(settings.effective_database_url)
    if db is None:
        return None
    lock = DataLock(lock_path(db))
    if not lock.acquire(shared=True, blocking=False):
        log.warning("데이터베이스 복원이 진행 중입니다. 끝나면 시작합니다 "
                    "(a restore is running; the server starts when it ends): %s", lock.path)
        await asyncio.to_thread(lock.acquire, shared=True, blocking=True)
    return lock
