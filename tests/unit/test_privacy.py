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


@pytest.mark.parametrize(("text", "masked"), [
    ("전화 010-1234-5678 주세요", "전화 010-****-5678 주세요"),
    ("연락처01012345678입니다", "연락처010****5678입니다"),
    ("061 797 2114", "061-***-2114"),
    ("mail hong.gildong@example.co.kr,", "mail h***@example.co.kr,"),
    ("rrn 900101-1234567 / 9001012234567", "rrn ******-******* / ******-*******"),
    # Not personal data: times, amounts, ids with letters around the digits.
    ("2026-05-01T09:00:00Z 12,000원 id 3f2a01012345678bc 127.0.0.1",
     "2026-05-01T09:00:00Z 12,000원 id 3f2a01012345678bc 127.0.0.1"),
])
def test_mask_text(text, masked):
    from myg_app.server.privacy import mask_text

    assert mask_text(text) == masked
    assert mask_text(masked) == masked  # idempotent: a line masked twice stays the same
