"""Seed: saved answers per department."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from myg_app.server.chat.models import ChatSavedAnswer

SAVED_ANSWERS: dict[str, list[tuple[str, str]]] = {
    "민원봉사과": [
        ("여권 발급 안내", "여권은 본인이 신분증과 여권용 사진 1매를 가지고 시청 민원봉사과에서 신청하실 수 있습니다. "
                     "발급까지 보통 4~5일(근무일) 걸립니다."),
        ("서류 무인발급기", "주민등록등·초본, 가족관계증명서는 시청과 읍면동 행정복지센터의 무인민원발급기에서 "
                      "24시간 발급받으실 수 있습니다."),
        ("부서 연결 안내", "문의하신 내용은 담당 부서에서 더 정확히 안내드릴 수 있어 해당 부서로 상담을 넘겨 드리겠습니다."),
    ],
    "주민복지과": [("긴급복지 안내", "갑작스러운 위기로 생계가 어려우시면 긴급복지지원을 신청하실 수 있습니다. "
                              "연락처를 남겨 주시면 담당자가 전화드리겠습니다.")],
    "자원순환과": [("대형폐기물 배출", "대형폐기물은 MY광양 앱의 '대형폐기물 배출 신고'에서 신고·결제 후 "
                               "배출번호를 적어 지정일에 내놓으시면 됩니다.")],
    "도로과": [("도로 파손 신고", "도로 파손은 '생활불편 신고'에 사진과 위치를 올려 주시면 현장 확인 후 보수합니다.")],
}


def seed(session: Session, settings=None) -> None:
    """Saved answers per department (idempotent: by department and title)."""
    have = set(session.execute(select(ChatSavedAnswer.department, ChatSavedAnswer.title)).all())
    for dept, answers in SAVED_ANSWERS.items():
        for title, body in answers:
            if (dept, title) not in have:
                session.add(ChatSavedAnswer(department=dept, title=title, body=body))
    session.flush()
