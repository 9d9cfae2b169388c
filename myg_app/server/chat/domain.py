"""1:1 민원상담 채팅: REST for history and the desk, a WebSocket for live messages."""
from __future__ import annotations

from myg_app.server.chat import models
from myg_app.server.chat.router import router
from myg_app.server.chat.seed import seed
from myg_app.server.chat.ws import ws_router
from myg_app.server.domain import Domain, api

DOMAIN = Domain("chat", models=(models,), routers=api(router, ws_router), seed=seed,
                migrations="chat")
