import stat

import pytest
from pydantic import ValidationError

from myg_app.server.config import Settings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for var in ("MYG_DATABASE_URL", "MYG_SECRET_KEY", "MYG_DATA_DIR", "MYG_DEMO_PASSWORD"):
        monkeypatch.delenv(var, raising=False)


def test_secret_is_generated_once_and_reused(tmp_path):
    data = tmp_path / "data"
    first = Settings(data_dir=data)
    second = Settings(data_dir=data)
    assert first.secret_key and len(first.secret_key) >= 48
    assert second.secret_key == first.secret_key
    key_file = data / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert key_file.read_text().strip() == first.secret_key
    assert first.secret_key not in repr(first)


def test_different_data_dirs_get_different_secrets(tmp_path):
    assert Settings(data_dir=tmp_path / "a").secret_key != Settings(data_dir=tmp_path / "b").secret_key


def test_default_database_is_sqlite_in_data_dir(tmp_path):
    s = Settings(data_dir=tmp_path)
    assert s.effective_database_url == f"sqlite:///{tmp_path / 'myg.sqlite3'}"


def test_environment_is_honoured(tmp_path, monkeypatch):
    monkeypatch.setenv("MYG_DATA_DIR", str(tmp_path / "env-data"))
    monkeypatch.setenv("MYG_DATABASE_URL", "postgresql://u:p@db:5432/myg")
    monkeypatch.setenv("MYG_SECRET_KEY", "k" * 40)
    s = Settings()
    assert s.data_dir == tmp_path / "env-data" and s.data_dir.is_dir()
    # psycopg 3 is the driver we ship, so a plain postgresql:// URL is pointed at it.
    assert s.effective_database_url == "postgresql+psycopg://u:p@db:5432/myg"
    assert s.secret_key == "k" * 40
    assert not (s.data_dir / "secret_key").exists()


def test_short_secret_refused(tmp_path):
    with pytest.raises(ValidationError):
        Settings(data_dir=tmp_path, secret_key="too-short")
