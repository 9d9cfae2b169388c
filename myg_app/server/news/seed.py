"""Demo articles on both boards (marked `demo`: a "데모" chip in the app, "[데모]" in the Atom
feed, a closing line in the body), at least one for each of the 12 읍면동, a few pictures drawn
at seed time, and on the city board one draft, one awaiting review and one scheduled, so the
officer's list shows every state. Idempotent: nothing is added once a demo article exists."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from myg_app.gwangyang.departments import phone_of
from myg_app.server.auth.models import User
from myg_app.server.config import Settings
from myg_app.server.db import utcnow
from myg_app.server.news import banners, images
from myg_app.server.news.models import Article, NewsEvent

DEMO_NOTE = "\n\n※ 앱 시연을 위한 데모 글입니다. 실제 광양시 소식이 아닙니다."
OFFICERS = {"city": "news@gwangyang.demo", "town": "town@gwangyang.demo"}


@dataclass(frozen=True, slots=True)
class Demo:
    board: str
    category: str
    title: str
    body: str
    dong: str | None = None
    picture: str | None = None  # banners.DRAWINGS
    pinned: bool = False
    hours_ago: float = 24.0  # negative: scheduled that far ahead
    status: str = "published"


CITY: tuple[Demo, ...] = (
    Demo("city", "공지", "MY광양 앱 시범 운영 안내",
         "광양시민 누구나 쓰는 MY광양 앱을 시범 운영합니다. 시정 소식, 읍면동 소식, 생활불편 신고, "
         "시설 예약을 한곳에서 이용할 수 있습니다.\n\n불편한 점이나 바라는 기능은 앱의 '민원 상담'으로 "
         f"알려 주세요. 문의: 감동시대추진단 {phone_of('감동시대추진단')}", picture="city", pinned=True,
         hours_ago=200),
    Demo("city", "행사", "광양 전통숯불구이축제, 서천변에서 열려요",
         "광양 불고기를 주제로 한 전통숯불구이축제가 광양읍 서천변 일원에서 열립니다. 숯불구이 시식, "
         "지역 농특산물 장터, 시민 노래자랑이 이어집니다.\n\n축제 기간에는 서천변 주변 도로가 일부 "
         "통제되니 대중교통을 이용해 주세요.", picture="market", hours_ago=30),
    Demo("city", "보도자료", "광양시, 백운산 자연휴양림 숲 체험 프로그램 확대",
         "광양시는 백운산 자연휴양림의 숲 해설과 유아 숲 체험 프로그램을 주말까지 늘려 운영합니다. "
         "예약은 MY광양 앱의 '공공시설 예약'에서 할 수 있습니다.", picture="mountain",
         hours_ago=52),
    Demo("city", "채용", "2026년 광양시 기간제 근로자(공원 관리) 채용 공고",
         "광양시 공원 관리를 맡을 기간제 근로자를 채용합니다.\n\n- 모집 인원: 10명\n- 근무 기간: "
         "채용일부터 6개월\n- 접수: 광양시청 공원녹지과 방문 접수\n\n자세한 자격 요건은 시청 누리집 "
         f"채용 공고를 확인해 주세요. 문의: 공원녹지과 {phone_of('공원녹지과')}", hours_ago=76),
    Demo("city", "고시·공고", "도시계획시설(도로) 결정 변경 열람 공고",
         "광양시 도시계획시설(도로) 결정 변경안을 주민에게 알리고 의견을 듣습니다. 열람 장소는 광양시청 "
         "도시계획과이며, 의견이 있는 분은 열람 기간 안에 서면으로 내 주세요.", hours_ago=100),
    Demo("city", "공지", "설 연휴 생활쓰레기 수거 일정 안내",
         "설 연휴 기간에는 생활쓰레기를 수거하지 않습니다. 연휴 전날 저녁까지 배출하시고, 연휴가 "
         f"끝난 다음 날부터 평소처럼 배출해 주세요. 문의: 자원순환과 {phone_of('자원순환과')}",
         hours_ago=130),
    Demo("city", "보도자료", "이순신대교 야간 경관 조명 새 단장",
         "광양과 여수를 잇는 이순신대교의 야간 경관 조명이 새 단장을 마쳤습니다. 계절마다 다른 "
         "색으로 밤바다를 밝힙니다.", picture="sea", hours_ago=160),
    Demo("city", "행사", "광양시민의 날 기념 한마음 걷기 대회 참가자 모집",
         "광양시민의 날을 맞아 가족과 함께 걷는 한마음 걷기 대회를 엽니다. 참가 신청은 읍면동 "
         "행정복지센터에서 받습니다.", hours_ago=-72),  # scheduled: not shown yet
    Demo("city", "공지", "시청 본관 승강기 교체 공사 안내",
         "시청 본관 승강기를 교체합니다. 공사 기간에는 별관 승강기를 이용해 주세요.",
         status="review"),
    Demo("city", "행사", "광양 와인동굴 여름 음악회",
         "광양 와인동굴에서 여름 음악회를 엽니다. 출연진과 일정은 정해지는 대로 알려 드립니다.",
         status="draft"),
)

TOWN: tuple[Demo, ...] = (
    Demo("town", "공지", "광양읍 5일장(1일·6일) 장날 주차 안내", dong="gwangyang",
         body="광양읍 5일장은 끝자리가 1일과 6일인 날에 열립니다. 장날에는 시장 주변이 붐비니 "
              "서천변 공영주차장을 이용해 주세요. 문의: 광양읍 행정복지센터",
         picture="market", pinned=True, hours_ago=20),
    Demo("town", "모집", "봉강면 어르신 한글 교실 수강생 모집", dong="bonggang",
         body="한글을 처음 배우시는 어르신을 위한 한글 교실을 엽니다. 매주 화·목 오전 10시, 봉강면 "
              "행정복지센터 2층에서 수업합니다.", hours_ago=44),
    Demo("town", "행사", "옥룡면 백운산 고로쇠 약수제 안내", dong="okryong",
         body="백운산 고로쇠 약수제가 옥룡면 일원에서 열립니다. 고로쇠 약수 시음과 산신제, 마을 "
              "장터가 함께합니다.", picture="mountain", hours_ago=60),
    Demo("town", "공지", "옥곡면 행정복지센터 민원실 임시 이전", dong="okgok",
         body="옥곡면 행정복지센터 리모델링 공사로 민원실을 면 복지회관 1층으로 잠시 옮깁니다. "
              "문의: 옥곡면 행정복지센터", hours_ago=80),
    Demo("town", "생활", "진상면 마을 안길 정비 공사 안내", dong="jinsang",
         body="진상면 마을 안길 포장 공사를 합니다. 공사 구간은 차량 통행이 잠시 제한되니 양해 "
              "부탁드립니다.", hours_ago=90),
    Demo("town", "행사", "망덕포구 전어축제 개최", dong="jinwol",
         body="가을 전어가 제철입니다. 진월면 망덕포구에서 전어축제가 열립니다. 전어 맨손 잡기, "
              "전어 요리 시식, 섬진강 노을 공연을 즐겨 보세요.", picture="sea", hours_ago=26),
    Demo("town", "행사", "광양매화축제 기간 다압면 교통 안내", dong="daap",
         body="광양매화축제 기간에는 다압면 매화마을 주변 도로가 일방통행으로 운영됩니다. 임시 "
              "주차장과 셔틀버스를 이용해 주세요.\n\n섬진강 변 매화길은 아침 일찍 찾으면 한결 "
              "여유롭습니다.", picture="plum", pinned=True, hours_ago=10),
    Demo("town", "생활", "골약동 경로당 무더위 쉼터 운영", dong="golyak",
         body="여름철 무더위에 대비해 골약동 경로당을 무더위 쉼터로 운영합니다. 평일 오후 1시부터 "
              "6시까지 누구나 쉬어 가실 수 있습니다.", hours_ago=70),
    Demo("town", "행사", "중마동 작은 음악회 열려요", dong="jungma",
         body="중마동 주민자치회가 준비한 작은 음악회가 중마동 행정복지센터 앞 광장에서 열립니다. "
              "가족과 함께 오세요.", hours_ago=14),
    Demo("town", "모집", "중마동 주민자치 프로그램 수강생 모집", dong="jungma",
         body="요가, 생활 영어, 스마트폰 활용 교실 수강생을 모집합니다. 접수는 중마동 행정복지센터 "
              "2층에서 받습니다. 문의: 중마동 행정복지센터", hours_ago=110),
    Demo("town", "행사", "광영동 주민과 함께하는 나눔 장터", dong="gwangyeong",
         body="집에서 쓰지 않는 물건을 나누는 광영동 나눔 장터를 엽니다. 판매 수익 일부는 이웃 "
              "돕기에 씁니다.", hours_ago=36),
    Demo("town", "생활", "태인동 김 시식지 둘러보기", dong="taein",
         body="태인동은 김 양식이 처음 시작된 곳으로 알려져 있습니다. 김 시식지와 주변 산책길을 "
              "둘러보세요.", hours_ago=150),
    Demo("town", "공지", "금호동 행정복지센터 공구 대여 서비스 시작", dong="geumho",
         body="전동 드릴, 사다리 같은 생활 공구를 금호동 행정복지센터에서 무료로 빌려 드립니다. "
              "신분증을 가지고 방문해 주세요.", hours_ago=56),
)


def first_sentence(body: str) -> str:
    """A card's summary: the body's first sentence (not the demo note after it)."""
    end = body.find("다.")
    line = body[:end + 2] if 0 <= end < 90 else body.split("\n", 1)[0][:89].rstrip() + "…"
    return line.strip()


def seed(session: Session, settings: Settings) -> None:
    if session.scalar(select(Article.id).where(Article.demo.is_(True)).limit(1)) is not None:
        return
    officers = {board: session.scalar(select(User).where(User.email == email))
                for board, email in OFFICERS.items()}
    now = utcnow()
    # In this order: the first city and the first town article get known ids on a fresh
    # database (tests/screen_routes.py visits them).
    for demo in CITY + TOWN:
        who = officers[demo.board]
        at = now - timedelta(hours=demo.hours_ago)
        written = min(at, now) - timedelta(hours=6)
        a = Article(board=demo.board, dong_code=demo.dong, title=demo.title,
                    summary=first_sentence(demo.body), body=demo.body + DEMO_NOTE, category=demo.category, status=demo.status,
                    pinned=demo.pinned, demo=True, created_at=written, updated_at=written,
                    publish_at=at if demo.hours_ago < 0 else None,
                    created_by_id=who.id if who else None)
        if demo.status in ("review", "published"):
            a.submitted_by_id, a.submitted_at = (who.id if who else None), written
        if demo.status == "published":
            a.published_by_id, a.published_at = (who.id if who else None), at
        session.add(a)
        session.flush()
        if demo.picture:
            image = images.store(session, demo.board, who, banners.png(demo.picture))
            a.cover_token = images.attach(session, demo.board, a.id, [image.id])
        steps = [("created", None, "draft")]
        if demo.status in ("review", "published"):
            steps.append(("submit", "draft", "review"))
        if demo.status == "published":
            steps.append(("publish", "review", "published"))
        for action, before, after in steps:
            session.add(NewsEvent(article_id=a.id, actor_id=who.id if who else None,
                                  action=action, from_status=before, to_status=after,
                                  created_at=written))
    session.flush()
