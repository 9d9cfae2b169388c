"""Every route a person can open, by who opens it: the accessibility walk (tests/ui) and the
browser tour of every screen (tests/e2e/tour.py) both go through this list."""

from __future__ import annotations

from collections.abc import Mapping

from myg_app import catalog
from myg_app.client.features.screens import SCREENS
from myg_app.server.news import seed as news_seed

# A service of the embedded 보조금24 catalogue with every section, phones and an online link.
WELFARE_SERVICE = "135200005013"
WELFARE_ROUTES = [f"/f/welfare/s/{WELFARE_SERVICE}", f"/f/subsidy24/s/{WELFARE_SERVICE}"]
# The first demo article of each news board (server/news/seed.py adds the city's first).
NEWS_CITY_ARTICLE, NEWS_TOWN_ARTICLE = 1, len(news_seed.CITY) + 1
NEWS_ROUTES = [f"/f/city_news/a/{NEWS_CITY_ARTICLE}", f"/f/town_news/a/{NEWS_TOWN_ARTICLE}"]
NEWS_IN_REVIEW = next(n for n, d in enumerate(news_seed.CITY, 1) if d.status == "review")

# The newest demo alert (server/alerts/seed.py: id 4), its settings and, for officers, the forms.
ALERT_ROUTES = ["/f/alerts/4", "/f/alerts/settings", "/f/my_feed/interests"]
ALERT_OFFICER_ROUTES = ["/f/alerts/new", "/f/alerts/4/edit"]

# A bundled sample pharmacy (server/hospital/data: open 24 hours, so the page shows it open).
HOSPITAL_ROUTES = ["/f/hospital/p/n-DEMOP0001", "/f/hospital/p/n-DEMOH0003"]
# The bundled bus sample (server/bus/data/sample.json): 광양시청 and route 9 through it.
BUS_ROUTES = ["/f/bus/s/GYB0006", "/f/bus/r/GYB9000"]
# The demo proposals (server/proposal/seed.py): 1 in 검토중, 2 answered with progress.
PROPOSAL_ROUTES = ["/f/proposal/p/1", "/f/proposal/p/2"]
PROPOSAL_OFFICER_ROUTES = ["/f/proposal/desk", "/f/proposal/desk/1", "/f/proposal/desk/2"]
# 포인트: spending (상품권·기부) and, for 일자리경제과 officers, 조정·인증.
POINTS_ROUTES = ["/f/points/redeem"]
POINTS_OFFICER_ROUTES = ["/f/points/officer"]
# 설문조사·정책투표 (server/survey/seed.py): 1 an open survey, 2 an open 정책투표, 3 closed
# with published results.
SURVEY_ROUTES = ["/f/survey/s/1", "/f/survey/s/2", "/f/survey/s/3/results"]
SURVEY_OFFICER_ROUTES = ["/f/survey/desk", "/f/survey/desk/new", "/f/survey/desk/1",
                         "/f/survey/desk/1/preview", "/f/survey/desk/3/results"]
# 디지털 광양시민증: the verifier (anyone) and, for 민원봉사과, the applications.
CITIZEN_ID_ROUTES = ["/f/citizen_id/verify"]
CITIZEN_ID_OFFICER_ROUTES = ["/f/citizen_id/desk"]
# 전통시장 장보기 (server/market/seed.py: market 1 is 광양5일시장): a market and its cart; the
# desk for 일자리경제과. The merchant's console is walked in tests/ui/test_market_ui.py.
MARKET_ROUTES = ["/f/market/m/1", "/f/market/m/1/cart"]
MARKET_OFFICER_ROUTES = ["/f/market/desk"]

GUEST_ROUTES = ["/", "/menu", "/menu/edit", "/settings", "/login", "/register", "/account",
                "/f/report/new", *[f.route for f in catalog.FUNCTIONS], *WELFARE_ROUTES,
                *NEWS_ROUTES, *ALERT_ROUTES, *HOSPITAL_ROUTES, *BUS_ROUTES, *PROPOSAL_ROUTES,
                *SURVEY_ROUTES, *CITIZEN_ID_ROUTES, *MARKET_ROUTES]

# Functions whose screens list bookable resources: a resource's own page is visited too.
RESERVATIONS = ("facility", "sports", "course", "legal")

OFFICER_ROUTES = ["/f/report/inbox", "/f/facility/officer", "/f/sos/desk",
                  "/f/bulky_waste/desk", "/f/chat", "/f/welfare/programs/new",
                  "/f/small_biz/programs/new", "/f/city_news/desk", "/f/city_news/desk/new",
                  f"/f/city_news/desk/{NEWS_IN_REVIEW}", "/f/town_news/desk", "/f/town_news/desk/new",
                  f"/f/town_news/desk/{NEWS_TOWN_ARTICLE}/preview", *ALERT_OFFICER_ROUTES,
                  *PROPOSAL_OFFICER_ROUTES, *POINTS_OFFICER_ROUTES, *SURVEY_OFFICER_ROUTES,
                  *CITIZEN_ID_OFFICER_ROUTES, *MARKET_OFFICER_ROUTES]


def citizen_routes(first_resource: Mapping[str, int | None]) -> list[str]:
    """A signed-in citizen's routes; `first_resource` maps each of RESERVATIONS to the id of
    its first resource (None when it has none)."""
    routes = ["/", "/account", "/notices", "/menu/edit", "/settings", "/kiosk-approve",
              *[f.route for f in catalog.FUNCTIONS if f.id in SCREENS],
              "/f/report/new", "/f/bulky_waste/new", *WELFARE_ROUTES, *NEWS_ROUTES, *ALERT_ROUTES,
              *HOSPITAL_ROUTES, *BUS_ROUTES, *PROPOSAL_ROUTES, "/f/proposal/new",
              *POINTS_ROUTES, *SURVEY_ROUTES, *CITIZEN_ID_ROUTES, *MARKET_ROUTES,
              "/f/market/orders", "/f/welfare/bookmarks", "/f/small_biz/bookmarks",
              *[f"/f/sso_sites{p}" for p in ("/profile", "/consents", "/sessions", "/withdraw")]]
    for fid in RESERVATIONS:
        routes.append(f"/f/{fid}/mine")
        if first_resource.get(fid) is not None:
            routes.append(f"/f/{fid}/r/{first_resource[fid]}")
    return routes
