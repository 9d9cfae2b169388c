"""보조금24 맞춤혜택: a few questions (no 주민등록번호), then every service whose support
conditions the person meets, with why ("만 19~34세 ✓, 1인가구 ✓"), and "조건 확인 필요"
where the answers cannot decide. A guest's answers stay on this device; a citizen may keep
them on the server, with consent, and be told of new matching services."""
from __future__ import annotations

from datetime import date

import flet as ft

from myg_app import catalog
from myg_app.client.api import ApiError
from myg_app.client.features.account import field
from myg_app.client.features.layout import screen, switch_row
from myg_app.client.features.reservations.common import tap_card
from myg_app.client.features.welfare.common import agency_line
from myg_app.client.i18n import tr
from myg_app.client.widgets.dropdown import filter_dropdown
from myg_app.client.theme import FONT
from myg_app.client.widgets.common import button, heading, tagged, text, toggle_target
from myg_app.client.widgets.loader import Loader
from myg_app.contracts.profile import DONGS
from myg_app.contracts.welfare import (
    INCOME_BAND_LABELS,
    MatchIn,
    MatchItem,
    MatchOut,
    MyMatchOut,
    ProfileIn,
    ProfileOut,
)
from myg_app.seoul_time import today_seoul

FID = "subsidy24"
PAGE = 30
GROUPS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("임신·출산·자녀", (("planning_pregnancy", "임신 준비 (난임)"), ("pregnant", "임신 중"),
                   ("new_baby", "출산·입양"), ("many_children", "자녀 셋 이상"))),
    ("학생", (("student_elementary", "초등학생"), ("student_middle", "중학생"),
            ("student_high", "고등학생"), ("student_university", "대학생·대학원생"))),
    ("일", (("worker", "직장인"), ("job_seeker", "일자리 찾는 중"), ("small_business", "소상공인"),
           ("farmer", "농업"), ("fisher", "어업"), ("livestock", "축산업"), ("forestry", "임업"))),
    ("건강·보훈", (("disabled", "장애"), ("patient", "질병·투병"), ("veteran", "국가보훈대상"))),
    ("가구", (("lives_alone", "혼자 삶"), ("single_parent", "한부모·조손"),
            ("multicultural", "다문화 가족"), ("defector", "북한이탈주민"), ("no_house", "무주택"),
            ("new_resident", "광양 전입"), ("extended_family", "3대 함께 삶"))),
)


def age_from(birth: date | None) -> int | None:
    if birth is None:
        return None
    t = today_seoul()
    return t.year - birth.year - ((t.month, t.day) < (birth.month, birth.day))


def parse_birth(value: str) -> date | None:
    digits = "".join(ch for ch in value if ch.isdigit())
    if len(digits) != 8:
        raise ValueError
    d = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    if not date(1900, 1, 1) <= d <= today_seoul():
        raise ValueError
    return d


MET = " ✓"  # how the API marks a met condition ("만 19~34세 ✓")


def reason_row(m, reason: str) -> tuple[ft.Control, str]:
    """A reason as an icon and words (the bundled Korean font has no ✓), and how it is read."""
    if reason.endswith(MET):
        words, icon, said = reason.removesuffix(MET), ft.Icons.CHECK_CIRCLE, "맞음"
    elif "확인 필요" in reason:
        words, icon, said = reason, ft.Icons.HELP_OUTLINE, ""
    else:
        words, icon, said = reason, ft.Icons.INFO_OUTLINE, ""
    row = ft.Row([ft.Icon(icon, size=m.icon, color=ft.Colors.PRIMARY),
                  ft.Container(text(words, m, "body_medium"), expand=True)],
                 vertical_alignment=ft.CrossAxisAlignment.START, spacing=8)
    return row, f"{words} {said}".strip()


def match_card(app, it: MatchItem) -> ft.Control:
    m = app.m
    ok = it.eligibility == "eligible"
    verdict = "받을 수 있어요" if ok else "조건 확인 필요"
    rows = [reason_row(m, r) for r in it.reasons]
    lines = [
        text(it.name, m, "title_small", bold=True),
        text(agency_line(it.agency, it.level), m, "body_medium",
             color=ft.Colors.ON_SURFACE_VARIANT),
        text(verdict, m, "body_medium", bold=True,
             color=ft.Colors.PRIMARY if ok else ft.Colors.TERTIARY),
        *[row for row, _ in rows],
    ]
    return tap_card(ft.Column(lines, spacing=4), ident=f"{FID}-item-{it.id}",
                    label=f"{it.name}, {verdict}. {', '.join(said for _, said in rows)}",
                    on_click=lambda e: app.go(f"/f/{FID}/s/{it.id}"))


