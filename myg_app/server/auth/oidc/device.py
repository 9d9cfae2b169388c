"""키오스크 로그인: the OAuth 2.0 Device Authorization Grant (RFC 8628). No HTTP here.

The kiosk (a public client: it keeps no secret) asks for a device code and shows the user
code and a QR of the approval address; the citizen approves on the MY광양 app of their own
phone; the kiosk's polls then get one access token of the app's own API, for a short session
that cannot be refreshed. That session is an ordinary app session (a refresh-token family) so
the citizen sees it in 로그인 기기 관리 and can end it there, but its refresh token is never
handed out and its stored hash matches no token at all. Polling follows RFC 8628 3.5:
`authorization_pending`, `slow_down` (+5 s, kept), `access_denied`, `expired_token`.
"""
from __future__ import annotations

import secrets
import uuid
from datetime import timedelta

from sqlalchemy import delete, exists, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from myg_app.contracts.device import USER_CODE_ALPHABET, DeviceGrantOut
from myg_app.contracts.types import clean_line
from myg_app.i18n import msg
from myg_app.server.auth import throttle, tokens as app_tokens
from myg_app.server.auth.models import RefreshToken, User
from myg_app.server.auth.oidc.common import OidcError, new_secret, sha256, words
from myg_app.server.auth.oidc.models import DeviceGrant
from myg_app.server.config import Settings
from myg_app.server.db import utcnow
from myg_app.server.errors import AppError

KIOSK_CLIENT_ID = "myg_kiosk"
GRANT_TYPE = "urn:ietf:params:oauth:grant-type:device_code"
EXPIRES_IN = 600  # seconds a device code waits for the citizen
INTERVAL = 5  # seconds between polls, until slow_down raises it
SLOW_DOWN_STEP = 5
KIOSK_SCOPES = ("openid", "profile")
PLACE_MAX = 40
PENDING, APPROVED, DENIED, USED = "pending", "approved", "denied", "used"
THROTTLE_SCOPE = "device:"  # wrong user codes, counted per account (auth.throttle's limits)


# --- the kiosk's side (OAuth errors) ---------------------------------------------------------
def start(session: Session, client_id: str | None, scope: str | None,
          kiosk_place: str | None) -> tuple[str, DeviceGrant]:
    """RFC 8628 3.1-3.2: a new device code (returned once, stored as sha256) and user code."""
    if client_id != KIOSK_CLIENT_ID:
        raise OidcError("invalid_client", "등록되지 않은 키오스크입니다.", 401)
    asked = words(scope or "") or list(KIOSK_SCOPES)
    if not set(asked) <= set(KIOSK_SCOPES):
        raise OidcError("invalid_scope", "키오스크는 openid profile 범위만 요청할 수 있습니다.")
    place = clean_line(kiosk_place or "").strip()
    if len(place) > PLACE_MAX:
        raise OidcError("invalid_request", f"kiosk_place는 {PLACE_MAX}자 이하여야 합니다.")
    now = utcnow()
    # Spent and expired requests go once no session can still need them (a kiosk session
    # lasts at most a day): the table stays small and user codes are free again.
    session.execute(delete(DeviceGrant).where(DeviceGrant.expires_at < now - timedelta(days=2)))
    device_code = new_secret()
    for _attempt in range(5):
        row = DeviceGrant(
            device_code_hash=sha256(device_code), user_code=_new_user_code(),
            client_id=client_id, scope=" ".join(s for s in KIOSK_SCOPES if s in asked),
            kiosk=True, kiosk_place=place or None, status=PENDING, interval_s=INTERVAL,
            expires_at=now + timedelta(seconds=EXPIRES_IN))
        try:
            with session.begin_nested():  # the unique index decides, also in parallel
                session.add(row)
                session.flush()
            return device_code, row
        except IntegrityError:
            continue  # one in 2.56e10: draw another user code
    raise OidcError("temporarily_unavailable", "잠시 후 다시 시도해 주세요.", 503)


