"""/f/points: the balance, what expires when (oldest first), the history with 더 보기, how
points are earned, and the way to 포인트 사용 (상품권 교환 or 기부)."""
from __future__ import annotations

import flet as ft

from myg_app.client.features.layout import screen
from myg_app.client.features.points.common import (
    BASE,
    FID,
    TITLE,
    is_points_officer,
    load_summary,
    panel,
    pts,
)
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import button, heading, text
from myg_app.client.widgets.loader import Loader
from myg_app.contracts import points as c
from myg_app.seoul_time import format_date_ko, format_datetime_ko

INTRO = ("설문조사 참여, 정책 제안 채택, 생활불편 신고 처리 완료, 캠페인 인증으로 포인트가 쌓입니다. "
         "만 19~39세 청년은 더 받습니다. 1포인트는 1원으로, 광양사랑상품권으로 바꾸거나 복지재단에 "
         "기부할 수 있습니다.")
PAGE = 20


def history_row(app, h: c.HistoryItem) -> ft.Control:
    m = app.m
    when = format_datetime_ko(h.at)
    lines: list[ft.Control] = [
        ft.Row([ft.Container(text(h.title, m, bold=True), expand=True),
                text(pts(h.amount, sign=True), m, bold=True,
                     color=ft.Colors.PRIMARY if h.amount > 0 else ft.Colors.ERROR)],
               vertical_alignment=ft.CrossAxisAlignment.START),
        text(when, m, "body_medium"),
    ]
    if h.bonus:
        lines.append(text(tr("청년 보너스 {pts} 포함", pts=pts(h.bonus)), m, "body_medium"))
    if h.expires_on and h.amount > 0:
        lines.append(text(tr("{format_date_ko}까지 사용", format_date_ko=format_date_ko(h.expires_on)), m, "body_medium"))
    if h.voucher_code:
        lines.append(text(tr("상품권 번호 {voucher_code}", voucher_code=h.voucher_code), m, "body_medium", keep=False))
    if h.note:
        lines.append(text(tr("사유: {note}", note=h.note), m, "body_medium"))
    if h.demo:
        lines.append(text("예시 자료 (시연용 적립)", m, "body_small"))
    sign = "적립" if h.amount > 0 else "사용"
    return panel(lines, f"points-history-{h.id}",
                 label=tr("{title} {amount:,}포인트 {sign}, {when}", title=h.title, amount=abs(h.amount), sign=sign, when=when))


def main_view(app) -> ft.View:
    m = app.m
    body: list[ft.Control] = [text(INTRO, m, ident="points-intro")]
    if not app.signed_in:
        body += [text("포인트는 로그인 후 확인할 수 있습니다.", m, ident="points-login-note"),
                 button("로그인", m, ident="points-login", icon=ft.Icons.LOGIN,
                        on_click=lambda e: app.go("/login"), expand=True)]
        return screen(app, BASE, TITLE, body, ident=f"function-{FID}")

    status = Loader(m, "points-status")
    top = ft.Column(spacing=m.gap * 2, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    history = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    more = ft.Column()
    rules = ft.Column(spacing=m.gap)
    shown: list[c.HistoryItem] = []

    def show_top(s: c.PointsSummary) -> None:
        balance = [text("사용할 수 있는 포인트", m, "title_small"),
                   text(pts(s.balance), m, "display_small", bold=True, color=ft.Colors.PRIMARY,
                        ident="points-balance")]
        if s.young:
            balance.append(text("청년(만 19~39세) 보너스 대상입니다.", m, "body_medium",
                                ident="points-young"))
        top.controls = [panel(balance, "points-balance-box",
                              label=tr("사용할 수 있는 포인트 {balance:,}포인트", balance=s.balance))]
        if s.expiring_soon:
            top.controls.append(panel(
                [text(tr("{expiring_soon_days}일 안에 사라지는 포인트", expiring_soon_days=s.expiring_soon_days), m, "title_small", bold=True,
                      color=ft.Colors.ERROR)]
                + [text(tr("{format_date_ko}까지 {pts}", format_date_ko=format_date_ko(x.day), pts=pts(x.points)), m) for x in s.expiring_soon]
                + [text("오래된 포인트부터 먼저 사용됩니다.", m, "body_medium")],
                "points-expiring-soon"))
        later = [x for x in s.expiring if x not in s.expiring_soon][:3]
        exp = [text(tr("포인트는 적립일부터 {expiry_years}년 동안 쓸 수 있습니다.", expiry_years=s.expiry_years), m, "body_medium")]
        exp += [text(tr("{format_date_ko}까지 {pts}", format_date_ko=format_date_ko(x.day), pts=pts(x.points)), m, "body_medium") for x in later]
        if s.expired_total:
            exp.append(text(tr("기한이 지나 사라진 포인트 {pts}", pts=pts(s.expired_total)), m, "body_medium"))
        top.controls.append(panel(exp, "points-expiring"))
        rules.controls = [panel([text(r.name, m, bold=True), text(
            f"{pts(r.amount)}" + (tr(", 청년 +{pts}", pts=pts(r.young_bonus)) if r.young_bonus else "")
            + (tr(" · 하루 {pts}까지", pts=pts(r.daily_cap)) if r.daily_cap else "")
            + (tr(" · 최대 {pts}", pts=pts(r.total_cap)) if r.total_cap else ""), m, "body_medium")],
            f"points-rule-{r.rule}") for r in s.rules if r.amount]

    def show_history(s: c.PointsSummary, *, append: bool) -> bool:
        nonlocal shown
        shown = (shown if append else []) + list(s.history)
        history.controls = [history_row(app, h) for h in shown]
        more.controls = [button("더 보기", m, ident="points-history-more", kind="outlined",
                                icon=ft.Icons.EXPAND_MORE, expand=True,
                                on_click=lambda e: app.page.run_task(load, len(shown)))
                         ] if len(shown) < s.history_total else []
        return bool(shown)

    async def load(offset: int = 0) -> None:
        def show(s: c.PointsSummary) -> bool:
            if not offset:
                show_top(s)
            return show_history(s, append=bool(offset))

        await status.load(app.page, lambda: load_summary(app, offset, PAGE), show,
                          empty="아직 적립·사용 내역이 없습니다. 설문조사에 참여해 보세요.")

    body += [top,
             button("포인트 사용하기 (상품권·기부)", m, ident="points-redeem-open",
                    icon=ft.Icons.REDEEM, on_click=lambda e: app.go(f"{BASE}/redeem"),
                    expand=True)]
    if is_points_officer(app):
        body.append(button("포인트 조정·인증 (담당자)", m, ident="points-officer-open",
                           kind="outlined", icon=ft.Icons.ADMIN_PANEL_SETTINGS,
                           on_click=lambda e: app.go(f"{BASE}/officer"), expand=True))
    body += [heading("적립·사용 내역", m, ident="points-history-heading"), status, history, more,
             heading("포인트 받는 방법", m, ident="points-rules-heading"), rules]
    app.page.run_task(load)
    return screen(app, BASE, TITLE, body, ident=f"function-{FID}")
