"""What an alert's detail tells a citizen to do, and where shelters are found.

The guidance is a short form of the national 국민행동요령 (행정안전부, 국민재난안전포털) for each
kind of disaster; we list no shelter of our own (the national portal and the 안전디딤돌 app keep
the official list of 대피소 and 임시주거시설), and point to it, to the officer's link, and to the
city's safety department."""
from __future__ import annotations

from myg_app.contracts.alerts import Shelter
from myg_app.gwangyang import departments

PORTAL_SHELTERS = "https://www.safekorea.go.kr"  # 국민재난안전포털: 대피소 찾기
SAFETY_DEPARTMENT = "안전총괄과"

_GUIDANCE: dict[str, list[str]] = {
    "호우": ["하천변, 계곡, 지하공간, 산사태 위험지역에 가지 마세요.",
             "침수 위험이 있으면 높은 곳으로 미리 대피하세요.",
             "물이 차오르는 도로와 지하차도로는 차를 몰고 들어가지 마세요."],
    "태풍": ["외출을 삼가고 창문에서 떨어져 있으세요.",
             "해안가, 방파제, 하천변에 가지 마세요.",
             "대피 안내를 받으면 지시에 따라 바로 대피하세요."],
    "강풍": ["간판, 가로수, 공사장 주변을 피하세요.", "창문과 출입문을 잠그고 외출을 삼가세요."],
    "풍랑": ["바닷가와 방파제에 가지 마세요.", "선박은 미리 안전한 곳에 묶어 두세요."],
    "대설": ["외출을 삼가고, 나갈 때는 대중교통을 이용하세요.",
             "지붕과 비닐하우스의 눈을 수시로 치우되 무리하지 마세요."],
    "한파": ["외출을 삼가고 나갈 때는 옷을 여러 겹 입으세요.",
             "수도 계량기와 배관이 얼지 않게 보온하세요."],
    "폭염": ["낮 12시부터 오후 5시까지는 야외 활동을 삼가세요.",
             "물을 자주 마시고 시원한 곳(무더위쉼터)에서 쉬세요.",
             "어르신과 어린이를 자주 살펴 주세요."],
    "지진": ["흔들릴 때는 탁자 아래로 들어가 몸을 보호하세요.",
             "흔들림이 멈추면 전기와 가스를 잠그고 계단으로 밖으로 나가세요.",
             "건물과 담장에서 떨어진 넓은 곳으로 대피하세요."],
    "지진해일": ["해안에서 즉시 벗어나 높은 곳으로 대피하세요.",
                 "해일 특보가 해제될 때까지 해안가로 돌아가지 마세요."],
    "산불": ["산에서 불이 보이면 119에 신고하세요.",
             "바람의 방향을 보고 불길에서 먼 곳, 타지 않는 넓은 곳으로 대피하세요.",
             "대피 안내를 받으면 마을회관이나 안내된 곳으로 이동하세요."],
    "화재": ["\"불이야\" 하고 외쳐 알리고 119에 신고하세요.",
             "젖은 수건으로 코와 입을 막고 자세를 낮춰 계단으로 대피하세요.",
             "엘리베이터는 타지 마세요."],
    "산사태": ["산과 비탈면에서 떨어진 곳으로 대피하세요.",
               "땅이 갈라지거나 물이 솟으면 즉시 이웃에 알리고 대피하세요."],
    "홍수": ["하천 근처를 벗어나 높은 곳으로 대피하세요.",
             "물에 잠긴 도로를 걷거나 차로 건너지 마세요."],
    "황사": ["외출을 삼가고 나갈 때는 보건용 마스크를 쓰세요.",
             "돌아오면 손과 얼굴을 씻으세요."],
    "미세먼지": ["외출과 실외 운동을 삼가세요.", "나갈 때는 보건용 마스크(KF80 이상)를 쓰세요."],
    "감염병": ["손을 자주 씻고 기침할 때는 옷소매로 가리세요.",
               "증상이 있으면 보건소 안내에 따라 진료를 받으세요."],
    "가스": ["가스 냄새가 나면 불을 켜지 말고 창문을 열어 환기하세요.",
             "중간 밸브를 잠그고 밖으로 나가 신고하세요."],
    "화학물질": ["바람이 불어오는 쪽으로, 높은 곳으로 대피하세요.",
                 "실내에서는 창문을 닫고 환기 장치를 끄세요."],
    "민방공": ["가까운 민방위 대피소나 지하 공간으로 대피하세요.",
               "라디오와 재난 문자로 안내를 들으세요."],
    "정전": ["엘리베이터 이용을 삼가고, 전기 기기의 플러그를 뽑아 두세요."],
    "단수": ["미리 물을 받아 두고, 복구 안내를 기다리세요."],
    "실종": ["비슷한 사람을 보면 112에 신고해 주세요."],
}
_GENERAL = ["안내에 따라 침착하게 행동하세요.",
            "위험하거나 도움이 필요하면 119(화재·구조) 또는 112(경찰)에 신고하세요."]


def guidance(kind: str) -> list[str]:
    return list(_GUIDANCE.get(kind, _GENERAL))


def shelters(link: str | None) -> list[Shelter]:
    phone = departments.phone_of(SAFETY_DEPARTMENT)
    out = []
    if link:
        out.append(Shelter(title="이 알림의 대피 안내", lines=[link]))
    out.append(Shelter(title="가까운 대피소 찾기", lines=[
        "국민재난안전포털(safekorea.go.kr)이나 안전디딤돌 앱의 '대피소' 메뉴에서 "
        "지금 있는 곳에서 가까운 대피소와 무더위·한파쉼터를 찾을 수 있습니다.",
        PORTAL_SHELTERS]))
    if phone is not None:
        out.append(Shelter(title=f"광양시 {SAFETY_DEPARTMENT}", lines=["대피와 피해 신고 문의", phone]))
    return out
