"""What the 정책 제안 screens share: routes, chips, cards, the support progress, dates."""
from __future__ import annotations

import flet as ft

from myg_app.client.features.news.common import chip, run, url, when, when_time
from myg_app.client.features.reports.citizen import form_field, panel
from myg_app.client.features.reservations.common import tap_card
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import text
from myg_app.client.widgets.dropdown import dropdown
from myg_app.contracts import proposal as c

FID = "proposal"
BASE = f"/f/{FID}"
TONES = {"collecting": "secondary", "review": "tertiary", "answered": "primary",
         "executing": "primary", "done": "primary", "expired": "secondary"}

__all__ = ["FID", "BASE", "chip", "run", "url", "when", "when_time", "form_field", "panel",
           "is_officer", "state_chips", "card", "support_bar", "dropdown"]


def is_officer(app) -> bool:
    """Any officer or admin sees 담당자 화면 (the server shows each their department's)."""
    u = app.state.user
    return u is not None and u.role in ("officer", "admin")


def state_chips(app, p: c.ProposalItem, *, overdue: bool = False) -> ft.Control:
    row = [chip(app, p.state_name, tone=TONES.get(p.state, "secondary"))]
    if p.decision_name:
        row.append(chip(app, p.decision_name, tone="tertiary"))
    if overdue:
        row.append(chip(app, "답변 기한 지남", tone="error"))
    row += [chip(app, p.category_name, tone="secondary"), chip(app, p.dong_name, tone="secondary")]
    if p.demo:
        row.append(chip(app, "데모", tone="error"))
    return ft.Row(row, wrap=True, spacing=6, run_spacing=6)


def said(p: c.ProposalItem, overdue: bool = False) -> str:
    parts = [p.state_name, p.decision_name, "답변 기한 지남" if overdue else None,
             "데모" if p.demo else None, p.category_name, p.dong_name, p.title,
             tr("공감 {supports}명", supports=p.supports)]
    return ", ".join(x for x in parts if x)


def card(app, p: c.ProposalItem, *, route: str, ident: str, overdue: bool = False,
         extra: list[ft.Control] | None = None) -> ft.Control:
    m = app.m
    lines: list[ft.Control] = [
        state_chips(app, p, overdue=overdue), text(p.title, m, "title_small", bold=True),
        text(p.summary, m, "body_medium", color=ft.Colors.ON_SURFACE_VARIANT),
        text(tr("공감 {supports}명 · 댓글 {comments}개 · {proposer} · {when}", supports=p.supports, comments=p.comments, proposer=p.proposer, when=when(p.created_at)),
             m, "body_small", color=ft.Colors.ON_SURFACE_VARIANT)]
    lines += extra or []
    box = ft.Column(lines, spacing=6, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    if overdue:  # highlighted on the officers' side
        box = ft.Container(box, border=ft.Border.all(3, ft.Colors.ERROR), border_radius=10,
                           padding=6)
    return tap_card(box, ident=ident, label=said(p, overdue), on_click=lambda e: app.go(route))


def support_bar(app, p: c.ProposalItem) -> ft.Control:
    m = app.m
    share = min(1.0, p.supports / p.threshold) if p.threshold else 1.0
    label = tr("공감 {supports}명 / 기준 {threshold}명", supports=p.supports, threshold=p.threshold)
    if p.state == "collecting":
        label += tr(" · {when}까지", when=when(p.support_until))
    return ft.Semantics(identifier="proposal-support-progress", label=label,
                        exclude_semantics=True, content=ft.Column([
                            text(label, m, bold=True),
                            ft.ProgressBar(value=share, bar_height=10 if m.large else 8,
                                           border_radius=5)], spacing=6))
