"""Routes of 시정·청년참여 포인트 (/f/points): the balance and history, /redeem (상품권 교환
or 기부) and the officers' /officer (조정, 캠페인 인증, 기록). Login required for all but the
main screen's preview."""
from __future__ import annotations

from myg_app.client.features.feature import Feature
from myg_app.client.features.points import main, officer, redeem


def inner(app, rest: str):
    rest = rest.split("?", 1)[0]
    if rest == "/redeem":
        return [lambda: redeem.redeem_view(app)]
    if rest == "/officer":
        return [lambda: officer.officer_view(app)]
    return None


FEATURES = (Feature("points", main.main_view, inner),)
