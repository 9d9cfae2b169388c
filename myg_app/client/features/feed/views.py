"""맞춤 정보 (/f/my_feed): alerts, news, new benefits, deadlines and coming plans in one list,
each card saying why it is there; /f/my_feed/interests chooses the topics (the 읍면동 are the
ones 재난 알림 follows). A guest sees the city's general feed with an invitation, and what a
guest chooses stays on the device."""
from __future__ import annotations

import json

import flet as ft

from myg_app.client.api import ApiError
from myg_app.client.features.account import check
from myg_app.client.features.alerts.common import DONG_NAMES, load_follow, when
from myg_app.client.features.feature import Feature
from myg_app.client.features.layout import screen
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import button, heading, tappable, text
from myg_app.client.widgets.loader import Loader
from myg_app.contracts.feed import TOPICS, FeedItem, FeedPage, Interests, TopicsIn

FID = "my_feed"
K_TOPICS = "myg.feed.topics"  # a guest's topics, on the device only
ICONS = {"alert": ft.Icons.NOTIFICATION_IMPORTANT, "news": ft.Icons.NEWSPAPER,
         "benefit": ft.Icons.SAVINGS, "deadline": ft.Icons.EVENT_BUSY,
         "booking": ft.Icons.EVENT_AVAILABLE, "pickup": ft.Icons.LOCAL_SHIPPING}


async def guest_topics(app) -> list[str] | None:
    raw = await app.prefs.service.get(K_TOPICS)
    try:
        return TopicsIn(topics=json.loads(raw)).topics if raw else None
    except (ValueError, TypeError):
        return None


def card(app, item: FeedItem) -> ft.Control:
    m = app.m
    chips = [ft.Container(text(item.reason, m, "label_large", bold=True,
                               color=ft.Colors.ON_SECONDARY_CONTAINER),
                          bgcolor=ft.Colors.SECONDARY_CONTAINER, border_radius=16,
                          padding=ft.Padding.symmetric(horizontal=10, vertical=4))]
    if item.badge:
        chips.append(ft.Container(text(item.badge, m, "label_large", bold=True,
                                       color=ft.Colors.ON_PRIMARY_CONTAINER),
                                  bgcolor=ft.Colors.PRIMARY_CONTAINER, border_radius=16,
                                  padding=ft.Padding.symmetric(horizontal=10, vertical=4)))
    body = ft.Column([
        ft.Row(chips, wrap=True, spacing=6),
        ft.Row([ft.Icon(ICONS.get(item.kind, ft.Icons.INFO_OUTLINE), color=ft.Colors.PRIMARY,
                        size=m.icon),
                ft.Container(text(item.title, m, "title_small", bold=True), expand=True)],
               vertical_alignment=ft.CrossAxisAlignment.START),
        text(item.summary, m, "body_medium"),
        text(when(item.at), m, "body_medium", color=ft.Colors.ON_SURFACE_VARIANT),
    ], spacing=6)

    def open_it(e) -> None:
        app.go(item.route)

    box = ft.Container(body, padding=m.gap, bgcolor=ft.Colors.SURFACE_CONTAINER,
                       border_radius=12, on_click=open_it, ink=True,
                       border=ft.Border.all(2, ft.Colors.PRIMARY) if item.soon else None)
    return tappable(box, ident=f"my_feed-item-{item.key.replace(':', '-')}",
                    label=f"{item.reason}. {item.title}. {item.summary}", on_click=open_it)


