"""Private signing keys kept as a JWK set in the data dir: written 0600, never half-written.

Used by the OIDC provider (RS256) and the digital citizen ID (Ed25519). The set lists the
newest key first; the newest signs, every key in the set is published, so what was signed
before a rotation stays verifiable until the retired key is dropped (after `keep` rotations).
"""
from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def write_new(path: Path, data: dict) -> Path:
    """Write a temporary file next to `path`, 0600 from the first byte; returns its path."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump(data, f)
    return tmp


def ensure(path: Path, new_key: Callable[[], dict]) -> None:
    """Create the key file with one key unless it exists."""
    if path.exists():
        return
    tmp = write_new(path, {"keys": [new_key()]})
    try:
        os.link(tmp, path)  # refuses to overwrite: two starting processes end up with one key
    except FileExistsError:
        pass
    finally:
        Path(tmp).unlink(missing_ok=True)


def rotate(path: Path, new_key: Callable[[], dict], keep: int) -> str:
    """Put a new active key first; keep the last `keep` keys. Returns the new key id."""
    old = json.loads(path.read_text())["keys"] if path.exists() else []
    new = new_key()
    os.replace(write_new(path, {"keys": [new, *old][:keep]}), path)
    return new["kid"]


def load(path: Path, new_key: Callable[[], dict], parse: Callable[[list[dict]], T]) -> T:
    """The key set at `path` (created with one key if missing), parsed by `parse`; cached
    until the file changes, so a rotation by another process is picked up."""
    ensure(path, new_key)
    return _load_cached(str(path), path.stat().st_mtime_ns, parse)


@lru_cache(maxsize=8)
def _load_cached(path: str, _mtime_ns: int, parse: Callable[[list[dict]], T]) -> T:
    with open(path) as f:
        return parse(json.load(f)["keys"])
