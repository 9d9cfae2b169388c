"""The builder of a draft: kind, title, description, period (Seoul time), audience (읍면동,
an age band), 익명 / 응답 고치기 허용, and the question list (kind, text, 필수, choices one per
line, the maximum for 여러 개 고르기; 위로 / 아래로 / 삭제). 저장 keeps it as a draft;
미리 보기 and 게시 save first, so nothing typed is lost."""
from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

import flet as ft
from pydantic import ValidationError

from myg_app.client.features.account import check, field
from myg_app.client.features.survey.common import BASE
from myg_app.client.i18n import tr
from myg_app.client.theme import FONT
from myg_app.client.widgets.common import button, heading, icon_button, tagged, text
from myg_app.client.widgets.dropdown import named_dropdown
from myg_app.contracts import survey as c
from myg_app.gwangyang import dongs
from myg_app.seoul_time import now_seoul, seoul_to_utc, to_seoul


def _dropdown(app, label: str, value: str, options: list[tuple[str, str]], ident: str,
              on_select=None) -> ft.Control:
    m = app.m
    dd = ft.Dropdown(label=label, value=value, width=min(max((app.page.width or 400) - 72, 220), 440),
                     text_style=ft.TextStyle(size=m.text("body_large"), font_family=FONT),
                     label_style=ft.TextStyle(size=m.text("body_medium"), font_family=FONT),
                     options=[ft.DropdownOption(key=k, text=t) for k, t in options])
    dd.on_select = on_select
    return named_dropdown(dd, ident, label, options[0][1])


def _parse(day: str, at: str, what: str) -> datetime:
    try:
        d = date.fromisoformat(day.strip())
    except ValueError:
        raise ValueError(tr("{what} 날짜는 2026-03-15처럼 적어 주세요.", what=what)) from None
    try:
        t = time.fromisoformat((at.strip() or "00:00").zfill(5))
    except ValueError:
        raise ValueError(tr("{what} 시각은 09:00처럼 적어 주세요.", what=what)) from None
    return seoul_to_utc(d, t)


def _message(err: ValidationError) -> str:
    first = err.errors()[0]
    msg = str(first.get("msg", ""))
    if msg.startswith("Value error, "):
        return msg[len("Value error, "):]
    where = ".".join(str(p) for p in first.get("loc", ()))
    return tr("입력을 확인해 주세요 ({where}).", where=where)


