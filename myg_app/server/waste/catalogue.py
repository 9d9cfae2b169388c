"""The bulky-waste catalogue (items and fees, edited by officers) and the quote: fees are
computed here only, from the catalogue."""
from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from myg_app.contracts.common import FieldError
from myg_app.contracts.waste import MAX_QUANTITY, LineIn, LineOut, WasteItemIn
from myg_app.i18n import msg
from myg_app.server.errors import AppError
from myg_app.server.waste.models import WasteItem


def list_items(session: Session, *, include_inactive: bool = False) -> list[WasteItem]:
    stmt = select(WasteItem).order_by(WasteItem.sort, WasteItem.id)
    if not include_inactive:
        stmt = stmt.where(WasteItem.active.is_(True))
    return list(session.scalars(stmt))


def create_item(session: Session, body: WasteItemIn) -> WasteItem:
    last = session.scalar(select(WasteItem.sort).order_by(WasteItem.sort.desc()).limit(1)) or 0
    item = WasteItem(code=f"item-{uuid.uuid4().hex[:10]}", category=body.category.strip(),
                     name=body.name.strip(), size_label=body.size_label.strip(), fee=body.fee,
                     active=body.active, sort=last + 10)
    session.add(item)
    session.flush()
    return item


def update_item(session: Session, item_id: int, body: WasteItemIn) -> WasteItem:
    item = session.get(WasteItem, item_id, with_for_update=True)
    if item is None:
        raise AppError(404, "waste.item_not_found", "품목을 찾을 수 없습니다.")
    # Bookings keep the fee they were made with (copied to their lines): only new ones change.
    item.category, item.name = body.category.strip(), body.name.strip()
    item.size_label, item.fee, item.active = body.size_label.strip(), body.fee, body.active
    session.flush()
    return item


def quote(session: Session, lines: list[LineIn]) -> tuple[list[LineOut], int]:
    """The fee, from the catalogue only. Unknown or withdrawn items are field errors."""
    merged: dict[int, int] = {}
    for line in lines:
        merged[line.item_id] = merged.get(line.item_id, 0) + line.quantity
    items = {i.id: i for i in session.scalars(
        select(WasteItem).where(WasteItem.id.in_(merged), WasteItem.active.is_(True)))}
    errors: list[FieldError] = []
    out: list[LineOut] = []
    for idx, (item_id, qty) in enumerate(merged.items()):
        item = items.get(item_id)
        if item is None:
            errors.append(FieldError(field=f"items.{idx}.item_id",
                                     message="없거나 더 이상 받지 않는 품목입니다."))
            continue
        if qty > MAX_QUANTITY:
            errors.append(FieldError(field=f"items.{idx}.quantity",
                                     message=msg("한 품목은 {MAX_QUANTITY}개까지 신청할 수 있습니다.", MAX_QUANTITY=MAX_QUANTITY)))
            continue
        out.append(LineOut(item_id=item.id, name=item.name, size_label=item.size_label,
                           unit_fee=item.fee, quantity=qty, amount=item.fee * qty))
    if errors:
        raise AppError(422, "validation_error", "품목을 다시 확인해 주세요.", errors=errors)
    return out, sum(line.amount for line in out)
