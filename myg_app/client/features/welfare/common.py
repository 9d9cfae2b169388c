"""What the three functions share: a service card, the detail screen (sections, phones to
call, apply online, share, 관심 복지), the bookmarks list and the filter dropdowns."""
from __future__ import annotations

import flet as ft

from myg_app.client.api import ApiError
from myg_app.client.features.layout import screen
from myg_app.client.features.reservations.common import tap_card
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import button, button_label, heading, text
from myg_app.client.widgets.loader import Loader
from myg_app.client.widgets.share import share_button
from myg_app.contracts.welfare import BookmarkOut, SearchOut, ServiceDetail, ServiceItem

NAMES = {"welfare": "관심 복지", "small_biz": "관심 지원사업", "subsidy24": "관심 복지"}


def tel_url(number: str) -> str:
    return "tel:" + "".join(ch for ch in number if ch.isdigit())


def agency_line(agency: str, level: str) -> str:
    """Whose programme, in words a resident knows: 광양시 for the city, the province named as
    such (전남광주통합특별시 is the new name of 전라남도), and other regions marked."""
    if level == "gwangyang":
        return agency.replace("전남광주통합특별시 광양시", "광양시")
    if level == "province" and not agency.startswith(("전남", "전라남도", "(재)전남")):
        return tr("{agency} (전라남도)", agency=agency)
    if level == "other":
        return tr("{agency} (다른 지역)", agency=agency)
    return agency


def service_card(app, it: ServiceItem, fid: str, *, extra: list[ft.Control] | None = None
                 ) -> ft.Control:
    """Name, agency (and whose: 광양시 / 전라남도 / 중앙부처), one-line summary and why it
    matched; a tap opens the detail."""
    m = app.m
    where = agency_line(it.agency, it.level)
    lines: list[ft.Control] = [
        text(it.name, m, "title_small", bold=True),
        text(where, m, "body_medium", color=ft.Colors.ON_SURFACE_VARIANT),
    ]
    if it.summary and it.summary not in ("상동", "-"):
        lines.append(text(it.summary, m, "body_medium"))
    tags = [t for t in (("광양시 사업" if it.source == "city" else None),
                        ("예시" if it.demo else None),
                        ("온라인 신청" if it.online else None),
                        ("상시 신청" if it.always_open else None)) if t]
    if tags:
        lines.append(text(" · ".join(tags), m, "body_small", color=ft.Colors.PRIMARY))
    if it.why:
        lines.append(text("찾은 이유: " + ", ".join(it.why), m, "body_small",
                          color=ft.Colors.ON_SURFACE_VARIANT))
    lines += extra or []
    return tap_card(ft.Column(lines, spacing=4), ident=f"{fid}-item-{it.id}",
                    label=f"{it.name}, {where}", on_click=lambda e: app.go(f"/f/{fid}/s/{it.id}"))


def results_list(app, fid: str, items: list[ServiceItem]) -> list[ft.Control]:
    return [service_card(app, it, fid) for it in items]


