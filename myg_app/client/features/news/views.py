"""Routes of 시정 소식 (/f/city_news) and 읍면동 소식 (/f/town_news): the feed, /a/<id> an
article (public: a shared link opens it for anyone), and the officers' /desk (the list),
/desk/new, /desk/<id> (the editor) and /desk/<id>/preview."""
from __future__ import annotations

import re

from myg_app.client.features.feature import Feature
from myg_app.client.features.news import article, desk, editor, feed

_ARTICLE = re.compile(r"^/a/([1-9][0-9]{0,9})$")
_EDIT = re.compile(r"^/desk/(new|[1-9][0-9]{0,9})(/preview)?$")


def inner_of(fid: str):
    def inner(app, rest: str):
        rest = rest.split("?", 1)[0]
        if m := _ARTICLE.match(rest):
            aid = int(m.group(1))
            return [lambda: article.article_view(app, fid, aid)]
        if rest == "/desk":
            return [lambda: desk.desk_view(app, fid)]
        if (m := _EDIT.match(rest)) and not (m.group(1) == "new" and m.group(2)):
            listing = (f"/f/{fid}/desk", lambda: desk.desk_view(app, fid))
            if m.group(1) == "new":
                return [listing, lambda: editor.editor_view(app, fid, None)]
            aid = int(m.group(1))
            edit = (f"/f/{fid}/desk/{aid}", lambda: editor.editor_view(app, fid, aid))
            if m.group(2):
                return [listing, edit, lambda: article.preview_view(app, fid, aid)]
            return [listing, edit[1]]
        return None
    return inner


def public(rest: str) -> bool:
    """Articles are for everyone (the functions need no login; a shared link must open)."""
    return bool(_ARTICLE.match(rest.split("?", 1)[0]))


FEATURES = tuple(Feature(fid, lambda app, fid=fid: feed.feed_view(app, fid), inner_of(fid),
                         public) for fid in ("city_news", "town_news"))
