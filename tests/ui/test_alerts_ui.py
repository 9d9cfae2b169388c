"""재난 알림 in a headless app session: history, detail and sharing, a guest's settings kept on
the device, how an arriving alert is shown (위급재난 full screen, voice, silent ones), and a
safety officer's preview and send."""
from __future__ import annotations

from datetime import datetime, timezone

from myg_app.client.features.alerts.common import K_FOLLOW
from myg_app.client.features.alerts.live import center
from myg_app.contracts.alerts import AlertFrame, AlertOut
from tests.ui.conftest import signed_in


def _frame(level: str = "위급재난", *, silent: bool = False, action: str = "sent",
           revision: int = 1, ident: int = 9001) -> AlertFrame:
    now = datetime.now(timezone.utc)
    return AlertFrame(event=ident, action=action, silent=silent, alert=AlertOut(
        id=ident, source="city", level=level, kind="지진해일", text="해안에서 즉시 대피하세요.",
        area="광양시 중마동", dongs=["jungma"], link=None, issued_at=now, updated_at=now,
        revision=revision, status="withdrawn" if action == "withdrawn" else "sent"))


async def test_guest_reads_the_history_opens_an_alert_and_shares_it(open_app):
    ui = await open_app()
    await ui.go("/f/alerts")
    await ui.settle(lambda: ui.idents("alerts-item-"))
    items = ui.idents("alerts-item-")
    assert len(items) >= 4  # the demo alerts of 안전총괄과
    assert "광양시 전체" in ui.text("alerts-following")
    await ui.tap(items[0])
    await ui.settle(lambda: ui.find("alerts-share"))
    assert ui.page.route.startswith("/f/alerts/")
    assert ui.find("alerts-detail-level") is not None
    await ui.tap("alerts-share")
    await ui.settle(lambda: ui.app.state.drafts.get("last_shared"))
    shared = ui.app.state.drafts["last_shared"]
    assert ui.page.route in shared and ("안전안내" in shared or "긴급재난" in shared)


async def test_guest_settings_stay_on_the_device(open_app):
    ui = await open_app()
    await ui.go("/f/alerts/settings")
    await ui.settle(lambda: ui.find("alerts-settings-save"))
    await ui.type("alerts-dong-jungma", True)
    await ui.type("alerts-dong-gwangyang", True)
    await ui.type("alerts-level-안전안내", False)
    await ui.tap("alerts-settings-save")
    await ui.settle(lambda: ui.find("alerts-settings-status-notice"))
    stored = ui.client.prefs[K_FOLLOW]
    assert '"gwangyang"' in stored and '"jungma"' in stored and "안전안내" not in stored
    assert ui.find("alerts-level-위급재난").content.disabled is True


async def test_an_emergency_takes_the_screen_until_acknowledged_and_is_read_aloud(open_app):
    ui = await open_app()
    ui.app.state.voice = True
    live = center(ui.app)
    await live.handle(_frame(silent=True, ident=9000))
    await ui.settle()
    assert ui.find("alerts-ack") is None and not ui.app.state.drafts.get("spoken")
    await live.handle(_frame())
    await ui.settle(lambda: ui.find("alerts-ack"))
    assert ui.find("alerts-ack") is not None
    assert "위급재난" in ui.app.state.drafts["spoken"][-1]
    # The same alert again (a resumed stream) changes nothing; 확인 closes it.
    await live.handle(_frame())
    await ui.tap("alerts-ack")
    assert live._dialog is None
    # A withdrawal is announced too.
    await live.handle(_frame(action="withdrawn", revision=2))
    assert "철회" in ui.app.state.drafts["spoken"][-1]


async def test_safety_officer_previews_and_sends(open_app):
    ui = await signed_in(open_app, "safety@gwangyang.demo")
    await ui.go("/f/alerts")
    await ui.settle(lambda: ui.find("alerts-new"))
    await ui.tap("alerts-new")
    await ui.settle(lambda: ui.find("alerts-compose-preview") and ui.find("alerts-compose-text"))
    await ui.type("alerts-compose-whole", False)
    await ui.type("alerts-compose-dong-taein", True)
    await ui.type("alerts-compose-text", "태인동 공장 화재로 연기가 납니다. 창문을 닫아 주세요.")
    await ui.tap("alerts-compose-preview")
    await ui.settle(lambda: ui.find("alerts-compose-send"))
    assert "명" in ui.text("alerts-compose-reach")
    await ui.tap("alerts-compose-send")
    await ui.settle(lambda: ui.find("alerts-detail-text"))
    assert "태인동 공장 화재" in ui.text("alerts-detail-text")
    assert ui.find("alerts-withdraw") is not None and ui.find("alerts-correct") is not None
