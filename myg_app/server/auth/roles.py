"""Who may act for a department: the one rule, FastAPI-free so services and the chat socket
use it too."""
from __future__ import annotations

from typing import Protocol


class Person(Protocol):
    role: str
    department: str | None


def is_officer(user: Person) -> bool:
    """Any city officer, or an admin (who acts for every department)."""
    return user.role in ("officer", "admin")


def may_act_for(user: Person, department: str | None) -> bool:
    return user.role == "admin" or (user.role == "officer" and department is not None
                                    and user.department == department)
