"""광양시 programmes: the owning department's officers add and edit them in the app, with the
fields of a 보조금24 record, and end them (never delete: bookmarks and links stay valid)."""
from __future__ import annotations

import uuid

import flet as ft

from myg_app.client.api import ApiError
from myg_app.client.features.account import field
from myg_app.client.features.layout import screen
from myg_app.client.widgets.dropdown import filter_dropdown
from myg_app.client.features.welfare.subsidy import GROUPS
from myg_app.client.theme import FONT
from myg_app.client.widgets.common import button, heading, tagged, text, toggle_target
from myg_app.client.widgets.loader import Loader
from myg_app.contracts.welfare import (
    BUSINESS_TYPE_LABELS,
    FIELDS,
    ProgramIn,
    ServiceDetail,
)
from myg_app.gov24.conditions import BUSINESS_TYPE_FLAGS, TRAITS

PATHS = {"welfare": "/welfare/programs", "small_biz": "/small-biz/programs"}
# (key, label, multiline, helper)
FORM = (
    ("name", "사업 이름", False, "예: 광양시 청년 월세 지원"),
    ("summary", "한 줄 요약", False, "검색 결과에 보이는 한 줄"),
    ("target", "지원대상", True, None),
    ("criteria", "선정기준 (선택)", True, None),
    ("content", "지원내용", True, None),
    ("how_to_apply", "신청방법", True, None),
    ("deadline", "신청기한", False, "예: 상시신청, 2026. 3. 2. ~ 2026. 12. 31."),
    ("documents", "구비서류 (선택)", True, None),
    ("department", "담당 부서 (선택)", False, None),
    ("contact", "문의처", False, "예: 주민복지과/061-797-2114"),
    ("online_url", "온라인 신청 주소 (선택)", False, "https:// 로 시작"),
    ("age_min", "나이 (부터, 선택)", False, "만 나이, 숫자만"),
    ("age_max", "나이 (까지, 선택)", False, "만 나이, 숫자만"),
)
YEARS_FIELD = ("business_years_max", "업력 (최대 몇 년, 선택)", False, "예: 3 (창업 3년 이내)")
TRAIT_CODES = {code: trait for trait, code in TRAITS.items()}


