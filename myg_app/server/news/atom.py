"""An Atom feed (RFC 4287) per board, for feed readers and other sites.

Ids are tag: URIs (RFC 4151) that never change with the host name; links are absolute, to the
article's screen on the address the request came to. ElementTree escapes the text; control
characters XML cannot carry are removed first (contracts.types.xml_safe).
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime

from myg_app import catalog
from myg_app.contracts import news as c
from myg_app.contracts.types import xml_safe
from myg_app.server.news.models import Article

ATOM_NS = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml; charset=utf-8"
TAG = "tag:gwangyang.go.kr,2026:myg/news"
ET.register_namespace("", ATOM_NS)  # Atom as the default namespace, not "ns0:"


def _stamp(at: datetime) -> str:
    return at.isoformat(timespec="seconds").replace("+00:00", "Z")


def _add(parent: ET.Element, name: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM_NS}}}{name}", attrs)
    if text is not None:
        el.text = xml_safe(text)
    return el


def _updated(a: Article) -> datetime:
    assert a.published_at is not None
    return max(a.published_at, a.updated_at)


def render(board: str, articles: list[Article], *, base_url: str, self_url: str,
           now: datetime, dong_names: list[str] | None = None) -> bytes:
    fid = c.FUNCTION_OF[board]
    fn = catalog.BY_ID[fid]
    base = base_url.rstrip("/")
    feed = ET.Element(f"{{{ATOM_NS}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "ko"})
    suffix = f" ({', '.join(dong_names)})" if dong_names else ""
    _add(feed, "title", f"MY광양 {fn.name_ko}{suffix}")
    _add(feed, "subtitle", fn.summary_ko)
    _add(feed, "id", f"{TAG}/{board}")
    _add(feed, "updated", _stamp(max((_updated(a) for a in articles), default=now)))
    _add(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _add(feed, "link", rel="alternate", type="text/html", href=f"{base}{fn.route}")
    author = _add(feed, "author")
    _add(author, "name", f"광양시 {catalog.OWNERS[fid]}")
    for a in articles:
        assert a.published_at is not None
        entry = _add(feed, "entry")
        _add(entry, "id", f"{TAG}/article/{a.id}")
        _add(entry, "title", ("[데모] " if a.demo else "") + a.title)
        _add(entry, "link", rel="alternate", type="text/html",
             href=f"{base}{c.route_of(a.board, a.id)}")
        _add(entry, "published", _stamp(a.published_at))
        _add(entry, "updated", _stamp(_updated(a)))
        _add(entry, "category", term=xml_safe(a.category))
        if a.dong_code:
            _add(entry, "category", term=a.dong_code, label=c.dong_name(a.dong_code) or "",
                 scheme=f"{TAG}/dong")
        _add(entry, "summary", a.excerpt, type="text")
        _add(entry, "content", a.body, type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
