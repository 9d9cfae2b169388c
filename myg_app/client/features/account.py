"""로그인 and 회원가입 (with the consent items). After either, the device's guest menu merges
into the account."""

from __future__ import annotations

import inspect
from types import SimpleNamespace

import flet as ft

from myg_app import catalog
from myg_app.client.api import ApiError
from myg_app.client.features.layout import screen
from myg_app.client.i18n import tr
from myg_app.client.theme import FONT, text_style
from myg_app.client.widgets.common import (
    StatusPanel,
    button,
    heading,
    icon_button,
    keep_words,
    tagged,
    text,
)
from myg_app.contracts.auth import PASSWORD_MIN, MessageOut, PasswordResetRequest
from myg_app.contracts.profile import CONSENT_ITEMS


def device_label(page: ft.Page) -> str:
    """What 로그인 기기 관리 shows for this sign-in; no identifiers, just the kind of device."""
    if page.web:
        return "웹 브라우저"
    names = {ft.PagePlatform.ANDROID: "Android", ft.PagePlatform.IOS: "iPhone·iPad",
             ft.PagePlatform.WINDOWS: "Windows", ft.PagePlatform.MACOS: "macOS",
             ft.PagePlatform.LINUX: "Linux"}
    return tr("MY광양 앱 · {get}", get=names.get(page.platform, '기기'))


class CheckRow(ft.Row):
    """A checkbox whose label (and optional explanation) wraps: Flutter's own checkbox label
    stays on one line and clips long Korean text in large-text mode. Tapping the text toggles
    the box too; the box carries the accessible name and the test identifier."""

    def __init__(self, m, label: str, ident: str, *, value: bool = False, on_change=None,
                 detail: str | None = None):
        self.box = ft.Checkbox(value=value, on_change=on_change, semantics_label=label)
        self._on_change = on_change
        texts: list[ft.Control] = [ft.Text(label, style=text_style(m.text("body_large")))]
        if detail:
            texts.append(ft.Text(detail, style=text_style(m.text("body_medium"),
                                                          color=ft.Colors.ON_SURFACE_VARIANT)))
        # The box sits in a target-sized square that toggles it too: Flutter's own checkbox
        # is 40 px, under the 48 px (56 in large text) minimum.
        target = ft.Container(tagged(self.box, ident, label=label), width=m.target,
                              height=m.target, alignment=ft.Alignment.CENTER, on_click=self._toggle)
        super().__init__([target,
                          ft.Container(ft.Column(texts, spacing=2), expand=True,
                                       on_click=self._toggle,
                                       padding=ft.Padding.only(top=(m.target - 24) / 2))],
                         vertical_alignment=ft.CrossAxisAlignment.START, spacing=4)

    @property
    def content(self) -> ft.Checkbox:  # like `tagged(...)`: `.content.value` is the state
        return self.box

    async def _toggle(self, e) -> None:
        if self.box.disabled:
            return
        self.box.value = not self.box.value
        if self._on_change is not None:
            out = self._on_change(SimpleNamespace(control=self.box))
            if inspect.isawaitable(out):
                await out


def check(app, label: str, ident: str, value: bool = False, on_change=None,
          detail: str | None = None) -> CheckRow:
    return CheckRow(app.m, label, ident, value=value, on_change=on_change, detail=detail)


def field(app, label: str, ident: str, *, password: bool = False, hint: str | None = None,
          helper: str | None = None, keyboard: ft.KeyboardType = ft.KeyboardType.TEXT,
          autofill=None) -> ft.TextField:
    """A text field in the theme's sizes. Keep `label` and `hint` short (one line of a phone
    in large text); an example or an explanation goes in `helper`, below the box, where it
    wraps."""
    f = ft.TextField(label=label, hint_text=hint, password=password, keyboard_type=keyboard,
                     autofill_hints=autofill, data=ident, **field_styles(app.m))
    if helper:
        # Korean words kept whole when the example wraps ("어르/신" in large text).
        f.helper = keep_words(helper)
        f.helper_max_lines = 3
    if password:
        f.suffix_icon = reveal_button(app, f, label, ident)
    return f


def field_styles(m) -> dict[str, ft.TextStyle]:
    """The text, label, helper and error styles every text field shares."""
    return dict(
        text_style=ft.TextStyle(size=m.text("body_large"), font_family=FONT),
        label_style=ft.TextStyle(size=m.text("body_medium"), font_family=FONT),
        helper_style=ft.TextStyle(size=m.text("body_medium"), font_family=FONT),
        error_style=ft.TextStyle(size=m.text("body_small"), font_family=FONT),
    )


