from myg_app.server.problems import field_errors


def test_field_error_messages_are_korean():
    errors = field_errors([
        {"type": "value_error", "loc": ("body", "items"), "msg": "Value error, 없는 기능입니다: x"},
        {"type": "missing", "loc": ("body", "email"), "msg": "Field required"},
        {"type": "string_too_long", "loc": ("body", "name"), "msg": "...", "ctx": {"max_length": 40}},
        {"type": "json_invalid", "loc": ("body", 12), "msg": "JSON decode error"},
        {"type": "greater_than", "loc": ("query", "page"), "msg": "..."},
    ])
    assert [(e.field, e.message) for e in errors] == [
        ("items", "없는 기능입니다: x"),
        ("email", "필수 항목입니다."),
        ("name", "40자 이하로 입력해 주세요."),
        ("", "요청 본문이 올바른 JSON이 아닙니다."),
        ("query.page", "입력값이 올바르지 않습니다."),
    ]


def test_more_field_messages_are_korean():
    errors = field_errors([
        {"type": "less_than_equal", "loc": ("path", "resource_id"), "ctx": {"le": 2**31 - 1}},
        {"type": "less_than_equal", "loc": ("body", "quantity"), "ctx": {"le": 20}},
        {"type": "greater_than_equal", "loc": ("body", "quantity"), "ctx": {"ge": 1}},
        {"type": "string_too_short", "loc": ("body", "reason"), "ctx": {"min_length": 2}},
        {"type": "string_pattern_mismatch", "loc": ("body", "order_id"), "ctx": {"pattern": "x"}},
        {"type": "literal_error", "loc": ("body", "kind"), "ctx": {"expected": "'a' or 'b'"}},
        {"type": "int_parsing", "loc": ("query", "page")},
        {"type": "too_short", "loc": ("body", "items"), "ctx": {"min_length": 1}},
    ])
    assert [e.message for e in errors] == [
        "숫자가 너무 큽니다.", "20 이하여야 합니다.", "1 이상이어야 합니다.", "2자 이상 입력해 주세요.",
        "형식이 올바르지 않습니다.", "다음 중 하나여야 합니다: 'a' or 'b'", "정수여야 합니다.",
        "1개 이상이어야 합니다.",
    ]
