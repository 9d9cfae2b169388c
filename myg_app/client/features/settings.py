"""설정: language, large-text mode, voice guidance, theme, and the account (all persisted on the device)."""

from __future__ import annotations

import flet as ft

from myg_app import catalog, i18n
from myg_app.client.features.layout import choice_group, screen, switch_row
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import button, heading, text

THEME_LABELS = {"system": "기기 설정 따르기", "light": "밝게", "dark": "어둡게"}


def view(app) -> ft.View:
    m = app.m
    st = app.state

    async def on_large(e) -> None:
        await app.set_large_text(bool(e.control.value))

    async def on_logout(e) -> None:
        await app.logout()
        app.render()


    async def toggle_large(e) -> None:
        switch.value = not switch.value
        await app.set_large_text(bool(switch.value))

    # A ListTile-like row: the label on the left, the switch on the right; the whole row
    # toggles it.
    switch = ft.Switch(value=st.large_text, on_change=on_large)
    large = switch_row(m, "큰 글씨 모드", switch, "settings-large-text", on_toggle=toggle_large)

    async def on_voice(e) -> None:
        await app.set_voice(bool(e.control.value))

    async def toggle_voice(e) -> None:
        voice_switch.value = not voice_switch.value
        await app.set_voice(bool(voice_switch.value))

    voice_switch = ft.Switch(value=st.voice, on_change=on_voice)
    voice = switch_row(m, "음성 안내", voice_switch, "settings-voice", on_toggle=toggle_voice)

    # Each language is named in itself, so a person finds theirs whatever is shown now.
    language = choice_group(m, "settings-language", i18n.LANGUAGES, st.language,
                            app.set_language)
    theme = choice_group(m, "settings-theme", THEME_LABELS, st.theme, app.set_theme)

    if app.signed_in:
        account = [text(tr("{name} ({email})로 로그인되어 있습니다.", name=st.user.name, email=st.user.email), m,
                        ident="settings-user"),
                   button("로그아웃", m, ident="settings-logout", icon=ft.Icons.LOGOUT,
                          kind="outlined", on_click=on_logout)]
    else:
        account = [text("로그인하지 않았습니다.", m, ident="settings-guest"),
                   button("로그인", m, ident="settings-login", icon=ft.Icons.LOGIN,
                          on_click=lambda e: app.go("/login"))]

    body = [
        heading("언어 · Language", m),
        language,
        text("로그인하면 계정에 저장되어 다른 기기에서도 같은 언어로 보입니다.", m, "body_medium"),
        heading("보기", m),
        large,
        text("글자를 1.5배 크게, 버튼을 더 크게 보여줍니다.", m, "body_medium"),
        voice,
        text("재난 알림이 오면 소리 내어 읽어 드립니다. 화면 낭독기(TalkBack, VoiceOver)를 쓰시면 "
             "그 목소리로 읽습니다.", m, "body_medium"),
        heading("화면 테마", m),
        theme,
        heading("나의메뉴", m),
        button("나의메뉴 편집", m, ident="settings-edit-menu", icon=ft.Icons.EDIT,
               kind="outlined", on_click=lambda e: app.go("/menu/edit")),
        heading("계정", m),
        *account,
        heading("도움", m),
        text(tr("앱 문의: {CITY_HELP_DESK} {CITY_HELP_PHONE}", CITY_HELP_DESK=catalog.CITY_HELP_DESK, CITY_HELP_PHONE=catalog.CITY_HELP_PHONE), m, "body_medium"),
    ]
    return screen(app, "/settings", "설정", body, ident="settings")
