"""Text to speech on the server, for clients that have no speech engine of their own (the web
app and the kiosk run in a browser; phones and desktops use the platform's, client/voice.py).

espeak-ng (Debian package `espeak-ng`) speaks Korean, English, Vietnamese and Chinese, works
offline and answers a sentence in tens of milliseconds. Its voice is robotic but clear; a
neural voice could replace `synthesize` later without the API changing. The command runs
with the text on stdin (never in its arguments) and a time limit; answers are cached, since
the same screens and answers are read again and again."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import threading
from collections import OrderedDict

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

VOICES = {"ko": "ko", "en": "en-us", "vi": "vi", "zh": "cmn"}
MAX_CHARS = 600
CACHE_ITEMS = 256


class TtsSettings(BaseSettings):
    """MYG_TTS_*: the espeak-ng command (a path or a name on PATH) and its speaking rate."""

    model_config = SettingsConfigDict(env_prefix="MYG_TTS_", extra="ignore")

    command: str = "espeak-ng"
    rate: int = Field(default=165, ge=80, le=400)  # words per minute (espeak's -s)
    timeout_s: float = Field(default=10.0, gt=0, le=60)


class Unavailable(Exception):
    """No speech engine on this server (or it failed)."""


_cache: OrderedDict[str, bytes] = OrderedDict()
_lock = threading.Lock()


def available(settings: TtsSettings) -> bool:
    return shutil.which(settings.command) is not None


def synthesize(settings: TtsSettings, text: str, lang: str = "ko") -> bytes:
    """A WAV file (16-bit mono PCM) of `text` read in `lang`."""
    key = hashlib.sha256(f"{lang}|{settings.rate}|{text}".encode()).hexdigest()
    with _lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit
    exe = shutil.which(settings.command)
    if exe is None:
        raise Unavailable(settings.command)
    try:
        done = subprocess.run([exe, "-v", VOICES[lang], "-s", str(settings.rate), "--stdin",
                               "--stdout"], input=text.encode(), capture_output=True,
                              timeout=settings.timeout_s, check=False)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise Unavailable(str(e)) from e
    if done.returncode != 0 or not done.stdout.startswith(b"RIFF"):
        raise Unavailable(done.stderr.decode(errors="replace")[:200])
    with _lock:
        _cache[key] = done.stdout
        while len(_cache) > CACHE_ITEMS:
            _cache.popitem(last=False)
    return done.stdout