def main_view(app) -> ft.View:
    m = app.m
    signed = app.signed_in
    birth = field(app, "생년월일", f"{FID}-birth", keyboard=ft.KeyboardType.DATETIME,
                  helper="예: 1958-03-15 (나이만 계산하고 주민등록번호는 묻지 않습니다)")
    p: dict[str, str] = {"gender": "", "household": "", "income": "", "dong": ""}
    checks: dict[str, ft.Checkbox] = {}
    fs = ft.TextStyle(size=m.text("body_large"), font_family=FONT)
    save = ft.Switch(value=False)
    notify = ft.Switch(value=False)
    status = Loader(m, f"{FID}-status")
    summary = text("", m, "title_small", bold=True, ident=f"{FID}-summary")
    results = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    more = ft.Column()
    items: list[MatchItem] = []

    def pick(key: str):
        def on_pick(e) -> None:
            p[key] = e.control.value or ""
        return on_pick

    gender = filter_dropdown(app, f"{FID}-gender", "성별",
                             [("", "말하지 않음"), ("M", "남성"), ("F", "여성")], "", pick("gender"))
    household = filter_dropdown(app, f"{FID}-household", "가구원 수",
                                [("", "모름")] + [(str(n), tr("{n}명", n=n) + (" (혼자 삶)" if n == 1 else ""))
                                                 for n in range(1, 7)], "", pick("household"))
    income = filter_dropdown(app, f"{FID}-income", "소득 (기준중위소득)",
                             [("", "모름")] + [(str(k), v) for k, v in INCOME_BAND_LABELS.items()],
                             "", pick("income"))
    dong = filter_dropdown(app, f"{FID}-dong", "사는 읍면동", [("", "말하지 않음")] + [
        (d, d) for d in DONGS], "", pick("dong"))

    def trait_rows() -> list[ft.Control]:
        out: list[ft.Control] = [heading("해당하는 것을 모두 고르세요 (선택)", m)]
        for title, traits in GROUPS:
            out.append(text(title, m, "body_medium", bold=True))
            for key, label in traits:
                cb = ft.Checkbox(label=label, value=False, label_style=fs, data=key)
                checks[key] = cb
                out.append(toggle_target(tagged(cb, f"{FID}-trait-{key}"), m, cb))
        return out

    def answers() -> MatchIn:
        born = parse_birth(birth.value) if (birth.value or "").strip() else None
        return MatchIn(age=age_from(born), gender=p["gender"] or None,  # type: ignore[arg-type]
                       household_size=int(p["household"]) if p["household"] else None,
                       income_band=int(p["income"]) if p["income"] else None,
                       traits=[k for k, cb in checks.items() if cb.value])

    def render(out: MatchOut) -> bool:
        nonlocal items
        items = list(out.items)
        summary.content.value = (tr("받을 수 있어요 {eligible}건 · 조건 확인 필요 {check}건", eligible=out.eligible, check=out.check)
                                 if out.total else "")
        show_page(PAGE)
        return bool(items)

    def show_page(n: int) -> None:
        results.controls = [match_card(app, it) for it in items[:n]]
        more.controls = [button("더 보기", m, ident=f"{FID}-more", kind="outlined",
                                icon=ft.Icons.EXPAND_MORE, expand=True,
                                on_click=lambda e: (show_page(n + PAGE), app.page.update()))
                         ] if len(items) > n else []

    async def find(e=None) -> None:
        try:
            body = answers()
        except ValueError:
            birth.error = "생년월일을 예: 1958-03-15 처럼 적어 주세요."
            app.page.update()
            return
        birth.error = None
        if signed and save.value:
            prof = ProfileIn(consent=True, birth_date=parse_birth(birth.value) if body.age is not None else None,
                             gender=body.gender, dong=p["dong"] or None,
                             household_size=body.household_size, income_band=body.income_band,
                             traits=body.traits, notify_new=bool(notify.value))
            await status.load(app.page, lambda: _save_then_match(prof), render, what="저장하고 찾는 중입니다…",
                empty="조건에 맞는 혜택을 찾지 못했습니다. 답을 바꿔 다시 찾아보세요.")
            return
        if not signed:  # a guest's answers stay on this device
            await app.prefs.set_subsidy_answers({
                "birth": birth.value or "", **p, "traits": body.traits})
        await status.load(app.page, lambda: app.api.call(
            "POST", "/subsidy24/match", MatchOut, json=body, auth=False), render,
            what="맞춤혜택을 찾는 중입니다…",
            empty="조건에 맞는 혜택을 찾지 못했습니다. 답을 바꿔 다시 찾아보세요.")

    async def _save_then_match(prof: ProfileIn) -> MatchOut:
        await app.api.call("PUT", "/me/subsidy24/profile", ProfileOut, json=prof)
        return await app.api.call("GET", "/me/subsidy24", MyMatchOut)

    def fill(values: dict) -> None:
        birth.value = values.get("birth") or ""
        for key, dd in (("gender", gender), ("household", household), ("income", income),
                        ("dong", dong)):
            v = str(values.get(key) or "")
            p[key] = v
            dd.content.value = v
        for k in values.get("traits") or []:
            if k in checks:
                checks[k].value = True

    async def prefill() -> None:
        if signed:
            try:
                prof = await app.api.call("GET", "/me/subsidy24/profile", ProfileOut)
            except ApiError:
                return
            if prof.stored:
                fill({"birth": prof.birth_date.isoformat() if prof.birth_date else "",
                      "gender": prof.gender, "household": prof.household_size,
                      "income": prof.income_band, "dong": prof.dong, "traits": prof.traits})
                save.value, notify.value = True, prof.notify_new
                app.page.update()
                await status.load(app.page, lambda: app.api.call(
                    "GET", "/me/subsidy24", MyMatchOut), render, what="맞춤혜택을 찾는 중입니다…")
        else:
            saved = await app.prefs.subsidy_answers()
            if saved:
                fill(saved)
                app.page.update()
                await find()

    async def forget(e) -> None:
        if signed:
            await app.api.call("DELETE", "/me/subsidy24/profile")
            save.value = notify.value = False
        else:
            await app.prefs.set_subsidy_answers(None)
        fill({"birth": "", "traits": []})
        for cb in checks.values():
            cb.value = False
        items.clear()
        results.controls, more.controls = [], []
        summary.content.value = ""
        status.notice("입력한 정보를 지웠습니다.")
        app.page.update()

    def flip(sw: ft.Switch):
        def toggle(e) -> None:
            sw.value = not sw.value
        return toggle

    body: list[ft.Control] = [
        text("몇 가지만 답하면 받을 수 있는 정부·전라남도·광양시 혜택을 찾아 드립니다. "
             "모르는 것은 비워 두세요. 그런 조건은 '조건 확인 필요'로 알려 드립니다.", m),
        tagged(birth, f"{FID}-birth"), gender, household, income,
        *trait_rows(),
    ]
    if signed:
        body += [dong, switch_row(m, "이 정보를 저장하기 (동의)", save, f"{FID}-save",
                                  on_toggle=flip(save), detail=text(
                                      "개인정보 수집·이용(맞춤 안내)에 동의하고 저장합니다. "
                                      "언제든 지울 수 있습니다.", m, "body_small",
                                      color=ft.Colors.ON_SURFACE_VARIANT)),
                 switch_row(m, "새 혜택 알림 받기", notify, f"{FID}-notify", on_toggle=flip(notify))]
    else:
        body.append(text("답은 이 기기에만 남고 서버에 저장하지 않습니다.", m, "body_medium",
                         color=ft.Colors.ON_SURFACE_VARIANT))
    body += [
        button("맞춤혜택 찾기", m, ident=f"{FID}-find", icon=ft.Icons.SEARCH, on_click=find,
               expand=True),
        button("입력한 정보 지우기", m, ident=f"{FID}-forget", kind="text",
               icon=ft.Icons.DELETE_OUTLINE, on_click=forget, expand=True),
        status, summary, results, more,
    ]
    app.page.run_task(prefill)
    return screen(app, f"/f/{FID}", catalog.BY_ID[FID].name_ko, body, ident=f"function-{FID}")
