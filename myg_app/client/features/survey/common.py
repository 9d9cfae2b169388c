"""What the survey screens share: routes, this device's id for guests, cards and chips, and
the results drawn as bar charts (flet-charts) with the same figures as text beside them."""
from __future__ import annotations

import logging
import uuid

import flet as ft
import flet_charts as fch

from myg_app.client.features.feature import officer_of
from myg_app.client.features.reservations.common import tap_card
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import heading, tagged, text
from myg_app.contracts import survey as c
from myg_app.seoul_time import format_date_ko, to_seoul

log = logging.getLogger(__name__)
BASE = "/f/survey"
PREF_DEVICE = "myg.survey.device"
_FALLBACK: dict[int, str] = {}


def is_officer(app) -> bool:
    return officer_of(app, "survey")


def run(handler, *args):
    async def on_click(e) -> None:
        await handler(*args)
    return on_click


async def device(app) -> str | None:
    """A guest's device id (made once, kept on the device): one response per device. None
    for a signed-in citizen (their account is what counts)."""
    if app.signed_in:
        return None
    try:
        value = await app.prefs.service.get(PREF_DEVICE)
        if isinstance(value, str) and 16 <= len(value) <= 64:
            return value
        value = uuid.uuid4().hex
        await app.prefs.service.set(PREF_DEVICE, value)
        return value
    except Exception:  # noqa: BLE001 - no store: this session's id only
        log.warning("survey: device id not stored", exc_info=True)
        return _FALLBACK.setdefault(id(app), uuid.uuid4().hex)


async def device_params(app) -> dict:
    d = await device(app)
    return {"device": d} if d else {}


def when(at) -> str:
    local = to_seoul(at)
    return f"{format_date_ko(local.date())} {local:%H:%M}"


def period(s: c.SurveyItem) -> str:
    return f"{when(s.starts_at)} ~ {when(s.ends_at)}"


def chip(app, label: str, *, tone: str = "secondary") -> ft.Control:
    bg, fg = {"primary": (ft.Colors.PRIMARY, ft.Colors.ON_PRIMARY),
              "secondary": (ft.Colors.SECONDARY_CONTAINER, ft.Colors.ON_SECONDARY_CONTAINER),
              "error": (ft.Colors.ERROR, ft.Colors.ON_ERROR),
              "tertiary": (ft.Colors.TERTIARY_CONTAINER, ft.Colors.ON_TERTIARY_CONTAINER)}[tone]
    return ft.Container(text(label, app.m, "label_large", bold=True, color=fg), bgcolor=bg,
                        border_radius=14, padding=ft.Padding.symmetric(horizontal=10, vertical=3))


def tags_of(s: c.SurveyItem, status: str | None = None) -> list[str]:
    out = [status] if status else []
    out += [c.KIND_NAMES[s.kind], c.PHASE_NAMES[s.phase]]
    if s.answered:
        out.append("참여함")
    if s.anonymous:
        out.append("익명")
    if s.demo:
        out.append("데모")
    return out


def chips(app, s: c.SurveyItem, status: str | None = None) -> ft.Control:
    row = []
    for label in tags_of(s, status):
        tone = ("primary" if label in ("진행 중", "참여함") else "error" if label == "데모"
                else "tertiary" if label == "정책투표" else "secondary")
        row.append(chip(app, label, tone=tone))
    return ft.Row(row, wrap=True, spacing=6, run_spacing=6)


