"""One shape for a public service, whatever it came from: the three gov24 API operations
(serviceList + serviceDetail + supportConditions, joined by 서비스ID), the gov24 CSV export,
or a 주민복지과 officer's form. Everything downstream (the table, the index, the matcher)
reads these dicts."""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from myg_app.gov24 import conditions as ja

GWANGYANG_CODE = "5800000"
# Since 2026 전라남도 and 광주광역시 are one 전남광주통합특별시; records carry either name.
PROVINCES = ("전남광주통합특별시", "전라남도")
PROVINCE_BODIES = ("전남", "전라남도")  # 전남신용보증재단, 전남개발공사, 전라남도교육청 …
NATIONAL_TYPES = ("중앙행정기관", "공공기관")

# level: whose programme it is. A Gwangyang resident can use national, province and 광양시
# ones; "other" are other municipalities' own programmes.
LEVELS = ("gwangyang", "province", "national", "other")
LEVEL_LABELS = {"gwangyang": "광양시", "province": "전라남도", "national": "중앙부처",
                "other": "다른 지역"}

TEXT_FIELDS = ("name", "summary", "purpose", "target", "criteria", "content", "how_to_apply",
               "documents", "contact", "deadline")


def level_of(agency: str, agency_type: str = "", agency_code: str = "", name: str = "") -> str:
    agency = (agency or "").strip()
    if agency_code == GWANGYANG_CODE or "광양" in agency:
        return "gwangyang"
    if agency_type in NATIONAL_TYPES:
        return "national"
    body = re.sub(r"^(\(재\)|재단법인\s*)", "", agency)
    if agency in PROVINCES:
        # The special city took over 광주광역시's own programmes, named for 광주
        # (광주청년구직활동수당): those remain for 광주 residents.
        return "other" if name.startswith("광주") else "province"
    if agency_type != "시군구" and " " not in agency and body.startswith(PROVINCE_BODIES):
        return "province"  # the province's own foundations, corporations and 교육청
    if agency_type in ("", None) and agency.startswith(PROVINCES) and " " not in agency:
        return "province"
    return "other"


def split_list(value: Any) -> list[str]:
    """gov24 joins several values with "||"."""
    return [v.strip() for v in str(value or "").split("||") if v.strip()]


