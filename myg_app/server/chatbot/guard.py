"""What the chatbot refuses and what it keeps out of its store and its logs.

- It never asks for a 주민등록번호; one typed anyway is masked before anything is stored and the
  person is told not to type it.
- It never tells anyone another person's data (it has none; asking is answered as such).
- Instructions inside a question or inside retrieved text ("이전 지시는 무시하고 …") are not
  followed: a question made of them is declined, and such sentences are cut out of passages
  before they are shown or given to a language model."""
from __future__ import annotations

import re

from myg_app.server import privacy

_RRN = privacy._RRN  # one rule for what looks like a 주민등록번호 (privacy.py)

INJECTION = re.compile(
    r"(이전|앞의|위의|위에|모든|기존|지금까지)\s*(의\s*)?(지시|명령|규칙|설정|프롬프트|지침)\S*\s*"
    r"(은|는|을|를|다)?\s*(모두\s*)?(무시|잊|취소)"
    r"|시스템\s*프롬프트|system\s*prompt|ignore\s+(all\s+|any\s+)?(previous|prior|above)"
    r"\s+instructions|disregard\s+(all\s+|the\s+)?(previous|above)|jailbreak|\bDAN\b"
    r"|너는\s*이제\s*부터|지금부터\s*너는|역할\s*을?\s*바꿔", re.IGNORECASE)

_SOMEONE = (r"(다른\s*사람|남의|남\s|옆집|이웃|윗집|아랫집|앞집|누구|친구|지인|전\s*남친|전\s*여친"
            r"|어떤\s*사람|그\s*사람|사람들?)")
_THEIR_DATA = r"(전화\s*번호|폰\s*번호|연락처|휴대폰|주소|주민\s*등록\s*번호|주민\s*번호|개인\s*정보|생년월일|이메일|차\s*번호)"
PERSONAL_DATA = re.compile(_SOMEONE + r"\S*\s*(의\s*)?.{0,12}" + _THEIR_DATA
                           + r"|(\d{2,4}[- ]?\d{3,4}[- ]?\d{4}).{0,20}(누구|주인|이름)")
# A person's own case (a numbered report, a decision on their application, their tax): only
# the officer in charge can look it up, so it goes to them rather than to a general answer.
OWN_CASE = re.compile(
    r"(접수\s*번호|신고\s*번호|민원\s*번호|신청\s*번호)\s*\d|\d{3,}\s*번\s*(민원|신고|담당)"
    r"|(제|내|저희|우리)\s+(\S+\s+){0,3}\S*(결과|심사|내역|처리 상황|진행 상황)\S*\s*(\S+\s+){0,2}"
    r"(나왔|됐|되었|알려|확인|조회)|(제|내)\s+(\S+\s+){0,3}\S*(맞는지|얼마였는지)")
# Another city's rules: the city's information is about Gwangyang only.
OTHER_CITY = re.compile(
    r"(서울|부산|대구|인천|광주|대전|울산|세종|순천|여수|목포|나주|수원|창원|제주|전주|포항|청주"
    r"|천안|김해|진주|하동|구례|보성|고흥|경기|강원|충북|충남|경북|경남|전북)"
    r"(시청|시|특별시|광역시|군청|군|도청|도)(?![가-힣]*광양)")

RRN_WARNING = ("주민등록번호는 입력하지 마세요. MY광양 챗봇은 주민등록번호가 필요하지 않으며, "
               "입력하신 번호는 가려서 저장했어요.")
PERSONAL_REFUSAL = ("다른 사람의 전화번호·주소 같은 개인정보는 알려드릴 수 없어요. 개인정보는 "
                    "본인만 확인할 수 있어요. 시청 부서의 대표 전화번호는 '부서 전화 연결'에서 "
                    "찾을 수 있어요.")
OWN_CASE_REPLY = "개인 민원의 처리 결과나 내역은 챗봇이 볼 수 없어 담당자가 확인해야 해요."
OTHER_CITY_REPLY = ("MY광양 챗봇은 광양시의 안내만 드릴 수 있어요. 다른 지역의 일은 그 지역 "
                    "시·군청이나 정부24에서 확인해 주세요.")
INJECTION_REFUSAL = ("그 요청은 도와드릴 수 없어요. 광양시 민원이나 MY광양 사용법을 물어봐 "
                     "주시면 시의 안내 자료에서 찾아 드릴게요.")


def has_rrn(question: str) -> bool:
    return _RRN.search(question) is not None


def asks_for_someones_data(question: str) -> bool:
    return PERSONAL_DATA.search(question) is not None


def is_own_case(question: str) -> bool:
    return OWN_CASE.search(question) is not None


def other_city(question: str) -> bool:
    return OTHER_CITY.search(question) is not None


def is_injection(question: str) -> bool:
    return INJECTION.search(question) is not None


def masked(question: str) -> str:
    """What is stored and logged of a question."""
    return privacy.mask_text(question)


_SENTENCE = re.compile(r"[^.!?。\n]+[.!?。]?\s*")


def clean_passage(body: str) -> str:
    """A retrieved text without the sentences that try to give the bot orders."""
    if not INJECTION.search(body):
        return body
    return "".join(s for s in _SENTENCE.findall(body) if not INJECTION.search(s)).strip()
