"""One masking rule everywhere (officer lists, logs): 홍*동, 010-****-5678, h***@example.com."""
from __future__ import annotations

import re


def mask_name(name: str) -> str:
    """Keep the first and last character: 홍길동 -> 홍*동, 남궁민수 -> 남**수, 김철 -> 김*."""
    name = name.strip()
    if len(name) <= 1:
        return "*" * len(name)
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_phone(phone: str) -> str:
    """Hide the middle group: 010-1234-5678 -> 010-****-5678, 01012345678 -> 010****5678."""
    phone = phone.strip()
    parts = phone.split("-")
    if len(parts) == 3:
        return f"{parts[0]}-{'*' * len(parts[1])}-{parts[2]}"
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 8:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_email(email: str) -> str:
    """First letter and domain only; a fixed "***" so the length is not revealed."""
    local, at, domain = email.strip().partition("@")
    if not at or not local:
        return "***"
    return f"{local[0]}***@{domain}"


# Free text (log lines): 주민등록번호-like numbers first (they would otherwise look like
# phone digits), then e-mail addresses, then Korean phone numbers. Letters or digits right
# next to a match mean it is part of something else (an id, a hash) and it is left alone.
_EDGE_L, _EDGE_R = r"(?<![0-9A-Za-z])", r"(?![0-9A-Za-z])"
_RRN = re.compile(_EDGE_L + r"\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\s?-?\s?[1-8]\d{6}"
                  + _EDGE_R)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PHONE = re.compile(_EDGE_L + r"(?:\+82[-. ]?|0)(?:1[016789]|2|[3-6][1-5]|70|50\d)"
                    r"[-. ]?\d{3,4}[-. ]?\d{4}" + _EDGE_R)


def _masked_phone(m: re.Match) -> str:
    parts = re.split(r"[-. ]", m.group(0))
    if len(parts) == 3:
        return mask_phone("-".join(parts))
    return mask_phone(m.group(0))


def mask_text(text: str) -> str:
    """Mask what looks like personal data in free text: 900101-1234567 -> ******-*******,
    hong@example.com -> h***@example.com, 010-1234-5678 -> 010-****-5678. Idempotent."""
    if not text:
        return text
    text = _RRN.sub("******-*******", text)
    if "@" in text:
        text = _EMAIL.sub(lambda m: mask_email(m.group(0)), text)
    return _PHONE.sub(_masked_phone, text)
