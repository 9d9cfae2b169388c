"""API tests run against a migrated database: SQLite always, PostgreSQL when
MYG_TEST_DATABASE_URL is set (e.g. postgresql+psycopg://myg:myg@127.0.0.1:5432/myg_test)."""
from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from myg_app.server.app import create_app
from myg_app.server.config import Settings
from myg_app.server.db import make_engine, migrate
from tests.route_builds import share_route_builds

share_route_builds()



def _worker_database(url: str | None) -> str | None:
    """Under pytest-xdist each worker gets its own PostgreSQL database (myg_test_gw0 …): the
    tests truncate and reseed it freely."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker:
        return url
    from sqlalchemy.engine import make_url

    u = make_url(url)
    return u.set(database=f"{u.database}_{worker}").render_as_string(hide_password=False)


PG_BASE_URL = os.environ.get("MYG_TEST_DATABASE_URL")
PG_URL = _worker_database(PG_BASE_URL)
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
SECRET = "test-secret-key-0123456789-abcdefghijklmnop"
PASSWORD = "gwangyang2026"


def make_settings(data_dir: Path, url: str) -> Settings:
    return Settings(data_dir=data_dir, database_url=url, secret_key=SECRET,
                    password_hash_fast=True)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """Migrate once; each test gets a copy of the file (much faster than migrating each time)."""
    d = tmp_path_factory.mktemp("template")
    migrate(make_settings(d, f"sqlite:///{d / 'myg.sqlite3'}"))
    return d / "myg.sqlite3"


@pytest.fixture(scope="session")
def pg_database(tmp_path_factory) -> str:
    assert PG_URL
    if PG_URL != PG_BASE_URL:  # this worker's own database, made once
        from sqlalchemy.engine import make_url

        name = make_url(PG_URL).database
        admin = make_engine(PG_BASE_URL).execution_options(isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                {"n": name}).scalar():
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
    engine = make_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    migrate(make_settings(tmp_path_factory.mktemp("pg"), PG_URL))
    return PG_URL


def _truncate_pg(url: str) -> None:
    """Empty every table and restart the ids. DELETE with the foreign-key triggers off
    (session_replication_role, a superuser's setting; CI's test role is one) takes ~20 ms
    where TRUNCATE, which makes a new file for each of ~80 tables, took 120-350 ms a test."""
    engine = make_engine(url)
    with engine.begin() as conn:
        tables = conn.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "AND tablename <> 'alembic_version'")).scalars().all()
        sequences = conn.execute(text(
            "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'")).scalars().all()
        superuser = conn.execute(text(
            "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).scalar()
        if tables and superuser:
            conn.execute(text("SET LOCAL session_replication_role = replica"))
            conn.execute(text("; ".join(f'DELETE FROM "{t}"' for t in tables)))
            if sequences:
                conn.execute(text("SELECT " + ", ".join(
                    f"setval('\"{s}\"', 1, false)" for s in sequences)))
        elif tables:
            names = ", ".join(f'"{t}"' for t in tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def settings(request, tmp_path) -> Settings:
    if request.param == "sqlite":
        shutil.copy(request.getfixturevalue("sqlite_template"), tmp_path / "myg.sqlite3")
        return make_settings(tmp_path, f"sqlite:///{tmp_path / 'myg.sqlite3'}")
    url = request.getfixturevalue("pg_database")
    _truncate_pg(url)
    return make_settings(tmp_path, url)


@dataclass
class Api:
    client: TestClient
    settings: Settings

    def register(self, email: str | None = None, password: str = PASSWORD, name: str = "홍길동",
                 **kwargs) -> dict:
        email = email or f"user-{uuid.uuid4().hex[:8]}@example.com"
        r = self.client.post("/api/v1/auth/register",
                             json={"email": email, "password": password, "name": name}, **kwargs)
        assert r.status_code == 201, r.text
        return r.json() | {"email": email}

    def login(self, email: str, password: str = PASSWORD):
        return self.client.post("/api/v1/auth/login", json={"email": email, "password": password})

    @staticmethod
    def bearer(tokens: dict) -> dict[str, str]:
        return {"Authorization": f"Bearer {tokens['access_token']}"}


@pytest.fixture
def api(settings) -> Api:
    with TestClient(create_app(settings)) as client:
        yield Api(client, settings)


def assert_problem(r, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["status"] == status and body["code"] == code
    assert body["title"] and body["detail"] and body["instance"]
    return body
