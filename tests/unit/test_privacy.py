import pytest

from myg_app.server.privacy import mask_email, mask_name, mask_phone


@pytest.mark.parametrize(("name", "masked"), [
    ("홍길동", "홍*동"), ("김철", "김*"), ("남궁민수", "남**수"), ("이", "*"), (" 홍길동 ", "홍*동"),
])
def test_mask_name(name, masked):
    assert mask_name(name) == masked


@pytest.mark.parametrize(("phone", "masked"), [
    ("010-1234-5678", "010-****-5678"), ("02-123-4567", "02-***-4567"),
    ("01012345678", "010****5678"), ("1234", "****"),
])
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked


@pytest.mark.parametrize(("email", "masked"), [
    ("hong@example.com", "h***@example.com"), ("a@b.kr", "a***@b.kr"), ("nonsense", "***"),
])
def test_mask_email(email, masked):
    assert mask_email(email) == masked
