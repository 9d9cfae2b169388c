"""Demo fee catalogue (idempotent by item code; officers' later edits are kept).

Fees follow the usual shape of Korean municipal bulky-waste tariffs (by seats, width,
litres); the city's officers adjust them in the app.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from myg_app.server.waste.models import WasteItem

# (code, category, name, size_label, fee KRW)
ITEMS: list[tuple[str, str, str, str, int]] = [
    ("sofa-1", "가구", "소파", "1인용", 5_000),
    ("sofa-2", "가구", "소파", "2~3인용", 8_000),
    ("sofa-4", "가구", "소파", "4인용 이상", 12_000),
    ("wardrobe-s", "가구", "장롱", "폭 90cm 미만", 8_000),
    ("wardrobe-m", "가구", "장롱", "폭 90~120cm", 12_000),
    ("wardrobe-l", "가구", "장롱", "폭 120cm 이상", 16_000),
    ("mattress-1", "가구", "침대 매트리스", "1인용", 6_000),
    ("mattress-2", "가구", "침대 매트리스", "2인용", 10_000),
    ("bed-frame", "가구", "침대 틀", "1개", 7_000),
    ("desk", "가구", "책상", "1개", 5_000),
    ("chair", "가구", "의자", "1개", 2_000),
    ("table", "가구", "식탁", "4인용 이하", 6_000),
    ("fridge-s", "가전", "냉장고", "300L 미만", 6_000),
    ("fridge-m", "가전", "냉장고", "300~500L", 9_000),
    ("fridge-l", "가전", "냉장고", "500L 이상", 12_000),
    ("washer", "가전", "세탁기", "1대", 6_000),
    ("aircon", "가전", "에어컨", "스탠드형", 8_000),
    ("bicycle", "생활용품", "자전거", "1대", 3_000),
    ("piano", "생활용품", "피아노", "업라이트", 25_000),
]


def seed(session: Session, settings=None) -> None:
    existing = set(session.scalars(select(WasteItem.code)))
    for sort, (code, category, name, size, fee) in enumerate(ITEMS):
        if code not in existing:
            session.add(WasteItem(code=code, category=category, name=name, size_label=size,
                                  fee=fee, active=True, sort=sort * 10))
    session.flush()
