"""버스 정보 rules: searching stops, a stop's arrivals (seconds counted down by the answer's
age), a route's stops, and favourite stops. The figures come from sources.py (TAGO or the
bundled sample); this module only shapes them into the contracts."""
from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from myg_app.contracts import bus as c
from myg_app.i18n import msg
from myg_app.server.auth.models import User
from myg_app.server.bus.models import BusFavourite
from myg_app.server.bus.sources import BusSource, Served, arrival_age
from myg_app.server.errors import AppError

# 광양시 with a margin (the city spans about 34.88–35.13 N, 127.53–127.80 E): a point outside
# has no 광양 stop near it, and is more likely a wrong fix than a citizen.
AREA = ((34.80, 35.20), (127.45, 127.90))
HOME_ARRIVALS = 3  # favourites whose next buses home shows
HOME_BUDGET_S = 1.5  # all of them together: home must not wait on TAGO


def search(source: BusSource, q: str) -> c.StopList:
    q = " ".join(q.split())
    if len(q) < 1:
        raise AppError(422, "bus.query", "정류장 이름이나 번호를 입력해 주세요.", field="q")
    served = source.stops(q)
    return c.StopList(items=served.value, source=served.source)


def near(source: BusSource, lat: float, lon: float) -> c.StopList:
    (lat_lo, lat_hi), (lon_lo, lon_hi) = AREA
    if not (lat_lo <= lat <= lat_hi and lon_lo <= lon <= lon_hi):
        raise AppError(422, "bus.outside", "광양시 안의 위치가 아닙니다. 정류장 이름으로 찾거나 "
                       "읍면동을 골라 주세요.", field="lat")
    served = source.near(lat, lon)
    return c.StopList(items=served.value, source=served.source)


def _arrivals(served: Served) -> list[c.Arrival]:
    return [c.Arrival(route_id=row.route_id, route_no=row.route_no, route_type=row.route_type,
                      stops_left=row.stops_left, seconds=left, minutes=left // 60,
                      vehicle_type=row.vehicle_type)
            for row, left in arrival_age(served.value, served.age_s)]


def arrivals(source: BusSource, stop_id: str) -> c.Arrivals:
    served = source.arrivals(stop_id)
    known = source.known_stop(stop_id)
    name = known.name if known else next((r.stop_name for r in served.value if r.stop_name),
                                         None)
    return c.Arrivals(stop_id=stop_id, stop_name=name, items=_arrivals(served),
                      source=served.source)


def route_stops(source: BusSource, route_id: str) -> c.RouteStops:
    served = source.route_stops(route_id)
    if not served.value:
        raise AppError(404, "bus.route_not_found", "이 노선의 정류장 정보를 찾지 못했습니다.")
    return c.RouteStops(route_id=route_id, route_no=source.route_no(route_id),
                        items=[c.RouteStop(order=r.order, stop=r.stop, direction=r.direction)
                               for r in served.value],
                        source=served.source)


# favourites ---------------------------------------------------------------------------------

def _stop(row: BusFavourite) -> c.Stop:
    return c.Stop(id=row.stop_id, name=row.name, no=row.stop_no, lat=row.lat, lon=row.lon)


def favourites(session: Session, user: User, source: BusSource | None = None) -> c.FavouriteList:
    """The citizen's favourite stops, oldest first; with `source`, the next buses of the first
    few (those home shows), all asked at once within one budget."""
    rows = session.scalars(select(BusFavourite).where(BusFavourite.user_id == user.id)
                           .order_by(BusFavourite.id)).all()
    served: dict[str, Served] = {}
    if source is not None and rows:
        # The reads are done: end the transaction before waiting on TAGO (up to the budget),
        # so that on SQLite, where every transaction holds the write lock, no writer waits.
        session.commit()
        served = source.prefetch_arrivals([r.stop_id for r in rows[:HOME_ARRIVALS]],
                                          HOME_BUDGET_S)
    items = []
    for row in rows:
        s = served.get(row.stop_id)
        items.append(c.Favourite(stop=_stop(row), arrivals=_arrivals(s) if s else None,
                                 source=s.source if s else None))
    return c.FavouriteList(items=items)


def add_favourite(session: Session, user: User, stop_id: str, body: c.FavouriteIn
                  ) -> tuple[c.Favourite, bool]:
    """Saves the stop (its name and place as the screen showed them); (favourite, created).
    Saving one already saved updates its name and place and is not an error."""
    row = session.scalar(select(BusFavourite).where(BusFavourite.user_id == user.id,
                                                    BusFavourite.stop_id == stop_id))
    created = row is None
    if row is None:
        count = session.scalar(select(func.count()).select_from(BusFavourite)
                               .where(BusFavourite.user_id == user.id)) or 0
        if count >= c.MAX_FAVOURITES:
            raise AppError(409, "bus.too_many", msg("즐겨찾는 정류장은 {MAX_FAVOURITES}곳까지 저장할 수 있습니다. 쓰지 않는 정류장을 먼저 빼 주세요.", MAX_FAVOURITES=c.MAX_FAVOURITES))
        row = BusFavourite(user_id=user.id, stop_id=stop_id)
    row.name = body.name.strip()
    row.stop_no, row.lat, row.lon = body.no, body.lat, body.lon
    if created:
        try:
            with session.begin_nested():
                session.add(row)
        except IntegrityError:  # a parallel PUT saved it first: it is saved, as asked
            row = session.scalar(select(BusFavourite).where(
                BusFavourite.user_id == user.id, BusFavourite.stop_id == stop_id))
            created = False
    session.flush()
    return c.Favourite(stop=_stop(row)), created


def remove_favourite(session: Session, user: User, stop_id: str) -> None:
    """Idempotent: removing a stop that is not saved is not an error (a retried DELETE)."""
    session.execute(delete(BusFavourite).where(BusFavourite.user_id == user.id,
                                               BusFavourite.stop_id == stop_id))