def reveal_button(app, f: ft.TextField, label: str, ident: str) -> ft.Control:
    """The password field's eye, named in Korean ("비밀번호 보기" / "비밀번호 숨기기") and a full
    target big: Flutter's own reveal button (can_reveal_password) has no name at all."""
    def names() -> tuple[str, str]:
        return (tr("{label} 보기", label=label), ft.Icons.VISIBILITY) if f.password else (
            tr("{label} 숨기기", label=label), ft.Icons.VISIBILITY_OFF)

    def toggle(e) -> None:
        f.password = not f.password
        name, icon = names()
        b.label = name
        b.content.tooltip = name
        b.content.icon = icon

    name, icon = names()
    b = icon_button(icon, name, app.m, ident=f"{ident}-reveal", on_click=toggle)
    return b


def login_view(app) -> ft.View:
    m = app.m
    email = field(app, "이메일", "login-email", keyboard=ft.KeyboardType.EMAIL,
                  autofill=ft.AutofillHint.EMAIL)
    password = field(app, "비밀번호", "login-password", password=True,
                     autofill=ft.AutofillHint.PASSWORD)
    status = StatusPanel(m, "login-status")
    # Web build only: without this the sign-in lasts for this browser session. Native apps keep
    # it in the OS's secure store (token_store.py).
    keep = check(app, "로그인 상태 유지", "login-keep") if app.page.web else None

    async def submit(e) -> None:
        if not (email.value or "").strip() or not password.value:
            status.error("이메일과 비밀번호를 모두 입력해 주세요.")
            return
        status.loading("로그인하는 중입니다…")
        app.page.update()
        try:
            if keep is not None:
                await app.prefs.tokens.set_keep_signed_in(bool(keep.content.value))
            user = await app.api.login(email.value, password.value,
                                       device=device_label(app.page))
            await app.signed_in_as(user)
        except ApiError as err:
            status.error(err.message)
            return
        finally:
            # Flet skips its automatic update once a handler called page.update() itself.
            app.page.update()
        password.value = ""
        # Back to where the login gate stopped a guest, or home.
        target, app.state.after_login = app.state.after_login or "/", None
        app.go(target)

    async def reset(e) -> None:
        if not (email.value or "").strip():
            status.error("비밀번호를 재설정할 이메일 주소를 위에 입력해 주세요.")
            return
        status.loading("재설정 메일을 요청하는 중입니다…")
        app.page.update()
        try:
            out = await app.api.call("POST", "/auth/password-reset", MessageOut, auth=False,
                                     json=PasswordResetRequest(email=email.value))
        except ApiError as err:
            status.error(err.message)
        else:
            status.notice(out.message)
        app.page.update()

    password.on_submit = submit
    body = [
        text("MY광양 계정 하나로 모든 기능을 이용합니다.", m),
        tagged(email, "login-email"),
        tagged(password, "login-password"),
        *([keep, text("공용 PC에서는 선택하지 마세요.", m, "body_medium")] if keep else []),
        status,
        button("로그인", m, ident="login-submit", icon=ft.Icons.LOGIN, on_click=submit,
               expand=True),
        text("비밀번호를 잊으셨나요? 위에 이메일을 넣고 눌러 주세요.", m, "body_medium"),
        button("비밀번호 재설정 메일 받기", m, ident="login-reset", kind="outlined",
               icon=ft.Icons.MAIL, on_click=reset, expand=True),
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
                     helper=tr("{PASSWORD_MIN}자 이상, 문자와 숫자를 함께 써 주세요.", PASSWORD_MIN=PASSWORD_MIN))
    confirm = field(app, "비밀번호 확인", "register-confirm", password=True)
    fields = {"name": name, "email": email, "password": password}
    status = StatusPanel(m, "register-status")
    consent_error = ft.Text("", color=ft.Colors.ERROR, visible=False,
                            style=text_style(m.text("body_medium")))
    boxes = {c.id: check(app, f"[{'필수' if c.required else '선택'}] {c.title}",
                         f"register-consent-{c.id}", detail=c.text) for c in CONSENT_ITEMS}

    def all_changed(e) -> None:
        for b in boxes.values():
            b.content.value = bool(e.control.value)

    agree_all = check(app, "전체 동의 (선택 항목 포함)", "register-consent-all",
                      on_change=all_changed)
    consent_rows: list[ft.Control] = [agree_all, *boxes.values()]

    async def submit(e) -> None:
        for f in (*fields.values(), confirm):
            f.error = None
        consent_error.visible = False
        if password.value != confirm.value:
            confirm.error = "비밀번호가 서로 다릅니다. 다시 입력해 주세요."
            status.error("입력한 내용을 확인해 주세요.")
            return
        status.loading("가입하는 중입니다…")
        app.page.update()
        try:
            user = await app.api.register(
                email.value or "", password.value or "", name.value or "",
                consents={cid: bool(b.content.value) for cid, b in boxes.items()},
                device=device_label(app.page))
            await app.signed_in_as(user)
        except ApiError as err:
            for fe in err.errors:
                if fe.field.split(".")[0] == "consents":
                    consent_error.value, consent_error.visible = fe.message, True
                    continue
                target = fields.get(fe.field.split(".")[-1])
                if target is not None:
                    target.error = fe.message
            status.error(err.message)
            return
        finally:
            app.page.update()  # see login_view: no automatic update after page.update()
        target, app.state.after_login = app.state.after_login or "/", None
        app.go(target)

    body = [
        text("주민등록번호는 받지 않습니다. 이름과 이메일만 있으면 가입할 수 있습니다.", m),
        tagged(name, "register-name"),
        tagged(email, "register-email"),
        tagged(password, "register-password"),
        tagged(confirm, "register-confirm"),
        heading("약관 동의", m),
        *consent_rows,
        tagged(consent_error, "register-consent-error"),
        status,
        button("가입하기", m, ident="register-submit", icon=ft.Icons.PERSON_ADD, on_click=submit,
               expand=True),
    ]
    return screen(app, "/register", "회원가입", body, ident="register")


