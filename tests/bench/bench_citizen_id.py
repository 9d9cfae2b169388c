"""(issue 15) 디지털 광양시민증: QR tokens signed and verified per second.

Signing is what the server does for every card on screen (one token per 30-second window, a
batch of 20 per request); verifying is what a shop's phone does offline for every scan. The
baseline in the same run is the OIDC provider's RS256 signature (what every sign-in costs),
so the ratio says what the card's Ed25519 costs next to something the server already does.
Prints figures only; never fails on time.

    uv run python -m tests.bench.bench_citizen_id [--seconds 3]
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from joserfc import jwt

from myg_app.cards import token as tok
from myg_app.server.auth.oidc import keys as oidc_keys
from myg_app.server.citizen_id import keys as card_keys
from myg_app.qr import png_bytes


def rate(fn, seconds: float) -> float:
    n, end = 0, time.perf_counter() + seconds
    start = time.perf_counter()
    while time.perf_counter() < end:
        fn()
        n += 1
    return n / (time.perf_counter() - start)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=3.0)
    args = ap.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="myg-bench-cid-"))
    keys = card_keys.load(data_dir)
    signer, jwks = keys.signer, keys.public_jwks()
    now = int(time.time())
    claims = tok.card_claims("GY-000000125", "김*양", now - now % 30)
    sample = tok.sign(claims, signer, keys.kid)
    revoked = frozenset(f"GY-{i:09d}" for i in range(10_000))  # a long revocation list
    rsa = oidc_keys.load(data_dir).active

    sign = rate(lambda: tok.sign(tok.card_claims("GY-000000125", "김*양", now), signer,
                                 keys.kid), args.seconds)
    verify = rate(lambda: tok.verify(sample, jwks, revoked, now), args.seconds)
    with_qr = rate(lambda: png_bytes(tok.sign(claims, signer, keys.kid), scale=4),
                   args.seconds)
    rs256 = rate(lambda: jwt.encode({"alg": "RS256"}, {"sub": "x", "exp": now + 60}, rsa),
                 args.seconds)
    print(f"token length: {len(sample)} characters (QR version fits a phone screen)")
    print(f"Ed25519 tokens signed:   {sign:10,.0f}/s")
    print(f"Ed25519 tokens verified: {verify:10,.0f}/s  (JWKS parsed each time, 10,000 revoked)")
    print(f"signed + QR PNG drawn:   {with_qr:10,.0f}/s  (the app draws one per 30 s window)")
    print(f"baseline RS256 JWT sign: {rs256:10,.0f}/s  -> Ed25519 signing is "
          f"{sign / rs256:.1f}x the RS256 rate")
    print(f"one /card/qr batch of 20 windows (signing only): {20 / sign * 1000:.2f} ms of CPU; "
          f"drawn on the server it would be {20 / with_qr * 1000:.0f} ms")


if __name__ == "__main__":
    main()
