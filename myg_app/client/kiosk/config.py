"""The kiosk's configuration: a TOML file (default_kiosk.toml ships with the app; a city's own
is named by MYG_KIOSK_CONFIG) plus the exit PIN from MYG_KIOSK_EXIT_PIN.

Without a configured PIN a random one is made at start and written to the operator's console
log, so a kiosk is never left with a PIN anyone could read in the code."""
from __future__ import annotations

import hmac
import logging
import os
import secrets
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from myg_app import catalog

log = logging.getLogger(__name__)
DEFAULT = Path(__file__).with_name("default_kiosk.toml")


@dataclass(frozen=True)
class KioskConfig:
    place: str
    functions: tuple[str, ...]
    idle_seconds: float
    countdown_seconds: float
    large_text: bool
    exit_pin: str

    def pin_ok(self, typed: str) -> bool:
        return hmac.compare_digest(typed.encode(), self.exit_pin.encode())

    def allows(self, fid: str) -> bool:
        return fid in self.functions


def parse(text: str, pin: str | None) -> KioskConfig:
    raw = tomllib.loads(text)
    functions = tuple(f for f in raw.get("functions", []) if f in catalog.BY_ID)
    unknown = [f for f in raw.get("functions", []) if f not in catalog.BY_ID]
    if unknown:
        log.warning("kiosk config: unknown functions ignored: %s", ", ".join(map(str, unknown)))
    if not pin:
        pin = f"{secrets.randbelow(10**6):06d}"
        log.warning("MYG_KIOSK_EXIT_PIN is not set: this kiosk's exit PIN is %s", pin)
    return KioskConfig(place=str(raw.get("place", "광양시 민원실"))[:40], functions=functions,
                       idle_seconds=max(10.0, float(raw.get("idle_seconds", 90))),
                       countdown_seconds=max(5.0, float(raw.get("countdown_seconds", 20))),
                       large_text=bool(raw.get("large_text", True)), exit_pin=pin)


@lru_cache(maxsize=1)
def load() -> KioskConfig:
    path = Path(os.environ.get("MYG_KIOSK_CONFIG") or DEFAULT)
    return parse(path.read_text(encoding="utf-8"), os.environ.get("MYG_KIOSK_EXIT_PIN"))
