"""배출번호 and its signed QR code, checked at the truck."""
from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from myg_app.server.errors import AppError
from myg_app.server.waste.bookings import not_found
from myg_app.server.waste.models import WasteBooking

QR_PREFIX = "MYGBW"


def new_emission_no(session: Session, booking: WasteBooking) -> str:
    while True:  # the unique constraint is the final guard; a clash is a 1-in-100,000 event
        candidate = f"BW{booking.pickup_date:%y%m%d}-{secrets.randbelow(100_000):05d}"
        if session.scalar(select(WasteBooking.id).where(
                WasteBooking.emission_no == candidate)) is None:
            return candidate


def qr_payload(secret: str, emission_no: str) -> str:
    # Signed, so a photocopied or invented number does not verify at the truck.
    sig = hmac.new(secret.encode(), emission_no.encode(), hashlib.sha256).hexdigest()[:12]
    return f"{QR_PREFIX}:{emission_no}:{sig}"


def verify_qr(session: Session, secret: str, code: str) -> WasteBooking:
    parts = code.strip().split(":")
    if len(parts) != 3 or parts[0] != QR_PREFIX or not hmac.compare_digest(
            qr_payload(secret, parts[1]), code.strip()):
        raise AppError(422, "waste.qr_invalid", "광양시가 발급한 배출번호 QR 코드가 아닙니다.")
    booking = session.scalars(select(WasteBooking).where(
        WasteBooking.emission_no == parts[1])).unique().one_or_none()
    if booking is None:
        raise not_found()
    return booking
