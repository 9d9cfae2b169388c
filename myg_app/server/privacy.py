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
