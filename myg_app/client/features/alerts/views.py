"""재난 알림 screens: /f/alerts the history (단계·종류·기간), /f/alerts/<id> an alert with what
to do and where shelters are, /f/alerts/settings what to receive, and for 안전총괄과
/f/alerts/new (write, preview, send) and /f/alerts/<id>/edit (정정)."""
from __future__ import annotations

import re
from datetime import timedelta

import flet as ft

from myg_app.client.features.alerts import compose
from myg_app.client.features.alerts.common import (
    FID,
    alert_card,
    follow_words,
    is_safety_officer,
    level_badge,
    load_follow,
    source_words,
    style,
    when,
)
from myg_app.client.features.alerts.live import center
from myg_app.client.features.alerts.settings import settings_view
from myg_app.client.features.feature import Feature
from myg_app.client.features.layout import screen
from myg_app.client.i18n import tr
from myg_app.client.widgets.dropdown import filter_dropdown
from myg_app.client.widgets.common import button, heading, text
from myg_app.client.widgets.loader import Loader
from myg_app.client.widgets.share import share_button
from myg_app.contracts.alerts import KINDS, LEVELS, AlertDetail, AlertPage, SourceStatus
from myg_app.seoul_time import today_seoul

PERIODS = (("7", "최근 7일"), ("30", "최근 30일"), ("365", "최근 1년"), ("all", "전체 기간"))
_DETAIL = re.compile(r"^/(\d{1,9})$")
_EDIT = re.compile(r"^/(\d{1,9})/edit$")


def main_view(app) -> ft.View:
    m = app.m
    live = center(app)
    picks = app.state.drafts.setdefault("alerts_filters", {"level": "", "kind": "", "period": "30"})
    status = Loader(m, "alerts-status")
    items = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    following = text("", m, "body_medium", ident="alerts-following")
    more_box = ft.Column()
    cursor: dict[str, str | None] = {"next": None}

    def params() -> dict[str, str]:
        p = {k: v for k, v in (("level", picks["level"]), ("kind", picks["kind"])) if v}
        if picks["period"] != "all":
            p["since"] = (today_seoul() - timedelta(days=int(picks["period"]))).isoformat()
        return p

    def cards(page: AlertPage) -> list[ft.Control]:
        return [alert_card(app, a, on_open=lambda e, i=a.id: app.go(f"/f/alerts/{i}"))
                for a in page.items]

    def set_more() -> None:
        more_box.controls = [button("더 보기", m, ident="alerts-more", icon=ft.Icons.EXPAND_MORE,
                                    kind="outlined", on_click=more, expand=True)] \
            if cursor["next"] else []

    def show(page: AlertPage) -> bool:
        items.controls = cards(page)
        cursor["next"] = page.next_cursor
        set_more()
        return bool(page.items)

    async def reload(e=None) -> None:
        await status.load(app.page, lambda: app.api.call("GET", "/alerts", AlertPage,
                                                         params=params(), auth=False), show,
                          empty="이 조건에 맞는 재난 알림이 없습니다.")

    async def more(e) -> None:
        async def fetch():
            return await app.api.call("GET", "/alerts", AlertPage, auth=False,
                                      params=params() | {"cursor": cursor["next"]})

        def add(page: AlertPage) -> None:
            items.controls += cards(page)
            cursor["next"] = page.next_cursor
            set_more()

        await status.load(app.page, fetch, add, clear=False)

    async def describe() -> None:
        s = await load_follow(app)
        state = "실시간으로 받는 중" if live.connected or not app.api.can_stream else "연결 중"
        following.content.value = tr("받는 알림: {follow_words} ({state})", follow_words=follow_words(s), state=state)
        app.page.update()

    def pick(key: str):
        async def on(e) -> None:
            picks[key] = e.control.value or ""
            await reload()
        return on

    filters = [
        filter_dropdown(app, "alerts-filter-level", "단계", [("", "모든 단계")] +
                        [(lv, lv) for lv in LEVELS], picks["level"], pick("level")),
        filter_dropdown(app, "alerts-filter-kind", "재난 종류", [("", "모든 종류")] +
                        [(k, k) for k in KINDS], picks["kind"], pick("kind")),
        filter_dropdown(app, "alerts-filter-period", "기간", list(PERIODS), picks["period"],
                        pick("period")),
    ]
    body: list[ft.Control] = [
        following,
        button("알림 받을 지역·단계 설정", m, ident="alerts-open-settings", icon=ft.Icons.TUNE,
               kind="outlined", on_click=lambda e: app.go("/f/alerts/settings"), expand=True),
    ]
    if is_safety_officer(app):
        source = text("", m, "body_medium", ident="alerts-source")
        body += [button("광양시 재난 알림 보내기", m, ident="alerts-new", icon=ft.Icons.CAMPAIGN,
                        on_click=lambda e: app.go("/f/alerts/new"), expand=True), source]

        async def source_state() -> None:
            try:
                s = await app.api.call("GET", "/alerts/source", SourceStatus)
            except Exception:  # noqa: BLE001 - the list matters more than this line
                return
            source.content.value = {"live": "국가 재난문자: 연동 중", "no_key": "국가 재난문자: 미연동",
                                    "failing": "국가 재난문자: 오류"}[s.national] + (
                f" · {s.message}" if s.message else "")
            app.page.update()

        app.page.run_task(source_state)
    body += [heading("지난 알림", m), *filters, status, items, more_box]

    def heard() -> None:
        app.page.run_task(reload)

    live.on_change = heard
    live.start()
    app.page.run_task(reload)
    app.page.run_task(describe)
    return screen(app, "/f/alerts", "재난 알림", body, ident="function-alerts")


