"""What the alert screens share: each level's colour and icon, the alert card, times, and the
listener's choices (kept on the device for a guest, on the server for a citizen)."""
from __future__ import annotations

import json
from dataclasses import dataclass

import flet as ft

from myg_app.client.api import ApiError
from myg_app.client.features.feature import officer_of
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import tagged, tappable, text
from myg_app.contracts.alerts import LEVELS, AlertOut, AlertSettings
from myg_app.gwangyang import dongs
from myg_app.seoul_time import to_seoul, weekday

FID = "alerts"
K_FOLLOW = "myg.alerts.follow"  # a guest's choices, on the device only
K_LAST = "myg.alerts.last"  # the last stream event this device saw (what it missed on opening)


@dataclass(frozen=True)
class LevelStyle:
    bg: str
    fg: str
    icon: str
    words: str  # what the level means, said with it


# Theme roles whose pairs are contrast-checked in both themes (theme.CONTRAST_PAIRS).
STYLES = {
    "위급재난": LevelStyle(ft.Colors.ERROR, ft.Colors.ON_ERROR, ft.Icons.CRISIS_ALERT,
                       "생명에 위험이 있는 재난입니다. 바로 행동하세요."),
    "긴급재난": LevelStyle(ft.Colors.ERROR_CONTAINER, ft.Colors.ON_ERROR_CONTAINER,
                       ft.Icons.WARNING_AMBER, "피해가 예상되는 재난입니다. 안내에 따르세요."),
    "안전안내": LevelStyle(ft.Colors.PRIMARY_CONTAINER, ft.Colors.ON_PRIMARY_CONTAINER,
                       ft.Icons.INFO_OUTLINE, "생활 안전을 위한 안내입니다."),
}
OTHER = STYLES["안전안내"]
DONG_NAMES = {d.code: d.name for d in dongs.DONGS}


def style(level: str) -> LevelStyle:
    return STYLES.get(level, OTHER)


def when(dt) -> str:
    local = to_seoul(dt)
    return f"{local:%Y.%m.%d}({weekday(local.weekday())}) {local:%H:%M}"


def level_badge(app, level: str, ident: str | None = None) -> ft.Control:
    m, s = app.m, style(level)
    row = ft.Row([ft.Icon(s.icon, color=s.fg, size=m.icon),
                  text(level, m, "label_large", bold=True, color=s.fg)],
                 spacing=6, tight=True)
    box = ft.Container(row, bgcolor=s.bg, border_radius=16,
                       padding=ft.Padding.symmetric(horizontal=10, vertical=4))
    return tagged(box, ident, level) if ident else box


def source_words(a: AlertOut) -> str:
    if a.source == "national":
        return "행정안전부 긴급재난문자"
    return "광양시 안전총괄과" + (" (데모)" if a.demo else "")


def alert_card(app, a: AlertOut, *, on_open) -> ft.Control:
    m = app.m
    head = ft.Row([level_badge(app, a.level), text(a.kind, m, "title_small", bold=True)],
                  wrap=True, spacing=8)
    lines: list[ft.Control] = [head, text(a.text, m, "body_large")]
    meta = f"{a.area} · {when(a.issued_at)}"
    lines.append(text(meta, m, "body_medium", color=ft.Colors.ON_SURFACE_VARIANT))
    if a.status == "withdrawn":
        lines.append(text(a.note or "철회된 알림입니다.", m, "body_medium", bold=True,
                          color=ft.Colors.ERROR))
    elif a.note:
        lines.append(text(a.note, m, "body_medium", bold=True))
    label = f"{a.level} {a.kind}. {a.text} {meta}" + (" 철회됨" if a.status == "withdrawn" else "")
    card = ft.Container(ft.Column(lines, spacing=6), padding=m.gap, on_click=on_open, ink=True,
                        bgcolor=ft.Colors.SURFACE_CONTAINER, border_radius=12,
                        border=ft.Border.all(3, style(a.level).bg) if a.level == "위급재난" else None)
    return tappable(card, ident=f"alerts-item-{a.id}", label=label, on_click=on_open)


# --- the listener's choices ------------------------------------------------------------------

async def load_follow(app) -> AlertSettings:
    """A citizen's settings from the server; a guest's from the device (default: all)."""
    if app.signed_in:
        try:
            return await app.api.call("GET", "/me/alert-settings", AlertSettings)
        except ApiError:
            pass
    raw = await app.prefs.service.get(K_FOLLOW) if not app.signed_in else None
    try:
        return AlertSettings.model_validate(json.loads(raw)) if raw else AlertSettings()
    except (ValueError, TypeError):
        return AlertSettings()


async def save_follow(app, s: AlertSettings) -> AlertSettings:
    if app.signed_in:
        return await app.api.call("PUT", "/me/alert-settings", AlertSettings, json=s)
    await app.prefs.service.set(K_FOLLOW, s.model_dump_json())
    return s


def follow_words(s: AlertSettings) -> str:
    where = ", ".join(tr(DONG_NAMES[c]) for c in s.dongs) if s.dongs else tr("광양시 전체")
    levels = "·".join(tr(lv) for lv in LEVELS if lv in s.levels)
    quiet = tr(" · 방해 금지 {quiet_start}~{quiet_end} (안전안내만)", quiet_start=s.quiet_start, quiet_end=s.quiet_end) if s.quiet_start else ""
    return f"{where} · {levels}{quiet}"


def is_safety_officer(app) -> bool:
    return officer_of(app, FID)