def survey_card(app, s: c.SurveyItem, *, route: str, ident: str,
                status: str | None = None) -> ft.Control:
    m = app.m
    lines = [chips(app, s, status), text(s.title, m, "title_small", bold=True),
             text(tr("기간: {period}", period=period(s)), m, "body_medium", color=ft.Colors.ON_SURFACE_VARIANT),
             text(tr("대상: {value} · 참여 {responses}명", value=s.audience.text, responses=s.responses), m, "body_medium",
                  color=ft.Colors.ON_SURFACE_VARIANT)]
    label = ", ".join(tags_of(s, status) + [s.title, tr("대상 {value}", value=s.audience.text),
                                            tr("마감 {when}", when=when(s.ends_at))])
    return tap_card(ft.Column(lines, spacing=6,
                              horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
                    ident=ident, label=label, on_click=lambda e: app.go(route))


# --- results ----------------------------------------------------------------------------

def chart(app, qr: c.QuestionResult, ident: str) -> ft.Control:
    """A bar per choice (numbered 1, 2, … under the bars: long Korean labels do not fit under a
    bar on a phone); the legend below names each number with its count and share."""
    m = app.m
    top = max([o.count for o in qr.options] + [1])
    groups = [fch.BarChartGroup(x=i, rods=[fch.BarChartRod(
        to_y=o.count, width=18 if m.large else 14, color=ft.Colors.PRIMARY,
        border_radius=4, tooltip=tr("{label}: {count}명", label=o.label, count=o.count))]) for i, o in enumerate(qr.options)]
    bottom = fch.ChartAxis(label_size=28 if m.large else 22, labels=[
        fch.ChartAxisLabel(value=i, label=ft.Text(str(i + 1), size=m.text("body_small")))
        for i in range(len(qr.options))])
    bars = fch.BarChart(groups=groups, max_y=top * 1.15, min_y=0, interactive=False,
                        bottom_axis=bottom, left_axis=fch.ChartAxis(show_labels=False),
                        height=170 if m.large else 150, expand=True)
    summary = ", ".join(tr("{label} {count}명", label=o.label, count=o.count) for o in qr.options)
    return tagged(ft.Container(bars, padding=ft.Padding.only(top=8)), ident,
                  tr("{value}번 문항 막대 그래프: {summary}", value=qr.id + 1, summary=summary))


def legend(app, qr: c.QuestionResult) -> list[ft.Control]:
    total = sum(o.count for o in qr.options) or 1
    return [text(tr("{value}. {label}: {count}명 ({value2}%)", value=i + 1, label=o.label, count=o.count, value2=round(100 * o.count / total)), app.m,
                 "body_medium") for i, o in enumerate(qr.options)]


def results_body(app, res: c.Results, *, texts: bool, prefix: str = "survey-result"
                 ) -> list[ft.Control]:
    m = app.m
    out: list[ft.Control] = [text(tr("참여 {responses}명 · {PHASE_NAMES}", responses=res.responses, PHASE_NAMES=c.PHASE_NAMES[res.phase]), m,
                                  "body_large", bold=True, ident=f"{prefix}-count")]
    for qr in res.questions:
        block: list[ft.Control] = [heading(f"{qr.id + 1}. {qr.text}", m,
                                           ident=f"{prefix}-q{qr.id}")]
        block.append(text(tr("응답 {answered}명", answered=qr.answered), m, "body_medium",
                          color=ft.Colors.ON_SURFACE_VARIANT))
        if qr.options:
            block.append(chart(app, qr, f"{prefix}-chart-{qr.id}"))
            block += legend(app, qr)
            if qr.average is not None:
                block.append(text(tr("평균 {average:.2f}점 (5점 만점)", average=qr.average), m, "body_large", bold=True,
                                  ident=f"{prefix}-avg-{qr.id}"))
        elif texts:
            block += [text(f"· {t}", m, "body_medium", ident=f"{prefix}-text-{qr.id}-{n}")
                      for n, t in enumerate(qr.texts)] or [
                text("아직 글 응답이 없습니다.", m, "body_medium")]
        else:
            block.append(text("글 응답은 담당 부서가 검토합니다.", m, "body_medium",
                              color=ft.Colors.ON_SURFACE_VARIANT))
        out.append(ft.Container(ft.Column(block, spacing=6,
                                          horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
                                bgcolor=ft.Colors.SURFACE_CONTAINER, border_radius=12,
                                padding=12))
    return out