def account_actions(app, prefix: str, logout) -> list[ft.Control]:
    """내 정보, 동의 관리, 로그인 관리, 로그아웃 and 회원 탈퇴 for a signed-in person: in 내 계정
    and under 통합 로그인 사이트 (identifiers `<prefix>-profile`, …)."""
    m = app.m
    base = catalog.BY_ID["sso_sites"].route

    def to(rest: str):
        return lambda e: app.go(f"{base}/{rest}")

    return [
        button("내 정보", m, ident=f"{prefix}-profile", icon=ft.Icons.PERSON, kind="outlined",
               on_click=to("profile"), expand=True),
        button("동의 관리", m, ident=f"{prefix}-consents", icon=ft.Icons.FACT_CHECK,
               kind="outlined", on_click=to("consents"), expand=True),
        button("로그인 관리", m, ident=f"{prefix}-sessions", icon=ft.Icons.DEVICES,
               kind="outlined", on_click=to("sessions"), expand=True),
        text("로그아웃하면 이 앱에서 연 사이트도 함께 로그아웃됩니다.", m, "body_medium"),
        button("로그아웃", m, ident=f"{prefix}-logout", icon=ft.Icons.LOGOUT, kind="outlined",
               on_click=logout, expand=True),
        text("탈퇴하면 계정과 개인정보가 지워집니다.", m, "body_medium"),
        button("회원 탈퇴", m, ident=f"{prefix}-withdraw", icon=ft.Icons.PERSON_REMOVE,
               kind="text", on_click=to("withdraw")),
    ]


def account_view(app) -> ft.View:
    """내 계정 (the person button in the home app bar): who is signed in, 내 정보, 로그아웃 and
    회원 탈퇴 in one place; a guest finds 로그인 and 회원가입 here."""
    m = app.m

    async def logout(e=None) -> None:
        await app.logout()  # ends the app session and the partner sessions opened from it
        app.go("/")  # the signed-out session changed the state's version: home is built anew

    if app.signed_in:
        u = app.state.user
        body = [
            # The address on a line of its own: in large text it would split mid-sentence.
            ft.Column([text(tr("{name}님으로 로그인되어 있습니다.", name=u.name), m, ident="account-user"),
                       text(u.email, m, "body_medium", ident="account-email")], spacing=2),
            *account_actions(app, "account", logout),
        ]
    else:
        body = [
            text("로그인하지 않았습니다. 로그인하면 나의메뉴가 어느 기기에서나 같게 유지됩니다.", m,
                 ident="account-guest"),
            button("로그인", m, ident="account-login", icon=ft.Icons.LOGIN,
                   on_click=lambda e: app.go("/login"), expand=True),
            button("회원가입", m, ident="account-register", icon=ft.Icons.PERSON_ADD,
                   kind="outlined", on_click=lambda e: app.go("/register"), expand=True),
        ]
    return screen(app, "/account", "내 계정", body, ident="account")
