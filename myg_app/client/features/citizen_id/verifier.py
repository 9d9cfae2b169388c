"""/f/citizen_id/verify: checking a citizen ID QR at a shop or a desk, offline.

A photo of the QR is read on the device (zxing-cpp where the app's Python has it: the web app,
where a phone browser's picker offers the camera, and desktop); otherwise the token is pasted
or typed (a scanner app's text).

The verifier keeps the city's public keys (JWKS) and the signed revocation list on the device
and checks each token with them (myg_app.cards.token): valid, expired, revoked or forged,
each shown plainly. It syncs keys and list whenever it can, and keeps a log of its checks on
the device (masked card numbers only).
"""
from __future__ import annotations

import time

import flet as ft

from myg_app.cards import token as tok
from myg_app.client.api import ApiError
from myg_app.client.features.account import field
from myg_app.client.features.citizen_id.common import API, BASE, panel
from myg_app.client.features.layout import screen
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import StatusPanel, button, heading, tagged, text
from myg_app.contracts import citizen_id as c
from myg_app.seoul_time import clock_ko

ROUTE = f"{BASE}/verify"
KIND = "citizen_id.verifier"
LOG_KEEP = 50
LOOKS = {  # status: (icon, background, foreground, headline)
    "valid": (ft.Icons.VERIFIED, ft.Colors.PRIMARY_CONTAINER, ft.Colors.ON_PRIMARY_CONTAINER,
              "유효"),
    "expired": (ft.Icons.TIMER_OFF, ft.Colors.ERROR_CONTAINER, ft.Colors.ON_ERROR_CONTAINER,
                "만료"),
    "revoked": (ft.Icons.BLOCK, ft.Colors.ERROR_CONTAINER, ft.Colors.ON_ERROR_CONTAINER, "취소됨"),
    "forged": (ft.Icons.GPP_BAD, ft.Colors.ERROR_CONTAINER, ft.Colors.ON_ERROR_CONTAINER,
               "위조 의심"),
    "not_yet_valid": (ft.Icons.SCHEDULE, ft.Colors.ERROR_CONTAINER, ft.Colors.ON_ERROR_CONTAINER,
                      "시각 확인"),
}


def decode_qr(image: bytes) -> str | None:
    """The text of the first QR code in a photo, or None. zxing-cpp (a native decoder) is
    there where the app's Python runs on the server (the web app, a desktop kiosk); a phone
    build without it pastes the scanner app's text instead."""
    try:
        import io

        import zxingcpp
        from PIL import Image
    except ImportError:
        return None
    try:
        found = zxingcpp.read_barcodes(Image.open(io.BytesIO(image)).convert("RGB"))
    except Exception:  # noqa: BLE001 - not a picture: the same answer as no code in it
        return None
    return next((r.text for r in found if r.text), None)


def can_read_photos() -> bool:
    import importlib.util

    return importlib.util.find_spec("zxingcpp") is not None


def when(ts: int) -> str:
    return clock_ko(ts)


