"""Routes of 정책 제안: /f/proposal (the list), /new (제안하기), /p/<id> (a proposal; public,
a shared link opens for guests), /desk and /desk/<id> (officers)."""
from __future__ import annotations

import re

from myg_app.client.features.feature import Feature
from myg_app.client.features.proposal import desk, detail, listing, new
from myg_app.client.features.proposal.common import BASE, FID

_DETAIL = re.compile(r"^/p/([1-9][0-9]{0,9})$")
_DESK = re.compile(r"^/desk/([1-9][0-9]{0,9})$")


def inner(app, rest: str):
    rest = rest.split("?", 1)[0]
    if rest == "/new":
        return [lambda: new.view(app)]
    if m := _DETAIL.match(rest):
        pid = int(m.group(1))
        return [lambda: detail.detail_view(app, pid)]
    if rest == "/desk":
        return [lambda: desk.desk_view(app)]
    if m := _DESK.match(rest):
        pid = int(m.group(1))
        return [(f"{BASE}/desk", lambda: desk.desk_view(app)),
                lambda: desk.officer_detail_view(app, pid)]
    return None


def public(rest: str) -> bool:
    """A proposal is for everyone to read (a shared link must open)."""
    return bool(_DETAIL.match(rest.split("?", 1)[0]))


FEATURES = (Feature(FID, listing.main_view, inner, public),)
