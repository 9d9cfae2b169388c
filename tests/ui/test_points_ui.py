"""시정·청년참여 포인트 in a headless session on the demo data: a guest gets a login button;
the demo citizen sees the balance, what expires soon and the (예시) history, exchanges points
for a 광양사랑상품권 (code and QR) and back on the main screen the balance is lower; a wrong
amount is said at the field; an 일자리경제과 officer adjusts a balance with a reason and sees
it in the audit; a citizen is told the officer screen is not theirs."""
from __future__ import annotations

import pytest

from tests.ui.conftest import finish_background_tasks, signed_in

CITIZEN = "citizen@gwangyang.demo"


@pytest.fixture(autouse=True)
async def _drain():
    yield
    await finish_background_tasks()


def points_of(label: str) -> int:
    return int(label.replace("P", "").replace(",", ""))


async def test_guest_sees_a_login_button(open_app):
    ui = await open_app()
    await ui.go("/f/points")
    assert ui.find("function-points-title") is not None
    assert ui.find("points-login") is not None and ui.find("points-balance") is None


async def test_citizen_sees_balance_expiry_history_and_redeems_a_voucher(open_app):
    ui = await signed_in(open_app, CITIZEN)
    await ui.go("/f/points")
    await ui.settle(lambda: ui.find("points-balance"))
    before = points_of(ui.text("points-balance"))
    assert before >= 1000
    assert ui.find("points-expiring-soon") is not None  # the demo campaign, 5 years old soon
    rows = ui.idents("points-history-")
    assert any(r[len("points-history-"):].isdigit() for r in rows)
    assert ui.find("points-rule-survey_answered") is not None

    await ui.tap("points-redeem-open")
    await ui.settle(lambda: ui.find("points-redeem-balance"))
    assert ui.page.route == "/f/points/redeem"
    await ui.type("points-voucher-amount", "1000")
    await ui.tap("points-voucher-submit")
    await ui.settle(lambda: ui.find("points-voucher-code"))
    assert ui.text("points-voucher-code").startswith("GY-")
    assert ui.find("points-voucher-qr") is not None
    await ui.settle(lambda: points_of(ui.text("points-redeem-balance")) == before - 1000)

    await ui.tap("appbar-back")
    await ui.settle(lambda: ui.page.route == "/f/points" and ui.find("points-balance")
                    and points_of(ui.text("points-balance")) == before - 1000)
    assert points_of(ui.text("points-balance")) == before - 1000


async def test_a_wrong_amount_is_said_at_the_field(open_app):
    ui = await signed_in(open_app, CITIZEN)
    await ui.go("/f/points/redeem")
    await ui.settle(lambda: ui.find("points-redeem-balance"))
    await ui.type("points-voucher-amount", "천원")
    await ui.tap("points-voucher-submit")
    assert ui.find("points-voucher-amount").content.error
    await ui.type("points-voucher-amount", "1500")  # not in 1,000 units: the server says so
    await ui.tap("points-voucher-submit")
    await ui.settle(lambda: ui.find("points-redeem-status-error"))
    assert ui.find("points-voucher-code") is None


async def test_officer_adjusts_with_a_reason_and_sees_the_audit(open_app):
    ui = await signed_in(open_app, "jobs@gwangyang.demo")
    await ui.go("/f/points")
    await ui.settle(lambda: ui.find("points-officer-open"))
    await ui.tap("points-officer-open")
    await ui.settle(lambda: ui.find("points-adjust-submit"))
    await ui.type("points-adjust-email", CITIZEN)
    await ui.type("points-adjust-delta", "300")
    await ui.tap("points-adjust-submit")  # no reason yet
    assert ui.find("points-adjust-reason").content.error
    await ui.type("points-adjust-reason", "행사 참여 누락분")
    await ui.tap("points-adjust-submit")
    audit = lambda: [ui.find(i).label or "" for i in ui.idents("points-audit-")
                     if i[len("points-audit-"):].isdigit()]
    await ui.settle(lambda: any("+300" in label for label in audit()))
    assert any("+300" in label for label in audit())
    assert ui.find("points-officer-status-notice") is not None


async def test_a_citizen_is_told_the_officer_screen_is_not_theirs(open_app):
    ui = await signed_in(open_app, CITIZEN)
    await ui.go("/f/points/officer")
    await ui.settle(lambda: ui.find("points-officer-status-notice"))
    assert ui.find("points-adjust-submit") is None
