"""Linking the library account: what is shared with 시립도서관 (and what is not), the consent
box, and the button. The server records the consent as 통합 로그인's consent page does."""
from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from myg_app.client.features.account import check
from myg_app.client.features.library_card.card import panel
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import button, heading, text
from myg_app.contracts import library as c

SHARED_WHY = {
    "이름": "회원 정보와 맞춰 보는 데 씁니다.",
    "회원 식별값": "통합 로그인이 도서관에 알려 주는 번호입니다. 주민등록번호가 아닙니다.",
}


def link_form(app, card: c.CardOut,
              link: Callable[[bool], Awaitable[None]]) -> list[ft.Control]:
    m = app.m
    agree = check(app, tr("위 정보를 {library}에 제공하는 데 동의합니다", library=card.library), "library-agree")
    error = text("", m, "body_medium", color=ft.Colors.ERROR, ident="library-agree-error")
    error.visible = False

    async def submit(e=None) -> None:
        if not agree.content.value:
            error.content.value = "정보 제공에 동의해야 연결할 수 있습니다."
            error.visible = True
            app.page.update()
            return
        error.visible = False
        await link(True)

    shared = [text(tr("{library}에 제공하는 정보", library=card.library), m, "title_small", bold=True)]
    for item in card.shares:
        shared.append(text(f"· {item}: {SHARED_WHY.get(item, '')}".rstrip(": "), m))
    shared.append(text("주민등록번호, 전화번호, 주소, 이메일은 제공하지 않습니다. 이 앱은 회원번호만 "
                       "저장합니다.", m, "body_medium"))
    out: list[ft.Control] = [
        heading(tr("{library} 계정 연결", library=card.library), m, ident="library-link-heading"),
        text(tr("MY광양 통합 로그인으로 {library} 회원 계정을 연결하면 이 앱에서 모바일 회원증을 보여 주고, 빌린 책의 반납 예정일을 확인하고 연장할 수 있습니다.", library=card.library), m,
             ident="library-link-intro"),
        panel(shared, "library-shares", m),
        agree, error,
        button("도서관 계정 연결", m, ident="library-link", icon=ft.Icons.LINK,
               on_click=submit, expand=True),
        text(tr("{library} 회원이 아니면 신분증을 가지고 도서관에서 먼저 회원가입을 해 주세요.", library=card.library), m,
             "body_medium"),
    ]
    if card.demo:
        out.append(text("지금은 시연용 도서관과 연결됩니다. 연결하면 예시 회원번호와 예시 대출 도서가 "
                        "만들어집니다.", m, "body_small", ident="library-link-demo"))
    return out
