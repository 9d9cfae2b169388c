"""Routes of 생활불편 신고: /f/report (내 신고), /new (신고하기), /r/<id> (상세),
/inbox and /inbox/<id> (담당 부서)."""

from __future__ import annotations

import re

from myg_app.client.features.feature import Feature
from myg_app.client.features.reports import citizen, new_report, officer
from myg_app.client.features.reports.common import FID

_DETAIL = re.compile(r"^/r/(\d+)$")
_DESK = re.compile(r"^/inbox/(\d+)$")


def inner(app, rest: str):
    rest = rest.split("?", 1)[0]
    if rest == "/new":
        return [lambda: new_report.view(app)]
    if m := _DETAIL.match(rest):
        rid = int(m.group(1))
        return [lambda: citizen.detail_view(app, rid)]
    if rest == "/inbox":
        return [lambda: officer.inbox_view(app)]
    if m := _DESK.match(rest):
        rid = int(m.group(1))
        return [(f"/f/{FID}/inbox", lambda: officer.inbox_view(app)),
                lambda: officer.officer_detail_view(app, rid)]
    return None


# A guest may start a report (the draft is kept on the device); the rest needs an account.
FEATURES = (Feature(FID, citizen.main_view, inner, public=lambda rest: rest == "/new"),)
