"""Gwangyang's traditional markets, and DEMO shops and products (idempotent by code).

The market names and their 장날 are the city's; the shops, products, prices, stock, zones'
fees and the merchant account are demo data, marked as such, for the city to replace. A
production database gets the markets and zones only.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from myg_app.server.auth.models import User
from myg_app.server.market.models import Market, Merchant, Product, Shop, Zone

MERCHANT = "merchant@gwangyang.demo"

# (code, name, 읍면동 code, address, market days, description, minimum order, zones {dong: fee})
MARKETS = [
    ("gwangyang5", "광양5일시장", "gwangyang", "전라남도 광양시 광양읍", "1,6",
     "끝자리 1·6일에 서는 광양읍의 오일장입니다. 상설 점포는 장날이 아니어도 문을 엽니다.", 15_000,
     {"gwangyang": 2_000, "bonggang": 3_000, "okryong": 3_000, "gwangyeong": 3_500,
      "golyak": 3_500, "jungma": 4_000}),
    ("jungma", "중마 일시장", "jungma", "전라남도 광양시 중마동", "",
     "중마동의 상설시장으로 매일 문을 엽니다.", 15_000,
     {"jungma": 2_000, "golyak": 3_000, "gwangyeong": 3_000, "geumho": 3_000, "taein": 3_500,
      "gwangyang": 4_000}),
    ("okgok5", "옥곡5일시장", "okgok", "전라남도 광양시 옥곡면", "4,9",
     "끝자리 4·9일에 서는 옥곡면의 오일장입니다.", 12_000,
     {"okgok": 2_000, "jinsang": 3_000, "jinwol": 3_500, "gwangyeong": 3_500}),
]

# Demo shops: (market code, shop code, name, category, description, products)
# products: (code, name, category, price, unit, origin, stock)
_VEG = [("cabbage", "배추", "채소", 4_500, "1포기", "국내산(전남)", 30),
        ("radish", "무", "채소", 2_500, "1개", "국내산(전남)", 40),
        ("green-onion", "대파", "채소", 3_000, "1단", "국내산(광양)", 35),
        ("perilla", "깻잎", "채소", 2_000, "100g", "국내산(광양)", 50),
        ("pepper", "청양고추", "채소", 3_000, "200g", "국내산(광양)", 25),
        ("garlic", "깐마늘", "채소", 6_000, "500g", "국내산(전남)", 20),
        ("sweet-potato", "고구마", "채소", 8_000, "2kg", "국내산(전남)", 15),
        ("greens", "봄동", "채소", 3_500, "500g", "국내산(전남)", 18)]
_FRUIT = [("maesil-jam", "광양 매실청", "가공식품", 18_000, "1L", "국내산(광양 다압)", 12),
          ("persimmon", "단감", "과일", 12_000, "2kg", "국내산(광양)", 14),
          ("chestnut", "광양 밤", "과일", 10_000, "1kg", "국내산(광양)", 10),
          ("mandarin", "감귤", "과일", 9_000, "2kg", "국내산(제주)", 20),
          ("apple", "사과", "과일", 15_000, "1.5kg", "국내산(경북)", 12),
          ("kiwi", "참다래", "과일", 8_000, "1kg", "국내산(전남)", 16)]
_FISH = [("jeoneo", "전어", "수산물", 15_000, "1kg", "국내산(광양 망덕포구)", 10),
         ("jaecheop", "섬진강 재첩국", "수산물", 7_000, "500g", "국내산(섬진강)", 20),
         ("gim", "광양 김", "건어물", 6_000, "10장", "국내산(전남)", 40),
         ("mackerel", "고등어", "수산물", 5_000, "1마리", "국내산", 18),
         ("squid", "오징어", "수산물", 9_000, "2마리", "국내산", 12),
         ("anchovy", "볶음용 멸치", "건어물", 12_000, "300g", "국내산(남해)", 15)]
_MEAT = [("bulgogi", "광양 숯불고기용 소고기", "정육", 28_000, "500g", "국내산(한우)", 10),
         ("pork-belly", "삼겹살", "정육", 15_000, "600g", "국내산", 20),
         ("chicken", "생닭", "정육", 9_000, "1마리", "국내산", 15),
         ("beef-soup", "국거리 소고기", "정육", 16_000, "300g", "국내산(한우)", 12)]
_SIDE = [("kimchi", "배추김치", "반찬", 12_000, "1kg", "국내산(배추·고춧가루)", 20),
         ("kkakdugi", "깍두기", "반찬", 8_000, "1kg", "국내산", 15),
         ("namul", "나물 3종", "반찬", 7_000, "1팩", "국내산", 12),
         ("ricecake", "가래떡", "떡", 5_000, "1kg", "국내산(쌀)", 20),
         ("songpyeon", "모시송편", "떡", 9_000, "1kg", "국내산(쌀)", 10),
         ("sesame-oil", "참기름", "가공식품", 15_000, "350ml", "국내산(참깨)", 10)]

SHOPS = [
    ("gwangyang5", "g5-veg", "읍내채소", "채소", "광양에서 기른 채소를 팝니다.", _VEG),
    ("gwangyang5", "g5-fruit", "매화과일", "과일", "광양 매실청과 제철 과일.", _FRUIT),
    ("gwangyang5", "g5-fish", "망덕수산", "수산물", "망덕포구 전어와 섬진강 재첩.", _FISH),
    ("gwangyang5", "g5-meat", "광양정육", "정육", "숯불고기용 한우와 돼지고기.", _MEAT),
    ("gwangyang5", "g5-side", "할매반찬", "반찬", "날마다 무친 반찬과 떡.", _SIDE),
    ("jungma", "jm-veg", "중마채소", "채소", "아침마다 들여오는 채소.", _VEG),
    ("jungma", "jm-fish", "중마수산", "수산물", "생선과 건어물.", _FISH),
    ("jungma", "jm-side", "중마반찬", "반찬", "반찬과 떡.", _SIDE),
    ("okgok5", "og-veg", "옥곡농산", "채소", "옥곡에서 기른 채소.", _VEG),
    ("okgok5", "og-meat", "옥곡정육", "정육", "국내산 고기.", _MEAT),
]
MERCHANT_SHOPS = ("g5-veg", "g5-fruit")  # the demo merchant runs two shops


def seed(session: Session, settings=None) -> None:
    markets = {m.code: m for m in session.scalars(select(Market))}
    for sort, (code, name, dong, address, days, desc, minimum, zones) in enumerate(MARKETS):
        if code in markets:
            continue
        market = Market(code=code, name=name, dong_code=dong, address=address, market_days=days,
                        description=desc, minimum_order=minimum, sort=sort)
        session.add(market)
        session.flush()
        markets[code] = market
        for dong_code, fee in zones.items():
            session.add(Zone(market_id=market.id, dong_code=dong_code, fee=fee))
    if settings is not None and getattr(settings, "env", "") == "production":
        session.flush()
        return  # no demo shops in production
    shops = {s.description + "|" + str(s.market_id) + "|" + s.name: s
             for s in session.scalars(select(Shop))}
    by_code: dict[str, Shop] = {}
    existing_products = set(session.scalars(select(Product.code)))
    for market_code, shop_code, name, category, desc, products in SHOPS:
        market = markets[market_code]
        key = f"{desc}|{market.id}|{name}"
        shop = shops.get(key)
        if shop is None:
            shop = Shop(market_id=market.id, name=name, category=category, description=desc,
                        status="open", demo=True)
            session.add(shop)
            session.flush()
        by_code[shop_code] = shop
        for code, pname, pcat, price, unit, origin, stock in products:
            full = f"{shop_code}-{code}"
            if full in existing_products:
                continue
            session.add(Product(shop_id=shop.id, market_id=market.id, code=full, name=pname,
                                category=pcat, price=price, unit=unit, origin=origin,
                                stock=stock, sold_out=False,
                                search_text=f"{pname} {pcat} {name} {origin}"[:200]))
    merchant = session.scalar(select(User).where(User.email == MERCHANT))
    if merchant is not None:
        have = set(session.scalars(select(Merchant.shop_id).where(Merchant.user_id == merchant.id)))
        for code in MERCHANT_SHOPS:
            if by_code[code].id not in have:
                session.add(Merchant(user_id=merchant.id, shop_id=by_code[code].id))
    session.flush()
