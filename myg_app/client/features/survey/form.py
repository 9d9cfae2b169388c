"""The answer form: one block per question (하나 고르기: radio rows, 여러 개 고르기: check rows
with the maximum said, 1~5점: five radio rows, 짧은 글 / 긴 글: text fields), each marked 필수
or 선택. `collect()` gives the answers or the first Korean fault (the server checks again)."""
from __future__ import annotations

from collections.abc import Callable

import flet as ft

from myg_app.client.features.account import check, field
from myg_app.client.features.layout import choice_row
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import heading, tagged, text
from myg_app.contracts import survey as c

SCALE_LABELS = {1: "1점 (매우 아니다)", 2: "2점", 3: "3점 (보통)", 4: "4점", 5: "5점 (매우 그렇다)"}


class Form:
    def __init__(self, app, questions: list[c.Question], prefill: list[c.AnswerIn] | None = None,
                 *, prefix: str = "survey-q", disabled: bool = False):
        self.app, self.prefix, self.disabled = app, prefix, disabled
        self.questions = questions
        given = {a.question: a for a in prefill or []}
        self.readers: dict[int, Callable[[], c.AnswerIn | None]] = {}
        self.controls: list[ft.Control] = [self._block(q, given.get(q.id)) for q in questions]

    def _block(self, q: c.Question, a: c.AnswerIn | None) -> ft.Control:
        m = self.app.m
        ident = f"{self.prefix}{q.id}"
        need = "필수" if q.required else "선택"
        rows: list[ft.Control] = [heading(f"{q.id + 1}. {q.text} ({need})", m, ident=f"{ident}-text")]
        if q.kind in ("single", "scale"):
            labels = (q.options if q.kind == "single"
                      else [SCALE_LABELS[n] for n in range(c.SCALE_MIN, c.SCALE_MAX + 1)])
            start = (str(a.choices[0]) if a and a.choices and q.kind == "single"
                     else str(a.scale - 1) if a and a.scale else None)
            group = ft.RadioGroup(value=start, content=ft.Column(spacing=0),
                                  disabled=self.disabled)
            options: list[ft.Control] = []

            def redraw() -> None:
                group.content.controls = [
                    choice_row(m, label, ft.Radio(value=str(i), disabled=self.disabled),
                               f"{ident}-opt{i}", selected=group.value == str(i),
                               on_pick=pick(str(i)))
                    for i, label in enumerate(labels)]

            def pick(value: str):
                def on_pick(e) -> None:
                    if self.disabled:
                        return
                    group.value = value
                    redraw()
                return on_pick

            def changed(e) -> None:
                redraw()

            group.on_change = changed
            redraw()
            options.append(tagged(group, f"{ident}-group"))
            rows += options

            def read(group=group, q=q) -> c.AnswerIn | None:
                if group.value is None:
                    return None
                i = int(group.value)
                return (c.AnswerIn(question=q.id, choices=[i]) if q.kind == "single"
                        else c.AnswerIn(question=q.id, scale=i + 1))
        elif q.kind == "multi":
            limit = q.max_choices or len(q.options)
            rows.append(text(tr("최대 {limit}개까지 고를 수 있습니다.", limit=limit), m, "body_medium",
                             color=ft.Colors.ON_SURFACE_VARIANT))
            chosen = set(a.choices) if a else set()
            boxes = [check(self.app, o, f"{ident}-opt{i}", value=i in chosen) for i, o in
                     enumerate(q.options)]
            for b in boxes:
                b.box.disabled = self.disabled
            rows += boxes

            def read(boxes=boxes, q=q) -> c.AnswerIn | None:
                picked = [i for i, b in enumerate(boxes) if b.box.value]
                return c.AnswerIn(question=q.id, choices=picked) if picked else None
        else:
            f = field(self.app, "답" if q.kind == "short" else "의견", f"{ident}-field",
                      helper=tr("{value}자 이내", value=c.SHORT_MAX if q.kind == 'short' else c.LONG_MAX))
            f.max_length = c.SHORT_MAX if q.kind == "short" else c.LONG_MAX
            f.disabled = self.disabled
            if q.kind == "long":
                f.multiline, f.min_lines, f.max_lines = True, 3, 8
            f.value = (a.text or "") if a else ""
            rows.append(tagged(f, f"{ident}-field"))

            def read(f=f, q=q) -> c.AnswerIn | None:
                v = (f.value or "").strip()
                return c.AnswerIn(question=q.id, text=v) if v else None
        self.readers[q.id] = read
        return ft.Container(ft.Column(rows, spacing=4,
                                      horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
                            bgcolor=ft.Colors.SURFACE_CONTAINER, border_radius=12, padding=12)

    def collect(self) -> tuple[list[c.AnswerIn], str | None]:
        out = []
        for q in self.questions:
            a = self.readers[q.id]()
            if a is None:
                if q.required:
                    return [], tr("{value}번 문항은 꼭 답해 주세요.", value=q.id + 1)
                continue
            if q.kind == "multi" and q.max_choices and len(a.choices) > q.max_choices:
                return [], tr("{value}번 문항은 최대 {max_choices}개까지 고를 수 있습니다.", value=q.id + 1, max_choices=q.max_choices)
            out.append(a)
        return out, None
