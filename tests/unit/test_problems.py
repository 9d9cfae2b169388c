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
