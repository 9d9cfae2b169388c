"""모바일 도서관회원증 (library_card): the card, the library link, loans and due notices."""
from __future__ import annotations

from myg_app.server.domain import Domain, api
from myg_app.server.library import models
from myg_app.server.library.jobs import JOBS
from myg_app.server.library.router import router

DOMAIN = Domain("library", models=(models,), routers=api(router), migrations="library",
                jobs=JOBS)