def _new_user_code() -> str:
    raw = "".join(secrets.choice(USER_CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def poll(session: Session, settings: Settings, client_id: str | None,
         device_code: str | None) -> dict:
    """One poll of the token endpoint (RFC 8628 3.4-3.5): tokens once, or the OAuth error."""
    if client_id != KIOSK_CLIENT_ID:
        raise OidcError("invalid_client", "등록되지 않은 키오스크입니다.", 401)
    if not device_code:
        raise OidcError("invalid_request", "device_code가 필요합니다.")
    invalid = OidcError("invalid_grant", "로그인 요청을 찾을 수 없거나 이미 사용되었습니다. "
                                         "새 코드를 받아 주세요.")
    row = session.scalars(select(DeviceGrant).where(
        DeviceGrant.device_code_hash == sha256(device_code))).one_or_none()
    if row is None or row.client_id != client_id or row.status == USED:
        raise invalid
    now = utcnow()
    if row.expires_at <= now:
        raise OidcError("expired_token", "로그인 요청 시간이 지났습니다. 새 코드를 받아 주세요.")
    if row.status == DENIED:
        raise OidcError("access_denied", "휴대폰에서 로그인을 거절했습니다.")
    # Pace first, with a conditional update: of two polls inside one interval (parallel or
    # too quick) only one goes on; the other is told to slow down, and the interval grows.
    paced = session.execute(
        update(DeviceGrant)
        .where(DeviceGrant.id == row.id, DeviceGrant.interval_s == row.interval_s,
               or_(DeviceGrant.last_polled_at.is_(None),
                   DeviceGrant.last_polled_at <= now - timedelta(seconds=row.interval_s)))
        .values(last_polled_at=now).execution_options(synchronize_session=False)).rowcount
    if paced != 1:
        session.execute(update(DeviceGrant).where(DeviceGrant.id == row.id)
                        .values(interval_s=DeviceGrant.interval_s + SLOW_DOWN_STEP,
                                last_polled_at=now)
                        .execution_options(synchronize_session=False))
        raise OidcError("slow_down", f"너무 자주 확인했습니다. {row.interval_s + SLOW_DOWN_STEP}초 "
                                     "간격으로 확인해 주세요.")
    if row.status == PENDING:
        raise OidcError("authorization_pending", "휴대폰에서 승인하기를 기다리고 있습니다.")
    return _issue(session, settings, row, now, invalid)


def _issue(session: Session, settings: Settings, row: DeviceGrant, now, invalid) -> dict:
    family_id = str(uuid.uuid4())
    spent = session.execute(  # a code works once, also under parallel polls
        update(DeviceGrant)
        .where(DeviceGrant.id == row.id, DeviceGrant.status == APPROVED,
               DeviceGrant.expires_at > now)
        .values(status=USED, used_at=now, family_id=family_id)
        .execution_options(synchronize_session=False)).rowcount
    user = session.get(User, row.user_id) if spent == 1 and row.user_id else None
    if user is None or not user.is_active:
        raise invalid
    minutes = kiosk_minutes(settings)
    place = f"키오스크 · {row.kiosk_place}" if row.kiosk_place else "키오스크"
    # The session the citizen sees and can end. Its refresh token is never handed out, and the
    # stored value is not a sha256 (`x` is no hex digit): no presented token can match it.
    session.add(RefreshToken(user_id=user.id, token_hash="x" + secrets.token_hex(32)[:63],
                             family_id=family_id, expires_at=now + timedelta(minutes=minutes),
                             device_name=place[:60]))
    session.flush()
    # The app's own access token (unchanged issuer), only with the kiosk's shorter lifetime.
    short = settings.model_copy(update={"access_token_minutes": minutes})
    return {"access_token": app_tokens.create_access_token(short, user.id, user.role, family_id),
            "token_type": "Bearer", "expires_in": minutes * 60, "scope": row.scope,
            "kiosk": True}


def kiosk_minutes(settings: Settings) -> int:
    return min(settings.access_token_minutes, settings.kiosk_session_minutes)


def is_kiosk_session(session: Session, family_id: str) -> bool:
    return bool(session.scalar(select(exists().where(
        DeviceGrant.family_id == family_id, DeviceGrant.kiosk.is_(True)))))


# --- the phone's side (problem+json) ---------------------------------------------------------
def find_for_phone(session: Session, settings: Settings, user: User, sid: str,
                   user_code: str) -> DeviceGrant:
    """The request behind a (normalised) user code. Wrong codes count against the account:
    a few wrong guesses a quarter of an hour, like failed sign-ins."""
    if is_kiosk_session(session, sid):
        raise AppError(403, "device.kiosk_session",
                       "키오스크에서는 로그인을 승인할 수 없습니다. 휴대폰의 MY광양 앱에서 승인해 주세요.")
    who = f"user:{user.id}"
    try:
        throttle.check(session, settings, who, None, scope=THROTTLE_SCOPE)
    except throttle.Throttled as t:
        raise AppError(429, "device.throttled",
                       msg("코드를 여러 번 잘못 입력했습니다. {max}분 후에 다시 시도해 주세요.", max=t.minutes), headers={"Retry-After": str(t.retry_after)}) from None
    row = session.scalars(select(DeviceGrant).where(
        DeviceGrant.user_code == user_code)).one_or_none()
    if row is None:
        throttle.record(session, settings, who, None, scope=THROTTLE_SCOPE)
        session.commit()  # the count must survive the refusal (the request rolls back)
        raise AppError(404, "device.not_found", "키오스크 화면의 코드를 찾을 수 없습니다. "
                       "코드를 다시 확인하거나 키오스크에서 새 코드를 받아 주세요.", field="user_code")
    return row


def decide(session: Session, row: DeviceGrant, user: User, approve: bool) -> DeviceGrant:
    """Approve or refuse, once: a conditional update, so two phones cannot both decide."""
    now = utcnow()
    done = session.execute(
        update(DeviceGrant)
        .where(DeviceGrant.id == row.id, DeviceGrant.status == PENDING,
               DeviceGrant.expires_at > now)
        .values(status=APPROVED if approve else DENIED, user_id=user.id, decided_at=now)
        .execution_options(synchronize_session=False)).rowcount
    session.refresh(row)
    if done != 1:
        if status_of(row) == "expired":
            raise AppError(410, "device.expired", "시간이 지난 요청입니다. 키오스크에서 새 코드를 받아 주세요.")
        raise AppError(409, "device.decided", "이미 승인하거나 거절한 요청입니다.")
    return row


def status_of(row: DeviceGrant) -> str:
    if row.status in (PENDING, APPROVED) and row.expires_at <= utcnow():
        return "expired"
    return row.status


def out(row: DeviceGrant) -> DeviceGrantOut:
    return DeviceGrantOut(user_code=row.user_code, kiosk_place=row.kiosk_place,
                          requested_at=row.created_at, expires_at=row.expires_at,
                          status=status_of(row))  # type: ignore[arg-type]
