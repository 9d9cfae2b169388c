"""What a citizen browses: markets, shops, products (search by everyday words), zones, and the
server's quote of a cart (prices, fees, the minimum order: never the client's numbers)."""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from myg_app.contracts import market as c
from myg_app.gwangyang.dongs import BY_CODE as DONGS
from myg_app.server.errors import AppError
from myg_app.server.market import clock
from myg_app.server.market.models import Market, Product, ProductPhoto, Shop, Zone


def market_days(m: Market) -> list[int]:
    return [int(d) for d in m.market_days.split(",") if d.strip()]


def days_ko(m: Market) -> str:
    days = market_days(m)
    return f"끝자리 {'·'.join(map(str, days))}일 장날" if days else "매일 (상설)"


def market_out(session: Session, m: Market, shop_count: int | None = None) -> c.MarketOut:
    if shop_count is None:
        shop_count = session.scalar(select(func.count()).select_from(Shop)
                                    .where(Shop.market_id == m.id)) or 0
    days = market_days(m)
    demo = bool(session.scalar(select(Shop.id).where(Shop.market_id == m.id, Shop.demo).limit(1)))
    return c.MarketOut(id=m.id, code=m.code, name=m.name, dong=DONGS[m.dong_code].name,
                       address=m.address, market_days=days, market_days_ko=days_ko(m),
                       market_day_today=bool(days) and clock.today().day % 10 in {
                           d % 10 for d in days},
                       description=m.description, shop_count=shop_count,
                       minimum_order=m.minimum_order, demo_shops=demo)


def get_market(session: Session, market_id: int) -> Market:
    m = session.get(Market, market_id)
    if m is None:
        raise AppError(404, "market.not_found", "시장을 찾을 수 없습니다.")
    return m


def markets(session: Session) -> list[c.MarketOut]:
    counts = dict(session.execute(select(Shop.market_id, func.count()).group_by(Shop.market_id))
                  .all())
    return [market_out(session, m, counts.get(m.id, 0))
            for m in session.scalars(select(Market).order_by(Market.sort, Market.id))]


def product_counts(session: Session, shop_ids: list[int]) -> dict[int, int]:
    if not shop_ids:
        return {}
    return dict(session.execute(select(Product.shop_id, func.count()).where(
        Product.shop_id.in_(shop_ids)).group_by(Product.shop_id)).all())


def shop_out(s: Shop, product_count: int) -> c.ShopOut:
    return c.ShopOut(id=s.id, market_id=s.market_id, name=s.name, category=s.category,
                     description=s.description, status=s.status,  # type: ignore[arg-type]
                     product_count=product_count, demo=s.demo)


def detail(session: Session, market_id: int) -> c.MarketDetail:
    m = get_market(session, market_id)
    shops = list(session.scalars(select(Shop).where(Shop.market_id == m.id).order_by(Shop.id)))
    counts = product_counts(session, [s.id for s in shops])
    categories = list(session.scalars(select(Product.category).where(
        Product.market_id == m.id).distinct().order_by(Product.category)))
    return c.MarketDetail(market=market_out(session, m, len(shops)),
                          shops=[shop_out(s, counts.get(s.id, 0)) for s in shops],
                          categories=categories)


def product_out(p: Product, shop: Shop, has_photo: bool) -> c.ProductOut:
    return c.ProductOut(id=p.id, shop_id=p.shop_id, shop_name=shop.name, market_id=p.market_id,
                        name=p.name, category=p.category, price=p.price, unit=p.unit,
                        origin=p.origin, stock=p.stock, sold_out=p.sold_out or p.stock <= 0,
                        shop_open=shop.status == "open", has_photo=has_photo, demo=shop.demo)


