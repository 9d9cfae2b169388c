"""/f/citizen_id: the citizen's card (name, photo, number, validity) with its signed QR that
changes every 30 seconds, kept on the device so it still shows offline; the application
form when there is no card; lost-phone and reissue actions; the benefits."""
from __future__ import annotations

import asyncio
import base64
import time
import uuid

import flet as ft

from myg_app import qr
from myg_app.client.api import ApiError
from myg_app.client.features.citizen_id import apply as apply_form
from myg_app.client.features.citizen_id.common import (API, BASE, FID, TITLE, current_token,
                                                       keep, kept, panel, remaining)
from myg_app.client.features.feature import officer_of
from myg_app.client.features.layout import screen
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import StatusPanel, button, heading, tagged, text
from myg_app.client.widgets.loader import Loader
from myg_app.contracts import citizen_id as c
from myg_app.seoul_time import clock_ko, format_date_ko

INTRO = ("광양시민임을 휴대폰으로 보여 주는 모바일 시민증입니다. 공영주차장, 시립도서관, 문화예술회관 "
         "같은 곳에서 시민 혜택을 받을 때 QR 코드를 보여 주세요. 주민등록번호는 받지 않습니다.")
QR_EDGE = 256  # fits a 360-wide phone inside the card's padding
REFETCH_BELOW = 4  # windows left in the batch: fetch the next ones (2 minutes ahead)


def benefit_rows(app, rows: list[c.Benefit]) -> list[ft.Control]:
    m = app.m
    return [panel([text(b.place, m, bold=True), text(b.benefit, m, "body_medium")]
                  + ([text(b.address, m, "body_small")] if b.address else [])
                  + ([text("예시 (실제 협약 아님)", m, "body_small")] if b.demo else []),
                  f"citizen_id-benefit-{b.id}") for b in rows]


def status_text(card: c.CardOut) -> str:
    if card.status == "pending":
        return ("신청이 접수되었습니다. 민원봉사과에서 광양시 거주를 확인하면 알림으로 알려 드립니다.")
    if card.status == "rejected":
        return tr("신청이 반려되었습니다. 사유: {value}", value=card.reject_reason or '-')
    if card.status == "revoked":
        why = card.revoke_reason_text or "취소"
        extra = f" ({card.reject_reason})" if card.reject_reason and card.revoke_reason == "officer" else ""
        return tr("시민증 사용이 중지되었습니다: {why}{extra}", why=why, extra=extra)
    if card.status == "expired":
        return "시민증의 유효기간이 지났습니다. 다시 신청해 주세요."
    return ""


