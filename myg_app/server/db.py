"""SQLAlchemy 2 plumbing: Base, mixins, the engine factory and the programmatic migration."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, MetaData, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker, Session
from sqlalchemy.types import TypeDecorator

if TYPE_CHECKING:
    from myg_app.server.config import Settings

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# Deterministic constraint names: Alembic can then drop/alter them on SQLite (batch mode)
# and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores UTC; always returns aware UTC datetimes (SQLite itself forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store timezone-aware values only")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class IdMixin:
    id: Mapped[int] = mapped_column(primary_key=True)


class CreatedMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class TimestampMixin(CreatedMixin):
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False
    )


# Execution option for a connection that only reads (see make_engine): on SQLite its
# transaction takes no write lock, so a long read, such as building a search index, never
# makes writers wait. Writing through such a connection fails; PostgreSQL ignores it.
READ_ONLY = "myg_read_only"


@contextmanager
def read_only_session(engine: Engine) -> Iterator[Session]:
    """A session on its own connection that reads without holding SQLite's write lock."""
    with engine.connect() as conn:
        conn.execution_options(**{READ_ONLY: True})
        with Session(conn, expire_on_commit=False) as session:
            yield session


def make_engine(url: str, *, foreign_keys: bool = True) -> Engine:
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True, hide_parameters=True)
    engine = create_engine(
        url,
        # Sessions hop between FastAPI's worker threads; access stays sequential.
        connect_args={"check_same_thread": False},
        hide_parameters=True,  # error messages must not carry e-mails or names into logs
    )

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record) -> None:
        # We issue BEGIN ourselves: pysqlite's own handling skips it before SELECT and DDL,
        # which would break read-then-write rules and make migrations non-atomic.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
        cur.execute("PRAGMA synchronous=NORMAL")  # safe with WAL, much faster commits
        cur.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cur.execute("PRAGMA busy_timeout=10000")  # wait for the write lock instead of failing
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:
        # IMMEDIATE takes the write lock up front: concurrent read-then-write transactions
        # queue (busy_timeout) instead of failing, so capacity rules hold on SQLite too.
        # A connection marked READ_ONLY reads a WAL snapshot instead and blocks no writer.
        if conn.get_execution_options().get(READ_ONLY):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    # expire_on_commit=False: objects stay readable after the request's commit.
    return sessionmaker(engine, expire_on_commit=False)


def alembic_config(url: str | None = None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url:
        # configparser treats % as interpolation; a password may contain one.
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def migrate(settings: "Settings") -> None:
    """Bring the database to the newest schema (`alembic upgrade heads`), without alembic.ini.

    "heads": each domain's migrations branch from the foundation, so there may be several.
    """
    from alembic import command

    # Foreign keys off on SQLite: batch migrations rebuild tables, and dropping the old
    # `users` table with them on would cascade-delete every menu pin. Checked below instead.
    engine = make_engine(settings.effective_database_url, foreign_keys=False)
    try:
        with engine.begin() as conn:  # one transaction: a failed migration leaves no trace
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "heads")
            if engine.dialect.name == "sqlite":
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"migration left {len(broken)} broken foreign keys")
    finally:
        engine.dispose()


# pg_advisory_lock key of the start-up preparation ("myg" + "prep" in ASCII): any constant
# shared by every process of a deployment; advisory locks are per database.
PREPARE_LOCK_KEY = 0x6D79_6770_7265_70


@contextmanager
def prepare_lock(settings: "Settings") -> Iterator[None]:
    """One process at a time migrates and seeds. Workers started together on PostgreSQL (the
    systemd units of deploy/, after an upgrade) would otherwise race: two `alembic upgrade`s or
    two seeds inserting the same rows, and the loser stops. The others wait here, then find
    the work done. SQLite serves one process: nothing to hold."""
    engine = make_engine(settings.effective_database_url)
    try:
        if engine.dialect.name != "postgresql":
            yield
            return
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql(f"SELECT pg_advisory_lock({PREPARE_LOCK_KEY})")
            try:
                yield
            finally:
                conn.exec_driver_sql(f"SELECT pg_advisory_unlock({PREPARE_LOCK_KEY})")
    finally:
        engine.dispose()
