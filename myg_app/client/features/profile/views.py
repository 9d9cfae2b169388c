"""내 정보 (profile), 동의 관리 (consents), 로그인 관리 (devices and partner sites),
회원 탈퇴 (withdrawal). Routes under /f/sso_sites/: /profile, /consents, /sessions, /withdraw."""
from __future__ import annotations

from datetime import date
from functools import partial

import flet as ft
from pydantic import RootModel

from myg_app.client.api import ApiError
from myg_app.client.features.account import check, field
from myg_app.client.features.layout import screen, switch_row
from myg_app.client.i18n import tr
from myg_app.client.theme import text_style
from myg_app.client.widgets.common import button, heading, tagged, text
from myg_app.client.widgets.loader import Loader
from myg_app.contracts.profile import (
    DONGS,
    ConsentDecisions,
    ConsentState,
    Household,
    ProfileOut,
    ProfileUpdate,
    SessionsOut,
    WithdrawRequest,
)
from myg_app.seoul_time import format_datetime_ko

BASE = "/f/sso_sites"
NO_DONG = "-"


def _need_login(app, route: str, title: str, ident: str) -> ft.View:
    m = app.m
    return screen(app, route, title, [
        text("로그인이 필요합니다.", m, ident=f"{ident}-login-note"),
        button("로그인", m, ident=f"{ident}-login", icon=ft.Icons.LOGIN,
               on_click=lambda e: app.go("/login"), expand=True)], ident=ident)


# --- 내 정보 -------------------------------------------------------------------------------
def profile_view(app) -> ft.View:
    route, ident = f"{BASE}/profile", "profile"
    if not app.signed_in:
        return _need_login(app, route, "내 정보", ident)
    m = app.m
    status = Loader(m, "profile-status")
    name = field(app, "이름", "profile-name", autofill=ft.AutofillHint.NAME)
    phone = field(app, "휴대전화 (선택)", "profile-phone", hint="예: 010-1234-5678",
                  keyboard=ft.KeyboardType.PHONE)
    birth = field(app, "생년월일 (선택)", "profile-birth", hint="예: 1980-03-15",
                  keyboard=ft.KeyboardType.DATETIME)
    size = field(app, "가구원 수 (선택)", "profile-household-size", keyboard=ft.KeyboardType.NUMBER)
    children = field(app, "자녀 수 (선택)", "profile-children", keyboard=ft.KeyboardType.NUMBER)
    dong = ft.Dropdown(label="읍면동 (선택)", value=NO_DONG, expand=True,
                       text_style=text_style(m.text("body_large")),
                       label_style=text_style(m.text("body_medium")),
                       options=[ft.DropdownOption(key=NO_DONG, text="선택 안 함")]
                       + [ft.DropdownOption(key=d, text=d) for d in DONGS])
    disabled = check(app, "장애인 가구원이 있음", "profile-disabled-member")
    low_income = check(app, "기초생활수급·차상위 가구", "profile-low-income")
    optional = [phone, birth, size, children, dong, disabled.content, low_income.content]
    consent_note = ft.Column(visible=False, spacing=m.gap)
    fields = {"name": name, "phone": phone, "birth_date": birth, "size": size,
              "children": children}

    def fill(p: ProfileOut) -> None:
        name.value = p.name
        phone.value = p.phone or ""
        birth.value = p.birth_date.isoformat() if p.birth_date else ""
        dong.value = p.dong or NO_DONG
        size.value = str(p.household.size or "")
        children.value = "" if p.household.children is None else str(p.household.children)
        disabled.content.value = bool(p.household.has_disabled_member)
        low_income.content.value = bool(p.household.low_income)
        for c in optional:
            c.disabled = not p.optional_allowed
        consent_note.visible = not p.optional_allowed

    async def load(e=None) -> None:
        def show_loaded(p) -> None:
            fill(p)
        await status.load(app.page, lambda: app.api.call(
            "GET", "/me/profile", ProfileOut), show_loaded)

    def number(f: ft.TextField, label: str) -> int | None:
        v = (f.value or "").strip()
        if not v:
            return None
        if not v.isdigit():
            raise ValueError(tr("{label}는 숫자로 입력해 주세요.", label=label))
        return int(v)

    async def save(e) -> None:
        for f in fields.values():
            f.error = None
        try:
            birth_value = date.fromisoformat(birth.value.strip()) if (birth.value or "").strip() else None
        except ValueError:
            birth.error = "생년월일은 1980-03-15처럼 입력해 주세요."
            status.error("입력한 내용을 확인해 주세요.")
            return
        try:
            household = Household.model_construct(
                size=number(size, "가구원 수"), children=number(children, "자녀 수"),
                has_disabled_member=bool(disabled.content.value) or None,
                low_income=bool(low_income.content.value) or None)
        except ValueError as err:
            status.error(str(err))
            return
        change = {"name": name.value or ""}
        if not consent_note.visible:
            change |= {"phone": (phone.value or "").strip() or None, "birth_date": birth_value,
                       "dong": None if dong.value == NO_DONG else dong.value,
                       "household": household}
        status.loading("저장하는 중입니다…")
        app.page.update()
        try:
            p = await app.api.call("PATCH", "/me/profile", ProfileOut,
                                   json=ProfileUpdate.model_construct(**change))
        except ApiError as err:
            for fe in err.errors:
                key = fe.field.split(".")[-1]
                target = fields.get(key) or (dong if key == "dong" else None)
                if isinstance(target, ft.TextField):
                    target.error = fe.message
            status.error(err.message)
            app.page.update()
            return
        fill(p)
        if app.state.user is not None:
            app.state.user = app.state.user.model_copy(update={"name": p.name})
        status.notice("저장했습니다.")
        app.page.update()

    consent_note.controls = [
        text("휴대전화·생년월일·읍면동·가구 정보는 '개인정보 수집·이용 (맞춤 안내)'에 동의해야 저장할 수 "
             "있습니다. 동의하지 않아도 다른 기능은 모두 이용할 수 있습니다.", m,
             ident="profile-consent-note"),
        button("동의 관리", m, ident="profile-go-consents", kind="outlined",
               icon=ft.Icons.FACT_CHECK, on_click=lambda e: app.go(f"{BASE}/consents")),
    ]
    body = [
        text("주민등록번호는 받지 않습니다. 선택 항목은 맞춤 혜택 안내와 신청서 자동 입력에만 씁니다.", m),
        status,
        tagged(name, "profile-name"),
        consent_note,
        tagged(phone, "profile-phone"),
        tagged(birth, "profile-birth"),
        tagged(dong, "profile-dong", label="읍면동 (선택)"),
        heading("가구 정보 (선택)", m),
        tagged(size, "profile-household-size"),
        tagged(children, "profile-children"),
        disabled, low_income,
        button("저장", m, ident="profile-save", icon=ft.Icons.SAVE, on_click=save, expand=True),
    ]
    app.page.run_task(load)
    return screen(app, route, "내 정보", body, ident=ident)


