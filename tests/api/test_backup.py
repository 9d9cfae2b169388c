"""`main.py backup` / `main.py restore` (myg_app/server/backup.py): a backup taken while the
server runs and writes is consistent, a restore brings the data back, and the refusals hold
(a running server, a file that is not this app's database, an existing backup file)."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from myg_app.server.app import create_app
from myg_app.server.backup import (BackupError, backup_postgres, backup_sqlite, libpq_url,
                                   restore_sqlite)
from myg_app.server.datalock import DataLock, lock_path
from myg_app.server.db import alembic_config, make_engine
from myg_app.server.seed import seed_demo
from tests.api.conftest import PASSWORD, PG_URL, SECRET, Api, _truncate_pg, make_settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def seeded_template(sqlite_template, tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("backup-template")
    shutil.copy(sqlite_template, d / "myg.sqlite3")
    seed_demo(make_settings(d, f"sqlite:///{d / 'myg.sqlite3'}"))
    return d / "myg.sqlite3"


@pytest.fixture
def settings(seeded_template, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(seeded_template, data / "myg.sqlite3")
    return make_settings(data, f"sqlite:///{data / 'myg.sqlite3'}")


def db_of(settings) -> Path:
    return settings.data_dir / "myg.sqlite3"


def cli(settings, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MYG_")}
    env |= {"MYG_DATA_DIR": str(settings.data_dir), "MYG_SECRET_KEY": SECRET}
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def emails(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {r[0] for r in conn.execute("SELECT email FROM users")}


class Writer(threading.Thread):
    """Keeps committing to the live database: each transaction adds a probe row and counts it,
    so in a consistent copy the rows and the counter agree."""

    def __init__(self, db: Path):
        super().__init__(daemon=True)
        self.db, self.stop, self.commits, self.error = db, threading.Event(), 0, None
        with sqlite3.connect(db, isolation_level=None) as conn:
            conn.execute("CREATE TABLE probe (n INTEGER, pad TEXT)")
            conn.execute("CREATE TABLE probe_count (c INTEGER)")
            conn.execute("INSERT INTO probe_count VALUES (0)")

    def run(self) -> None:
        conn = sqlite3.connect(self.db, isolation_level=None, timeout=30)
        try:
            while not self.stop.is_set():
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("INSERT INTO probe VALUES (?, ?)", (self.commits, "x" * 500))
                conn.execute("UPDATE probe_count SET c = c + 1")
                conn.execute("COMMIT")
                self.commits += 1
        except Exception as e:  # noqa: BLE001 - reported by the test
            self.error = e
        finally:
            conn.close()


def test_backup_while_the_server_writes_then_restore_finds_the_data(settings, tmp_path):
    backup = tmp_path / "backups" / "myg-backup.sqlite3"
    with TestClient(create_app(settings)) as client:  # the server runs: it holds the lock
        api = Api(client, settings)
        api.register(email="kept@example.com", name="복원확인")
        writer = Writer(db_of(settings))
        writer.start()
        while writer.commits < 20:
            time.sleep(0.01)
        before = writer.commits
        done = cli(settings, "backup", str(backup))
        during = writer.commits - before
        writer.stop.set()
        writer.join()
        assert writer.error is None
        assert done.returncode == 0, done.stderr
        assert "백업 완료 (backup saved)" in done.stdout and "사용자 (users)" in done.stdout
        assert during > 0  # the copy was taken while the database was being written

        # Consistent and self-contained: one file, sound, rows and counter agree.
        assert not Path(f"{backup}-wal").exists()
        assert oct(backup.stat().st_mode & 0o777) == "0o600"
        with sqlite3.connect(backup) as copy:
            assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
            rows = copy.execute("SELECT count(*) FROM probe").fetchone()[0]
            assert rows == copy.execute("SELECT c FROM probe_count").fetchone()[0]
            assert 20 <= rows <= writer.commits
        assert "kept@example.com" in emails(backup)

        # Refused while the server runs; nothing changes.
        with pytest.raises(BackupError, match="서버가 실행 중"):
            restore_sqlite(settings, backup)
    with sqlite3.connect(db_of(settings)) as conn:  # the data is lost after the backup
        conn.execute("DELETE FROM users WHERE email = 'kept@example.com'")
    assert "kept@example.com" not in emails(db_of(settings))

    # In-process: the command in a fresh interpreter imports every domain for the migrations
    # (seconds); its command line is exercised by the refusal tests below.
    done = restore_sqlite(settings, backup)
    assert done.before.users == done.after.users == len(emails(db_of(settings)))
    assert done.kept == next(settings.data_dir.glob("myg.sqlite3.before-restore-*"))
    assert "kept@example.com" not in emails(done.kept)
    with TestClient(create_app(settings)) as client:  # the account is back and can sign in
        r = Api(client, settings).login("kept@example.com", PASSWORD)
        assert r.status_code == 200, r.text


def test_restore_refuses_while_another_process_holds_the_server_lock(settings, tmp_path):
    backup = tmp_path / "b.sqlite3"
    backup_sqlite(db_of(settings), backup)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; from myg_app.server.datalock import DataLock;"
         "assert DataLock(Path(sys.argv[1])).acquire(shared=True, blocking=True);"
         "print('held', flush=True); time.sleep(120)", str(lock_path(db_of(settings)))],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(BackupError, match="a server is running"):
            restore_sqlite(settings, backup)
        assert not list(settings.data_dir.glob("*.before-restore-*"))
    finally:
        holder.kill()  # a crashed server: the operating system drops its lock
        holder.wait()
    assert restore_sqlite(settings, backup).kept is not None
    # Several servers (workers) share the lock with each other.
    a, b = DataLock(lock_path(db_of(settings))), DataLock(lock_path(db_of(settings)))
    assert a.acquire(shared=True, blocking=False) and b.acquire(shared=True, blocking=False)
    a.release(), b.release()


def test_a_server_started_during_a_restore_waits_for_it(settings):
    restore_lock = DataLock(lock_path(db_of(settings)))
    assert restore_lock.acquire(shared=False, blocking=False)
    started = threading.Event()

    def serve() -> None:
        with TestClient(create_app(settings)) as client:
            assert client.get("/api/v1/health").status_code == 200
            started.set()

    server = threading.Thread(target=serve, daemon=True)
    server.start()
    assert not started.wait(0.5)  # the database is not touched while it is being replaced
    restore_lock.release()
    assert started.wait(30)
    server.join(30)


def test_restore_refuses_a_file_that_is_not_an_app_database(settings, tmp_path):
    db = db_of(settings)
    original = db.read_bytes()
    text_file = tmp_path / "notes.txt"
    text_file.write_text("백업 아님\n" * 100)
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE users (id INTEGER)")
    damaged = tmp_path / "damaged.sqlite3"
    backup_sqlite(db, damaged)
    data = bytearray(damaged.read_bytes())
    data[len(data) // 2: len(data) // 2 + 8192] = b"\xff" * 8192
    damaged.write_bytes(bytes(data))
    for bad, why in ((text_file, "is not an SQLite database"),
                     (other, "is not a MY광양 database"),
                     (damaged, "damaged|cannot be read"),
                     (tmp_path / "missing.sqlite3", "no such backup file")):
        with pytest.raises(BackupError, match=why):
            restore_sqlite(settings, bad)
    done = cli(settings, "restore", str(text_file))
    assert done.returncode == 1 and "is not an SQLite database" in done.stderr
    assert db.read_bytes() == original
    assert sorted(p.name for p in settings.data_dir.iterdir() if "myg" in p.name) == ["myg.sqlite3"]


def test_restore_brings_an_older_backup_up_to_date(settings, tmp_path):
    from alembic import command
    from alembic.script import ScriptDirectory

    old = tmp_path / "old.sqlite3"
    engine = make_engine(f"sqlite:///{old}", foreign_keys=False)
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")  # the foundation only: an early version's database
    engine.dispose()
    done = restore_sqlite(settings, old)
    assert done.before.versions == ["0002"]
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert sorted(done.after.versions) == sorted(heads)


def test_backup_refuses_to_overwrite_without_force(settings, tmp_path):
    target = tmp_path / "b.sqlite3"
    target.write_text("an older backup")
    with pytest.raises(BackupError, match="--force"):
        backup_sqlite(db_of(settings), target)
    assert target.read_text() == "an older backup"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    done = cli(settings, "backup", str(target))
    assert done.returncode == 1 and "already exists" in done.stderr
    summary = backup_sqlite(db_of(settings), target, force=True)
    assert summary.users == len(emails(target)) > 0


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in pg_dump is a shell script")
def test_pg_dump_gets_the_password_from_the_environment_only(tmp_path, monkeypatch, capsys):
    url = "postgresql+psycopg://myg:s3cr%40t@db.example:5432/myg?sslmode=require"
    assert libpq_url(url) == ("postgresql://myg@db.example:5432/myg?sslmode=require", "s3cr@t")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "pg_dump"  # records what it was given and writes a dump
    fake.write_text('#!/bin/sh\necho "$@" > "$(dirname "$0")/argv"\n'
                    'printf %s "$PGPASSWORD" > "$(dirname "$0")/pw"\n'
                    'for a; do case "$a" in --file=*) echo PGDMP > "${a#--file=}";; esac; done\n')
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    assert backup_postgres(url, tmp_path / "myg.dump") == 0
    assert (tmp_path / "myg.dump").read_text() == "PGDMP\n"
    argv = (bin_dir / "argv").read_text()
    assert "--format=custom" in argv and "s3cr" not in argv
    assert (bin_dir / "pw").read_text() == "s3cr@t"
    with pytest.raises(BackupError, match="--force"):
        backup_postgres(url, tmp_path / "myg.dump")

    monkeypatch.setattr(shutil, "which", lambda _name: None)
    assert backup_postgres(url, tmp_path / "other.dump") == 1
    out = capsys.readouterr()
    assert "pg_dump --format=custom" in out.err and "s3cr" not in out.out + out.err


@pytest.mark.skipif(not PG_URL or not shutil.which("pg_dump") or not shutil.which("pg_restore"),
                    reason="needs MYG_TEST_DATABASE_URL and the PostgreSQL client tools")
def test_postgres_backup_and_the_documented_pg_restore(pg_database, tmp_path):
    _truncate_pg(pg_database)
    settings = make_settings(tmp_path, pg_database)
    with TestClient(create_app(settings)) as client:
        Api(client, settings).register(email="pg-kept@example.com")
    dump = tmp_path / "myg.dump"
    assert backup_postgres(pg_database, dump) == 0
    engine = make_engine(pg_database)
    with engine.begin() as conn:
        conn.execute(text("TRUNCATE users CASCADE"))
    plain, password = libpq_url(pg_database)
    done = subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner",
                           "--single-transaction", "--dbname", plain, str(dump)],
                          env=os.environ | {"PGPASSWORD": password or ""},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM users WHERE email = 'pg-kept@example.com'")
                            ).scalar() == 1
    engine.dispose()