class QuestionEditor:
    def __init__(self, app, q: dict, i: int, on_move, on_delete):
        m = app.m
        self.q = q
        ident = f"survey-bq{i}"
        self.kind = _dropdown(app, tr("{value}번 문항 종류", value=i + 1), q.get("kind", "single"),
                              list(c.QUESTION_NAMES.items()), f"{ident}-kind",
                              on_select=self._kind_changed)
        self.text = field(app, "질문", f"{ident}-text")
        self.text.value = q.get("text", "")
        self.required = check(app, "꼭 답해야 함 (필수)", f"{ident}-required",
                              value=q.get("required", True))
        self.options = field(app, "보기 (한 줄에 하나)", f"{ident}-options",
                             helper="예: 찬성, 반대를 두 줄로")
        self.options.multiline, self.options.min_lines = True, 2
        self.options.value = "\n".join(q.get("options", []))
        self.max = field(app, "최대 선택 수", f"{ident}-max", keyboard=ft.KeyboardType.NUMBER,
                         helper="비우면 제한 없음")
        self.max.value = str(q["max_choices"]) if q.get("max_choices") else ""
        self.tools = ft.Row([
            icon_button(ft.Icons.ARROW_UPWARD, tr("{value}번 문항 위로", value=i + 1), m, ident=f"{ident}-up",
                        on_click=lambda e: on_move(i, -1)),
            icon_button(ft.Icons.ARROW_DOWNWARD, tr("{value}번 문항 아래로", value=i + 1), m,
                        ident=f"{ident}-down", on_click=lambda e: on_move(i, 1)),
            icon_button(ft.Icons.DELETE_OUTLINE, tr("{value}번 문항 삭제", value=i + 1), m, ident=f"{ident}-delete",
                        on_click=lambda e: on_delete(i))], wrap=True)
        self.opt_box = ft.Column([tagged(self.options, f"{ident}-options")], spacing=4)
        self.max_box = ft.Column([tagged(self.max, f"{ident}-max")], spacing=4)
        self.control = ft.Container(ft.Column([
            heading(tr("{value}번 문항", value=i + 1), m), self.kind, tagged(self.text, f"{ident}-text"),
            self.required, self.opt_box, self.max_box, self.tools], spacing=6,
            horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
            bgcolor=ft.Colors.SURFACE_CONTAINER, border_radius=12, padding=12)
        self._show()

    def _kind_value(self) -> str:
        return self.kind.content.value or "single"

    def _show(self) -> None:
        k = self._kind_value()
        self.opt_box.visible = k in ("single", "multi")
        self.max_box.visible = k == "multi"

    def _kind_changed(self, e) -> None:
        self._show()

    def read(self) -> dict:
        k = self._kind_value()
        out = {"kind": k, "text": self.text.value or "", "required": bool(self.required.box.value),
               "options": [], "max_choices": None}
        if k in ("single", "multi"):
            out["options"] = [o.strip() for o in (self.options.value or "").splitlines()
                              if o.strip()]
        if k == "multi" and (self.max.value or "").strip():
            v = self.max.value.strip()
            if not v.isdigit():
                raise ValueError("최대 선택 수는 숫자로 적어 주세요.")
            out["max_choices"] = int(v)
        self.q.update(out)
        return out


def builder_body(app, s: c.OfficerSurvey | None, status) -> list[ft.Control]:
    m = app.m
    now = now_seoul()
    start = to_seoul(s.starts_at) if s else now.replace(minute=0, second=0, microsecond=0)
    end = to_seoul(s.ends_at) if s else (start + timedelta(days=14)).replace(hour=18)
    state = {"id": s.id if s else None, "key": str(uuid.uuid4())}
    questions: list[dict] = ([q.model_dump() for q in s.questions] if s else
                             [{"kind": "single", "text": "", "required": True,
                               "options": [], "max_choices": None}])
    kind = _dropdown(app, "종류", s.kind if s else "survey", list(c.KIND_NAMES.items()),
                     "survey-b-kind")
    title = field(app, "제목", "survey-b-title")
    title.value = s.title if s else ""
    description = field(app, "설명", "survey-b-description")
    description.multiline, description.min_lines = True, 3
    description.value = s.description.split("\n\n※ 앱 시연")[0] if s else ""
    days = {}
    for key, at in (("start", start), ("end", end)):
        d = field(app, "시작 날짜" if key == "start" else "마감 날짜", f"survey-b-{key}-day",
                  helper="예: 2026-03-15")
        d.value = at.date().isoformat()
        t = field(app, "시각", f"survey-b-{key}-time", helper="예: 18:00")
        t.value = f"{at:%H:%M}"
        days[key] = (d, t)
    picked = set(s.audience.dongs) if s else set()
    dong_checks = {n: check(app, n, f"survey-b-dong-{d.code}", value=n in picked)
                   for d, n in ((d, d.name) for d in dongs.DONGS)}
    age_min = field(app, "최소 나이", "survey-b-age-min", keyboard=ft.KeyboardType.NUMBER,
                    helper="비우면 제한 없음")
    age_min.value = str(s.audience.age_min) if s and s.audience.age_min is not None else ""
    age_max = field(app, "최대 나이", "survey-b-age-max", keyboard=ft.KeyboardType.NUMBER,
                    helper="비우면 제한 없음")
    age_max.value = str(s.audience.age_max) if s and s.audience.age_max is not None else ""
    anonymous = check(app, "익명 설문 (응답자를 남기지 않음)", "survey-b-anonymous",
                      value=s.anonymous if s else False)
    allow_change = check(app, "마감 전 응답 고치기 허용", "survey-b-allow-change",
                         value=s.allow_change if s else False,
                         detail="익명 설문에서는 고칠 수 없습니다.")
    q_box = ft.Column(spacing=m.gap * 1.5, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    editors: list[QuestionEditor] = []

    def sync() -> None:
        for ed in editors:
            try:
                ed.read()
            except ValueError:
                pass

    def redraw() -> None:
        editors[:] = [QuestionEditor(app, q, i, move, delete) for i, q in enumerate(questions)]
        q_box.controls = [ed.control for ed in editors]

    def move(i: int, step: int) -> None:
        sync()
        j = i + step
        if 0 <= j < len(questions):
            questions[i], questions[j] = questions[j], questions[i]
            redraw()

    def delete(i: int) -> None:
        sync()
        if len(questions) > 1:
            questions.pop(i)
            redraw()

    def add(e) -> None:
        sync()
        if len(questions) < c.MAX_QUESTIONS:
            questions.append({"kind": "single", "text": "", "required": True, "options": [],
                              "max_choices": None})
            redraw()

    def number(f: ft.TextField, what: str) -> int | None:
        v = (f.value or "").strip()
        if not v:
            return None
        if not v.isdigit():
            raise ValueError(tr("{what}는 숫자로 적어 주세요.", what=what))
        return int(v)

    def collect() -> c.SurveyIn:
        qs = [ed.read() for ed in editors]
        return c.SurveyIn(
            kind=kind.content.value or "survey", title=title.value or "",
            description=description.value or "",
            starts_at=_parse(days["start"][0].value or "", days["start"][1].value or "", "시작"),
            ends_at=_parse(days["end"][0].value or "", days["end"][1].value or "", "마감"),
            dongs=[n for n, cb in dong_checks.items() if cb.box.value],
            age_min=number(age_min, "최소 나이"), age_max=number(age_max, "최대 나이"),
            anonymous=bool(anonymous.box.value), allow_change=bool(allow_change.box.value),
            questions=qs)

    async def save(then: str | None = None) -> None:
        try:
            body = collect()
        except ValidationError as err:
            status.error(_message(err))
            app.page.update()
            return
        except ValueError as err:
            status.error(str(err))
            app.page.update()
            return
        out: dict = {}

        async def call() -> None:
            if state["id"] is None:
                out["s"] = await app.api.call("POST", "/surveys/officer/surveys",
                                              c.OfficerSurvey, json=body,
                                              idempotency_key=state["key"])
            else:
                out["s"] = await app.api.call("PUT", f"/surveys/officer/surveys/{state['id']}",
                                              c.OfficerSurvey, json=body)
            if then == "publish":
                out["s"] = await app.api.call(
                    "POST", f"/surveys/officer/surveys/{out['s'].id}/publish", c.OfficerSurvey)
        done = "게시했습니다." if then == "publish" else "저장했습니다."
        if await status.perform(app.page, call, done=done):
            state["id"] = out["s"].id
            if then == "preview":
                app.go(f"{BASE}/desk/{state['id']}/preview")
            elif then == "publish" or s is None:
                app.go(f"{BASE}/desk/{state['id']}")

    def run(then: str | None):
        async def on_click(e) -> None:
            await save(then)
        return on_click

    redraw()
    dong_row = ft.Row([ft.Container(cb, width=150 if m.large else 120)
                       for cb in dong_checks.values()], wrap=True, spacing=4, run_spacing=0)
    return [
        text("작성 중인 설문입니다. 게시하기 전까지 시민에게 보이지 않습니다.", m, "body_medium",
             ident="survey-b-note"),
        kind, tagged(title, "survey-b-title"), tagged(description, "survey-b-description"),
        heading("기간 (광양 시각)", m),
        tagged(days["start"][0], "survey-b-start-day"), tagged(days["start"][1], "survey-b-start-time"),
        tagged(days["end"][0], "survey-b-end-day"), tagged(days["end"][1], "survey-b-end-time"),
        heading("대상", m),
        text("읍면동을 고르지 않으면 모든 읍면동 시민이 대상입니다.", m, "body_medium"),
        dong_row, tagged(age_min, "survey-b-age-min"), tagged(age_max, "survey-b-age-max"),
        heading("방식", m), anonymous, allow_change,
        heading("문항", m, ident="survey-b-questions"), q_box,
        button("문항 추가", m, ident="survey-b-add", icon=ft.Icons.ADD, kind="outlined",
               expand=True, on_click=add),
        button("저장", m, ident="survey-b-save", icon=ft.Icons.SAVE, expand=True,
               on_click=run(None)),
        button("저장하고 미리 보기", m, ident="survey-b-preview", icon=ft.Icons.PREVIEW,
               kind="outlined", expand=True, on_click=run("preview")),
        button("저장하고 게시하기", m, ident="survey-b-publish", icon=ft.Icons.PUBLISH,
               kind="tonal", expand=True, on_click=run("publish")),
    ]
