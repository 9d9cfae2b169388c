"""A Server-Sent Events listener for tests and benchmarks: reads a stream in a thread and hands
each event over a queue, with the time it arrived."""
from __future__ import annotations

import json
import queue
import threading
import time
from dataclasses import dataclass

import httpx


@dataclass
class Event:
    event: str
    data: dict
    id: str | None
    at: float  # time.perf_counter() when it arrived


class Listener:
    def __init__(self, url: str, *, params=None, headers=None):
        self.events: queue.Queue[Event] = queue.Queue()
        self.status: int | None = None
        self.body: bytes = b""
        self.raw: list = []
        self._client = httpx.Client(timeout=httpx.Timeout(30, read=None))
        self._stop = threading.Event()
        self._opened = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(url, params, headers), daemon=True)
        self._thread.start()

    def _run(self, url, params, headers) -> None:
        try:
            with self._client.stream("GET", url, params=params, headers=headers) as r:
                self.status = r.status_code
                self._opened.set()
                if r.status_code != 200:
                    self.body = r.read()
                    return
                name, data, ident = "message", [], None
                for line in r.iter_lines():
                    self.raw.append(line)
                    if self._stop.is_set():
                        return
                    if line == "":
                        if data:
                            self.events.put(Event(name, json.loads("\n".join(data)), ident,
                                                  time.perf_counter()))
                        name, data, ident = "message", [], None
                    elif line.startswith("event:"):
                        name = line[6:].strip()
                    elif line.startswith("data:"):
                        data.append(line[5:].strip())
                    elif line.startswith("id:"):
                        ident = line[3:].strip()
        except (httpx.HTTPError, RuntimeError):
            pass
        finally:
            self._opened.set()

    def opened(self, timeout: float = 10) -> int | None:
        self._opened.wait(timeout)
        return self.status

    def next(self, kind: str = "alert", timeout: float = 10) -> Event:
        end = time.monotonic() + timeout
        while True:
            ev = self.events.get(timeout=max(0.01, end - time.monotonic()))
            if ev.event == kind:
                return ev

    def ready(self, timeout: float = 10) -> Event:
        return self.next("ready", timeout)

    def none(self, within: float = 0.5, kind: str = "alert") -> bool:
        """True if no event of `kind` arrives within `within` seconds."""
        try:
            self.next(kind, within)
            return False
        except queue.Empty:
            return True

    def close(self) -> None:
        self._stop.set()
        self._client.close()
