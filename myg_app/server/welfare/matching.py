"""보조금24 맞춤혜택: which services' support conditions a person meets (gov24/conditions.py
holds the table and the judge), the stored profile of a citizen who agreed to keep it, and
the notice sent when an import brings a service that fits an opted-in citizen."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from myg_app.contracts import welfare as c
from myg_app.contracts.profile import DONGS, PROFILE_CONSENT
from myg_app.gov24 import conditions as ja
from myg_app.server.auth.models import User
from myg_app.server.errors import AppError
from myg_app.server.notices.service import notify
from myg_app.server.profile import service as profiles
from myg_app.server.welfare import index_cache
from myg_app.server.welfare.models import Subsidy24Profile, WelfareService

NO_CONDITIONS = "지원조건 정보 없음: 확인 필요"


def person_of(body: c.MatchIn) -> ja.Person:
    return ja.Person(age=body.age, gender=body.gender, income_band=body.income_band,
                     household_size=body.household_size, traits=frozenset(body.traits))


def judge_doc(doc: dict[str, Any], person: ja.Person) -> ja.Verdict:
    """`doc` as the index holds it: its conditions compiled once at index build."""
    conds = doc.get("compiled") or doc.get("conditions")
    if conds is None:
        return ja.Verdict("check", [NO_CONDITIONS])
    return ja.judge(conds, person)


def match(session: Session, person: ja.Person, region: str = "gwangyang") -> c.MatchOut:
    """Every active service in the region whose conditions the person meets or may meet,
    the best fitting first: eligible before 조건 확인 필요, then the more specific service
    (more conditions met), then the more used."""
    built = index_cache.current(session)
    found = []
    for i, doc in enumerate(built.docs):
        if region == "gwangyang" and doc["level"] == "other":
            continue
        verdict = judge_doc(doc, person)
        if verdict.eligibility != "no":
            found.append((verdict.fit, -int(doc.get("views") or 0), i, verdict))
    found.sort(key=lambda x: x[:3])
    items = [c.MatchItem(id=built.docs[i]["id"], name=built.docs[i]["name"],
                         eligibility=v.eligibility, reasons=v.reasons,  # type: ignore[arg-type]
                         agency=built.docs[i].get("agency") or "",
                         summary=built.docs[i].get("summary") or "",
                         level=built.docs[i]["level"],
                         level_label=c.LEVEL_LABELS[built.docs[i]["level"]],
                         source=built.docs[i].get("source", "gov24"))
             for _, _, i, v in found]
    eligible = sum(1 for it in items if it.eligibility == "eligible")
    return c.MatchOut(items=items, total=len(items), eligible=eligible,
                      check=len(items) - eligible)


def age_on(birth: date | None, today: date) -> int | None:
    if birth is None:
        return None
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def profile_out(user: User, row: Subsidy24Profile | None, today: date) -> c.ProfileOut:
    return c.ProfileOut(
        birth_date=user.birth_date, age=age_on(user.birth_date, today),
        gender=row.gender if row else None, dong=user.dong,  # type: ignore[arg-type]
        household_size=user.household_size, income_band=row.income_band if row else None,
        traits=_traits(row), business_type=row.business_type if row else None,
        business_years=row.business_years if row else None,
        notify_new=bool(row and row.notify_new), stored=row is not None)


def _traits(row: Subsidy24Profile | None) -> list[str]:
    return [t for t in (row.traits if row else "").split(",") if t in ja.TRAITS]


def person_from(user: User, row: Subsidy24Profile | None, today: date) -> ja.Person:
    return ja.Person(age=age_on(user.birth_date, today), gender=row.gender if row else None,  # type: ignore[arg-type]
                     income_band=row.income_band if row else None,
                     household_size=user.household_size, traits=frozenset(_traits(row)))


def save_profile(session: Session, user: User, body: c.ProfileIn, today: date) -> c.ProfileOut:
    """Store the answers, under the profile's optional-items consent (given here when the
    citizen ticks it). Without consent nothing is stored."""
    if not body.consent:
        raise AppError(409, "subsidy24.consent_required",
                       "맞춤혜택 정보를 저장하려면 개인정보 수집·이용(맞춤 안내)에 동의해 주세요. "
                       "동의하지 않아도 저장하지 않고 바로 찾아볼 수 있습니다.", field="consent")
    if body.dong is not None and body.dong not in DONGS:
        raise AppError(422, "subsidy24.dong", "광양시의 읍면동 이름을 골라 주세요.", field="dong")
    if not profiles.optional_allowed(session, user.id):
        profiles.record_consents(session, user, {PROFILE_CONSENT: True})
    user.birth_date, user.dong, user.household_size = body.birth_date, body.dong, body.household_size
    row = session.get(Subsidy24Profile, user.id)
    if row is None:
        row = Subsidy24Profile(user_id=user.id)
        session.add(row)
    row.gender, row.income_band = body.gender, body.income_band
    row.traits = ",".join(sorted(set(body.traits)))
    row.business_type, row.business_years = body.business_type, body.business_years
    row.notify_new = body.notify_new
    session.flush()
    return profile_out(user, row, today)


def forget_profile(session: Session, user: User) -> None:
    session.execute(delete(Subsidy24Profile).where(Subsidy24Profile.user_id == user.id))
    session.flush()


def my_matches(session: Session, user: User, today: date, region: str) -> c.MyMatchOut:
    row = session.get(Subsidy24Profile, user.id)
    if row is None or not profiles.optional_allowed(session, user.id):
        return c.MyMatchOut(items=[], total=0, eligible=0, check=0, profile=None)
    out = match(session, person_from(user, row, today), region)
    return c.MyMatchOut(**out.model_dump(), profile=profile_out(user, row, today))


def notify_new_matches(session: Session, service_ids: Iterable[str], today: date) -> int:
    """After an import: tell each opted-in citizen about the new services they are eligible
    for (one notice per citizen per import). Returns how many were told."""
    ids = list(service_ids)
    if not ids:
        return 0
    services = list(session.scalars(select(WelfareService).where(
        WelfareService.id.in_(ids), WelfareService.status == "active",
        WelfareService.level != "other")))
    if not services:
        return 0
    told = 0
    rows = session.execute(select(User, Subsidy24Profile)
                           .join(Subsidy24Profile, Subsidy24Profile.user_id == User.id)
                           .where(Subsidy24Profile.notify_new.is_(True),
                                  User.is_active.is_(True))).all()
    for user, prof in rows:
        if not profiles.optional_allowed(session, user.id):
            continue
        person = person_from(user, prof, today)
        fits = [s for s in services if s.record.get("conditions") is not None
                and ja.judge(s.record["conditions"], person).eligibility == "eligible"]
        if not fits:
            continue
        names = ", ".join(s.name for s in fits[:3]) + (f" 외 {len(fits) - 3}건" if len(fits) > 3 else "")
        notify(session, user.id, kind="subsidy24.new",
               title=f"새 맞춤혜택 {len(fits)}건", body=f"조건에 맞는 새 혜택이 생겼습니다: {names}",
               link="/f/subsidy24")
        told += 1
    return told
