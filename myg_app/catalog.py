"""The registry of MY광양's 27 functions: the one list both the client menu and the server serve.

A function is `planned` until the issue that builds it lands and flips it to `available`;
the client then shows its real screen instead of the "준비 중" page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from myg_app.gwangyang import departments
from myg_app.i18n import msg

Status = Literal["available", "planned"]

MAX_PINS = 14
CITY_HELP_PHONE = departments.HELP_PHONE
CITY_HELP_DESK = "광양시청 " + departments.HELP_DESK  # a place: not translated


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    name_ko: str
    name_en: str


@dataclass(frozen=True, slots=True)
class Function:
    id: str
    name_ko: str
    name_en: str
    icon: str  # a Material icon name (flet.Icons member, lower case)
    category: str
    login_required: bool
    summary_ko: str  # what the function does, shown on its screen (and while planned)
    status: Status = "planned"

    @property
    def route(self) -> str:
        return f"/f/{self.id}"


CATEGORIES: tuple[Category, ...] = (
    Category("complaints", "민원·상담", "Complaints & help"),
    Category("reservations", "예약·신청", "Bookings"),
    Category("welfare", "복지·지원", "Welfare & support"),
    Category("participation", "시민참여", "Participation"),
    Category("news", "소식·알림", "News & alerts"),
    Category("life", "생활정보", "Daily life"),
    Category("cards", "회원증·로그인", "Cards & sign-in"),
)

FUNCTIONS: tuple[Function, ...] = (
    # complaints
    Function("chat", "1:1 민원상담 채팅", "1:1 chat with the city", "chat", "complaints", True,
             "평일 10시~17시에 시청 담당자와 글로 실시간 상담합니다. 시간 밖의 질문은 접수되어 다음 근무 시간에 답변합니다.",
             status="available"),
    Function("report", "생활불편 신고", "Report a local problem", "report_problem", "complaints", True,
             "도로·시설물, 불법광고물, 소음·악취 같은 생활 속 불편을 사진과 위치로 신고하고 처리 결과를 받아봅니다.",
             status="available"),
    Function("sos", "긴급복지 SOS", "Emergency welfare SOS", "sos", "complaints", False,
             "생계·의료·주거·돌봄 위기 상황을 몇 번의 터치로 알리면 복지 담당자가 연락드립니다.",
             status="available"),
    Function("dept_call", "부서 전화 연결", "Call a department", "phone_in_talk", "complaints", False,
             "업무 이름(여권, 쓰레기 등)으로 담당 부서를 찾아 바로 전화를 겁니다.",
             status="available"),
    Function("chatbot", "AI 민원상담 챗봇", "AI help chatbot", "smart_toy", "complaints", False,
             "민원과 앱 사용법을 물으면 시의 안내 자료에서 찾아 출처와 함께 24시간 답합니다. "
             "확실하지 않으면 상담원이나 담당 부서를 연결합니다.", status="available"),
    # reservations
    Function("facility", "공공시설 대관", "Book a public facility", "meeting_room", "reservations", True,
             "강당·회의실·강의실의 빈 시간을 보고 대관을 신청합니다.",
             status="available"),
    Function("sports", "체육시설 예약", "Book a sports facility", "sports_tennis", "reservations", True,
             "테니스장·체육관·수영장 같은 체육시설을 시간 단위로 예약합니다.",
             status="available"),
    Function("course", "문화강좌 신청", "Culture courses", "school", "reservations", True,
             "학기별 문화강좌를 신청하고 대기와 추첨 결과를 확인합니다.",
             status="available"),
    Function("legal", "무료법률상담 예약", "Free legal consultation", "gavel", "reservations", True,
             "자원봉사 변호사의 30분 무료 법률상담을 예약합니다.",
             status="available"),
    # welfare & support
    Function("welfare", "복지정책 검색", "Search welfare policies", "volunteer_activism", "welfare", False,
             "광양시와 전라남도, 정부의 복지정책을 대상과 분야로 찾아봅니다.",
             status="available"),
    # Guests may ask too (nothing is stored); signing in keeps the answers, with consent.
    Function("subsidy24", "보조금24 맞춤혜택", "Subsidy24 benefits for me", "savings", "welfare", False,
             "정부 보조금24와 연계해 나에게 맞는 혜택을 찾아 안내합니다.",
             status="available"),
    Function("small_biz", "소상공인 지원", "Small-business support", "storefront", "welfare", False,
             "소상공인 지원사업과 신청 기간, 문의처를 안내합니다.",
             status="available"),
    # participation
    Function("proposal", "정책 제안", "Policy proposals", "lightbulb", "participation", True,
             "시정에 대한 아이디어를 제안하고 다른 시민의 제안에 공감합니다.",
             status="available"),
    Function("survey", "설문조사·정책투표", "Surveys & votes", "how_to_vote", "participation", True,
             "시가 진행하는 설문조사와 정책투표에 참여합니다.", status="available"),
    Function("points", "시정·청년참여 포인트", "Participation points", "stars", "participation", True,
             "시정 참여와 청년 참여 활동으로 쌓은 포인트를 확인합니다.",
             status="available"),
    # news & alerts
    Function("alerts", "재난 알림", "Disaster alerts", "notification_important", "news", False,
             "광양시에 내려진 재난문자와 안전 안내를 모아 보여줍니다.", status="available"),
    Function("city_news", "시정 소식", "City news", "newspaper", "news", False,
             "광양시의 공지사항과 보도자료를 봅니다.", status="available"),
    Function("town_news", "읍면동 소식", "Town news", "location_city", "news", False,
             "우리 읍면동의 소식과 행사 안내를 봅니다.", status="available"),
    Function("my_feed", "맞춤 정보", "My feed", "dynamic_feed", "news", False,
             "나이·지역·관심사에 맞춘 시정 정보와 혜택을 모아 보여줍니다.", status="available"),
    # daily life
    Function("bulky_waste", "대형폐기물 배출 신고", "Bulky-waste disposal", "weekend", "life", True,
             "소파·장롱 같은 대형폐기물의 배출을 신고하고 수수료를 결제해 배출번호를 받습니다.",
             status="available"),
    Function("market", "전통시장 장보기", "Traditional-market shopping", "shopping_basket", "life", True,
             "광양의 전통시장 상품을 주문하고 결제·배송을 받습니다.", status="available"),
    Function("weather", "날씨", "Weather", "wb_sunny", "life", False,
             "읍면동별 지금 날씨와 24시간·3일 예보, 기상 특보 알림을 봅니다.", status="available"),
    Function("bus", "버스 정보", "Bus information", "directions_bus", "life", False,
             "버스 노선과 정류장 도착 정보를 봅니다.", status="available"),
    Function("hospital", "병원·약국", "Hospitals & pharmacies", "local_hospital", "life", False,
             "가까운 병원과 약국, 휴일 진료기관을 찾습니다.", status="available"),
    # cards & sign-in
    Function("citizen_id", "디지털 광양시민증", "Digital citizen ID", "badge", "cards", True,
             "광양시민임을 확인하는 모바일 시민증을 보여줍니다.", status="available"),
    Function("library_card", "모바일 도서관회원증", "Mobile library card", "local_library", "cards", True,
             "시립도서관 회원증을 휴대폰으로 보여줍니다.", status="available"),
    Function("sso_sites", "통합 로그인 사이트", "Single sign-on sites", "login", "cards", True,
             "광양시 대표 홈페이지, 굿잡광양, 청년꿈터, 시립도서관, 광양스포츠센터, 육아종합지원센터에 다시 로그인하지 않고 들어갑니다.",
             status="available"),
)

# Which department answers a function, declared once: the server's officer checks and the
# client's officer screens both read it. Functions routed case by case (chat topics, report
# categories, each bookable place) keep the department on the record instead.
OWNERS: dict[str, str] = {
    "bulky_waste": "자원순환과",
    "sos": "주민복지과",
    "welfare": "주민복지과",
    "subsidy24": "주민복지과",
    "small_biz": "일자리경제과",
    # 전통시장 장보기: 일자리경제과 runs the traditional markets (deposits, refunds).
    "market": "일자리경제과",
    "alerts": "안전총괄과",
    # The team that runs MY광양 edits the city's news; 총무과 oversees the 읍면동 offices.
    "city_news": "감동시대추진단",
    "town_news": "총무과",
    # 정책 제안: the team that runs MY광양 receives proposals and assigns the department.
    "proposal": "감동시대추진단",
    # 설문조사·정책투표: the same team runs the city's surveys and 정책투표.
    "survey": "감동시대추진단",
    # 광양사랑상품권 is 일자리경제과's; the points are redeemed for it there.
    "points": "일자리경제과",
    # 디지털 광양시민증: 민원봉사과 confirms the residence of applicants (주민등록 업무).
    "citizen_id": "민원봉사과",
}

BY_ID: dict[str, Function] = {f.id: f for f in FUNCTIONS}
CATEGORY_BY_ID: dict[str, Category] = {c.id: c for c in CATEGORIES}

# A new account's 나의메뉴: working functions only (no 준비 중 tile on a first start), the most
# used first: chat, reports, waste, bookings, then the phone book and the emergency line.
DEFAULT_MENU: tuple[str, ...] = (
    "chat", "report", "bulky_waste", "facility", "sports", "course", "dept_call", "sos",
)

# Words people use for a task, beyond the function's names: the menu search also looks in
# these and in the summary ("예약" finds 대관 and 강좌; "여권" is a 부서 전화 연결 task).
KEYWORDS: dict[str, tuple[str, ...]] = {
    "chat": ("상담", "문의", "질문", "민원", "채팅", "담당자"),
    "report": ("신고", "민원", "불편", "고장", "포트홀", "도로", "가로등", "불법", "광고물", "소음",
               "악취", "쓰레기 무단투기", "사진"),
    "sos": ("긴급", "위기", "복지", "생계", "의료", "주거", "돌봄", "도움"),
    "dept_call": ("전화", "부서", "연락처", "담당", "여권", "주민등록", "등본", "인감", "주차",
                  "수도", "세금", "건축", "문의"),
    "chatbot": ("상담", "질문", "챗봇", "ai", "24시간", "자주 묻는 질문", "faq"),
    "facility": ("예약", "대관", "신청", "강당", "회의실", "강의실", "장소", "빌리기"),
    "sports": ("예약", "신청", "테니스", "체육관", "수영장", "운동", "구장"),
    "course": ("예약", "신청", "강좌", "수강", "교육", "배우기", "문화", "추첨"),
    "legal": ("예약", "신청", "법률", "변호사", "상담", "소송"),
    "welfare": ("복지", "지원", "혜택", "노인", "장애인", "기초생활", "수당"),
    "subsidy24": ("보조금", "혜택", "지원금", "수당", "복지"),
    "small_biz": ("소상공인", "가게", "자영업", "지원", "대출"),
    "proposal": ("제안", "아이디어", "의견", "참여"),
    "survey": ("설문", "투표", "의견", "참여"),
    "points": ("포인트", "적립", "청년", "참여"),
    "alerts": ("재난", "문자", "안전", "태풍", "지진", "경보"),
    "city_news": ("공지", "소식", "보도자료", "뉴스"),
    "town_news": ("읍면동", "동네", "소식", "행사"),
    "my_feed": ("맞춤", "추천", "혜택", "소식"),
    "bulky_waste": ("쓰레기", "폐기물", "가구", "소파", "장롱", "침대", "버리기", "배출", "수수료",
                    "신청"),
    "market": ("시장", "장보기", "주문", "배달", "쇼핑"),
    "weather": ("날씨", "기온", "비", "눈", "예보", "특보"),
    "bus": ("버스", "정류장", "노선", "도착", "교통"),
    "hospital": ("병원", "약국", "응급", "진료", "휴일", "아플 때"),
    "citizen_id": ("시민증", "신분증", "할인", "회원증"),
    "library_card": ("도서관", "회원증", "책", "대출"),
    "sso_sites": ("로그인", "홈페이지", "사이트", "계정", "도서관", "스포츠센터"),
}


def _squash(s: str) -> str:
    return "".join(s.split()).lower()


def matches(fn: Function, query: str) -> bool:
    """Whether the menu search `query` finds `fn`: its Korean and English names, id, summary and
    task words (KEYWORDS), ignoring spaces and case. An empty query finds everything."""
    q = _squash(query)
    if not q:
        return True
    haystack = (fn.name_ko, fn.name_en, fn.id, fn.summary_ko, *KEYWORDS.get(fn.id, ()))
    return any(q in _squash(h) for h in haystack)


def get(function_id: str) -> Function | None:
    return BY_ID.get(function_id)


def menu_problems(items: list[str]) -> list[str]:
    """Korean reasons why `items` is not a valid 나의메뉴; empty when it is valid.

    Shared by the server (422 answers) and the client (guest menu on the device).
    """
    problems: list[str] = []
    if len(items) > MAX_PINS:
        problems.append(msg("나의메뉴에는 최대 {max}개까지 담을 수 있습니다 (현재 {count}개).",
                            max=MAX_PINS, count=len(items)))
    unknown = [i for i in items if i not in BY_ID]
    if unknown:
        problems.append(msg("없는 기능입니다: {ids}", ids=", ".join(unknown)))
    seen: set[str] = set()
    dups = [i for i in items if i in seen or seen.add(i)]
    if dups:
        names = ", ".join(BY_ID[d].name_ko if d in BY_ID else d for d in dict.fromkeys(dups))
        problems.append(msg("같은 기능이 두 번 들어 있습니다: {names}", names=names))
    return problems
