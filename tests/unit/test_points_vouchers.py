"""광양사랑상품권 for points: the embedded issuer's codes, the signed QR payload (forgery,
another key, garbage), and the real provider's adapter (its code, its failures as a Korean 503)."""
from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from myg_app.server.errors import AppError
from myg_app.server.points import vouchers
from myg_app.server.points.settings import PointsSettings

KEY = b"k" * 32
AT = datetime(2026, 12, 4, 5, 0, tzinfo=UTC)


def test_embedded_codes_are_readable_and_unique():
    codes = {vouchers.EmbeddedProvider().issue(user_id=1, amount_won=1000, ref=str(i)).code
             for i in range(200)}
    assert len(codes) == 200
    assert all(c.startswith("GY-") and len(c) == 17 and not set(c) & set("01IO") for c in codes)


def test_the_qr_payload_verifies_only_with_our_key_and_unchanged():
    p = vouchers.qr_payload(KEY, "GY-ABCD-EFGH-JKLM", 5000, AT)
    got = vouchers.verify(KEY, p)
    assert got == vouchers.Checked("GY-ABCD-EFGH-JKLM", 5000, AT)
    assert vouchers.verify(b"x" * 32, p) is None
    assert vouchers.verify(KEY, p.replace(".5000.", ".50000.")) is None
    for junk in ("", "MYGV1", "a.b.c.d.e", p + ".x", "MYGV1....", "MYGV1.x.y.z.w"):
        assert vouchers.verify(KEY, junk) is None


def test_the_signing_key_is_derived_from_the_secret_unless_set():
    s = PointsSettings()
    assert vouchers.signing_key(s, "a" * 40) != vouchers.signing_key(s, "b" * 40)
    own = PointsSettings(voucher_signing_key="own-key-0123456789")
    assert vouchers.signing_key(own, "a" * 40) == b"own-key-0123456789"


def test_a_provider_url_selects_the_adapter():
    assert isinstance(vouchers.provider_of(PointsSettings()), vouchers.EmbeddedProvider)
    real = vouchers.provider_of(PointsSettings(
        voucher_provider_url="https://vouchers.example/issue", voucher_provider_key="secret"))
    assert isinstance(real, vouchers.HttpProvider) and real.key == "secret"


def test_the_adapter_sends_amount_reference_and_key(monkeypatch):
    seen = {}

    def post(url, json, headers, timeout):
        seen.update(url=url, json=json, headers=headers)
        return httpx.Response(200, json={"code": "GWY-777"}, request=httpx.Request("POST", url))

    monkeypatch.setattr(vouchers.httpx, "post", post)
    got = vouchers.HttpProvider("https://v.example/issue", "sk", 5).issue(
        user_id=3, amount_won=2000, ref="r1")
    assert got == vouchers.Issued("GWY-777", "provider")
    assert seen["json"] == {"amount": 2000, "reference": "r1"}
    assert seen["headers"] == {"Authorization": "Bearer sk"}


@pytest.mark.parametrize("answer", [
    httpx.Response(500, text="down"), httpx.Response(200, text="not json"),
    httpx.Response(200, json={"nocode": 1}), httpx.Response(200, json={"code": "x" * 41}),
    httpx.Response(200, json={"code": "한글코드"}),
])
def test_provider_failures_are_a_korean_503(monkeypatch, answer):
    def post(url, **kw):
        answer.request = httpx.Request("POST", url)
        return answer

    monkeypatch.setattr(vouchers.httpx, "post", post)
    with pytest.raises(AppError) as err:
        vouchers.HttpProvider("https://v.example/issue", None, 5).issue(
            user_id=1, amount_won=1000, ref="r")
    assert err.value.status == 503 and "차감되지 않았습니다" in err.value.detail