class CardScreen:
    def __init__(self, app):
        self.app, self.m = app, app.m
        self.status = Loader(self.m, "citizen_id-status")
        self.actions = StatusPanel(self.m, "citizen_id-action-status")
        self.content = ft.Column(spacing=self.m.gap * 2,
                                 horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
        self.benefits = ft.Column(spacing=self.m.gap)
        self.mine: c.MyCard | None = None
        self.batch: c.QrBatch | None = None
        # Nearest-neighbour scaling keeps the modules sharp (a blurred QR scans badly);
        # gapless: no blank frame when the next window's QR replaces this one.
        self.qr_image = ft.Image(src=b"", width=QR_EDGE, height=QR_EDGE, visible=False,
                                 fit=ft.BoxFit.CONTAIN, filter_quality=ft.FilterQuality.NONE,
                                 gapless_playback=True)
        self.qr_note = text("", self.m, "body_medium", ident="citizen_id-qr-note")
        self.offline_note = ft.Column()
        self.confirm = ft.Column()
        self.shown_token: str | None = None
        self.route = BASE

    # --- loading ----------------------------------------------------------------------
    async def load(self) -> None:
        app = self.app
        try:
            mine = await app.api.call("GET", f"{API}/card", c.MyCard)
            batch = None
            if mine.card is not None and mine.card.status == "active":
                batch = await app.api.call("GET", f"{API}/card/qr", c.QrBatch)
        except ApiError as err:
            stored = await kept(app) if err.offline else None
            if stored is None:
                self.status.error(err.message, on_retry=lambda e=None: app.page.run_task(self.load))
                app.page.update()
                return
            mine, batch, saved_at = stored
            self.offline_note.controls = [panel([text(
                tr("오프라인: {clock_ko}에 받은 시민증입니다. 인터넷에 연결되면 새로 받습니다.", clock_ko=clock_ko(saved_at)), self.m, "body_medium",
                color=ft.Colors.ON_SECONDARY_CONTAINER)],
                "citizen_id-offline", colour=ft.Colors.SECONDARY_CONTAINER)]
        else:
            self.offline_note.controls = []
            await keep(app, mine, batch)
        self.status.clear()
        self.mine, self.batch = mine, batch
        self.render()
        app.page.update()

    async def load_benefits(self) -> None:
        try:
            rows = (await self.app.api.call("GET", f"{API}/benefits", c.BenefitList,
                                            auth=False)).items
        except ApiError:
            return  # the card matters more; the list is there next time
        self.benefits.controls = benefit_rows(self.app, rows)
        self.app.page.update()

    # --- drawing ----------------------------------------------------------------------
    def render(self) -> None:
        m, mine = self.m, self.mine
        assert mine is not None
        card = mine.card
        out: list[ft.Control] = []
        if card is not None and card.status != "active":
            out.append(panel([text(status_text(card), m, bold=True, ident="citizen_id-state")],
                             "citizen_id-state-box"))
        if card is not None and card.status == "active":
            out.append(self.card_panel(card))
            out.append(button("휴대폰 분실·사용 중지", m, ident="citizen_id-revoke",
                              icon=ft.Icons.BLOCK, kind="outlined", expand=True,
                              on_click=lambda e: self.ask_revoke()))
            out.append(self.confirm)
        if mine.can_reissue:
            out.append(button("새 번호로 재발급", m, ident="citizen_id-reissue",
                              icon=ft.Icons.AUTORENEW, kind="tonal", expand=True,
                              on_click=lambda e: self.app.page.run_task(self.reissue)))
        if mine.can_apply and not mine.can_reissue:  # a lost phone: 재발급, not a new application
            out += apply_form.form(self.app, on_done=self.applied)
        self.content.controls = out

    def card_panel(self, card: c.CardOut) -> ft.Control:
        m = self.m
        face: list[ft.Control] = [text("광양시민증", m, "title_small", bold=True,
                                       color=ft.Colors.PRIMARY)]
        if card.photo_base64:
            face.append(tagged(ft.Image(src=base64.b64decode(card.photo_base64), width=96,
                                        height=120, fit=ft.BoxFit.COVER, border_radius=8),
                               "citizen_id-photo", tr("{name}님 사진", name=card.name)))
        face += [text(card.name, m, "headline_small", bold=True, ident="citizen_id-name"),
                 text(tr("시민증 번호 {number}", number=card.number), m, "title_medium", keep=False,
                      ident="citizen_id-number"),
                 text(tr("{dong_name} · {format_date_ko}까지 유효", dong_name=card.dong_name, format_date_ko=format_date_ko(card.valid_until))
                      if card.valid_until else card.dong_name, m, "body_medium",
                      ident="citizen_id-validity")]
        self.update_qr()
        qr_box = ft.Container(tagged(self.qr_image, "citizen_id-qr",
                                     "시민증 확인용 QR 코드, 30초마다 바뀝니다"),
                              bgcolor=ft.Colors.WHITE, padding=12, border_radius=8,
                              alignment=ft.Alignment.CENTER)
        face += [qr_box, self.qr_note]
        return panel(face, "citizen_id-card",
                     label=tr("광양시민증, {name}, 번호 {number}", name=card.name, number=card.number))

    def update_qr(self) -> None:
        now = time.time()
        t = current_token(self.batch, now)
        if t is None:
            self.qr_image.visible = False
            self.qr_note.content.value = ("QR 코드를 새로 받으려면 인터넷 연결이 필요합니다. "
                                          "시민증 정보는 그대로 볼 수 있습니다.")
            return
        if t.token != self.shown_token:
            self.qr_image.src = qr.png_bytes(t.token, scale=4)
            self.shown_token = t.token
        self.qr_image.visible = True
        left = max(0, int(t.expires_at - now))
        self.qr_note.content.value = (tr("{left}초 뒤에 새 QR로 바뀝니다. 캡처한 QR은 쓸 수 없습니다.", left=left))

    async def tick(self) -> None:
        """Redraw the QR and its countdown every second while this screen is shown."""
        app = self.app
        while not getattr(app, "closed", False) and app.page.route == self.route:
            await asyncio.sleep(1)
            mine = self.mine
            if mine is None or mine.card is None or mine.card.status != "active":
                continue
            if remaining(self.batch) < REFETCH_BELOW:
                try:
                    self.batch = await app.api.call("GET", f"{API}/card/qr", c.QrBatch)
                    await keep(app, mine, self.batch)
                except ApiError:
                    pass  # offline: the QRs left still show, then the note
            try:
                self.update_qr()
                app.page.update()
            except Exception:  # noqa: BLE001 - the session ended between two ticks
                return

    # --- actions ----------------------------------------------------------------------
    async def applied(self) -> None:
        await self.load()

    def ask_revoke(self) -> None:
        """An inline confirmation below the button (no dialog: it reads in order and large
        text never pushes its buttons off a small screen)."""
        m = self.m

        def choose(reason: str):
            async def go(e) -> None:
                self.confirm.controls = []
                await self.revoke(reason)
            return go

        def cancel(e) -> None:
            self.confirm.controls = []
            self.app.page.update()

        self.confirm.controls = [panel([
            text("시민증 사용을 중지할까요?", m, "title_medium", bold=True),
            text("중지하면 이 시민증과 QR은 어디서도 쓸 수 없습니다. 휴대폰을 잃어버렸다면 새 "
                 "휴대폰에서 재발급받을 수 있고, 광양시 밖으로 이사했다면 재발급되지 않습니다.", m,
                 "body_medium"),
            button("휴대폰을 잃어버렸어요", m, ident="citizen_id-revoke-lost", expand=True,
                   icon=ft.Icons.PHONELINK_ERASE, on_click=choose("lost")),
            button("광양시 밖으로 이사했어요", m, ident="citizen_id-revoke-moved", kind="tonal",
                   icon=ft.Icons.MOVING, expand=True, on_click=choose("moved")),
            button("그만두기", m, ident="citizen_id-revoke-cancel", kind="text", expand=True,
                   on_click=cancel)], "citizen_id-revoke-confirm",
            )]
        self.app.page.update()

    async def revoke(self, reason: str) -> None:
        key = str(uuid.uuid4())
        await self.actions.perform(self.app.page, lambda: self.app.api.call(
            "POST", f"{API}/card/revoke", c.CardOut, json=c.RevokeIn(reason=reason),
            idempotency_key=key), done="시민증 사용을 중지했습니다.", then=self.load)

    async def reissue(self) -> None:
        key = str(uuid.uuid4())
        await self.actions.perform(self.app.page, lambda: self.app.api.call(
            "POST", f"{API}/card/reissue", c.CardOut, json=c.ReissueIn(), idempotency_key=key),
            done="새 번호로 재발급했습니다. 이전 시민증은 쓸 수 없습니다.", then=self.load)


def main_view(app) -> ft.View:
    m = app.m
    intro = text(INTRO, m, ident="citizen_id-intro")
    body: list[ft.Control] = []
    verify = button("시민증 확인하기 (가맹점·담당자)", m, ident="citizen_id-verify-open",
                    icon=ft.Icons.QR_CODE_SCANNER, kind="outlined", expand=True,
                    on_click=lambda e: app.go(f"{BASE}/verify"))
    s = CardScreen(app)
    if not app.signed_in:
        body += [intro, text("시민증은 로그인 후 신청하고 볼 수 있습니다.", m,
                             ident="citizen_id-login-note"),
                 button("로그인", m, ident="citizen_id-login", icon=ft.Icons.LOGIN, expand=True,
                        on_click=lambda e: app.go("/login"))]
    else:
        # The card first: at a counter the QR must be on screen as the screen opens.
        body += [s.offline_note, s.status, s.actions, s.content, intro]
        app.page.run_task(s.load)
        app.page.run_task(s.tick)
        if officer_of(app, FID):
            body.append(button("시민증 신청 확인 (담당자)", m, ident="citizen_id-desk-open",
                               icon=ft.Icons.ADMIN_PANEL_SETTINGS, kind="outlined", expand=True,
                               on_click=lambda e: app.go(f"{BASE}/desk")))
    body += [verify, heading("시민증 혜택", m, ident="citizen_id-benefits-heading"), s.benefits]
    app.page.run_task(s.load_benefits)
    return screen(app, BASE, TITLE, body, ident=f"function-{FID}")
