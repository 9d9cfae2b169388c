"""Parallel requests: the rules hold through database constraints and locks, on both backends."""
import uuid
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from myg_app.server.auth.models import User

from .conftest import PASSWORD

PARALLEL = 6


def test_parallel_retries_with_one_key_create_one_account(api):
    key = str(uuid.uuid4())
    body = {"email": "burst@example.com", "password": PASSWORD, "name": "동시요청"}

    def post(_):
        return api.client.post("/api/v1/auth/register", json=body, headers={"Idempotency-Key": key})

    with ThreadPoolExecutor(PARALLEL) as pool:
        answers = list(pool.map(post, range(PARALLEL)))
    assert {r.status_code for r in answers} == {201}
    # Every answer signs in to the one account the first attempt created.
    emails = {api.client.get("/api/v1/me", headers=api.bearer(r.json())).json()["email"]
              for r in answers}
    assert emails == {"burst@example.com"}
    with api.client.app.state.sessionmaker() as s:
        assert s.scalar(select(func.count()).select_from(User)) == 1


def test_parallel_menu_saves_never_mix(api):
    headers = api.bearer(api.register())
    menus = [["chat", "bus"], ["weather", "sos", "report"], ["alerts"], [], ["market", "chat"],
             ["bus", "hospital", "points", "survey"]]

    def put(items):
        return api.client.put("/api/v1/me/menu", json={"items": items}, headers=headers)

    with ThreadPoolExecutor(PARALLEL) as pool:
        answers = list(pool.map(put, menus))
    assert {r.status_code for r in answers} == {200}
    final = api.client.get("/api/v1/me/menu", headers=headers).json()["items"]
    assert final in menus  # one whole menu won; never a blend of two
