"""One Settings class for the backend; every value can be set by a `MYG_*` environment variable."""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from myg_app.trusted_hosts import parse_hosts

SECRET_FILE = "secret_key"
_MIN_SECRET_LEN = 32  # HS256 wants at least 256 bits of key


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MYG_", extra="ignore")

    data_dir: Path = Path("data")
    database_url: str | None = None
    # repr=False: the key must never end up in a log line or a traceback.
    secret_key: str | None = Field(default=None, repr=False)
    access_token_minutes: int = Field(default=15, ge=1)
    refresh_token_days: int = Field(default=30, ge=1)
    # A kiosk signed in from a phone (RFC 8628): no refresh, at most this long (and never
    # longer than an access token).
    kiosk_session_minutes: int = Field(default=15, ge=1, le=24 * 60)
    demo_password: str | None = Field(default=None, repr=False)
    # Who may read GET /metrics: comma-separated addresses/CIDRs (observability/metrics.py).
    metrics_allow: str = "127.0.0.1/32,::1/128"
    # Tests only: cheap argon2 parameters so a suite with hundreds of sign-ins stays fast.
    password_hash_fast: bool = False
    # "production" refuses to start without MYG_OIDC_ISSUER and MYG_ALLOWED_HOSTS (hosts.py).
    env: Literal["development", "production"] = "development"
    # Host names this server answers for (comma-separated, "*.example.org", ports ignored);
    # empty: any Host (development). See myg_app/trusted_hosts.py.
    allowed_hosts: Annotated[tuple[str, ...], NoDecode] = ()

    @field_validator("env", mode="before")
    @classmethod
    def _env(cls, v):
        return v.strip().lower() if isinstance(v, str) else v

    @field_validator("allowed_hosts", mode="before")
    @classmethod
    def _hosts(cls, v):
        return parse_hosts(v)

    @field_validator("database_url")
    @classmethod
    def _driver(cls, v: str | None) -> str | None:
        # "postgresql://" would select psycopg2, which we do not ship; psycopg 3 is the driver.
        if v and v.startswith(("postgresql://", "postgres://")):
            v = "postgresql+psycopg://" + v.split("://", 1)[1]
        return v or None

    @model_validator(mode="after")
    def _prepare(self) -> "Settings":
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self.secret_key is None:
            self.secret_key = _load_or_create_secret(self.data_dir / SECRET_FILE)
        elif len(self.secret_key) < _MIN_SECRET_LEN:
            raise ValueError(f"MYG_SECRET_KEY must be at least {_MIN_SECRET_LEN} characters")
        return self

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'myg.sqlite3'}"


def _load_or_create_secret(path: Path) -> str:
    """Reuse the key of earlier starts (tokens survive a restart); create it once otherwise."""
    if path.exists() and (key := path.read_text().strip()):
        return key
    key = secrets.token_urlsafe(48)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    # Created 0600 from the first byte: never readable by others, not even briefly.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(key)
    try:
        os.link(tmp, path)  # atomic and refuses to overwrite: two starting processes agree
    except FileExistsError:
        existing = path.read_text().strip()
        if existing:
            key = existing
        else:  # an empty leftover file from a crash
            os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return key
