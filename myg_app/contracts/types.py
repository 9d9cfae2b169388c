"""Shared contract types: what an id, a count, an amount or a piece of text may be on the wire.

Bounded to what the database stores, so bad input is refused at the boundary with a Korean
422 instead of reaching the database (PostgreSQL INTEGER is 32-bit; SQLite's is 64-bit, and
neither stores NUL). The same types serve bodies, path and query parameters:

    def get(resource_id: Id): ...                       # path
    def page(after_seq: Count = 0): ...                  # query
    class LineIn(BaseModel): item_id: Id                 # body
    class X(BaseModel): name: line(40); note: long_text(500) | None = None

One rule for control characters (C0, DEL, C1, lone surrogates, the non-characters U+FFFE/FFFF,
none of which PostgreSQL or XML can carry):
- text a person types or pastes (`line`, `long_text`) has them removed; `long_text` keeps
  newlines and tabs (CR LF becomes LF), `line` turns them into spaces;
- text a machine produced (`token`: e-mail addresses, passwords, codes, keys) is refused with
  a Korean 422: silently changing a secret or a code would only move the surprise elsewhere.
"""
from __future__ import annotations

import re
from typing import Annotated

from annotated_types import Ge, Le
from pydantic import AfterValidator, Field, StringConstraints

INT32_MAX = 2**31 - 1  # PostgreSQL INTEGER (and SERIAL ids)

# Positive database id (path, query or body).
Id = Annotated[int, Ge(1), Le(INT32_MAX)]
# A count, sequence number or offset: zero or more.
Count = Annotated[int, Ge(0), Le(INT32_MAX)]
# Money in KRW (integer won).
Won = Annotated[int, Ge(0), Le(INT32_MAX)]

# Everything that cannot be stored or serialised, except TAB, LF and CR.
_BAD = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
_BAD_CHARS = re.compile(f"[{_BAD}]")
_BREAKS = re.compile(r"\r\n?|\n|\t")
_CONTROL_ALL = re.compile(f"[{_BAD}\t\n\r]")
CONTROL_MESSAGE = "제어 문자(보이지 않는 특수 문자)는 쓸 수 없습니다. 다시 입력해 주세요."


def has_control(v: str) -> bool:
    return _CONTROL_ALL.search(v) is not None


def clean_line(v: str) -> str:
    """One line of text: control characters removed, line breaks and tabs made spaces."""
    return _BAD_CHARS.sub("", _BREAKS.sub(" ", v))


def clean_long(v: str) -> str:
    """Several lines: control characters removed, newlines (LF) and tabs kept."""
    return _BAD_CHARS.sub("", v.replace("\r\n", "\n").replace("\r", "\n"))


def xml_safe(v: str) -> str:
    """What XML 1.0 can carry (for text that was stored before these rules)."""
    return _BAD_CHARS.sub("", v)


def refuse_control(v: str) -> str:
    if has_control(v):
        raise ValueError(CONTROL_MESSAGE)
    return v


def _min_after(n: int):
    def check(v: str) -> str:
        if len(v.strip()) < n:
            raise ValueError("내용을 입력해 주세요." if n == 1 else f"{n}자 이상 입력해 주세요.")
        return v
    return check


def line(max_length: int, min_length: int = 0):
    """Single-line free text (names, titles, addresses) of at most `max_length` characters."""
    parts: list = [StringConstraints(max_length=max_length), AfterValidator(clean_line)]
    if min_length:
        parts += [Field(min_length=min_length), AfterValidator(_min_after(min_length))]
    return Annotated[str, *parts]


def long_text(max_length: int, min_length: int = 0):
    """Free text over several lines (descriptions, messages): newlines and tabs kept."""
    parts: list = [StringConstraints(max_length=max_length), AfterValidator(clean_long)]
    if min_length:
        parts += [Field(min_length=min_length), AfterValidator(_min_after(min_length))]
    return Annotated[str, *parts]


def token(max_length: int, min_length: int = 0):
    """Machine text (e-mail, password, code, key): control characters refused, nothing changed."""
    return Annotated[str, StringConstraints(min_length=min_length, max_length=max_length),
                     AfterValidator(refuse_control)]


def parse_id(value: str | None) -> int | None:
    """An id written as text (Open311 paths and filters): ASCII digits within Id, else None."""
    if not value or len(value) > 10 or not value.isascii() or not value.isdigit():
        return None
    n = int(value)
    return n if 1 <= n <= INT32_MAX else None
