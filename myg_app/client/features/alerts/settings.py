"""/f/alerts/settings: which 읍면동 to follow (home and others, e.g. a parent's), which levels
(위급재난 cannot be switched off), and quiet hours for 안전안내. A guest's choices stay on the
device; a citizen's are stored with the account."""
from __future__ import annotations

import flet as ft

from myg_app.client.api import ApiError
from myg_app.client.features.account import check
from myg_app.client.features.alerts.common import load_follow, save_follow
from myg_app.client.features.alerts.live import center
from myg_app.client.features.layout import screen
from myg_app.client.i18n import tr
from myg_app.client.widgets.dropdown import filter_dropdown
from myg_app.client.widgets.common import button, heading, text
from myg_app.client.widgets.loader import Loader
from myg_app.contracts.alerts import ALWAYS_ON, LEVELS, AlertSettings
from myg_app.gwangyang import dongs

HOURS = [(f"{h:02d}:00", f"{h:02d}:00") for h in range(24)]
LEVEL_HELP = {"위급재난": "전쟁, 대규모 지진 같은 위급한 재난 (끌 수 없음)",
              "긴급재난": "태풍, 호우, 산불 같은 긴급한 재난",
              "안전안내": "한파, 폭염, 교통 통제 같은 생활 안전 안내"}


def settings_view(app) -> ft.View:
    m = app.m
    status = Loader(m, "alerts-settings-status")
    form = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    where = "이 기기에 저장됩니다." if not app.signed_in else "내 계정에 저장되어 다른 기기에서도 같습니다."

    def build(s: AlertSettings) -> None:
        town = {d.code: check(app, d.name, f"alerts-dong-{d.code}", d.code in s.dongs)
                for d in dongs.DONGS}
        level = {lv: check(app, lv, f"alerts-level-{lv}", lv in s.levels or lv == ALWAYS_ON,
                           detail=LEVEL_HELP[lv]) for lv in LEVELS}
        level[ALWAYS_ON].box.disabled = True
        quiet_on = check(app, "방해 금지 시간 쓰기 (안전안내만 조용히)", "alerts-quiet-on",
                         s.quiet_start is not None)
        times = {"start": s.quiet_start or "22:00", "end": s.quiet_end or "07:00"}

        def pick(key: str):
            def on(e) -> None:
                times[key] = e.control.value or times[key]
            return on

        async def save(e) -> None:
            try:
                body = AlertSettings(
                    dongs=[c for c, cb in town.items() if cb.box.value],
                    levels=[lv for lv, cb in level.items() if cb.box.value],
                    quiet_start=times["start"] if quiet_on.box.value else None,
                    quiet_end=times["end"] if quiet_on.box.value else None)
            except ValueError as err:
                status.error(str(err).split("Value error, ")[-1].splitlines()[0])
                app.page.update()
                return
            try:
                await save_follow(app, body)
            except ApiError as err:
                status.error(err.message)
                app.page.update()
                return
            await center(app).restart()
            status.notice("저장했습니다. 이제 이 설정대로 알려 드립니다.")
            app.page.update()

        form.controls = [
            text(tr("고른 읍면동의 알림과 광양시 전체 알림을 받습니다. 아무 곳도 고르지 않으면 광양시의 모든 알림을 받습니다. {where}", where=where), m, "body_medium"),
            heading("받을 읍면동", m), *town.values(),
            heading("받을 단계", m), *level.values(),
            heading("방해 금지 시간", m),
            text("이 시간에 온 안전안내는 소리·음성·알림창 없이 목록에만 남습니다. 위급재난과 "
                 "긴급재난은 언제나 바로 알려 드립니다.", m, "body_medium"),
            quiet_on,
            filter_dropdown(app, "alerts-quiet-start", "시작", HOURS, times["start"], pick("start")),
            filter_dropdown(app, "alerts-quiet-end", "끝", HOURS, times["end"], pick("end")),
            status,
            button("저장하기", m, ident="alerts-settings-save", icon=ft.Icons.SAVE, on_click=save,
                   expand=True),
        ]

    async def fetch() -> AlertSettings:
        return await load_follow(app)

    app.page.run_task(status.load, app.page, fetch, build)
    return screen(app, "/f/alerts/settings", "재난 알림 설정", [form, status],
                  ident="alerts-settings")