# --- 동의 관리 -----------------------------------------------------------------------------
def consents_view(app) -> ft.View:
    route, ident = f"{BASE}/consents", "consents"
    if not app.signed_in:
        return _need_login(app, route, "동의 관리", ident)
    m = app.m
    status = Loader(m, "consents-status")
    rows = ft.Column(spacing=m.gap)
    switches: dict[str, ft.Switch] = {}

    def row(c: ConsentState) -> ft.Control:
        when = f" · {format_datetime_ko(c.decided_at)}" if c.decided_at else ""
        state = "동의함" if c.agreed else ("동의하지 않음" if c.agreed is False else "아직 묻지 않음")
        sw = ft.Switch(value=bool(c.agreed) or c.required, disabled=c.required)
        switches[c.id] = sw

        def toggle(e) -> None:
            sw.value = not sw.value

        # Label left, switch right, the whole row toggles (the switch alone is 40 px).
        return switch_row(m, f"[{'필수' if c.required else '선택'}] {c.title}", sw,
                          f"consents-{c.id}", on_toggle=toggle,
                          detail=text(tr("{state} (버전 {version}){when}", state=state, version=c.version, when=when), m, "body_medium",
                                      ident=f"consents-{c.id}-state",
                                      color=ft.Colors.ON_SURFACE_VARIANT))

    async def load(e=None) -> None:
        def show_loaded(items) -> None:
            switches.clear()
            rows.controls = [row(c) for c in items.root]
        await status.load(app.page, lambda: app.api.call(
            "GET", "/me/consents", _ConsentList), show_loaded)

    async def save(e) -> None:
        decisions = {cid: bool(sw.value) for cid, sw in switches.items() if not sw.disabled}
        status.loading("저장하는 중입니다…")
        app.page.update()
        try:
            items = await app.api.call("PUT", "/me/consents", _ConsentList,
                                       json=ConsentDecisions(decisions=decisions))
        except ApiError as err:
            status.error(err.message)
            app.page.update()
            return
        switches.clear()
        rows.controls = [row(c) for c in items.root]
        status.notice("저장했습니다. 선택 항목 동의를 철회하면 그 정보는 바로 지워집니다.")
        app.page.update()

    body = [text("필수 항목은 서비스 이용에 꼭 필요합니다. 철회하려면 회원 탈퇴를 이용해 주세요.", m),
            status, rows,
            button("저장", m, ident="consents-save", icon=ft.Icons.SAVE, on_click=save,
                   expand=True)]
    app.page.run_task(load)
    return screen(app, route, "동의 관리", body, ident=ident)


class _ConsentList(RootModel[list[ConsentState]]):
    pass