def program_view(app, fid: str, sid: str | None) -> ft.View:
    m = app.m
    route = f"/f/{fid}/programs/" + (sid or "new")
    fields: dict[str, ft.TextField] = {}
    chosen = {"field": "고용·창업" if fid == "small_biz" else "생활안정"}
    status = Loader(m, f"{fid}-program-status")
    key = str(uuid.uuid4())  # one creation per screen, however often 저장 is pressed

    rows = FORM + ((YEARS_FIELD,) if fid == "small_biz" else ())
    for name, label, multi, helper in rows:
        f = field(app, label, f"{fid}-program-{name}", helper=helper)
        if multi:
            f.multiline, f.min_lines, f.max_lines = True, 2, 8
        fields[name] = f

    def pick(e) -> None:
        chosen["field"] = e.control.value or chosen["field"]

    area = filter_dropdown(app, f"{fid}-program-field", "서비스분야",
                           [(f, f) for f in FIELDS], chosen["field"], pick)
    fs = ft.TextStyle(size=m.text("body_large"), font_family=FONT)
    traits = {key: ft.Checkbox(label=label, value=False, label_style=fs)
              for _, group in GROUPS for key, label in group}
    kinds = {key: ft.Checkbox(label=label, value=False, label_style=fs)
             for key, label in BUSINESS_TYPE_LABELS.items()} if fid == "small_biz" else {}

    def boxes(title: str, checks: dict[str, ft.Checkbox], prefix: str) -> list[ft.Control]:
        return [heading(title, m)] + [
            toggle_target(tagged(cb, f"{fid}-program-{prefix}-{key}"), m, cb)
            for key, cb in checks.items()]

    def form() -> ProgramIn:
        v = {k: (f.value or "").strip() for k, f in fields.items()}
        numbers = {k: int(v[k]) if v[k] else None
                   for k in ("age_min", "age_max", "business_years_max") if k in v}
        data = {k: x for k, x in v.items() if k not in numbers}
        return ProgramIn(**data, **numbers, field=chosen["field"],  # type: ignore[arg-type]
                         user_types=["소상공인"] if fid == "small_biz" else ["개인"],
                         traits=[k for k, cb in traits.items() if cb.value],
                         business_types=[k for k, cb in kinds.items() if cb.value])

    async def submit(e) -> None:
        for f in fields.values():
            f.error = None
        try:
            body = form()
        except ValueError as err:
            status.error(_first_error(err))
            app.page.update()
            return
        try:
            if sid is None:
                out = await app.api.call("POST", PATHS[fid], ServiceDetail, json=body,
                                         idempotency_key=key)
            else:
                out = await app.api.call("PUT", f"{PATHS[fid]}/{sid}", ServiceDetail, json=body)
        except ApiError as err:
            if err.field and err.field in fields:
                fields[err.field].error = err.message
            status.error(err.message)
            app.page.update()
            return
        app.go(f"/f/{fid}/s/{out.id}")

    async def end(e) -> None:
        try:
            await app.api.call("POST", f"{PATHS[fid]}/{sid}/end", ServiceDetail)
        except ApiError as err:
            status.error(err.message)
            app.page.update()
            return
        app.go(f"/f/{fid}/s/{sid}")

    async def prefill() -> None:
        def show(d: ServiceDetail) -> None:
            rec = d.model_dump()
            for k, f in fields.items():
                if k in rec and rec[k] is not None:
                    f.value = str(rec[k])
            raw = d.conditions_raw or {}
            fields["age_min"].value = str(raw.get("JA0110", "") or "")
            fields["age_max"].value = str(raw.get("JA0111", "") or "")
            if "business_years_max" in fields and d.business_years_max is not None:
                fields["business_years_max"].value = str(d.business_years_max)
            for code, trait in TRAIT_CODES.items():
                if trait in traits:
                    traits[trait].value = raw.get(code) == "Y"
            for kind, code in BUSINESS_TYPE_FLAGS.items():
                if kind in kinds:
                    kinds[kind].value = raw.get(code) == "Y"
            chosen["field"] = d.field or chosen["field"]
            area.content.value = chosen["field"]
        await status.load(app.page, lambda: app.api.call(
            "GET", f"/welfare/services/{sid}", ServiceDetail), show)

    body: list[ft.Control] = [
        text("광양시가 직접 하는 사업을 보조금24와 같은 항목으로 적습니다. 저장하면 바로 검색됩니다.", m),
        *[tagged(fields[k], f"{fid}-program-{k}") for k in ("name", "summary")], area,
        *[tagged(fields[k], f"{fid}-program-{k}") for k, *_ in rows[2:]],
        *boxes("이런 분만 받을 수 있어요 (선택)", traits, "trait"),
        *(boxes("업종 (선택)", kinds, "kind") if kinds else []),
        status,
        button("저장하기", m, ident=f"{fid}-program-save", icon=ft.Icons.SAVE, on_click=submit,
               expand=True),
    ]
    if sid is not None:
        body.append(button("사업 종료 (지우지 않고 종료로 표시)", m, ident=f"{fid}-program-end",
                           icon=ft.Icons.EVENT_BUSY, kind="outlined", on_click=end, expand=True))
        app.page.run_task(prefill)
    return screen(app, route, "광양시 사업 " + ("등록" if sid is None else "고치기"), body,
                  ident=f"{fid}-program")


def _first_error(err: ValueError) -> str:
    errors = getattr(err, "errors", list)()
    names = {k: label for k, label, *_ in FORM + (YEARS_FIELD,)}
    for e in errors:
        where = names.get(str(e.get("loc", ("",))[0]), "")
        msg = str(e.get("msg", "")).removeprefix("Value error, ")
        if "at least" in msg or "min_length" in str(e.get("type", "")):
            msg = "내용을 입력해 주세요."
        return f"{where}: {msg}" if where else msg
    return "나이는 숫자로 적어 주세요."
