"""Who confirms that an applicant lives in Gwangyang.

The embedded default is an officer of 민원봉사과 (the desk screen): the citizen declares a
읍면동, the officer checks it against the resident registry they already use, and approves.
A deployment with an online registry check (행정정보 공동이용) plugs an object with the same
`confirm` method in `REGISTRY`; it never receives a 주민등록번호 from us, only what the citizen
declared and the account's name.
"""
from __future__ import annotations

from typing import Protocol


class ResidenceRegistry(Protocol):
    def confirm(self, *, name: str, dong: str) -> bool | None:
        """True: confirmed (approve at once); False: not a resident (refuse);
        None: cannot tell (an officer decides)."""


class OfficerReview:
    def confirm(self, *, name: str, dong: str) -> bool | None:
        return None


REGISTRY: ResidenceRegistry = OfficerReview()
