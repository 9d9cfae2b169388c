from myg_app import catalog


async def test_reorder_button_moves_a_pin_up(open_app):
    ui = await open_app()
    await ui.go("/menu/edit")
    assert ui.app.state.menu[:2] == ["chat", "report"]
    await ui.tap("edit-up-report")
    assert ui.app.state.menu[:2] == ["report", "chat"]
    assert "위로" in ui.text("edit-status-notice") if ui.find("edit-status-notice") else False
