"""GeoReport v2 bodies as JSON or XML (XML is the spec's required format, JSON optional).

The contract models are the source; XML is derived from them element by element, with list
items named as the spec names them (service, attribute, value, request, error, ...).
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import lru_cache
from typing import Any

from fastapi import Response
from pydantic import BaseModel, TypeAdapter

from myg_app.contracts.types import xml_safe

# Element name for items of a list field (by the field's name), per the spec's XML examples.
ITEM_NAMES = {"attributes": "attribute", "values": "value", "endpoints": "endpoint",
              "formats": "format"}
JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"


_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


def _xml_value(parent: ET.Element, name: str, value: Any) -> None:
    """The only place XML is written: names are checked and every text passes `xml_safe`, so
    no stored value (a control character in an old report, ...) can make the document
    malformed for every consumer."""
    el = ET.SubElement(parent, name if _NAME.match(name) else "item")
    if isinstance(value, dict):
        for k, v in value.items():
            _add(el, k, v)
    elif isinstance(value, list):
        for item in value:
            _xml_value(el, ITEM_NAMES.get(name, "item"), item)
    elif isinstance(value, bool):
        el.text = "true" if value else "false"
    elif value is not None:
        el.text = xml_safe(str(value))


def _add(parent: ET.Element, name: str, value: Any) -> None:
    _xml_value(parent, name, value)


def to_xml(root: str, item: str | None, data: BaseModel | list[BaseModel]) -> bytes:
    top = ET.Element(root)
    if isinstance(data, list):
        for d in data:
            _xml_value(top, item or "item", d.model_dump(mode="json"))
    else:
        for k, v in data.model_dump(mode="json").items():
            _add(top, k, v)
    return ET.tostring(top, encoding="utf-8", xml_declaration=True)


def respond(fmt: str, data: BaseModel | list[BaseModel], *, root: str, item: str | None = None,
            status: int = 200) -> Response:
    if fmt == "xml":
        return Response(to_xml(root, item, data), status_code=status, media_type=XML_TYPE)
    if isinstance(data, list):
        body = _list_adapter(type(data[0])).dump_json(data) if data else b"[]"
    else:
        body = data.model_dump_json().encode()
    return Response(body, status_code=status, media_type=JSON_TYPE)


@lru_cache(maxsize=16)
def _list_adapter(model: type[BaseModel]) -> TypeAdapter:
    return TypeAdapter(list[model])
