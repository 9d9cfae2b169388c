"""Keeps every 읍면동's forecast and observation fresh in this worker's cache, so the screen
answers from memory: each cell is fetched only when its publication is out (the adapter's
cache decides), so this costs a few hundred calls a day, well inside the API's quota."""
from __future__ import annotations

import logging

from myg_app.seoul_time import now_seoul
from myg_app.server.config import Settings
from myg_app.server.domain import Job
from myg_app.server.publicdata import kma
from myg_app.server.publicdata.client import PublicDataError
from myg_app.server.weather import service, source

log = logging.getLogger(__name__)
EVERY_S = 300.0


def warm(sessionmaker, settings: Settings) -> None:
    src = source.current()
    if not isinstance(src, source.Live) or not kma.KmaSettings().warm:
        return  # the bundled sample needs no fetching
    now = now_seoul()
    for nx, ny in sorted(service.warm_cells()):
        for ask in (src.client.village_forecast, src.client.nowcast):
            try:
                ask(nx, ny)  # waits: a job has the time a screen has not
            except PublicDataError as e:
                log.warning("weather warm-up %s,%s: %s", nx, ny, e)
    log.debug("weather warm-up done in %s", now_seoul() - now)


JOBS = (Job("weather-warm", warm, first_after_s=5.0, every_s=EVERY_S, in_transaction=False),)
