"""Rows to contract models for the citizen ID (the citizen's card, the officer's list)."""
from __future__ import annotations

from myg_app.contracts import citizen_id as c
from myg_app.gwangyang.dongs import BY_CODE
from myg_app.server.citizen_id import service
from myg_app.server.citizen_id.models import CitizenCard
from myg_app.server.privacy import mask_name


def dong_name(code: str) -> str:
    d = BY_CODE.get(code)
    return d.name if d else code


def card_out(card: CitizenCard) -> c.CardOut:
    return c.CardOut(
        id=card.id, status=service.effective_status(card), number=card.number,  # type: ignore[arg-type]
        name=card.name, dong=card.dong, dong_name=dong_name(card.dong),
        photo_base64=service.photo_base64(card), applied_at=card.created_at,
        decided_at=card.decided_at, reject_reason=card.reject_reason,
        valid_from=card.valid_from, valid_until=card.valid_until, revoked_at=card.revoked_at,
        revoke_reason=card.revoke_reason,
        revoke_reason_text=c.REVOKE_REASONS.get(card.revoke_reason or ""))


def my_card(card: CitizenCard | None) -> c.MyCard:
    from myg_app.cards.token import WINDOW_S

    return c.MyCard(card=card_out(card) if card else None, can_apply=service.can_apply(card),
                    can_reissue=service.can_reissue(card), window_s=WINDOW_S)


def application_out(card: CitizenCard) -> c.ApplicationOut:
    return c.ApplicationOut(id=card.id, status=service.effective_status(card),  # type: ignore[arg-type]
                            masked_name=mask_name(card.name), dong_name=dong_name(card.dong),
                            applied_at=card.created_at, has_photo=card.photo is not None,
                            number=card.number)
