"""AI 민원상담 챗봇 (catalog function chatbot)."""
from __future__ import annotations

from myg_app.server.chatbot import models, service
from myg_app.server.chatbot.router import router
from myg_app.server.domain import Domain, Job, api

DOMAIN = Domain("chatbot", models=(models,), routers=api(router), migrations="chatbot",
                jobs=(Job("chatbot.purge", service.purge, first_after_s=300.0,
                          every_s=6 * 3600.0),))