def main_view(app) -> ft.View:
    m = app.m
    status = Loader(m, "my_feed-status")
    items = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    top = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    more_box = ft.Column()
    cursor: dict[str, str | None] = {"next": None}
    query: list[tuple[str, str]] = []

    def describe(page: FeedPage) -> list[ft.Control]:
        where = ", ".join(tr(DONG_NAMES[c]) for c in page.interests.dongs) or tr("광양시 전체")
        what = ", ".join(TOPICS[t] for t in page.interests.topics)
        out: list[ft.Control] = []
        if page.invite:
            out += [text("관심 지역과 관심사를 고르면 우리 동네 소식과 알림을 먼저 보여 드립니다. "
                         "지금은 광양시 전체 소식입니다.", m, ident="my_feed-invite")]
            if not app.signed_in:
                out.append(button("로그인하면 혜택과 예약 일정도 함께", m, ident="my_feed-login",
                                  icon=ft.Icons.LOGIN, kind="outlined", expand=True,
                                  on_click=lambda e: app.go("/login")))
        out.append(text(tr("관심 지역: {where} · 관심사: {what}", where=where, what=what), m, "body_medium",
                        ident="my_feed-interests-summary"))
        out.append(button("관심 지역·관심사 고르기", m, ident="my_feed-open-interests",
                          icon=ft.Icons.TUNE, kind="outlined", expand=True,
                          on_click=lambda e: app.go("/f/my_feed/interests")))
        return out

    def set_more() -> None:
        more_box.controls = [button("더 보기", m, ident="my_feed-more", icon=ft.Icons.EXPAND_MORE,
                                    kind="outlined", on_click=more, expand=True)] \
            if cursor["next"] else []

    def show(page: FeedPage) -> bool:
        top.controls = describe(page)
        items.controls = [card(app, i) for i in page.items]
        cursor["next"] = page.next_cursor
        set_more()
        return bool(page.items)

    async def fetch() -> FeedPage:
        if not app.signed_in:
            follow = await load_follow(app)
            topics = await guest_topics(app)
            query[:] = [("dong", d) for d in follow.dongs] + [("topic", t) for t in topics or []]
        return await app.api.call("GET", "/feed", FeedPage, auth=app.signed_in,
                                  params=query or None)

    async def more(e) -> None:
        async def fetch_more() -> FeedPage:
            return await app.api.call("GET", "/feed", FeedPage, auth=app.signed_in,
                                      params=query + [("cursor", cursor["next"] or "")])

        def add(page: FeedPage) -> None:
            items.controls += [card(app, i) for i in page.items]
            cursor["next"] = page.next_cursor
            set_more()

        await status.load(app.page, fetch_more, add, clear=False)

    app.page.run_task(status.load, app.page, fetch, show,
                      empty="아직 보여 드릴 소식이 없습니다. 관심 지역과 관심사를 넓혀 보세요.")
    return screen(app, "/f/my_feed", "맞춤 정보", [top, status, items, more_box],
                  ident="function-my_feed")


def interests_view(app) -> ft.View:
    m = app.m
    status = Loader(m, "my_feed-interests-status")
    form = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)

    async def fetch() -> Interests:
        if app.signed_in:
            return await app.api.call("GET", "/me/feed-interests", Interests)
        follow = await load_follow(app)
        return Interests(dongs=follow.dongs, topics=await guest_topics(app) or list(TOPICS))

    def build(current: Interests) -> None:
        boxes = {t: check(app, label, f"my_feed-topic-{t}", t in current.topics)
                 for t, label in TOPICS.items()}
        where = ", ".join(tr(DONG_NAMES[c]) for c in current.dongs) or tr("고르지 않음 (광양시 전체)")

        async def save(e) -> None:
            body = TopicsIn(topics=[t for t, cb in boxes.items() if cb.box.value])
            try:
                if app.signed_in:
                    await app.api.call("PUT", "/me/feed-interests", Interests, json=body)
                else:
                    await app.prefs.service.set(K_TOPICS, json.dumps(body.topics))
            except ApiError as err:
                status.error(err.message)
                app.page.update()
                return
            status.notice("저장했습니다.")
            app.page.update()

        form.controls = [
            heading("관심 지역", m),
            text(tr("{where}. 관심 지역은 재난 알림과 함께 씁니다.", where=where), m, "body_medium"),
            button("관심 지역 고르기 (재난 알림 설정)", m, ident="my_feed-open-dongs",
                   icon=ft.Icons.PLACE, kind="outlined", expand=True,
                   on_click=lambda e: app.go("/f/alerts/settings")),
            heading("관심사", m), *boxes.values(),
            text("혜택과 예약 일정은 로그인하면 보입니다." if not app.signed_in else
                 "내 계정에 저장되어 다른 기기에서도 같습니다.", m, "body_medium"),
            button("저장하기", m, ident="my_feed-interests-save", icon=ft.Icons.SAVE,
                   on_click=save, expand=True),
        ]

    app.page.run_task(status.load, app.page, fetch, build)
    return screen(app, "/f/my_feed/interests", "관심 지역·관심사", [form, status],
                  ident="my_feed-interests")


def inner(app, rest: str):
    if rest.split("?", 1)[0] == "/interests":
        return [lambda: interests_view(app)]
    return None


FEATURES = (Feature(FID, main_view, inner),)