def _with_photos(session: Session, rows: list[tuple[Product, Shop]]) -> list[c.ProductOut]:
    ids = [p.id for p, _ in rows]
    photos = set(session.scalars(select(ProductPhoto.product_id).where(
        ProductPhoto.product_id.in_(ids)))) if ids else set()
    return [product_out(p, s, p.id in photos) for p, s in rows]


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search(session: Session, *, market_id: int | None, shop_id: int | None, q: str,
           category: str | None, limit: int, offset: int) -> c.ProductPage:
    conds = []
    if market_id is not None:
        conds.append(Product.market_id == market_id)
    if shop_id is not None:
        conds.append(Product.shop_id == shop_id)
    if category:
        conds.append(Product.category == category)
    words = [w for w in q.split() if w][:6]
    for w in words:
        conds.append(Product.search_text.ilike(f"%{_escape_like(w)}%", escape="\\"))
    where = and_(*conds) if conds else True
    total = session.scalar(select(func.count()).select_from(Product).where(where)) or 0
    # What can be bought first: open shops, in stock; then by category and name.
    available = and_(Shop.status == "open", Product.sold_out.is_(False), Product.stock > 0)
    rows = session.execute(
        select(Product, Shop).join(Shop, Shop.id == Product.shop_id).where(where)
        .order_by(case((available, 0), else_=1), Product.category, Product.name, Product.id)
        .limit(limit).offset(offset)).tuples().all()
    return c.ProductPage(items=_with_photos(session, list(rows)), total=total, query=" ".join(words))


def photo(session: Session, product_id: int) -> bytes:
    data = session.scalar(select(ProductPhoto.data).where(ProductPhoto.product_id == product_id))
    if data is None:
        raise AppError(404, "market.photo_not_found", "상품 사진이 없습니다.")
    return data


def zones(session: Session, market_id: int) -> c.ZoneList:
    m = get_market(session, market_id)
    rows = session.scalars(select(Zone).where(Zone.market_id == m.id).order_by(Zone.fee, Zone.id))
    return c.ZoneList(items=[c.ZoneOut(dong_code=z.dong_code, dong=DONGS[z.dong_code].name,
                                       fee=z.fee) for z in rows], minimum_order=m.minimum_order)


def delivery_fee(session: Session, market: Market, fulfilment: str,
                 dong_code: str | None) -> int | None:
    """The fee for delivering to `dong_code`; None when the market does not deliver there."""
    if fulfilment == "pickup":
        return 0
    if not dong_code:
        return None
    return session.scalar(select(Zone.fee).where(Zone.market_id == market.id,
                                                 Zone.dong_code == dong_code))


def quote(session: Session, body: c.QuoteIn) -> c.Quote:
    market = get_market(session, body.market_id)
    wanted: dict[int, int] = defaultdict(int)
    for ln in body.items:
        wanted[ln.product_id] += ln.quantity
    rows = {p.id: (p, s) for p, s in session.execute(
        select(Product, Shop).join(Shop, Shop.id == Product.shop_id)
        .where(Product.id.in_(list(wanted)))).tuples()}
    lines: list[c.LineOut] = []
    problems: list[str] = []
    for pid, qty in wanted.items():
        found = rows.get(pid)
        if found is None or found[0].market_id != market.id:
            raise AppError(422, "market.product_unknown",
                           "이 시장에 없는 상품이 장바구니에 있습니다. 장바구니를 다시 담아 주세요.",
                           field="items")
        p, s = found
        problem = None
        if s.status != "open":
            problem = f"{s.name} 가게가 오늘은 문을 닫았습니다"
        elif p.sold_out or p.stock <= 0:
            problem = "품절"
        elif p.stock < qty:
            problem = f"재고 {p.stock}{'개' if p.unit.startswith('1') else ''}만 남았습니다"
        if qty > c.MAX_QUANTITY:
            problem = f"한 번에 {c.MAX_QUANTITY}개까지 주문할 수 있습니다"
        if problem:
            problems.append(f"{p.name}: {problem}")
        lines.append(c.LineOut(product_id=p.id, shop_id=s.id, shop_name=s.name, name=p.name,
                               unit=p.unit, unit_price=p.price, quantity=qty,
                               amount=p.price * qty, available=problem is None, problem=problem))
    subtotal = sum(ln.amount for ln in lines)
    fee = delivery_fee(session, market, body.fulfilment, body.dong_code)
    if fee is None:
        problems.append("배달할 읍면동을 골라 주세요." if not body.dong_code else
                        f"{market.name}은(는) 그 읍면동에 배달하지 않습니다. 픽업을 골라 주세요.")
    shortfall = max(0, market.minimum_order - subtotal)
    if shortfall:
        problems.append(f"최소 주문 금액은 {market.minimum_order:,}원입니다. "
                        f"{shortfall:,}원어치 더 담아 주세요.")
    fee = fee or 0
    return c.Quote(lines=lines, subtotal=subtotal, delivery_fee=fee, total=subtotal + fee,
                   minimum_order=market.minimum_order, shortfall=shortfall,
                   orderable=not problems, problems=problems)