class Verifier:
    def __init__(self, app):
        self.app, self.m = app, app.m
        self.data: dict = {"jwks": None, "revocations": None, "synced_at": 0, "log": []}
        self.sync_status = StatusPanel(self.m, "citizen_id-verify-sync-status")
        self.sync_line = ft.Column()
        self.result = ft.Column()
        self.log = ft.Column(spacing=4)
        self.token = field(app, "QR 내용", "citizen_id-verify-token",
                           helper="스캐너로 읽은 내용을 붙여 넣거나 입력하세요.")

    async def start(self) -> None:
        stored = await self.app.prefs.wallet.load(KIND)
        if stored:
            self.data |= stored
        self.render_log()
        await self.sync()

    async def sync(self, e=None) -> None:
        """Fetch the keys and the signed list; keep the old ones when offline."""
        app = self.app
        try:
            jwks = (await app.api.call("GET", f"{API}/jwks", c.Jwks, auth=False)).model_dump()
            revs = await app.api.call("GET", f"{API}/revocations", c.Revocations, auth=False)
            tok.open_revocations(revs.token, jwks)  # signed by the city, or not taken
        except (ApiError, tok.Forged, KeyError, TypeError) as err:
            msg = getattr(err, "message", "취소 목록을 확인할 수 없습니다.")
            if self.data["jwks"]:
                self.sync_status.error(tr("{msg} 마지막으로 받은 목록({when})으로 확인합니다.", msg=msg, when=when(self.data['synced_at'])), on_retry=self.sync)
            else:
                self.sync_status.error(tr("{msg} 처음 한 번은 인터넷에 연결해 공개키를 받아야 합니다.", msg=msg),
                                       on_retry=self.sync)
            self.render_sync()
            app.page.update()
            return
        self.data |= {"jwks": jwks, "revocations": revs.token, "synced_at": int(time.time())}
        await self.save()
        self.sync_status.clear()
        self.render_sync()
        app.page.update()

    async def save(self) -> None:
        await self.app.prefs.wallet.save(KIND, self.data)

    def revoked(self) -> frozenset[str]:
        try:
            return frozenset(tok.open_revocations(self.data["revocations"], self.data["jwks"])
                             ["revoked"])
        except (tok.Forged, TypeError, KeyError):
            return frozenset()

    def render_sync(self) -> None:
        m = self.m
        if self.data["jwks"]:
            n = len(self.revoked())
            line = tr("공개키·취소 목록 {when} 기준 (취소된 시민증 {n}장)", when=when(self.data['synced_at']), n=n)
        else:
            line = "아직 공개키를 받지 못했습니다."
        self.sync_line.controls = [text(line, m, "body_medium", ident="citizen_id-verify-synced")]

    async def check(self, e=None) -> None:
        m, raw = self.m, (self.token.value or "").strip()
        if not raw:
            self.token.error = "QR 내용을 붙여 넣어 주세요."
            self.app.page.update()
            return
        self.token.error = None
        if not self.data["jwks"]:
            await self.sync()
            if not self.data["jwks"]:
                return
        v = tok.verify(raw, self.data["jwks"], self.revoked(), time.time())
        icon, bg, fg, head = LOOKS[v.status]
        who = [text(f"{v.masked_name or ''} {tok.masked_number(v.card_no)}".strip(), m,
                    "title_medium", color=fg, ident="citizen_id-verify-who")] if v.card_no else []
        self.result.controls = [tagged(ft.Container(ft.Column([
            ft.Row([ft.Icon(icon, color=fg, size=m.icon * 2),
                    ft.Container(text(head, m, "headline_small", bold=True, color=fg,
                                      ident="citizen_id-verify-status"), expand=True)]),
            text(v.message, m, color=fg, ident="citizen_id-verify-message"), *who,
        ], spacing=8), bgcolor=bg, padding=16, border_radius=12),
            "citizen_id-verify-result", tr("확인 결과: {head}. {message}", head=head, message=v.message))]
        self.data["log"] = ([{"at": int(time.time()), "status": v.status,
                              "card": tok.masked_number(v.card_no) if v.card_no else None}]
                            + list(self.data.get("log") or []))[:LOG_KEEP]
        self.token.value = ""
        await self.save()
        self.render_log()
        self.app.page.update()

    def render_log(self) -> None:
        m = self.m
        rows = self.data.get("log") or []
        self.log.controls = [text(f"{when(r['at'])} · {LOOKS[r['status']][3]}"
                                  + (f" · {r['card']}" if r.get("card") else ""), m, "body_medium")
                             for r in rows[:10] if r.get("status") in LOOKS] or [
            text("아직 확인한 기록이 없습니다.", m, "body_medium")]

    async def photo(self, e) -> None:
        """A photo of the QR (the phone browser's file picker offers the camera)."""
        f = (e.files or [None])[0]
        if f is None or not f.bytes:
            return
        token = decode_qr(f.bytes)
        if token is None:
            self.token.error = "사진에서 QR 코드를 찾지 못했습니다. QR이 크고 선명하게 나오게 다시 찍어 주세요."
            self.app.page.update()
            return
        self.token.value = token
        await self.check()

    async def clear_log(self, e=None) -> None:
        self.data["log"] = []
        await self.save()
        self.render_log()
        self.app.page.update()


def verify_view(app) -> ft.View:
    m = app.m
    v = Verifier(app)
    app.page.run_task(v.start)
    v.render_sync()
    camera: list[ft.Control] = []
    if can_read_photos() and not getattr(app, "kiosk", False):
        picker = ft.FilePicker(on_result=v.photo)
        app.state.services["citizen_id_verify_picker"] = picker  # services stay referenced
        camera = [ft.Semantics(identifier="citizen_id-verify-photo", content=ft.FilledTonalButton(
            content="QR 사진 찍기·고르기", icon=ft.Icons.PHOTO_CAMERA, height=m.target,
            action=ft.PickFiles(picker, allow_multiple=False, with_data=True,
                                file_type=ft.FilePickerFileType.IMAGE)))]
    return screen(app, ROUTE, "시민증 확인", [
        panel([text("시민이 보여 주는 시민증 QR을 확인합니다. 인터넷이 없어도 마지막으로 받은 "
                    "광양시 공개키와 취소 목록으로 확인합니다.", m, "body_medium")],
              "citizen_id-verify-info"),
        v.sync_line, v.sync_status, *camera,
        tagged(v.token, "citizen_id-verify-token"),
        button("확인하기", m, ident="citizen_id-verify-check", icon=ft.Icons.FACT_CHECK,
               expand=True, on_click=v.check),
        v.result,
        button("공개키·취소 목록 새로 받기", m, ident="citizen_id-verify-sync", icon=ft.Icons.SYNC,
               kind="outlined", expand=True, on_click=v.sync),
        heading("최근 확인 기록 (이 기기)", m, ident="citizen_id-verify-log-heading"),
        v.log,
        button("기록 지우기", m, ident="citizen_id-verify-log-clear", kind="text", expand=True,
               on_click=v.clear_log),
    ], ident="citizen_id-verify")