# --- 로그인 관리 ---------------------------------------------------------------------------
def sessions_view(app) -> ft.View:
    route, ident = f"{BASE}/sessions", "sessions"
    if not app.signed_in:
        return _need_login(app, route, "로그인 관리", ident)
    m = app.m
    status = Loader(m, "sessions-status")
    devices = ft.Column(spacing=m.gap)
    partners = ft.Column(spacing=m.gap)

    def item(title: str, detail: str, ident_: str, on_out, nth: int) -> ft.Control:
        # Several sessions of one kind of device read alike: the spoken name adds which one.
        return ft.Container(ft.Column([
            text(title, m, "title_small", bold=True, ident=f"{ident_}-name"),
            text(detail, m, "body_medium", color=ft.Colors.ON_SURFACE_VARIANT),
            button(tr("{title} 로그아웃", title=title), m, ident=f"{ident_}-out", kind="outlined", icon=ft.Icons.LOGOUT,
                   on_click=on_out, name=tr("{title} 로그아웃 ({nth}번째, {detail})", title=title, nth=nth, detail=detail)),
        ], spacing=4), padding=m.gap * 1.5, border_radius=12, bgcolor=ft.Colors.SURFACE_CONTAINER)

    async def load(e=None) -> None:
        def show_loaded(s) -> None:
            devices.controls = [
                item(d.device + (" (이 기기)" if d.current else ""),
                     tr("로그인 {format_datetime_ko} · 최근 사용 {format_datetime_ko2}", format_datetime_ko=format_datetime_ko(d.signed_in_at), format_datetime_ko2=format_datetime_ko(d.last_used_at)),
                     f"sessions-device-{i}", partial(end_device, d.id, d.current), i + 1)
                for i, d in enumerate(s.devices)]
            partners.controls = [
                item(p.name, tr("최근 로그인 {format_datetime_ko}", format_datetime_ko=format_datetime_ko(p.last_sign_in_at)),
                     f"sessions-partner-{p.client_id}", partial(end_partner, p.client_id), i + 1)
                for i, p in enumerate(s.partners)] or [text("로그인된 사이트가 없습니다.", m, ident="sessions-no-partner")]
        await status.load(app.page, lambda: app.api.call(
            "GET", "/me/sessions", SessionsOut), show_loaded)

    async def end_device(session_id: str, current: bool, e=None) -> None:
        if current:
            await app.logout()
            app.go("/")
            return
        await run(app.api.call("DELETE", f"/me/sessions/{session_id}"))

    async def end_partner(client_id: str, e=None) -> None:
        await run(app.api.call("DELETE", f"/me/partners/{client_id}"))

    async def end_all(e) -> None:
        try:
            await app.api.call("DELETE", "/me/sessions")
        except ApiError as err:
            status.error(err.message)
            app.page.update()
            return
        await app.logout()
        app.go("/")

    async def run(call) -> None:
        try:
            await call
        except ApiError as err:
            status.error(err.message, on_retry=load)
            app.page.update()
            return
        await load()

    body = [status, heading("로그인한 기기", m), devices, heading("로그인한 사이트", m), partners,
            text("이 기기를 포함한 모든 기기와 사이트에서 한 번에 로그아웃합니다.", m, "body_medium"),
            # Short labels: a button keeps one line even in large-text mode at 360 px.
            button("전체 로그아웃", m, ident="sessions-end-all",
                   icon=ft.Icons.LOGOUT, on_click=end_all, expand=True)]
    app.page.run_task(load)
    return screen(app, route, "로그인 관리", body, ident=ident)


# --- 회원 탈퇴 -----------------------------------------------------------------------------
def withdraw_view(app) -> ft.View:
    route, ident = f"{BASE}/withdraw", "withdraw"
    if not app.signed_in:
        return _need_login(app, route, "회원 탈퇴", ident)
    m = app.m
    status = Loader(m, "withdraw-status")
    password = field(app, "비밀번호 확인", "withdraw-password", password=True)
    agree = check(app, "위 내용을 확인했고 탈퇴에 동의합니다", "withdraw-agree")

    async def submit(e) -> None:
        password.error = None
        if not agree.content.value:
            status.error("탈퇴에 동의한다고 체크해 주세요.")
            return
        if not password.value:
            password.error = "비밀번호를 입력해 주세요."
            return
        status.loading("탈퇴 처리 중입니다…")
        app.page.update()
        try:
            await app.api.call("POST", "/me/withdraw",
                               json=WithdrawRequest(password=password.value, confirm=True))
        except ApiError as err:
            status.error(err.message)
            app.page.update()
            return
        await app.logout()
        app.go("/")

    body = [
        text("탈퇴하면 이름, 이메일, 휴대전화, 생년월일, 가구 정보와 동의 기록이 바로 지워지고, "
             "앱과 6개 사이트의 로그인이 모두 끝납니다. 되돌릴 수 없습니다.", m,
             ident="withdraw-explain"),
        tagged(password, "withdraw-password"), agree, status,
        button("회원 탈퇴", m, ident="withdraw-submit", icon=ft.Icons.PERSON_REMOVE,
               on_click=submit, expand=True),
    ]
    return screen(app, route, "회원 탈퇴", body, ident=ident)
