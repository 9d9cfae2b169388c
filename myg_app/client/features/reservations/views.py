"""Routes of the four reservation functions (same screens, different `fid`):
/f/<fid>                     list by category, 읍면동, date
/f/<fid>/r/<id>              month view of free days (a course: its page and application)
/f/<fid>/r/<id>/d/<date>     the day's slots and the booking form
/f/<fid>/done/<bid>          confirmation · /f/<fid>/b/<bid> one booking with its QR code
/f/<fid>/mine                나의 예약
/f/<fid>/officer             check-in, approvals, resources · /f/<fid>/officer/r/<id>"""

from __future__ import annotations

import re
from datetime import date

from myg_app.client.features.feature import Feature
from myg_app.client.features.reservations import browse, day, mine, month, officer
from myg_app.client.features.reservations.common import FIDS

_R = re.compile(r"^/r/(\d+)$")
_DAY = re.compile(r"^/r/(\d+)/d/(\d{4}-\d{2}-\d{2})$")
_DONE = re.compile(r"^/done/(\d+)$")
_B = re.compile(r"^/b/(\d+)$")
_OFF_R = re.compile(r"^/officer/r/(\d+)$")


def public(rest: str) -> bool:
    """Guests browse places, free days and slots; booking and 나의 예약 need an account."""
    return bool(_R.match(rest) or _DAY.match(rest))


def inner(app, fid: str, rest: str):
    rest = rest.split("?", 1)[0]
    if rest == "/mine":
        return [lambda: mine.mine_view(app, fid)]
    if rest == "/officer":
        return [lambda: officer.home_view(app, fid)]
    if m := _OFF_R.match(rest):
        rid = int(m.group(1))
        return [(f"/f/{fid}/officer", lambda: officer.home_view(app, fid)),
                lambda: officer.resource_view(app, fid, rid)]
    if m := _R.match(rest):
        rid = int(m.group(1))
        return [lambda: month.resource_view(app, fid, rid)]
    if m := _DAY.match(rest):
        rid = int(m.group(1))
        try:
            when = date.fromisoformat(m.group(2))
        except ValueError:
            return None
        return [(f"/f/{fid}/r/{rid}", lambda: month.resource_view(app, fid, rid)),
                lambda: day.day_view(app, fid, rid, when)]
    if m := _DONE.match(rest):
        bid = int(m.group(1))
        return [(f"/f/{fid}/mine", lambda: mine.mine_view(app, fid)),
                lambda: mine.booking_view(app, fid, bid, done=True)]
    if m := _B.match(rest):
        bid = int(m.group(1))
        return [(f"/f/{fid}/mine", lambda: mine.mine_view(app, fid)),
                lambda: mine.booking_view(app, fid, bid)]
    return None


FEATURES = tuple(Feature(fid, lambda app, fid=fid: browse.main_view(app, fid),
                         lambda app, rest, fid=fid: inner(app, fid, rest), public=public)
                 for fid in FIDS)
