"""1:1 민원상담 채팅: the citizen's conversation and the officer desk (queue, take, transfer,
saved answers, close). Live over the ChatLink; history and actions over REST."""

from __future__ import annotations

import flet as ft

from myg_app.client.features.chat.citizen import citizen_view
from myg_app.client.features.chat.controller import FID
from myg_app.client.features.chat.desk import desk_conversation_view, desk_view
from myg_app.client.features.feature import Feature


def is_officer(app) -> bool:
    u = app.state.user
    return u is not None and u.role in ("officer", "admin")


def main_view(app) -> ft.View:
    return desk_view(app) if is_officer(app) else citizen_view(app)


def inner(app, rest: str):
    parts = rest.strip("/").split("/")
    if len(parts) == 2 and parts[0] == "desk" and parts[1].isdigit() and is_officer(app):
        return [lambda: desk_conversation_view(app, int(parts[1]))]
    return None


FEATURES = (Feature(FID, main_view, inner),)
