"""/f/library_card: 모바일 도서관회원증. A guest is asked to sign in; a citizen not linked yet
sees what linking shares and agrees to it; a linked citizen sees the card (name, member number,
Code 128 barcode and QR), the books on loan with their due dates and D-day, renews a book, and
unlinks from the menu after a confirmation. Each card that arrives is kept on the device
(client/wallet.py): without a connection the kept card is shown, marked offline."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

import flet as ft

from myg_app import catalog
from myg_app.client import voice
from myg_app.client.api import ApiError
from myg_app.client.features.feature import Feature
from myg_app.client.features.layout import screen
from myg_app.client.features.library_card import card as w
from myg_app.client.features.library_card.link import link_form
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import button, heading, tagged, text
from myg_app.client.widgets.loader import Loader
from myg_app.contracts import library as c
from myg_app.seoul_time import format_date_ko, to_seoul, today_seoul

FID = "library_card"
BASE = f"/f/{FID}"
TITLE = catalog.BY_ID[FID].name_ko
KIND = "library_card"  # the wallet's name for it
INTRO = ("시립도서관 회원증을 휴대폰으로 보여 주고, 빌린 책의 반납 예정일을 확인하고 연장합니다. "
         "반납 예정일 이틀 전에 알림을 드립니다.")


@dataclass
class Shown:
    card: c.CardOut
    fetched_at: datetime
    offline: str | None = None  # why the kept card is shown (the connection's error)


async def keep(app, card: c.CardOut) -> None:
    """The card as it arrived, for offline use (nothing is kept once unlinked)."""
    data = {"card": card.model_dump(mode="json", exclude={"shares"}),
            "fetched_at": datetime.now(timezone.utc).isoformat()} if card.linked else None
    await app.prefs.wallet.save(KIND, data)


async def kept(app) -> Shown | None:
    data = await app.prefs.wallet.load(KIND)
    try:
        return Shown(c.CardOut.model_validate(data["card"]),
                     datetime.fromisoformat(data["fetched_at"])) if data else None
    except (KeyError, TypeError, ValueError):
        return None


def fetched_label(at: datetime) -> str:
    local = to_seoul(at)
    return f"{local:%H:%M}" if local.date() == today_seoul() else \
        f"{format_date_ko(local.date())} {local:%H:%M}"


def guest_view(app) -> ft.View:
    m = app.m
    stored = ft.Column(spacing=m.gap * 2, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    body: list[ft.Control] = [
        text(INTRO, m, ident="library-intro"),
        text("회원증은 로그인한 뒤 볼 수 있습니다.", m, ident="library-login-note"),
        button("로그인", m, ident="library-login", icon=ft.Icons.LOGIN,
               on_click=lambda e: app.go("/login"), expand=True),
        stored,
    ]

    async def show_kept() -> None:
        # Started without a connection, the session could not resume: the card kept on this
        # device (forgotten at sign-out) still opens the library's door.
        got = await kept(app)
        if got is not None:
            stored.controls = [w.offline_note(app, fetched_label(got.fetched_at),
                                              "서버에 연결할 수 없습니다."),
                               w.card_panel(app, got.card)]
            app.page.update()

    if app.load_error:
        app.page.run_task(show_kept)
    return screen(app, BASE, TITLE, body, ident=f"function-{FID}")


class CardScreen:
    """The signed-in screen: loads the card, then shows the link form or the card."""

    def __init__(self, app):
        self.app = app
        m = app.m
        self.status = Loader(m, "library-status")
        self.result = Loader(m, "library-result")  # what an action did, read out
        self.content = ft.Column(spacing=m.gap * 2,
                                 horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
        self.menu = self._menu()
        self.view = screen(app, BASE, TITLE, [
            self.status, ft.Semantics(live_region=True, content=ft.Container(self.result)),
            self.content],
            actions=[self.menu], ident=f"function-{FID}")

    # --- loading ---------------------------------------------------------------------------
    async def fetch(self) -> Shown:
        try:
            card = await self.app.api.call("GET", "/library/card", c.CardOut)
        except ApiError as err:
            if not (err.offline or (err.status or 0) >= 500):
                raise
            got = await kept(self.app)
            if got is None:
                raise
            got.offline = err.message
            return got
        await keep(self.app, card)
        return Shown(card, datetime.now(timezone.utc))

    async def load(self, clear: bool = True) -> None:
        await self.status.load(self.app.page, self.fetch, self.show, clear=clear)

    def show(self, got: Shown) -> None:
        app, card = self.app, got.card
        self.menu.visible = card.linked and got.offline is None
        if not card.linked:
            self.content.controls = link_form(app, card, self.link)
            return
        controls: list[ft.Control] = []
        if got.offline:
            controls.append(w.offline_note(app, fetched_label(got.fetched_at), got.offline))
        controls.append(w.card_panel(app, card))
        controls += self.loans(card.loans, offline=got.offline is not None)
        self.content.controls = controls

    def loans(self, loans: c.LoansOut | None, *, offline: bool) -> list[ft.Control]:
        m = self.app.m
        out: list[ft.Control] = [heading("대출 중인 책", m, ident="library-loans-heading")]
        if loans is None or not loans.available:
            out.append(text(loans.notice if loans and loans.notice else
                            "대출 정보를 받지 못했습니다.", m, ident="library-loans-unavailable"))
            return out
        if not loans.items:
            out.append(text("지금 빌린 책이 없습니다.", m, ident="library-loans-empty"))
            return out
        today = w.today_if_offline(offline)
        out.append(text(w.loans_summary(loans, today), m, bold=True, ident="library-loans-summary"))
        out += [w.loan_row(self.app, x, notice_days=loans.notice_days, today=today,
                           on_renew=None if offline else self.renew) for x in loans.items]
        out.append(text(tr("연장은 책마다 한 번, 연장한 날부터 {renew_days}일입니다. 연체되었거나 다른 분이 예약한 책은 연장할 수 없습니다.", renew_days=loans.renew_days), m, "body_medium"))
        return out

    # --- actions ---------------------------------------------------------------------------
    async def _act(self, call, done) -> bool:
        """An action: progress, the call, then its message shown and read out."""
        app = self.app
        self.result.loading("처리하는 중입니다…")
        app.page.update()
        try:
            out = await call()
        except ApiError as err:
            self.result.error(err.message)
            app.page.update()
            await voice.speak(app, err.message)
            return False
        message = done(out)
        self.result.notice(message)
        await self.load(clear=False)
        await voice.speak(app, message)
        return True

    async def link(self, agreed: bool) -> None:
        body = c.LinkIn(agree=agreed)
        key = str(uuid.uuid4())  # one per tap: a retry links once
        await self._act(lambda: self.app.api.call("POST", "/library/link", c.CardOut, json=body,
                                                  idempotency_key=key),
                        lambda card: tr("시립도서관 계정을 연결했습니다. 회원번호 {member_no}", member_no=card.member_no))

    async def renew(self, loan: c.Loan) -> None:
        key = str(uuid.uuid4())
        await self._act(lambda: self.app.api.call("POST", f"/library/loans/{loan.id}/renew",
                                                  c.RenewOut, idempotency_key=key),
                        lambda out: out.message)

    async def unlink(self, e=None) -> None:
        self.app.page.pop_dialog()

        async def call() -> None:
            await self.app.api.call("DELETE", "/library/link")
            await self.app.prefs.wallet.save(KIND, None)

        await self._act(call, lambda _: "도서관 계정 연결을 해제했습니다. 회원증이 이 기기에서 지워졌습니다.")

    def ask_unlink(self, e=None) -> None:
        m = self.app.m
        dialog = ft.AlertDialog(
            modal=True,
            title=text("도서관 계정 연결을 해제할까요?", m, "title_medium", bold=True),
            content=text("이 앱과 기기에서 회원증이 사라집니다. 도서관 회원 자격은 그대로이고, 다시 "
                         "연결하면 같은 회원번호로 돌아옵니다.", m),
            actions=[button("취소", m, ident="library-unlink-cancel", kind="outlined",
                            on_click=lambda e: self.app.page.pop_dialog()),
                     button("연결 해제", m, ident="library-unlink-confirm", icon=ft.Icons.LINK_OFF,
                            on_click=self.unlink)])
        self.app.page.show_dialog(dialog)

    def _menu(self) -> ft.Control:
        m = self.app.m
        return tagged(ft.PopupMenuButton(
            icon=ft.Icons.MORE_VERT, tooltip="회원증 메뉴", icon_size=m.icon * 0.8,
            size_constraints=ft.BoxConstraints(min_width=m.target, min_height=m.target),
            items=[ft.PopupMenuItem(content=text("도서관 계정 연결 해제", m), icon=ft.Icons.LINK_OFF,
                                    height=m.target, on_click=self.ask_unlink)]),
            "library-menu", "회원증 메뉴", m=m)


def main_view(app) -> ft.View:
    if not app.signed_in:
        return guest_view(app)
    s = CardScreen(app)
    s.menu.visible = False
    app.page.run_task(s.load)
    return s.view


FEATURES = (Feature(FID, main_view),)
