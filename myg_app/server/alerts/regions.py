"""Does a 긴급재난문자 concern 광양시, and which of its 읍면동?

A message's 수신지역 (`RCPTN_RGN_NM`) is a comma-separated list of areas, each "시도 [시군구
[읍면동]]" or "시도 전체", often with a trailing space ("전라남도 신안군 "). Since 2026
전라남도 and 광주광역시 are one 전남광주통합특별시; messages may carry the old or the new name.
The former 광주광역시's own areas (its 구) are not 광양's, under either name.

| area (one item of RCPTN_RGN_NM)                                   | applies | dongs_of        |
|-------------------------------------------------------------------|---------|-----------------|
| 전라남도 광양시 / 전남 광양시 / 전남광주통합특별시 광양시 / 광양시  | yes     | None (the city) |
| … 광양시 전체                                                     | yes     | None            |
| … 광양시 중마동 (one of the 12 읍면동, gwangyang/dongs.py)         | yes     | {"중마동"}      |
| … 광양시 <a sub-area not among the 12>                            | yes     | None (¹)        |
| 전라남도 전체 / 전남 전체 / 전남광주통합특별시 전체 / the 시도 alone | yes     | None            |
| 전국 (the whole country)                                          | yes     | None            |
| 전라남도 순천시 / 전남광주통합특별시 여수시 (another 시군 of ours) | no      | set()           |
| 전남광주통합특별시 서구 (a 구 of the former 광주광역시)            | no      | set()           |
| 광주광역시 전체 / 광주광역시 북구 (the former metropolitan city)   | no      | set()           |
| 경상남도 하동군 / 경기도 광주시 신현동 (another 시도)              | no      | set()           |

(¹) a 법정동 or a place name we do not know: the message is for part of 광양, we cannot tell
which, so the whole city gets it rather than nobody.

`dongs_of` answers None for "the whole city", a set of 읍면동 names for part of it, and an empty
set when the area is not 광양's at all; so `applies_to_gwangyang(r) == (dongs_of(r) != set())`.
Both take one area or a comma-separated list (a whole RCPTN_RGN_NM); `dongs_of_regions` takes
the already split `DisasterMessage.regions`.
"""
from __future__ import annotations

from collections.abc import Iterable

from myg_app.gwangyang import dongs

# The 시도 광양시 belongs to, under its old and its 2026 name (and their short forms).
PROVINCE_NAMES = frozenset({"전라남도", "전남", "전남광주통합특별시"})
CITY_NAMES = frozenset({"광양시", "광양"})
WHOLE = "전체"
COUNTRY = "전국"


def _is_province(token: str) -> bool:
    # "전남광주…": a shortened form of the special city's name counts too; 광주광역시 does not.
    return token in PROVINCE_NAMES or token.startswith("전남광주")


def _area(area: str) -> set[str] | None:
    """One area: None (the whole city), the 읍면동 concerned, or set() (not 광양's)."""
    tokens = area.split()
    if not tokens:
        return set()
    if tokens[0] == COUNTRY:
        return None
    if tokens[0] in CITY_NAMES:
        rest = tokens[1:]
    elif _is_province(tokens[0]):
        if len(tokens) == 1 or tokens[1] == WHOLE:
            return None  # the whole province, 광양 included
        if tokens[1] not in CITY_NAMES:
            return set()  # another 시군 of the province, or a 구 of the former 광주광역시
        rest = tokens[2:]
    else:
        return set()  # another 시도, 광주광역시 included
    if not rest or rest[0] == WHOLE:
        return None
    if rest[0] in dongs.BY_NAME:
        return {rest[0]}
    return None  # (¹) part of 광양 we cannot place: the whole city


def dongs_of_regions(regions: Iterable[str]) -> set[str] | None:
    """The union over several areas: None as soon as one concerns the whole city."""
    out: set[str] = set()
    for area in regions:
        found = _area(area)
        if found is None:
            return None
        out |= found
    return out


def dongs_of(region: str) -> set[str] | None:
    """None: the whole of 광양시; a set of 읍면동 names: only those; set(): not 광양's."""
    return dongs_of_regions((region or "").split(","))


def applies_to_gwangyang(region: str) -> bool:
    return dongs_of(region) != set()
