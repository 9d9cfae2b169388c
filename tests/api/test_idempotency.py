"""The one idempotency path (idempotency.once): claim the key first, then create; a retry or a
parallel duplicate gets the first answer; a failure releases the key. On both databases."""
from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from pydantic import BaseModel
from sqlalchemy import func, select

from myg_app.server import idempotency
from myg_app.server.errors import AppError
from myg_app.server.sos.models import SosRequest
from tests.api.conftest import assert_problem
from tests.api.reports_helpers import make_user, png, upload

PARALLEL = 5


class Answer(BaseModel):
    n: int


def _claim(key: str = "k-1", body: str = "{}") -> idempotency.Claim:
    return idempotency.Claim(key, "user:1", "POST", "/api/v1/things",
                             idempotency.fingerprint("secret", body))


def _encode(a: Answer) -> tuple[int, str]:
    return 201, a.model_dump_json()


def _run(api, claim, make):
    with api.client.app.state.sessionmaker() as s:
        out = idempotency.once(s, claim, lambda: make(s), _encode)
        s.commit()
        return out


def test_first_call_creates_and_a_retry_replays_it(api):
    calls = []

    def make(_s):
        calls.append(1)
        return Answer(n=len(calls))

    first = _run(api, _claim(), make)
    again = _run(api, _claim(), make)
    assert first == Answer(n=1) and len(calls) == 1
    assert isinstance(again, idempotency.Stored) and again.status_code == 201
    assert Answer.model_validate_json(again.body) == first


def test_without_a_key_every_call_creates(api):
    calls = []
    for _ in range(2):
        _run(api, None, lambda _s: calls.append(1) or Answer(n=len(calls)))
    assert len(calls) == 2


def test_same_key_with_another_body_is_refused(api):
    _run(api, _claim(body='{"a":1}'), lambda _s: Answer(n=1))
    with pytest.raises(idempotency.IdempotencyMismatch) as e:
        _run(api, _claim(body='{"a":2}'), lambda _s: Answer(n=2))
    assert e.value.status == 422 and e.value.code == "idempotency.mismatch"


def test_a_failed_attempt_releases_the_key(api):
    def fail(_s):
        raise AppError(409, "things.full", "자리가 없습니다.")

    with api.client.app.state.sessionmaker() as s:
        with pytest.raises(AppError):
            idempotency.once(s, _claim(), lambda: fail(s), _encode)
        s.rollback()  # what the request's session does on an error
    assert _run(api, _claim(), lambda _s: Answer(n=7)) == Answer(n=7)


def test_parallel_duplicates_make_once_and_all_get_the_first_answer(api):
    calls = []
    lock = threading.Lock()
    start = threading.Barrier(PARALLEL)

    def make(_s):
        with lock:
            calls.append(1)
        return Answer(n=len(calls))

    def attempt(_):
        start.wait()
        out = _run(api, _claim("parallel"), make)
        return out if isinstance(out, Answer) else Answer.model_validate_json(out.body)

    with ThreadPoolExecutor(PARALLEL) as pool:
        answers = list(pool.map(attempt, range(PARALLEL)))
    assert len(calls) == 1
    assert all(a == Answer(n=1) for a in answers)


# --- per endpoint: the creating endpoints without a parallel test of their own ----------

def test_parallel_same_key_sos_makes_one_request(api):
    key = str(uuid.uuid4())
    body = {"kind": "livelihood", "phone": "010-2345-6789", "location": "중마동",
            "note": "도와주세요", "consent": True}

    def post(_):
        return api.client.post("/api/v1/sos/requests", json=body, headers={"Idempotency-Key": key})

    with ThreadPoolExecutor(PARALLEL) as pool:
        answers = list(pool.map(post, range(PARALLEL)))
    assert {r.status_code for r in answers} == {201}, [r.text for r in answers]
    assert len({r.json()["id"] for r in answers}) == 1
    with api.client.app.state.sessionmaker() as s:
        assert s.scalar(select(func.count()).select_from(SosRequest)) == 1


def test_parallel_same_key_photo_upload_stores_one_photo(api):
    citizen = make_user(api)
    key = str(uuid.uuid4())
    photo = png()
    with ThreadPoolExecutor(PARALLEL) as pool:
        answers = list(pool.map(lambda _: upload(api, citizen["headers"], photo, "p.png", key=key),
                                range(PARALLEL)))
    assert {r.status_code for r in answers} == {201}, [r.text for r in answers]
    assert len({r.json()["token"] for r in answers}) == 1


def test_a_changed_body_under_a_used_key_is_a_problem(api):
    key = str(uuid.uuid4())
    body = {"kind": "livelihood", "phone": "010-2345-6789", "consent": True}
    first = api.client.post("/api/v1/sos/requests", json=body, headers={"Idempotency-Key": key})
    assert first.status_code == 201, first.text
    other = api.client.post("/api/v1/sos/requests", json=body | {"phone": "010-1111-2222"},
                            headers={"Idempotency-Key": key})
    assert_problem(other, 422, "idempotency.mismatch")