def detail_view(app, alert_id: int) -> ft.View:
    m = app.m
    status = Loader(m, "alerts-detail-status")
    body = ft.Column(spacing=m.gap * 2, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)

    def show(a: AlertDetail) -> None:
        s = style(a.level)
        rows: list[ft.Control] = [
            ft.Row([level_badge(app, a.level, "alerts-detail-level"),
                    text(a.kind, m, "title_medium", bold=True)], wrap=True, spacing=8),
            text(s.words, m, "body_medium", bold=True),
            text(a.text, m, "body_large", ident="alerts-detail-text"),
            text(tr("지역: {area}", area=a.area), m, "body_medium"),
            text(tr("보낸 때: {when} · 보낸 곳: {source_words}", when=when(a.issued_at), source_words=source_words(a)), m, "body_medium"),
        ]
        if a.status == "withdrawn":
            rows.append(text(a.note or "철회된 알림입니다.", m, "title_small", bold=True,
                             color=ft.Colors.ERROR, ident="alerts-detail-withdrawn"))
        elif a.note:
            rows.append(text(tr("{note} (고친 때 {when})", note=a.note, when=when(a.updated_at)), m, "body_medium", bold=True))
        rows.append(heading("이렇게 행동하세요", m))
        rows += [text(f"• {line}", m) for line in a.guidance]
        rows.append(heading("대피소와 문의", m))
        for i, sh in enumerate(a.shelters):
            rows.append(text(sh.title, m, "title_small", bold=True))
            for j, line in enumerate(sh.lines):
                rows.append(_line_control(app, line, f"alerts-shelter-{i}-{j}"))
        rows.append(share_button(app, ident="alerts-share", title=f"[{a.level}] {a.kind}",
                                 summary=a.text, route=a.share_route))
        if is_safety_officer(app) and a.source == "city" and a.status == "sent":
            rows += compose.officer_actions(app, a, status)
        body.controls = rows

    app.page.run_task(status.load, app.page, lambda: app.api.call(
        "GET", f"/alerts/{alert_id}", AlertDetail, auth=False), show)
    return screen(app, f"/f/alerts/{alert_id}", "재난 알림", [status, body],
                  ident="alerts-detail")


def _line_control(app, line: str, ident: str) -> ft.Control:
    m = app.m
    if line.startswith("http"):
        async def open_link(e) -> None:
            await app.url_launcher.launch_url(line)
        return button(line.removeprefix("https://").removeprefix("http://"), m, ident=ident,
                      icon=ft.Icons.OPEN_IN_NEW, kind="text", on_click=open_link,
                      name=tr("{line} 열기", line=line))
    if re.fullmatch(r"0\d{1,2}-\d{3,4}-\d{4}", line):
        async def call(e) -> None:
            await app.url_launcher.launch_url("tel:" + line.replace("-", ""))
        return button(tr("{line} 전화 걸기", line=line), m, ident=ident, icon=ft.Icons.CALL, kind="text",
                      on_click=call)
    return text(line, m, "body_medium")


def inner(app, rest: str):
    rest = rest.split("?", 1)[0]
    if rest == "/settings":
        return [lambda: settings_view(app)]
    if rest == "/new":
        return [lambda: compose.compose_view(app, None)]
    if mt := _DETAIL.match(rest):
        aid = int(mt.group(1))
        return [lambda: detail_view(app, aid)]
    if mt := _EDIT.match(rest):
        aid = int(mt.group(1))
        return [lambda: detail_view(app, aid), lambda: compose.compose_view(app, aid)]
    return None


FEATURES = (Feature(FID, main_view, inner),)
