"""보조금24 support conditions (myg_app/gov24/conditions.py): the semantics of each family,
table-driven, and real recorded services (tests/unit/data/gov24_conditions_sample.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from myg_app.gov24.conditions import LABELS, TRAITS, Person, audiences, income_label, judge

SAMPLE = json.loads((Path(__file__).parent / "data" / "gov24_conditions_sample.json")
                    .read_text(encoding="utf-8"))["records"]
ALL_INCOME = {f"JA020{i}": "Y" for i in range(1, 6)}


def verdict(conditions: dict, **person) -> tuple[str, list[str]]:
    traits = frozenset(person.pop("traits", ()))
    v = judge(conditions, Person(traits=traits, **person))
    return v.eligibility, v.reasons


@pytest.mark.parametrize(("conditions", "person", "expected"), [
    # Gender: one flag restricts; both or none do not.
    ({"JA0102": "Y"}, {"gender": "F"}, "eligible"),
    ({"JA0102": "Y"}, {"gender": "M"}, "no"),
    ({"JA0102": "Y"}, {}, "check"),
    ({"JA0101": "Y", "JA0102": "Y"}, {"gender": "M"}, "eligible"),
    # Age: inclusive bounds, 120 = no upper bound, null = no bound.
    ({"JA0110": 19, "JA0111": 34}, {"age": 19}, "eligible"),
    ({"JA0110": 19, "JA0111": 34}, {"age": 34}, "eligible"),
    ({"JA0110": 19, "JA0111": 34}, {"age": 35}, "no"),
    ({"JA0110": 19, "JA0111": 34}, {"age": 18}, "no"),
    ({"JA0110": 65, "JA0111": 120}, {"age": 101}, "eligible"),
    ({"JA0110": None, "JA0111": 12}, {"age": 0}, "eligible"),
    ({"JA0110": 65, "JA0111": 120}, {}, "check"),
    ({"JA0110": 0, "JA0111": 120}, {}, "eligible"),  # bounds that bound nothing
    # Income bands: alternatives; all five = no restriction; unknown = check.
    ({"JA0201": "Y", "JA0202": "Y"}, {"income_band": 2}, "eligible"),
    ({"JA0201": "Y", "JA0202": "Y"}, {"income_band": 3}, "no"),
    ({"JA0201": "Y"}, {}, "check"),
    (ALL_INCOME, {}, "eligible"),
    # Personal traits: one family of alternatives; JA0322 (해당사항없음) lifts it.
    ({"JA0302": "Y", "JA0303": "Y"}, {"traits": ["new_baby"]}, "eligible"),
    ({"JA0302": "Y", "JA0303": "Y"}, {"traits": ["farmer"]}, "no"),
    ({"JA0302": "Y", "JA0303": "Y"}, {}, "no"),  # a trait not listed is one not had
    ({"JA0317": "Y", "JA0328": "Y"}, {"traits": ["disabled"]}, "eligible"),
    ({"JA0328": "Y", "JA0322": "Y"}, {}, "eligible"),
    # Household traits: JA0410 (해당사항없음) lifts it; one person is a 1인가구.
    ({"JA0404": "Y"}, {"household_size": 1}, "eligible"),
    ({"JA0404": "Y"}, {"household_size": 3}, "no"),
    ({"JA0404": "Y"}, {"traits": ["lives_alone"]}, "eligible"),
    ({"JA0403": "Y", "JA0410": "Y"}, {}, "eligible"),
    ({"JA0412": "Y"}, {"traits": ["no_house"]}, "eligible"),
    # Small businesses and organisations.
    ({"JA1102": "Y"}, {"traits": ["small_business"]}, "eligible"),
    ({"JA1102": "Y"}, {}, "no"),
    ({"JA1101": "Y"}, {"traits": ["small_business"]}, "no"),  # for those about to start
    ({"JA1102": "Y", "JA1201": "Y"}, {"traits": ["small_business"]}, "check"),  # 업종 unknown
    ({"JA2101": "Y"}, {"traits": ["small_business"]}, "no"),
    ({}, {}, "eligible"),
])
def test_each_family(conditions, person, expected):
    assert verdict(conditions, **person)[0] == expected


def test_reasons_say_why_in_korean():
    conditions = {"JA0110": 19, "JA0111": 34, "JA0404": "Y", "JA0201": "Y", "JA0202": "Y"}
    state, reasons = verdict(conditions, age=25, household_size=1)
    assert state == "check"
    assert reasons == ["만 19~34세 ✓", "기준중위소득 75% 이하: 소득 확인 필요", "1인가구 ✓"]
    assert verdict(conditions, age=40)[1] == ["만 19~34세 대상"]


def test_income_ranges_read_as_people_say_them():
    assert income_label({"JA0201", "JA0202", "JA0203"}) == "기준중위소득 100% 이하"
    assert income_label({"JA0203", "JA0204"}) == "기준중위소득 76~200%"
    assert income_label({"JA0205"}) == "기준중위소득 200% 초과"
    assert income_label({"JA0201", "JA0204"}) == "기준중위소득 50% 이하·101~200%"


def test_every_trait_answers_a_labelled_flag():
    assert set(TRAITS.values()) <= set(LABELS)
    assert len(TRAITS) == 25


def test_real_services():
    r = SAMPLE
    # 유아학비: ages 3 to 5, nothing else.
    assert verdict(r["age_3_5"], age=4)[0] == "eligible"
    assert verdict(r["age_3_5"], age=6)[0] == "no"
    # 청년주택드림 청약통장: 19–34 and a household without a house.
    assert verdict(r["youth_19_34"], age=28, traits=["no_house"])[0] == "eligible"
    assert verdict(r["youth_19_34"], age=28)[0] == "no"
    # 홀몸 어르신 사랑의 음료: 65+, living alone, income 50 % or less (unknown: check).
    state, reasons = verdict(r["lives_alone_only"], age=78, household_size=1)
    assert state == "check" and "1인가구 ✓" in reasons and "만 65세 이상 ✓" in reasons
    assert verdict(r["lives_alone_only"], age=78, household_size=1, income_band=1)[0] == "eligible"
    assert verdict(r["lives_alone_only"], age=78, household_size=2, income_band=1)[0] == "no"
    # 출산전후급여: women who gave birth or adopted.
    assert verdict(r["pregnant_or_birth"], age=31, gender="F", traits=["new_baby"])[0] == "eligible"
    assert verdict(r["pregnant_or_birth"], age=31, gender="M", traits=["new_baby"])[0] == "no"
    # 초·중·고 교육비: pupils 6–18 from households under 100 %; 한부모 with 해당사항없음 lifts it.
    pupil = dict(age=12, traits=["student_middle"], income_band=2)
    assert verdict(r["income_to_100"], **pupil)[0] == "eligible"
    # 녹색기업지원 특례보증: a 소상공인 or a company; a person only as a 소상공인.
    assert audiences(r["business"]) == {"business", "organisation"}
    assert verdict(r["business"], age=50, traits=["small_business"])[0] == "eligible"  # any 업종
    assert verdict(r["business"], age=50)[0] == "no"
    # 산지 유통자금 융자: companies only.
    assert verdict(r["organisation"], age=50, traits=["small_business"])[0] == "no"
    # 국적업무: everyone.
    assert verdict(r["everyone"]) == ("eligible", ["누구나 대상"])
