"""How an information screen's route answers from a public-data adapter: the figures with a
SourceInfo (contracts/publicdata.py), a 503 in Korean when nothing can be served, and the
bundled sample, labelled as one, when the server has no key for the API.

The operator's message of a PublicDataError (it names the key's environment variable, the
result code) goes to the log; a citizen reads only that the information cannot be had now."""
from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from myg_app.contracts.publicdata import SourceInfo
from myg_app.i18n import msg
from myg_app.server.errors import AppError
from myg_app.server.publicdata.client import PublicDataError, PublicDataPending, Result

log = logging.getLogger(__name__)

SAMPLE_NOTICE = ("예시 자료입니다. 서버에 {name} 인증키가 설정되지 않아 실제 정보가 아닌 "
                 "예시를 보여 드립니다.")
# A screen asks again after this when it got a 503 for a pending answer (Retry-After).
PENDING_RETRY_S = 3


def live_source(name: str, result: Result[Any]) -> SourceInfo:
    return SourceInfo(name=name, kind="live", published_at=result.published_at,
                      fetched_at=result.fetched_at, age_text=result.age_text(),
                      stale=result.stale, notice=result.notice)


def sample_source(name: str, published_at: datetime | None = None) -> SourceInfo:
    """Bundled sample data: always says so, whatever the screen shows around it."""
    age = f"예시 자료 ({published_at:%Y-%m-%d %H:%M} 기준)" if published_at else "예시 자료"
    return SourceInfo(name=name, kind="sample", published_at=published_at,
                      fetched_at=None, age_text=age, stale=False,
                      notice=SAMPLE_NOTICE.format(name=name))


def unavailable(name: str, e: PublicDataError) -> AppError:
    """The problem a route raises when the adapter had nothing to serve (no earlier answer)."""
    if isinstance(e, PublicDataPending):
        return AppError(503, "publicdata.pending",
                        msg("{name} 정보를 받아 오는 중입니다. 잠시 후 다시 시도해 주세요.", name=name),
                        headers={"Retry-After": str(PENDING_RETRY_S)})
    log.warning("%s unavailable: %s", name, e)  # the operator's message; the key is scrubbed
    retry = int(e.retry_after) if e.retry_after else 60
    return AppError(503, "publicdata.unavailable",
                    msg("{name} 정보를 지금 받을 수 없습니다. 잠시 후 다시 시도해 주세요.", name=name),
                    headers={"Retry-After": str(max(1, retry))})
