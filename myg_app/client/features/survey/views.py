"""Routes of 설문조사·정책투표 (/f/survey): the list, /s/<id> (answer), /s/<id>/results
(published results; both public: guests may answer open surveys), and the officers' /desk,
/desk/new, /desk/<id>, /desk/<id>/preview and /desk/<id>/results (live)."""
from __future__ import annotations

import re

from myg_app.client.features.feature import Feature
from myg_app.client.features.survey import citizen, desk
from myg_app.client.features.survey.common import BASE

_SURVEY = re.compile(r"^/s/([1-9][0-9]{0,9})(/results)?$")
_DESK = re.compile(r"^/desk/(new|[1-9][0-9]{0,9})(/preview|/results)?$")


def inner(app, rest: str):
    rest = rest.split("?", 1)[0]
    if m := _SURVEY.match(rest):
        sid = int(m.group(1))
        if m.group(2):
            return [lambda: citizen.results_view(app, sid)]
        return [lambda: citizen.answer_view(app, sid)]
    if rest == "/desk":
        return [lambda: desk.desk_view(app)]
    if (m := _DESK.match(rest)) and not (m.group(1) == "new" and m.group(2)):
        listing = (f"{BASE}/desk", lambda: desk.desk_view(app))
        if m.group(1) == "new":
            return [listing, lambda: desk.manage_view(app, None)]
        sid = int(m.group(1))
        manage = (f"{BASE}/desk/{sid}", lambda: desk.manage_view(app, sid))
        if m.group(2) == "/preview":
            return [listing, manage, lambda: desk.preview_view(app, sid)]
        if m.group(2) == "/results":
            return [listing, manage, lambda: desk.live_view(app, sid)]
        return [listing, manage[1]]
    return None


def public(rest: str) -> bool:
    """Answering an open 설문조사 and reading published results need no account."""
    return bool(_SURVEY.match(rest.split("?", 1)[0]))


FEATURES = (Feature("survey", citizen.main_view, inner, public),)
