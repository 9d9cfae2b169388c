"""200 citizens check out the last item of a shop at once: exactly one order, on SQLite and
PostgreSQL; 200 parallel retries of one checkout make one order; a slot never takes more
orders than its capacity."""
from __future__ import annotations

import uuid

from sqlalchemy import func, select

from myg_app.server.market.models import Order, Product, Slot
from tests.api.test_market import city, clock, market_id, place, product, slot  # noqa: F401
from tests.api.test_reservations_concurrency import many_citizens, race

RACERS = 200


def _set(api, model, ident, **values) -> None:
    with api.client.app.state.sessionmaker.begin() as s:
        row = s.get(model, ident)
        for k, v in values.items():
            setattr(row, k, v)


def test_200_parallel_checkouts_for_the_last_item_make_exactly_one_order(api, city):
    mid = market_id(api)
    beef = product(api, mid, "광양 숯불고기용 소고기")
    _set(api, Product, beef["id"], stock=1)
    items = [{"product_id": beef["id"], "quantity": 1}]
    pickup = slot(api, mid, "pickup")["id"]
    answers = race(api, many_citizens(api, RACERS), lambda h: place(
        api, h, items=items, fulfilment="pickup", dong=None, slot_id=pickup, expected=28_000))
    codes = [r.status_code for r in answers]
    assert codes.count(201) == 1 and codes.count(409) == RACERS - 1, sorted(set(codes))
    assert {r.json()["code"] for r in answers if r.status_code == 409} <= {
        "market.sold_out", "market.not_orderable"}
    with api.client.app.state.sessionmaker() as s:
        assert s.scalar(select(func.count()).select_from(Order)) == 1
        assert s.get(Product, beef["id"]).stock == 0


def test_parallel_retries_of_one_checkout_make_one_order(api, city):
    key = str(uuid.uuid4())
    answers = race(api, [city["citizen"]] * 20, lambda h: place(api, h, key=key, expected=26_000))
    assert {r.status_code for r in answers} <= {201, 409}
    ids = {r.json()["order"]["id"] for r in answers if r.status_code == 201}
    assert len(ids) == 1
    with api.client.app.state.sessionmaker() as s:
        assert s.scalar(select(func.count()).select_from(Order)) == 1


def test_a_slot_never_takes_more_than_its_capacity(api, city):
    mid = market_id(api)
    s = slot(api, mid)
    _set(api, Slot, s["id"], used=4)  # two places left
    answers = race(api, many_citizens(api, 30), lambda h: place(
        api, h, slot_id=s["id"], expected=26_000))
    codes = [r.status_code for r in answers]
    assert codes.count(201) == 2, sorted(codes)
    assert {r.json()["code"] for r in answers if r.status_code == 409} == {"market.slot_full"}
    with api.client.app.state.sessionmaker() as db:
        assert db.get(Slot, s["id"]).used == 6
