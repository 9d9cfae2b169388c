"""알림: the bell on home counts unread notices; opening one marks it read and follows its link."""
import uuid

import httpx

from myg_app.server.notices import service

PASSWORD = "notice-pass-2026"


async def _new_citizen(api_app) -> tuple[str, int]:
    email = f"notice-{uuid.uuid4().hex[:8]}@example.com"
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=api_app),
                                 base_url="http://testserver/api/v1") as c:
        tokens = (await c.post("/auth/register", json={"email": email, "password": PASSWORD,
                                                       "name": "알림이"})).json()
        me = (await c.get("/me", headers={"Authorization": f"Bearer {tokens['access_token']}"})).json()
    return email, me["id"]


async def _sign_in(ui, email: str) -> None:
    await ui.go("/login")
    await ui.type("login-email", email)
    await ui.type("login-password", PASSWORD)
    await ui.tap("login-submit")
    await ui.settle(lambda: ui.find("home-user"))


async def test_bell_counts_unread_and_opening_a_notice_follows_its_link(open_app, api_app):
    email, user_id = await _new_citizen(api_app)
    with api_app.state.sessionmaker.begin() as s:
        service.notify(s, user_id, kind="test.old", title="지난 안내", body="읽을 거리")
        service.notify(s, user_id, kind="booking.approved", title="대관 신청이 승인되었습니다",
                       body="12월 3일 14:00 중마동 회의실", link="/settings")

    ui = await open_app()
    assert ui.find("appbar-notices") is None  # guests have no notices
    await _sign_in(ui, email)
    assert ui.find("appbar-notices").label == "알림, 새 알림 2개"

    await ui.tap("appbar-notices")
    await ui.settle(lambda: len(ui.idents("notice-")) == 2)
    newest = ui.idents("notice-")[0]
    assert ui.find(newest).label.startswith("새 알림, 대관 신청이 승인되었습니다")

    await ui.tap(newest)
    await ui.settle(lambda: ui.page.views[-1].route == "/settings")
    assert ui.app.state.unread == 1

    await ui.go("/notices")
    await ui.settle(lambda: len(ui.idents("notice-")) == 2)
    await ui.tap("notices-read-all")
    await ui.settle(lambda: ui.app.state.unread == 0)
    assert not ui.find(ui.idents("notice-")[0]).label.startswith("새 알림")
