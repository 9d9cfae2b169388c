"""키오스크 로그인 (RFC 8628 device authorization grant): what the citizen's phone sends and
sees when it approves a kiosk's sign-in. The kiosk's own calls (/oidc/device_authorization,
/oidc/token) are OAuth form posts, not these models."""
from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, StrictBool, StringConstraints

from myg_app.contracts.types import refuse_control

# RFC 8628 6.1: 20 consonants, no vowels (no words), no look-alike digits.
USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ"
USER_CODE_LENGTH = 8  # shown as XXXX-XXXX
_SEPARATORS = re.compile(r"[\s\-]")
USER_CODE_MESSAGE = "키오스크 화면의 8자리 코드(예: BCDF-GHJK)를 입력해 주세요."

DeviceStatus = Literal["pending", "approved", "denied", "expired", "used"]


def normalize_user_code(value: str) -> str:
    """"bcdf ghjk", "BCDFGHJK", "bcdf-ghjk" -> "BCDF-GHJK"; anything else is refused."""
    raw = _SEPARATORS.sub("", value).upper()
    if len(raw) != USER_CODE_LENGTH or any(c not in USER_CODE_ALPHABET for c in raw):
        raise ValueError(USER_CODE_MESSAGE)
    return f"{raw[:4]}-{raw[4:]}"


# What a person types: lower case, spaces and a missing dash are fine; control characters and
# other letters are a Korean 422.
UserCode = Annotated[str, StringConstraints(min_length=1, max_length=20),
                     AfterValidator(refuse_control), AfterValidator(normalize_user_code)]


class DeviceGrantOut(BaseModel):
    """A kiosk's sign-in request as the phone shows it on "키오스크 로그인 승인"."""

    user_code: str
    kiosk_place: str | None = None  # e.g. "광양시청 민원실"
    requested_at: datetime
    expires_at: datetime
    status: DeviceStatus


class DeviceDecision(BaseModel):
    user_code: UserCode
    approve: StrictBool  # true: sign the kiosk in; false: refuse