def clean(value: Any) -> str:
    text = str(value or "").replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def set_conditions(raw: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """Only the set flags and the age bounds: a compact, stable form of a supportConditions
    record (None when the service has no conditions record)."""
    if raw is None:
        return None
    out: dict[str, Any] = {}
    for code, value in raw.items():
        if not code.startswith("JA"):
            continue
        if code in ("JA0110", "JA0111"):
            if isinstance(value, int):
                out[code] = value
        elif value == "Y":
            out[code] = "Y"
    return out


def user_types_of(conds: Mapping[str, Any] | None) -> list[str]:
    kinds = ja.audiences(conds or {})
    out = []
    if "person" in kinds or not kinds:
        out.append("개인")
    if "business" in kinds:
        out.append("소상공인")
    if "organisation" in kinds:
        out.append("법인/시설/단체")
    return out


def from_api(row: Mapping[str, Any], detail: Mapping[str, Any] | None,
             conds: Mapping[str, Any] | None) -> dict[str, Any]:
    """A serviceList row joined with its serviceDetail and supportConditions records."""
    detail = detail or {}
    agency = clean(row.get("소관기관명") or detail.get("소관기관명"))
    code = str(row.get("소관기관코드") or "")
    conditions = set_conditions(conds)
    return finish({
        "id": str(row["서비스ID"]),
        "name": clean(row.get("서비스명") or detail.get("서비스명")),
        "summary": clean(row.get("서비스목적요약")),
        "purpose": clean(detail.get("서비스목적")),
        "field": clean(row.get("서비스분야")),
        "user_types": split_list(row.get("사용자구분")) or user_types_of(conditions),
        "support_type": clean(row.get("지원유형") or detail.get("지원유형")),
        "agency": agency,
        "agency_code": code,
        "agency_type": clean(row.get("소관기관유형")),
        "department": clean(row.get("부서명")),
        "target": clean(detail.get("지원대상") or row.get("지원대상")),
        "criteria": clean(detail.get("선정기준") or row.get("선정기준")),
        "content": clean(detail.get("지원내용") or row.get("지원내용")),
        "how_to_apply": clean(detail.get("신청방법") or row.get("신청방법")),
        "channels": split_list(row.get("신청방법")),
        "deadline": clean(row.get("신청기한") or detail.get("신청기한")),
        "documents": clean(detail.get("구비서류")),
        "documents_official": clean(detail.get("공무원확인구비서류")),
        "receiving_org": clean(row.get("접수기관") or detail.get("접수기관명")),
        "contact": clean(detail.get("문의처") or row.get("전화문의")),
        "online_url": clean(detail.get("온라인신청사이트URL")),
        "detail_url": clean(row.get("상세조회URL")),
        "laws": clean(detail.get("법령")),
        "ordinances": clean(detail.get("자치법규")),
        "views": int(row.get("조회수") or 0),
        "registered_at": clean(row.get("등록일시"))[:8],
        "updated_at": clean(row.get("수정일시"))[:8],
        "conditions": conditions,
        "level": level_of(agency, clean(row.get("소관기관유형")), code,
                          clean(row.get("서비스명"))),
        "source": "gov24",
    })


def from_export(rec: Mapping[str, Any], detail: Mapping[str, Any] | None = None
                ) -> dict[str, Any]:
    """A row of the gov24 CSV export (re-keyed to English by its recorder) with its detail
    text; the JA flags come decoded (`JA_flags`) or as the `jaBits` string of `cols`."""
    detail = detail or rec.get("detail") or {}
    flags = rec.get("JA_flags")
    if flags is None and rec.get("jaBits") and rec.get("_cols"):
        flags = [c for c, bit in zip(rec["_cols"], rec["jaBits"]) if bit == "1"]
    conditions: dict[str, Any] | None = None
    if flags is not None:
        conditions = {c: "Y" for c in flags}
        if isinstance(rec.get("ageStart"), int):
            conditions["JA0110"] = rec["ageStart"]
        if isinstance(rec.get("ageEnd"), int):
            conditions["JA0111"] = rec["ageEnd"]
    agency = clean(rec.get("agency"))
    method = clean(detail.get("method"))
    return finish({
        "id": str(rec["id"]),
        "name": clean(rec.get("name")),
        "summary": clean(detail.get("purposeSummary")),
        "purpose": "",
        "field": clean(rec.get("serviceField")),
        "user_types": user_types_of(conditions),
        "support_type": "·".join(rec.get("categoryTags") or []),
        "agency": agency,
        "agency_code": GWANGYANG_CODE if "광양" in agency else "",
        "agency_type": clean(rec.get("agencyType")),
        "department": clean(detail.get("phone")).split("/")[0] if detail.get("phone") else "",
        "target": clean(detail.get("target")),
        "criteria": clean(detail.get("criteria")),
        "content": clean(detail.get("content")),
        "how_to_apply": method,
        "channels": split_list(method),
        "deadline": clean(detail.get("deadlineDisplay")),
        "documents": "",
        "documents_official": "",
        "receiving_org": clean(detail.get("receivingOrg")),
        "contact": clean(detail.get("phone")),
        "online_url": "",
        "detail_url": clean(detail.get("url")),
        "laws": "",
        "ordinances": "",
        "views": int(rec.get("viewCount") or 0),
        "registered_at": "",
        "updated_at": "",
        "conditions": conditions,
        "level": level_of(agency, clean(rec.get("agencyType")), name=clean(rec.get("name"))),
        "source": "gov24",
    })


def finish(rec: dict[str, Any]) -> dict[str, Any]:
    rec["online"] = bool(rec.get("online_url")) or any("온라인" in c for c in rec["channels"])
    rec["always_open"] = "상시" in rec.get("deadline", "")
    rec["content_hash"] = content_hash(rec)
    return rec


def content_hash(rec: Mapping[str, Any]) -> str:
    """What a re-import compares: every field that a citizen reads or a match decides on."""
    keep = {k: v for k, v in rec.items() if k not in ("content_hash", "views")}
    blob = json.dumps(keep, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:32]


def join_api(rows: Iterable[Mapping[str, Any]], details: Iterable[Mapping[str, Any]],
             conds: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    by_detail = {str(d["서비스ID"]): d for d in details}
    by_cond = {str(c["서비스ID"]): c for c in conds}
    return [from_api(r, by_detail.get(str(r["서비스ID"])), by_cond.get(str(r["서비스ID"])))
            for r in rows]


def phones(contact: str) -> list[tuple[str, str]]:
    """(who, number) pairs of a 문의처 / 전화문의 text: "교육부/02-6222-6060||…"."""
    out = []
    for part in split_list(contact.replace("\n", "||")):
        for number in re.findall(r"(?<!\d)(0\d{1,2}-\d{3,4}-\d{4}|1\d{3}-\d{4}|1\d{2}(?!\d))",
                                 part):
            who = part.split("/")[0].strip() if "/" in part else ""
            out.append((who if who != number else "", number))
    return out


_YEARS = re.compile(r"(?:업력|창업(?:\s*후|한\s*지|일로부터)?|개업(?:\s*후)?|사업\s*개시(?:일로부터)?)"
                    r"\s*(\d{1,2})\s*년\s*(?:이내|미만|이하)")


def business_years_max(text: str) -> int | None:
    """The most years in business a programme allows, from its text ("업력 7년 이내",
    "창업 후 3년 미만"); None when it says nothing."""
    found = [int(n) for n in _YEARS.findall(text or "")]
    return max(found) if found else None


def from_program(service_id: str, body: Any, audience: str) -> dict[str, Any]:
    """A 광양시 programme from an officer's form (contracts.welfare.ProgramIn): the same
    fields as a 보조금24 record, with conditions built from the form's choices."""
    conds: dict[str, Any] = {}
    if body.age_min is not None:
        conds["JA0110"] = body.age_min
    if body.age_max is not None:
        conds["JA0111"] = body.age_max
    for trait in body.traits:
        conds[ja.TRAITS[trait]] = "Y"
    for kind in body.business_types:
        conds[ja.BUSINESS_TYPE_FLAGS[kind]] = "Y"
    if body.business_types and "JA1102" not in conds:
        conds["JA1102"] = "Y"  # an 업종 rule is a rule for businesses in operation
    user_types = list(body.user_types)
    if audience == "business" and "소상공인" not in user_types:
        user_types.append("소상공인")
    rec = {
        "id": service_id, "name": body.name, "summary": body.summary, "purpose": "",
        "field": body.field, "user_types": user_types, "support_type": "",
        "agency": "전남광주통합특별시 광양시", "agency_code": GWANGYANG_CODE,
        "agency_type": "시군구", "department": body.department, "target": body.target,
        "criteria": body.criteria, "content": body.content, "how_to_apply": body.how_to_apply,
        "channels": ["온라인신청"] if body.online_url else ["방문신청"],
        "deadline": body.deadline, "documents": body.documents, "documents_official": "",
        "receiving_org": body.department, "contact": body.contact,
        "online_url": body.online_url, "detail_url": "", "laws": "", "ordinances": "",
        "views": 0, "registered_at": "", "updated_at": "", "conditions": conds or None,
        "level": "gwangyang", "source": "city", "audience": audience,
        "business_years_max": body.business_years_max,
    }
    return finish(rec)
