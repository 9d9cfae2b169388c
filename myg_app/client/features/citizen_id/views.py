"""Routes of 디지털 광양시민증 (/f/citizen_id): the card, /verify (anyone: shops, desks),
/desk and /desk/<id> (민원봉사과)."""
from __future__ import annotations

from myg_app.client.features.citizen_id import card, desk, verifier
from myg_app.client.features.feature import Feature


def inner(app, rest: str):
    rest = rest.split("?", 1)[0]
    if rest == "/verify":
        return [lambda: verifier.verify_view(app)]
    if rest == "/desk":
        return [lambda: desk.desk_view(app)]
    if rest.startswith("/desk/") and rest[6:].isdigit() and len(rest) < 18:
        cid = int(rest[6:])
        return [lambda: desk.desk_view(app), lambda: desk.decision_view(app, cid)]
    return None


def public(rest: str) -> bool:
    """A shop checks a card without an account: the verifier is open to guests."""
    return rest.split("?", 1)[0] == "/verify"


FEATURES = (Feature("citizen_id", card.main_view, inner, public),)
