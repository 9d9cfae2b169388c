"""Routes of 복지정책 검색 (/f/welfare), 보조금24 맞춤혜택 (/f/subsidy24) and 소상공인 지원
(/f/small_biz): /s/<id> a service, /bookmarks 관심 목록, /programs/new and /programs/<id>
an officer's 광양시 programme."""
from __future__ import annotations

import re

from myg_app.client.features.feature import Feature
from myg_app.client.features.welfare import common, programs, search, subsidy

_DETAIL = re.compile(r"^/s/([A-Za-z0-9-]{1,20})$")
_PROGRAM = re.compile(r"^/programs/(new|[A-Za-z0-9-]{1,20})$")


def inner_of(fid: str):
    def inner(app, rest: str):
        rest = rest.split("?", 1)[0]
        if m := _DETAIL.match(rest):
            sid = m.group(1)
            return [lambda: common.detail_view(app, fid, sid)]
        if rest == "/bookmarks":
            return [lambda: common.bookmarks_view(app, fid)]
        if fid != "subsidy24" and (m := _PROGRAM.match(rest)):
            sid = None if m.group(1) == "new" else m.group(1)
            return [lambda: programs.program_view(app, fid, sid)]
        return None
    return inner


# Everyone may search and read; bookmarks need an account (the login gate sends guests to
# 로그인), officers' forms check their department on the server as well.
FEATURES = (
    Feature("welfare", lambda app: search.search_view(app, "welfare"), inner_of("welfare")),
    Feature("subsidy24", subsidy.main_view, inner_of("subsidy24")),
    Feature("small_biz", lambda app: search.search_view(app, "small_biz"), inner_of("small_biz")),
)
