"""디지털 광양시민증 in a headless session on the demo data: a guest is asked to sign in and
sees the benefits; the demo citizen's card shows name, number and a QR with its countdown; the
verifier screen checks that QR as valid, a changed one as forged; offline, the card kept on
the device still shows; the 민원봉사과 officer approves an application on the desk."""
from __future__ import annotations

import pytest

from myg_app.client.api import ApiError
from myg_app.client.features.citizen_id.common import current_token, kept
from tests.ui.conftest import finish_background_tasks, signed_in

CITIZEN = "citizen@gwangyang.demo"
CLERK = "officer@gwangyang.demo"  # 이담당, 민원봉사과


@pytest.fixture(autouse=True)
async def _drain():
    yield
    await finish_background_tasks(2.0)


async def test_guest_is_asked_to_sign_in_and_sees_benefits(open_app):
    ui = await open_app()
    await ui.go("/f/citizen_id")
    assert ui.find("function-citizen_id-title") is not None
    assert ui.find("citizen_id-login") is not None and ui.find("citizen_id-card") is None
    await ui.settle(lambda: ui.idents("citizen_id-benefit-"))
    assert len(ui.idents("citizen_id-benefit-")) >= 3
    # A shop checks cards without an account: the verifier opens for a guest and syncs.
    await ui.tap("citizen_id-verify-open")
    await ui.settle(lambda: ui.find("citizen_id-verify-synced")
                    and "기준" in ui.text("citizen_id-verify-synced"))
    assert "취소된 시민증" in ui.text("citizen_id-verify-synced")


async def test_the_card_shows_a_qr_the_verifier_accepts(open_app):
    ui = await signed_in(open_app, CITIZEN)
    await ui.go("/f/citizen_id")
    await ui.settle(lambda: ui.find("citizen_id-number"))
    assert ui.text("citizen_id-name") == "김광양"
    assert ui.text("citizen_id-number").startswith("시민증 번호 GY-")
    await ui.settle(lambda: "초 뒤에 새 QR" in ui.text("citizen_id-qr-note"))
    stored = await kept(ui.app)
    assert stored is not None and stored[0].card.number
    token = current_token(stored[1])
    assert token is not None

    await ui.tap("citizen_id-verify-open")
    await ui.settle(lambda: "기준" in (ui.text("citizen_id-verify-synced")
                                       if ui.find("citizen_id-verify-synced") else ""))
    await ui.type("citizen_id-verify-token", token.token)
    await ui.tap("citizen_id-verify-check")
    await ui.settle(lambda: ui.find("citizen_id-verify-status"))
    assert ui.text("citizen_id-verify-status") == "유효"
    assert "김*양" in ui.text("citizen_id-verify-who")
    forged = token.token[:-4] + ("AAAA" if not token.token.endswith("AAAA") else "BBBB")
    await ui.type("citizen_id-verify-token", forged)
    await ui.tap("citizen_id-verify-check")
    await ui.settle(lambda: ui.text("citizen_id-verify-status") == "위조 의심")
    assert ui.text("citizen_id-verify-status") == "위조 의심"


async def test_offline_the_kept_card_still_shows(open_app):
    ui = await signed_in(open_app, CITIZEN)
    await ui.go("/f/citizen_id")
    await ui.settle(lambda: ui.find("citizen_id-number"))
    number = ui.text("citizen_id-number")

    async def offline(*a, **kw):
        raise ApiError("인터넷에 연결되어 있지 않습니다.", code="offline")

    ui.app.api.call = offline
    await ui.go("/")
    await ui.go("/f/citizen_id")
    await ui.settle(lambda: ui.find("citizen_id-offline"))
    assert ui.text("citizen_id-number") == number
    assert ui.find("citizen_id-qr") is not None


async def test_the_clerk_approves_an_application(open_app, api_app):
    import uuid

    import httpx

    email = f"cid-{uuid.uuid4().hex[:8]}@example.com"
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=api_app),
                                 base_url="http://testserver/api/v1") as http:
        await http.post("/auth/register", json={"email": email, "password": "ui-pass-1234",
                                                "name": "박시민"})
        tokens = (await http.post("/auth/login", json={"email": email,
                                                      "password": "ui-pass-1234"})).json()
        h = {"Authorization": f"Bearer {tokens['access_token']}"}
        r = await http.post("/citizen-id/applications", headers=h,
                            json={"dong": "gwangyang", "residence_declared": True})
        assert r.status_code == 201, r.text
        cid = r.json()["id"]
    ui = await signed_in(open_app, CLERK)
    await ui.go("/f/citizen_id")
    await ui.settle(lambda: ui.find("citizen_id-desk-open"))
    await ui.tap("citizen_id-desk-open")
    await ui.settle(lambda: ui.find(f"citizen_id-desk-open-{cid}"))
    await ui.tap(f"citizen_id-desk-open-{cid}")
    await ui.settle(lambda: ui.find("citizen_id-decision-name"))
    assert ui.text("citizen_id-decision-name") == "박시민"
    await ui.tap("citizen_id-approve")
    await ui.settle(lambda: ui.find("citizen_id-decision-done"))
    assert ui.text("citizen_id-decision-done").startswith("처리됨: GY-")


async def test_the_verifier_reads_a_photo_of_the_qr(open_app):
    """A phone browser's picker offers the camera: the photo's QR is read and checked."""
    import io

    import segno

    ui = await signed_in(open_app, CITIZEN)
    await ui.go("/f/citizen_id")
    await ui.settle(lambda: ui.find("citizen_id-number"))
    token = current_token((await kept(ui.app))[1]).token
    buf = io.BytesIO()
    segno.make(token, error="m", micro=False).save(buf, kind="png", scale=6, border=4)
    await ui.go("/f/citizen_id/verify")
    await ui.settle(lambda: ui.find("citizen_id-verify-photo"))
    picker = ui.app.state.services["citizen_id_verify_picker"]
    await ui.session.dispatch_event(picker._i, "result", {"files": [
        {"id": 0, "name": "qr.png", "size": len(buf.getvalue()), "bytes": buf.getvalue()}]})
    await ui.settle(lambda: ui.find("citizen_id-verify-status"))
    assert ui.text("citizen_id-verify-status") == "유효"
    await ui.session.dispatch_event(picker._i, "result", {"files": [
        {"id": 0, "name": "cat.png", "size": 3, "bytes": b"not"}]})
    await ui.settle()
    assert "QR 코드를 찾지 못했습니다" in (ui.find("citizen_id-verify-token").content.error or "")