def detail_view(app, fid: str, sid: str) -> ft.View:
    m = app.m
    status = Loader(m, f"{fid}-detail-status")
    body = ft.Column(spacing=m.gap * 2, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    mark_status = Loader(m, f"{fid}-bookmark-status")

    async def fetch() -> ServiceDetail:
        return await app.api.call("GET", f"/welfare/services/{sid}", ServiceDetail,
                                  auth=app.signed_in)

    def show(d: ServiceDetail) -> None:
        body.controls = detail_controls(app, fid, d, mark_status)

    app.page.run_task(status.load, app.page, fetch, show, what="자세한 내용을 불러오는 중입니다…")
    return screen(app, f"/f/{fid}/s/{sid}", "자세히 보기", [status, body],
                  ident=f"{fid}-detail")


def detail_controls(app, fid: str, d: ServiceDetail, mark_status: Loader) -> list[ft.Control]:
    m = app.m
    out: list[ft.Control] = [
        ft.Semantics(header=True, content=text(d.name, m, "title_large", bold=True,
                                               ident=f"{fid}-detail-name")),
        text(agency_line(d.agency, d.level) + (f" · {d.department}" if d.department else ""),
             m, "body_medium", color=ft.Colors.ON_SURFACE_VARIANT),
    ]
    if d.status == "ended":
        out.append(text("신청이 끝난 서비스입니다. 새 소식은 문의처에 확인해 주세요.", m, bold=True,
                        color=ft.Colors.ERROR, ident=f"{fid}-detail-ended"))
    if d.demo:
        out.append(text("예시로 넣은 사업입니다. 실제로 신청할 수 없습니다.", m, "body_medium",
                        color=ft.Colors.ERROR))
    if d.summary and d.summary not in ("상동", "-"):
        out.append(text(d.summary, m))
    if d.deadline:
        out.append(text(tr("신청기한: {deadline}", deadline=d.deadline), m, "body_medium", bold=True))
    actions: list[ft.Control] = []
    apply_url = d.online_url or d.detail_url
    if apply_url:
        label = "온라인으로 신청하기" if d.online_url else "정부24에서 보기"

        async def open_apply(e) -> None:
            await app.url_launcher.launch_url(apply_url)
        actions.append(button(label, m, ident=f"{fid}-apply", icon=ft.Icons.OPEN_IN_NEW,
                              on_click=open_apply, expand=True))
    actions.append(bookmark_button(app, fid, d, mark_status))
    actions.append(share_button(app, ident=f"{fid}-share", title=d.name,
                                summary=f"{d.agency} · {d.summary}", route=f"/f/{fid}/s/{d.id}"))
    out += actions + [mark_status]
    if d.conditions:
        out += [heading("지원 조건 (보조금24)", m),
                text("\n".join(d.conditions), m, "body_medium", ident=f"{fid}-detail-conditions")]
    for sec in d.sections:
        out += [heading(sec.title, m), text(sec.text, m, "body_medium")]
    for n, p in enumerate(d.phones):
        who = p.who or "문의처"

        async def call(e, number=p.number) -> None:
            await app.url_launcher.launch_url(tel_url(number))
        out.append(button(tr("{who} {number} 전화 걸기", who=who, number=p.number), m, ident=f"{fid}-call-{n}",
                          icon=ft.Icons.PHONE, kind="outlined", on_click=call, expand=True))
    return out


def bookmark_button(app, fid: str, d: ServiceDetail, mark_status: Loader) -> ft.Control:
    m = app.m
    name = NAMES[fid]
    on = bool(d.bookmarked)

    def label() -> str:
        return tr("{name}에서 빼기", name=name) if on else tr("{name}에 담기", name=name)

    b = button(label(), m, ident=f"{fid}-bookmark", kind="tonal",
               icon=ft.Icons.BOOKMARK if on else ft.Icons.BOOKMARK_BORDER, on_click=None,
               expand=True)

    async def toggle(e) -> None:
        nonlocal on
        if not app.signed_in:
            app.go("/login")
            return
        try:
            out = await app.api.call("DELETE" if on else "PUT",
                                     f"/welfare/services/{d.id}/bookmark", BookmarkOut)
        except ApiError as err:
            mark_status.error(err.message)
            app.page.update()
            return
        on = out.bookmarked
        b.content.content = button_label(label())
        b.content.icon = ft.Icons.BOOKMARK if on else ft.Icons.BOOKMARK_BORDER
        b.label = label()
        mark_status.notice(tr("{name}에 담았습니다.", name=name) if on else tr("{name}에서 뺐습니다.", name=name))
        app.page.update()

    b.content.on_click = toggle
    if not app.signed_in:
        b.content.content.value = tr("로그인하고 {name}에 담기", name=name)
    return b


def bookmarks_view(app, fid: str) -> ft.View:
    m = app.m
    name = NAMES[fid]
    status = Loader(m, f"{fid}-bookmarks-status")
    results = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)

    def show(found: SearchOut) -> bool:
        results.controls = results_list(app, fid, found.items)
        return bool(found.items)

    if not app.signed_in:
        return screen(app, f"/f/{fid}/bookmarks", name, [
            text(tr("{name}은 로그인하면 담고 볼 수 있습니다.", name=name), m),
            button("로그인", m, ident=f"{fid}-bookmarks-login", icon=ft.Icons.LOGIN,
                   on_click=lambda e: app.go("/login"), expand=True)], ident=f"{fid}-bookmarks")

    app.page.run_task(status.load, app.page,
                      lambda: app.api.call("GET", "/welfare/bookmarks", SearchOut), show,
                      empty=tr("아직 {name}에 담은 것이 없습니다. 자세히 보기에서 담을 수 있습니다.", name=name))
    return screen(app, f"/f/{fid}/bookmarks", name, [
        text("신청기한이 있는 사업은 끝나기 7일 전에 알림으로 알려 드립니다.", m, "body_medium"),
        status, results], ident=f"{fid}-bookmarks")
