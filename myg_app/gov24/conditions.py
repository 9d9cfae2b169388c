"""보조금24 support conditions (the `JA` codes of the gov24 `supportConditions` API) and who
meets them: one documented table, one judge.

The semantics, checked against the 1,097 recorded services (../shared/data/gov24 at build
time; see tests/unit/test_gov24_conditions.py):

- A flag is "Y" or null. The flags of one family are alternatives: a person meets the family
  when they have any of the set traits.
- A family restricts nothing when none of its flags is set, when all of them are set, or when
  its "해당사항없음" code is set (JA0322 for personal traits, JA0410 for the household): in the
  records these come with every other flag of the family set.
- JA0110 / JA0111 are inclusive age bounds in years (만 나이); either may be null, and 120
  means no upper bound.
- Personal traits (JA03xx) are one family, household traits (JA04xx) another: 보조금24 asks
  each as one multiple-choice question. Gender, the income band, business status (JA11xx) and
  business type (JA12xx) are a family each.
- Which families a service fills in says whom it is for (`audiences`): people (gender, age,
  income, JA03xx, JA04xx), small businesses (JA11xx/12xx) or organisations (JA21xx/22xx:
  companies, facilities, associations). A person meets a service through any audience they
  belong to (a 소상공인 through `small_business`); an organisations-only one, never.
- What a person did not say cannot decide a condition: no gender, age or income band, or a
  business type the profile does not hold, gives "check" (조건 확인 필요), not a refusal.
  Traits are answers: a trait not listed is one the person does not have.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

NO_UPPER_AGE = 120

# The trait vocabulary of the API (`traits`), each with the JA flag it answers.
TRAITS: dict[str, str] = {
    "planning_pregnancy": "JA0301", "pregnant": "JA0302", "new_baby": "JA0303",
    "farmer": "JA0313", "fisher": "JA0314", "livestock": "JA0315", "forestry": "JA0316",
    "student_elementary": "JA0317", "student_middle": "JA0318", "student_high": "JA0319",
    "student_university": "JA0320", "worker": "JA0326", "job_seeker": "JA0327",
    "disabled": "JA0328", "veteran": "JA0329", "patient": "JA0330",
    "multicultural": "JA0401", "defector": "JA0402", "single_parent": "JA0403",
    "lives_alone": "JA0404", "many_children": "JA0411", "no_house": "JA0412",
    "new_resident": "JA0413", "extended_family": "JA0414",
    "small_business": "JA1102",
}

LABELS: dict[str, str] = {
    "JA0101": "남성", "JA0102": "여성",
    "JA0201": "기준중위소득 50% 이하", "JA0202": "기준중위소득 51~75%",
    "JA0203": "기준중위소득 76~100%", "JA0204": "기준중위소득 101~200%",
    "JA0205": "기준중위소득 200% 초과",
    "JA0301": "예비부모·난임", "JA0302": "임산부", "JA0303": "출산·입양",
    "JA0313": "농업인", "JA0314": "어업인", "JA0315": "축산업인", "JA0316": "임업인",
    "JA0317": "초등학생", "JA0318": "중학생", "JA0319": "고등학생", "JA0320": "대학생·대학원생",
    "JA0322": "해당사항없음", "JA0326": "근로자·직장인", "JA0327": "구직자·실업자",
    "JA0328": "장애인", "JA0329": "국가보훈대상자", "JA0330": "질병·질환자",
    "JA0401": "다문화가족", "JA0402": "북한이탈주민", "JA0403": "한부모·조손가정",
    "JA0404": "1인가구", "JA0410": "해당사항없음", "JA0411": "다자녀가구", "JA0412": "무주택세대",
    "JA0413": "신규전입", "JA0414": "확대가족",
    "JA1101": "예비창업자", "JA1102": "영업 중", "JA1103": "생계곤란·폐업예정",
    "JA1201": "음식점업", "JA1202": "제조업", "JA1299": "기타업종",
    "JA2101": "중소기업", "JA2102": "사회복지시설", "JA2103": "기관·단체",
    "JA2201": "제조업", "JA2202": "농업·임업·어업", "JA2203": "정보통신업", "JA2299": "기타업종",
}


@dataclass(frozen=True)
class Family:
    name: str  # how a reason names it ("소득")
    codes: tuple[str, ...]
    none_code: str | None = None  # "해당사항없음": set means no restriction


GENDER = Family("성별", ("JA0101", "JA0102"))
INCOME = Family("소득", ("JA0201", "JA0202", "JA0203", "JA0204", "JA0205"))
PERSONAL = Family("개인 특성", ("JA0301", "JA0302", "JA0303", "JA0313", "JA0314", "JA0315",
                                "JA0316", "JA0317", "JA0318", "JA0319", "JA0320", "JA0326",
                                "JA0327", "JA0328", "JA0329", "JA0330"), none_code="JA0322")
HOUSEHOLD = Family("가구 특성", ("JA0401", "JA0402", "JA0403", "JA0404", "JA0411", "JA0412",
                                 "JA0413", "JA0414"), none_code="JA0410")
BUSINESS_STATUS = Family("창업 상태", ("JA1101", "JA1102", "JA1103"))
BUSINESS_TYPE = Family("업종", ("JA1201", "JA1202", "JA1299"))
ORGANISATION = Family("법인·단체", ("JA2101", "JA2102", "JA2103", "JA2201", "JA2202", "JA2203",
                                   "JA2299"))
FAMILIES = (GENDER, INCOME, PERSONAL, HOUSEHOLD, BUSINESS_STATUS, BUSINESS_TYPE, ORGANISATION)
# The business types a 소상공인 programme may be for (the API's `business_type`).
BUSINESS_TYPE_FLAGS = {"restaurant": "JA1201", "manufacturing": "JA1202", "other": "JA1299"}
INCOME_BANDS = {1: "JA0201", 2: "JA0202", 3: "JA0203", 4: "JA0204", 5: "JA0205"}

Eligibility = Literal["eligible", "check", "no"]


@dataclass(frozen=True)
class Person:
    """What a person told the app; None is "not said"."""
    age: int | None = None
    gender: Literal["M", "F"] | None = None
    income_band: int | None = None  # 1-5: 기준중위소득 0–50 / 51–75 / 76–100 / 101–200 / >200 %
    household_size: int | None = None
    traits: frozenset[str] = frozenset()

    def flags(self) -> set[str]:
        out = {TRAITS[t] for t in self.traits}
        if self.household_size == 1:
            out.add("JA0404")  # one person is a 1인가구, said or not
        return out


@dataclass
class Verdict:
    eligibility: Eligibility
    reasons: list[str] = field(default_factory=list)  # "만 19~34세 ✓", "소득 확인 필요"
    restricted: int = 0  # how many conditions the service sets: the more met, the better the fit

    @property
    def fit(self) -> tuple[int, int]:
        """Sort key, best first: eligible before check, then the more specific service."""
        return (0 if self.eligibility == "eligible" else 1, -self.restricted)


def is_set(conditions: Mapping[str, Any], code: str) -> bool:
    return conditions.get(code) == "Y"


def restriction(family: Family, conditions: Mapping[str, Any]) -> set[str] | None:
    """The flags a person must have one of, or None when the family restricts nothing."""
    if family.none_code and is_set(conditions, family.none_code):
        return None
    wanted = {c for c in family.codes if is_set(conditions, c)}
    if not wanted or wanted == set(family.codes):
        return None
    return wanted


def age_bounds(conditions: Mapping[str, Any]) -> tuple[int | None, int | None]:
    lo, hi = conditions.get("JA0110"), conditions.get("JA0111")
    lo = lo if isinstance(lo, int) and lo > 0 else None
    hi = hi if isinstance(hi, int) and hi < NO_UPPER_AGE else None
    return lo, hi


def age_label(lo: int | None, hi: int | None) -> str:
    if lo is not None and hi is not None:
        return f"만 {lo}~{hi}세" if lo != hi else f"만 {lo}세"
    return f"만 {lo}세 이상" if lo is not None else f"만 {hi}세 이하"


def _names(codes: set[str], family: Family) -> str:
    return "·".join(LABELS[c] for c in family.codes if c in codes)


def audiences(conditions: Mapping[str, Any]) -> set[str]:
    """Whom a service is for, by which families it fills in: "person" (gender, age, income,
    personal or household traits), "business" (JA11xx/12xx) and "organisation" (JA21xx/22xx).
    A service for a 소상공인 or a 중소기업 (녹색기업지원 특례보증) fills in both of the last two."""
    out = set()
    personal = GENDER.codes + INCOME.codes + PERSONAL.codes + HOUSEHOLD.codes + (
        PERSONAL.none_code, HOUSEHOLD.none_code)
    if any(is_set(conditions, c) for c in personal) or age_bounds(conditions) != (None, None):
        out.add("person")
    if any(is_set(conditions, c) for c in BUSINESS_STATUS.codes + BUSINESS_TYPE.codes):
        out.add("business")
    if any(is_set(conditions, c) for c in ORGANISATION.codes):
        out.add("organisation")
    return out


@dataclass(frozen=True)
class Compiled:
    """A service's conditions read once (a matcher judges thousands of services for each
    person): which audiences, the age bounds, and per family the flags one must have (None:
    no restriction), with the Korean labels the reasons use."""
    kinds: frozenset[str]
    lo: int | None
    hi: int | None
    genders: frozenset[str] | None
    bands: frozenset[str] | None
    personal: frozenset[str] | None
    household: frozenset[str] | None
    status: frozenset[str] | None
    business_types: frozenset[str] | None
    organisation: frozenset[str]
    labels: dict[str, str]  # "age", "gender", "income", "personal", "household", …


def compile_conditions(conditions: Mapping[str, Any]) -> Compiled:
    lo, hi = age_bounds(conditions)
    fams = {f.name: restriction(f, conditions) for f in (GENDER, INCOME, PERSONAL, HOUSEHOLD,
                                                            BUSINESS_STATUS, BUSINESS_TYPE)}
    frozen = {k: frozenset(v) if v is not None else None for k, v in fams.items()}
    labels: dict[str, str] = {}
    if lo is not None or hi is not None:
        labels["age"] = age_label(lo, hi)
    if fams[GENDER.name] is not None:
        labels["gender"] = _names(fams[GENDER.name], GENDER)
    if fams[INCOME.name] is not None:
        labels["income"] = income_label(fams[INCOME.name])
    for key, family in (("personal", PERSONAL), ("household", HOUSEHOLD),
                        ("status", BUSINESS_STATUS), ("business_types", BUSINESS_TYPE)):
        if fams[family.name] is not None:
            labels[key] = _names(fams[family.name], family)
    org = frozenset(_flags(ORGANISATION, conditions))
    if org:
        labels["organisation"] = _names(set(org), ORGANISATION)
    return Compiled(frozenset(audiences(conditions)), lo, hi, frozen[GENDER.name],
                    frozen[INCOME.name], frozen[PERSONAL.name], frozen[HOUSEHOLD.name],
                    frozen[BUSINESS_STATUS.name], frozen[BUSINESS_TYPE.name], org, labels)


def judge(conditions: Mapping[str, Any] | Compiled, person: Person) -> Verdict:
    """Does `person` meet a service's support conditions? Every condition the service sets is
    met ("eligible"), one or more cannot be decided from what the person said ("check"), or
    one is not met ("no"). The reasons say which, in Korean. A service for people and for
    small businesses is met either way; one only for organisations never by a person.
    `conditions` may be compiled already (compile_conditions)."""
    c = conditions if isinstance(conditions, Compiled) else compile_conditions(conditions)
    if not c.kinds:
        return Verdict("eligible", ["누구나 대상"])
    verdicts = []
    if "person" in c.kinds:
        verdicts.append(_as_person(c, person))
    if "business" in c.kinds:
        verdicts.append(_as_business(c, person))
    if not verdicts:
        return Verdict("no", [f"법인·단체 대상 ({c.labels['organisation']})"])
    met = [v for v in verdicts if v.eligibility != "no"]
    return min(met, key=lambda v: v.fit) if met else verdicts[0]


def _flags(family: Family, conditions: Mapping[str, Any]) -> set[str]:
    return {c for c in family.codes if is_set(conditions, c)}


def _as_business(c: Compiled, person: Person) -> Verdict:
    if "small_business" not in person.traits:
        return Verdict("no", ["소상공인 대상"])
    reasons, restricted = ["소상공인 ✓"], 1
    if c.status is not None and "JA1102" not in c.status:
        return Verdict("no", [f"{c.labels['status']} 대상"])
    if c.business_types is None:
        return Verdict("eligible", reasons, restricted)
    # A profile holds no business type: the person checks it.
    return Verdict("check", reasons + [f"업종 {c.labels['business_types']}: 확인 필요"],
                   restricted + 1)


def _as_person(c: Compiled, person: Person) -> Verdict:
    reasons: list[str] = []
    unknown = False
    restricted = 0
    have = person.flags()

    # (label, the person's answer, whether it meets the condition, what to ask when unsaid)
    asked: list[tuple[str, object, Callable[[], bool], str]] = []
    if "age" in c.labels:
        asked.append((c.labels["age"], person.age, lambda: (c.lo is None or person.age >= c.lo)
                      and (c.hi is None or person.age <= c.hi), "나이"))
    if c.genders is not None:
        asked.append((c.labels["gender"], person.gender,
                      lambda: {"M": "JA0101", "F": "JA0102"}[person.gender] in c.genders, "성별"))
    if c.bands is not None:
        asked.append((c.labels["income"], person.income_band,
                      lambda: INCOME_BANDS.get(person.income_band) in c.bands, "소득"))
    for label, answer, meets, ask in asked:
        restricted += 1
        if answer is None:
            unknown = True
            reasons.append(f"{label}: {ask} 확인 필요")
        elif meets():
            reasons.append(f"{label} ✓")
        else:
            return Verdict("no", [f"{label} 대상"])

    for wanted, family, key in ((c.personal, PERSONAL, "personal"),
                                (c.household, HOUSEHOLD, "household")):
        if wanted is None:
            continue
        restricted += 1
        met = wanted & have
        if not met:
            return Verdict("no", [f"{c.labels[key]} 대상"])
        reasons.append(f"{_names(set(met), family)} ✓")

    if not reasons:
        reasons.append("누구나 대상")
    return Verdict("check" if unknown else "eligible", reasons, restricted)


def income_label(wanted: set[str]) -> str:
    """"기준중위소득 100% 이하" for the bands 1–3; contiguous bands read as one range."""
    bounds = {1: (0, 50), 2: (51, 75), 3: (76, 100), 4: (101, 200), 5: (200, None)}
    bands = sorted(b for b, c in INCOME_BANDS.items() if c in wanted)
    if bands != list(range(bands[0], bands[-1] + 1)):
        return "기준중위소득 " + "·".join(
            LABELS[INCOME_BANDS[b]].removeprefix("기준중위소득 ") for b in bands)
    lo, hi = bounds[bands[0]][0], bounds[bands[-1]][1]
    if hi is None:
        return f"기준중위소득 {lo}% 초과"
    return f"기준중위소득 {hi}% 이하" if lo == 0 else f"기준중위소득 {lo}~{hi}%"
