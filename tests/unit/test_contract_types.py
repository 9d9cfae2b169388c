"""The shared contract types: bounded integers and the one rule for control characters."""
from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError

from myg_app.contracts.types import (
    INT32_MAX, Count, Id, Won, clean_line, clean_long, line, long_text, parse_id, token, xml_safe,
)


class Sample(BaseModel):
    id: Id
    count: Count = 0
    won: Won = 0
    name: line(10, 1) = "x"
    text: long_text(50) = ""
    code: token(8) = ""


@pytest.mark.parametrize("bad", [0, -1, INT32_MAX + 1, 2**63])
def test_ids_are_bounded_to_what_postgresql_stores(bad):
    with pytest.raises(ValidationError):
        Sample(id=bad)
    assert Sample(id=INT32_MAX).id == INT32_MAX


def test_counts_and_money_are_non_negative_32_bit():
    for field in ("count", "won"):
        with pytest.raises(ValidationError):
            Sample(id=1, **{field: -1})
        with pytest.raises(ValidationError):
            Sample(id=1, **{field: INT32_MAX + 1})


def test_person_typed_text_drops_control_characters():
    s = Sample(id=1, name="홍\x00길\u200b동\t", text="첫 줄\r\n둘째\x01 줄\t탭\x7f\u0085")
    assert s.name == "홍길\u200b동 "  # tab -> space; zero-width space is not a control char
    assert s.text == "첫 줄\n둘째 줄\t탭"
    with pytest.raises(ValidationError):
        Sample(id=1, name="\x00\x01 ")  # nothing left


def test_machine_text_with_control_characters_is_refused():
    with pytest.raises(ValidationError) as e:
        Sample(id=1, code="ab\x00")
    assert "제어 문자" in str(e.value)
    with pytest.raises(ValidationError):
        Sample(id=1, code="ab\n")
    assert Sample(id=1, code="ab-12").code == "ab-12"


def test_cleaners_and_xml_safe():
    assert clean_line("a\nb\rc\td") == "a b c d"
    assert clean_long("a\r\nb\rc") == "a\nb\nc"
    assert xml_safe("a\x00b\ud800c\uffffd\te\nf") == "abcd\te\nf"


@pytest.mark.parametrize("text, expected", [
    ("1", 1), ("2147483647", INT32_MAX), ("2147483648", None), ("0", None), ("²", None),
    ("99999999999999999999999", None), ("-1", None), ("", None), (None, None), ("١", None),
])
def test_parse_id(text, expected):
    assert parse_id(text) == expected
