"""로그인 and 회원가입. After either, the device's guest menu merges into the account."""

from __future__ import annotations

import flet as ft

from myg_app.client.api import ApiError
from myg_app.client.features.layout import screen
from myg_app.client.theme import FONT
from myg_app.client.widgets.common import StatusPanel, button, tagged, text
from myg_app.contracts.auth import PASSWORD_MIN


def field(app, label: str, ident: str, *, password: bool = False, hint: str | None = None,
          keyboard: ft.KeyboardType = ft.KeyboardType.TEXT, autofill=None) -> ft.TextField:
    m = app.m
    return ft.TextField(
        label=label, hint_text=hint, password=password, can_reveal_password=password,
        keyboard_type=keyboard, autofill_hints=autofill,
        text_style=ft.TextStyle(size=m.text("body_large"), font_family=FONT),
        label_style=ft.TextStyle(size=m.text("body_medium"), font_family=FONT),
        error_style=ft.TextStyle(size=m.text("body_small"), font_family=FONT),
        data=ident,
    )


def login_view(app) -> ft.View:
    m = app.m
    email = field(app, "이메일", "login-email", keyboard=ft.KeyboardType.EMAIL,
                  autofill=ft.AutofillHint.EMAIL)
    password = field(app, "비밀번호", "login-password", password=True,
                     autofill=ft.AutofillHint.PASSWORD)
    status = StatusPanel(m, "login-status")

    async def submit(e) -> None:
        if not (email.value or "").strip() or not password.value:
            status.error("이메일과 비밀번호를 모두 입력해 주세요.")
            return
        status.loading("로그인하는 중입니다…")
        app.page.update()
        try:
            user = await app.api.login(email.value, password.value)
            await app.signed_in_as(user)
        except ApiError as err:
            status.error(err.message)
            return
        finally:
            # Flet skips its automatic update once a handler called page.update() itself.
            app.page.update()
        password.value = ""
        app.page.navigate("/")

    password.on_submit = submit
    body = [
        text("MY광양 계정 하나로 모든 기능을 이용합니다.", m),
        tagged(email, "login-email"),
        tagged(password, "login-password"),
        status,
        button("로그인", m, ident="login-submit", icon=ft.Icons.LOGIN, on_click=submit,
               expand=True),
        text("계정이 없으신가요?", m, "body_medium"),
        button("회원가입", m, ident="login-register", kind="outlined",
               on_click=lambda e: app.go("/register"), expand=True),
    ]
    return screen(app, "/login", "로그인", body, ident="login")


def register_view(app) -> ft.View:
    m = app.m
    name = field(app, "이름", "register-name", autofill=ft.AutofillHint.NAME)
    email = field(app, "이메일", "register-email", keyboard=ft.KeyboardType.EMAIL,
                  autofill=ft.AutofillHint.EMAIL)
    password = field(app, "비밀번호", "register-password", password=True,
                     hint=f"{PASSWORD_MIN}자 이상, 문자와 숫자를 함께")
    confirm = field(app, "비밀번호 확인", "register-confirm", password=True)
    fields = {"name": name, "email": email, "password": password}
    status = StatusPanel(m, "register-status")

    async def submit(e) -> None:
        for f in (*fields.values(), confirm):
            f.error = None
        if password.value != confirm.value:
            confirm.error = "비밀번호가 서로 다릅니다. 다시 입력해 주세요."
            status.error("입력한 내용을 확인해 주세요.")
            return
        status.loading("가입하는 중입니다…")
        app.page.update()
        try:
            user = await app.api.register(email.value or "", password.value or "",
                                          name.value or "")
            await app.signed_in_as(user)
        except ApiError as err:
            for fe in err.errors:
                target = fields.get(fe.field.split(".")[-1])
                if target is not None:
                    target.error = fe.message
            status.error(err.message)
            return
        finally:
            app.page.update()  # see login_view: no automatic update after page.update()
        app.page.navigate("/")

    body = [
        text("주민등록번호는 받지 않습니다. 이름과 이메일만 있으면 가입할 수 있습니다.", m),
        tagged(name, "register-name"),
        tagged(email, "register-email"),
        tagged(password, "register-password"),
        tagged(confirm, "register-confirm"),
        status,
        button("가입하기", m, ident="register-submit", icon=ft.Icons.PERSON_ADD, on_click=submit,
               expand=True),
    ]
    return screen(app, "/register", "회원가입", body, ident="register")
