"""`uv run main.py backup FILE [--force]` and `uv run main.py restore FILE`.

SQLite: `backup` copies the live database with SQLite's online backup API in one step (a
consistent snapshot while the server keeps writing; WAL readers block no writer) into a
temporary file next to FILE, made self-contained (journal_mode=DELETE, no -wal), checked
(`integrity_check`), then renamed into place. `restore` refuses while a server holds the
data lock (datalock.py), checks that FILE is a sound database of this app, keeps the current
database as `<db>.before-restore-<time>`, puts the copy in place (the old -wal/-shm removed)
and runs the migrations, so a backup from an older version is brought up to date.

PostgreSQL: `backup` runs `pg_dump --format=custom` when it is on PATH (the password goes
through PGPASSWORD, never on a command line or in a message); `restore` prints the
`pg_restore` command to run by hand once every server is stopped. README "백업과 복원".
"""
from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from myg_app.server.datalock import DataLock, lock_path, sqlite_path

SQLITE_MAGIC = b"SQLite format 3\x00"
REQUIRED_TABLES = ("alembic_version", "users")


class BackupError(Exception):
    """A refusal or failure, worded for the operator (Korean, then English)."""


@dataclass
class Summary:
    versions: list[str]  # alembic_version: one head per domain branch
    tables: int
    rows: int
    users: int

    def line(self) -> str:
        v = self.versions
        schema = ", ".join(v) if len(v) <= 3 else f"{v[-1]} ({len(v)} heads)"
        return (f"스키마 (schema) {schema or '-'} · 표 (tables) {self.tables} · "
                f"행 (rows) {self.rows:,} · 사용자 (users) {self.users:,}")


def human_size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    size, unit = float(n), "B"
    for unit in ("KB", "MB", "GB"):
        size /= 1024
        if size < 1024:
            break
    return f"{size:.1f} {unit}"


def summarize(conn: sqlite3.Connection) -> Summary:
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    rows = sum(conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables)
    versions = sorted(r[0] for r in conn.execute("SELECT version_num FROM alembic_version")) \
        if "alembic_version" in tables else []
    users = conn.execute("SELECT count(*) FROM users").fetchone()[0] if "users" in tables else 0
    return Summary(versions, len(tables), rows, users)


def _connect(path: Path, mode: str = "rw") -> sqlite3.Connection:
    """An existing file only (mode=rw never creates one); waits for a busy writer."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode={mode}", uri=True, timeout=30,
                           isolation_level=None)
    conn.execute("PRAGMA busy_timeout=30000")
    return conn


def _private_file(path: Path) -> None:
    """An empty file readable by its owner only: backups hold personal data."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))


