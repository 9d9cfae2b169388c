"""The pieces of the library card screen: the card itself (name, member number in large
digits, the Code 128 barcode and the QR, black on white in the dark theme too, for the desk
scanner), a loan with its due date and D-day, and the note on a card shown offline."""
from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import date

import flet as ft

from myg_app.client.i18n import tr
from myg_app.client.widgets.common import button, tagged, text
from myg_app.contracts import library as c
from myg_app.seoul_time import format_date_ko, today_seoul


def panel(controls: list[ft.Control], ident: str, m, *, label: str | None = None) -> ft.Control:
    return tagged(ft.Container(ft.Column(controls, spacing=m.gap,
                                         horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
                               padding=14, border_radius=12, bgcolor=ft.Colors.SURFACE_CONTAINER),
                  ident, label)


def on_white(image: ft.Image, ident: str, label: str, *, padding: int = 12) -> ft.Control:
    """A code on white, whatever the theme: scanners need dark bars on a light ground."""
    return tagged(ft.Container(image, bgcolor=ft.Colors.WHITE, padding=padding, border_radius=8,
                               alignment=ft.Alignment.CENTER), ident, label)


def card_panel(app, card: c.CardOut) -> ft.Control:
    m = app.m
    no = card.member_no or ""
    barcode = ft.Image(src=base64.b64decode(card.barcode_png or ""), fit=ft.BoxFit.FIT_WIDTH,
                       filter_quality=ft.FilterQuality.NONE, gapless_playback=True)
    qr_size = 200 if m.large else 160
    qr = ft.Image(src=base64.b64decode(card.qr_png or ""), width=qr_size, height=qr_size,
                  filter_quality=ft.FilterQuality.NONE, gapless_playback=True)
    lines: list[ft.Control] = [
        text(tr("{library} 회원증", library=card.library), m, "title_small", bold=True, color=ft.Colors.PRIMARY),
        text(card.name or "", m, "title_large", bold=True, ident="library-name"),
        text("회원번호", m, "body_medium"),
        # Large digits a librarian can read off or type in; one line in large text too.
        text(no, m, "headline_small" if m.large else "display_small", bold=True, keep=False,
             ident="library-member-no"),
        on_white(barcode, "library-barcode", tr("회원번호 {no} 바코드", no=no)),
        text("대출 데스크에서 바코드를 스캐너에 대 주세요. 화면을 밝게 하면 더 잘 읽힙니다.", m,
             "body_medium"),
        ft.Row([on_white(qr, "library-qr", tr("회원번호 {no} QR 코드", no=no), padding=8)],
               alignment=ft.MainAxisAlignment.CENTER),
        text("무인 대출기나 QR 스캐너에는 QR 코드를 보여 주세요.", m, "body_medium"),
    ]
    if card.demo:
        lines.append(text("예시 자료: 시연용 도서관의 회원증입니다. 실제 도서관에서는 쓸 수 없습니다.",
                          m, "body_small", ident="library-demo-note"))
    return panel(lines, "library-card", m, label=tr("{library} 회원증, {name}, 회원번호 {no}", library=card.library, name=card.name, no=no))


def days_left(loan: c.Loan, today: date | None) -> int:
    """The D-day: as the server counted it, or again for a card kept offline."""
    return loan.days_left if today is None else (loan.due_on - today).days


def badge(app, left: int, due_soon: bool) -> ft.Control:
    m = app.m
    if left < 0:
        label, said = tr("연체 {value}일", value=-left), tr("반납 예정일이 {value}일 지났습니다", value=-left)
    elif left == 0:
        label, said = "오늘 반납", "오늘 반납해야 합니다"
    else:
        label, said = f"D-{left}", tr("반납 {left}일 전", left=left)
    bg, fg = ((ft.Colors.ERROR_CONTAINER, ft.Colors.ON_ERROR_CONTAINER) if left < 0 else
              (ft.Colors.PRIMARY_CONTAINER, ft.Colors.ON_PRIMARY_CONTAINER) if due_soon else
              (ft.Colors.SURFACE_CONTAINER_HIGHEST, ft.Colors.ON_SURFACE))
    return ft.Semantics(label=said, exclude_semantics=True, content=ft.Container(
        text(label, m, "label_large", bold=True, color=fg), bgcolor=bg, border_radius=8,
        padding=ft.Padding.symmetric(horizontal=10, vertical=4)))


def loan_row(app, loan: c.Loan, *, notice_days: int, today: date | None,
             on_renew: Callable[[c.Loan], object] | None) -> ft.Control:
    """One book on loan. `today`: recount the D-day (a card kept offline); `on_renew`: None
    when renewing is not possible now (offline)."""
    m = app.m
    left = days_left(loan, today)
    soon = 0 <= left <= notice_days
    title = text(loan.title, m, bold=True)
    mark = badge(app, left, soon)
    head = (ft.Column([mark, title], spacing=4, horizontal_alignment=ft.CrossAxisAlignment.START)
            if m.large else ft.Row([ft.Container(title, expand=True), mark],
                                   vertical_alignment=ft.CrossAxisAlignment.START))
    due = format_date_ko(loan.due_on)
    lines: list[ft.Control] = [head]
    if loan.author:
        lines.append(text(loan.author, m, "body_medium"))
    lines.append(text(tr("반납 예정일 {due}", due=due), m, ident=f"library-loan-{loan.id}-due"))
    lines.append(text(tr("대출일 {format_date_ko} · 연장 {renewals}회 사용", format_date_ko=format_date_ko(loan.loaned_on), renewals=loan.renewals), m,
                      "body_medium"))
    if loan.renewable and on_renew is not None and left >= 0:
        lines.append(button("반납 예정일 연장", m, ident=f"library-renew-{loan.id}",
                            icon=ft.Icons.UPDATE, kind="tonal", expand=True,
                            name=tr("『{title}』 반납 예정일 연장", title=loan.title),
                            on_click=lambda e: app.page.run_task(on_renew, loan)))
    elif loan.why_not:
        lines.append(text(loan.why_not, m, "body_medium", ident=f"library-loan-{loan.id}-why"))
    if loan.demo:
        lines.append(text("예시 자료", m, "body_small"))
    state = ("연체" if left < 0 else "반납 임박" if soon else "대출 중")
    return panel(lines, f"library-loan-{loan.id}", m,
                 label=tr("{title}, {state}, 반납 예정일 {due}", title=loan.title, state=state, due=due))


def loans_summary(loans: c.LoansOut, today: date | None) -> str:
    if today is None:
        soon, late = loans.due_soon, loans.overdue
    else:
        left = [(x.due_on - today).days for x in loans.items]
        soon = sum(0 <= d <= loans.notice_days for d in left)
        late = sum(d < 0 for d in left)
    parts = [tr("대출 중 {count}권", count=len(loans.items))]
    if soon:
        parts.append(tr("반납 임박 {soon}권", soon=soon))
    if late:
        parts.append(tr("연체 {late}권", late=late))
    return " · ".join(parts)


def offline_note(app, fetched_label: str, reason: str) -> ft.Control:
    m = app.m
    return tagged(ft.Container(ft.Column([
        text(tr("오프라인: {fetched_label}에 받은 회원증", fetched_label=fetched_label), m, "title_small", bold=True,
             color=ft.Colors.ON_ERROR_CONTAINER),
        text(tr("{reason} 바코드와 QR은 그대로 쓸 수 있습니다. 대출 정보는 그때 기준입니다.", reason=reason), m,
             "body_medium", color=ft.Colors.ON_ERROR_CONTAINER),
    ], spacing=4), bgcolor=ft.Colors.ERROR_CONTAINER, padding=12, border_radius=12),
        "library-offline")


def today_if_offline(offline: bool) -> date | None:
    return today_seoul() if offline else None