def _fsync(path: Path) -> None:
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) if path.is_dir() else os.O_RDONLY
    try:
        fd = os.open(path, flags)
    except OSError:
        return  # Windows cannot open a folder; the rename is durable enough there
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _unlink_sqlite(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _snapshot(src: Path, dest: Path) -> Summary:
    """A consistent, self-contained, checked copy of the database `src` at `dest` (new file)."""
    _private_file(dest)
    source = _connect(src)
    try:
        target = sqlite3.connect(dest, isolation_level=None)
        try:
            # pages=-1: all in one step, under one read snapshot. Stepwise copies restart
            # whenever another connection writes, and might never finish on a busy server.
            source.backup(target, pages=-1)
            target.execute("PRAGMA journal_mode=DELETE")  # one file, no -wal beside it
            check = target.execute("PRAGMA integrity_check").fetchall()
            if check != [("ok",)]:
                raise BackupError(f"복사본 검사 실패 (the copy failed its integrity check): {check[:3]}")
            return summarize(target)
        finally:
            target.close()
    finally:
        source.close()


def backup_sqlite(db: Path, dest: Path, *, force: bool = False) -> Summary:
    """Copy the (possibly live) database `db` to `dest`; refuse an existing `dest` unless
    `force`. The copy appears at `dest` complete or not at all."""
    dest = dest.expanduser()
    if not db.is_file():
        raise BackupError(f"데이터베이스가 없습니다 (no database at {db}): 서버를 한 번 시작해 "
                          "만드세요 (start the server once).")
    if dest.is_dir():
        raise BackupError(f"{dest} 는 폴더입니다 (is a folder): 파일 이름을 주세요 (give a file name).")
    if dest.exists() and dest.resolve() == db.resolve():
        raise BackupError("백업을 데이터베이스 자신에 쓸 수 없습니다 (cannot back up onto the database).")
    if dest.exists() and not force:
        raise BackupError(f"{dest} 가 이미 있습니다 (already exists): 덮어쓰려면 --force "
                          "(use --force to overwrite).")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    try:
        summary = _snapshot(db, tmp)
        _fsync(tmp)
        if force:
            os.replace(tmp, dest)
        else:
            try:
                os.link(tmp, dest)  # atomic, and refuses a file that appeared meanwhile
            except FileExistsError:
                raise BackupError(f"{dest} 가 이미 있습니다 (already exists): --force") from None
        _fsync(dest.parent)
    except sqlite3.Error as e:
        raise BackupError(f"백업 실패 (backup failed): {e}") from e
    finally:
        _unlink_sqlite(tmp)
    return summary


def check_app_database(path: Path, name: Path | None = None) -> Summary:
    """Raise BackupError unless `path` is a sound SQLite database of this app whose schema
    this version knows (an older one is fine: migrations bring it up to date). `name` is the
    file the operator gave, for the messages (`path` may be a copy of it)."""
    with open(path, "rb") as f:
        magic = f.read(16)
    path, name = Path(path), name or path
    if magic != SQLITE_MAGIC:
        raise BackupError(f"{name} 는 SQLite 데이터베이스가 아닙니다 (is not an SQLite database).")
    try:
        conn = _connect(path)
        try:
            check = conn.execute("PRAGMA integrity_check").fetchall()
            if check != [("ok",)]:
                raise BackupError(f"{name} 가 손상되었습니다 (is damaged): {check[:3]}")
            summary = summarize(conn)
            names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as e:
        raise BackupError(f"{name} 를 읽을 수 없습니다 (cannot be read): {e}") from e
    missing = [t for t in REQUIRED_TABLES if t not in names]
    if missing or not summary.versions:
        raise BackupError(f"{name} 는 MY광양 데이터베이스가 아닙니다 (is not a MY광양 database: "
                          f"missing {', '.join(missing) or 'alembic_version rows'}).")
    unknown = _unknown_revisions(summary.versions)
    if unknown:
        raise BackupError(f"{name} 는 더 새 버전의 백업입니다 (comes from a newer version: "
                          f"unknown revision {', '.join(unknown)}); 앱을 먼저 업데이트하세요.")
    return summary


def _unknown_revisions(versions: list[str]) -> list[str]:
    from alembic.script import ScriptDirectory

    from myg_app.server.db import alembic_config

    script = ScriptDirectory.from_config(alembic_config())
    known = {rev.revision for rev in script.walk_revisions()}
    return [v for v in versions if v not in known]


@dataclass
class Restored:
    before: Summary  # the backup as it was
    after: Summary  # once migrated
    kept: Path | None  # the database it replaced


def restore_sqlite(settings, src: Path) -> Restored:
    """Replace the SQLite database of `settings` by the backup `src`; refuse while a server
    runs on it. The replaced database is kept next to it."""
    from myg_app.server.db import migrate

    db = sqlite_path(settings.effective_database_url)
    src = src.expanduser()
    if not src.is_file():
        raise BackupError(f"백업 파일이 없습니다 (no such backup file): {src}")
    if db.exists() and src.resolve() == db.resolve():
        raise BackupError("데이터베이스를 자기 자신으로 복원할 수 없습니다 (FILE is the database itself).")
    lock = DataLock(lock_path(db))
    if not lock.acquire(shared=False, blocking=False):
        raise BackupError(f"서버가 실행 중입니다 (a server is running on {db.parent}): 서버를 "
                          "모두 멈춘 뒤 다시 복원하세요 (stop every server, then restore again). "
                          f"Lock: {lock.path}")
    tmp = db.with_name(f".{db.name}.restore-{os.getpid()}.tmp")
    try:
        _private_file(tmp)
        shutil.copyfile(src, tmp)
        before = check_app_database(tmp, src)
        kept = _keep(db) if db.exists() else None
        for suffix in ("-wal", "-shm", "-journal"):  # never replayed onto the restored file
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        os.replace(tmp, db)
        _fsync(db.parent)
        try:
            migrate(settings)  # one transaction: on failure the backup stays as it was
        except Exception as e:
            raise BackupError(f"복원했지만 마이그레이션 실패 (restored, but the migration failed): "
                              f"{e}; 이전 데이터베이스 (previous database): {kept}") from e
        conn = _connect(db)
        try:
            after = summarize(conn)
        finally:
            conn.close()
        return Restored(before, after, kept)
    finally:
        _unlink_sqlite(tmp)
        lock.release()


def _keep(db: Path) -> Path:
    """Keep the database about to be replaced as `<db>.before-restore-<time>`: one clean file
    copied through SQLite (so it includes what is still in the -wal), or, when it cannot be
    read (a damaged database is a reason to restore), the files moved aside as they are."""
    kept = db.with_name(f"{db.name}.before-restore-{datetime.now():%Y%m%d-%H%M%S}")
    n = 1
    while kept.exists():
        n += 1
        kept = kept.with_name(f"{db.name}.before-restore-{datetime.now():%Y%m%d-%H%M%S}-{n}")
    try:
        _snapshot(db, kept)
    except (BackupError, sqlite3.Error):
        _unlink_sqlite(kept)
        for suffix in ("-wal", ""):  # the lock keeps servers away: nothing writes meanwhile
            if Path(f"{db}{suffix}").exists():
                os.replace(f"{db}{suffix}", f"{kept}{suffix}")
    return kept


# --- PostgreSQL -------------------------------------------------------------------------------

def libpq_url(url: str) -> tuple[str, str | None]:
    """(a libpq connection URI without the password, the password) for pg_dump/pg_restore."""
    from sqlalchemy.engine import URL, make_url

    u = make_url(url)
    # URL.create, not u.set(password=None): set() leaves a None field unchanged.
    plain = URL.create("postgresql", username=u.username, host=u.host, port=u.port,
                       database=u.database, query=u.query)
    return plain.render_as_string(hide_password=False), u.password


def _pg_hint(tool: str, url: str, file: Path) -> str:
    plain, password = libpq_url(url)
    pw = "PGPASSWORD='…' " if password else ""
    if tool == "pg_dump":
        return f"  {pw}pg_dump --format=custom --file '{file}' '{plain}'"
    return (f"  {pw}pg_restore --clean --if-exists --no-owner --single-transaction "
            f"--dbname '{plain}' '{file}'\n"
            "  uv run main.py --backend-only   # 이전 버전의 백업이면 마이그레이션 (migrates an older backup)")


def backup_postgres(url: str, dest: Path, *, force: bool = False) -> int:
    dest = dest.expanduser()
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        print("pg_dump 가 PATH에 없습니다 (pg_dump is not on PATH): PostgreSQL 클라이언트를 설치하거나 "
              "(install postgresql-client, the server's major version or newer) 직접 실행하세요 "
              "(or run it yourself; ~/.pgpass keeps the password off the command line):\n"
              + _pg_hint("pg_dump", url, dest), file=sys.stderr)
        return 1
    if dest.exists() and not force:
        raise BackupError(f"{dest} 가 이미 있습니다 (already exists): 덮어쓰려면 --force "
                          "(use --force to overwrite).")
    dest.parent.mkdir(parents=True, exist_ok=True)
    plain, password = libpq_url(url)
    env = dict(os.environ)
    if password is not None:
        env["PGPASSWORD"] = password
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    try:
        _private_file(tmp)
        done = subprocess.run([pg_dump, "--format=custom", f"--file={tmp}", f"--dbname={plain}"],
                              env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise BackupError(f"pg_dump 실패 (failed, exit {done.returncode}): "
                              f"{done.stderr.strip()[-2000:]}")
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    print(f"백업 완료 (backup saved): {dest} — {human_size(dest.stat().st_size)}, "
          f"pg_dump --format=custom of {plain}\n"
          "복원 (restore), 서버를 모두 멈춘 뒤 (with every server stopped):\n"
          + _pg_hint("pg_restore", url, dest), flush=True)
    return 0


# --- command line -----------------------------------------------------------------------------

def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="main.py", description="MY광양 백업과 복원 (backups)")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("backup", help="copy the database to FILE (safe while the server runs)")
    b.add_argument("file", type=Path, metavar="FILE")
    b.add_argument("--force", action="store_true", help="overwrite an existing FILE")
    r = sub.add_parser("restore", help="replace the database by the backup FILE (servers stopped)")
    r.add_argument("file", type=Path, metavar="FILE")
    return p.parse_args(argv)


def main(argv: list[str]) -> int:
    """Exit status: 0 done, 1 refused or failed (the reason printed to stderr)."""
    from myg_app import console
    from myg_app.server.config import Settings

    args = parse_args(argv)
    console.configure_logging(False)
    settings = Settings()
    url = settings.effective_database_url
    try:
        db = sqlite_path(url)
        if db is None:
            if args.command == "backup":
                return backup_postgres(url, args.file, force=args.force)
            print("PostgreSQL 복원은 직접 실행합니다 (restore by hand), 서버를 모두 멈춘 뒤 "
                  "(with every server stopped):\n" + _pg_hint("pg_restore", url, args.file),
                  file=sys.stderr)
            return 1
        if args.command == "backup":
            s = backup_sqlite(db, args.file, force=args.force)
            print(f"백업 완료 (backup saved): {args.file} — "
                  f"{human_size(args.file.expanduser().stat().st_size)}\n  {s.line()}", flush=True)
            return 0
        r = restore_sqlite(settings, args.file)
        lines = [f"복원 완료 (restored): {args.file} → {db}", f"  백업 (backup):  {r.before.line()}",
                 f"  현재 (now):     {r.after.line()}"]
        if r.kept is not None:
            lines.append(f"  이전 데이터베이스 보관 (previous database kept as): {r.kept}")
        print("\n".join(lines), flush=True)
        return 0
    except BackupError as e:
        print(f"실패 (failed): {e}", file=sys.stderr)
        return 1
