"""The one list of built functions' screens (the client's twin of server/domains.py). A new
function's screens package exposes `FEATURES` in its views module and adds it here."""
from __future__ import annotations

from myg_app.client.features.alerts import views as alerts
from myg_app.client.features.bus import views as bus
from myg_app.client.features.chat import views as chat
from myg_app.client.features.chatbot import views as chatbot
from myg_app.client.features.citizen_id import views as citizen_id
from myg_app.client.features.directory import views as directory
from myg_app.client.features.feature import Feature
from myg_app.client.features.feed import views as feed
from myg_app.client.features.hospital import views as hospital
from myg_app.client.features.library_card import views as library_card
from myg_app.client.features.market import views as market
from myg_app.client.features.news import views as news
from myg_app.client.features.points import views as points
from myg_app.client.features.proposal import views as proposal
from myg_app.client.features.reports import views as reports
from myg_app.client.features.reservations import views as reservations
from myg_app.client.features.sos import views as sos
from myg_app.client.features.sso import views as sso
from myg_app.client.features.survey import views as survey
from myg_app.client.features.waste import views as waste
from myg_app.client.features.weather import views as weather
from myg_app.client.features.welfare import views as welfare

FEATURES: tuple[Feature, ...] = (
    *sso.FEATURES, *reservations.FEATURES, *reports.FEATURES, *waste.FEATURES, *chat.FEATURES,
    *sos.FEATURES, *directory.FEATURES, *welfare.FEATURES, *alerts.FEATURES, *news.FEATURES,
    *feed.FEATURES, *weather.FEATURES, *hospital.FEATURES,
    *bus.FEATURES,
    *proposal.FEATURES,
    *points.FEATURES,
    *survey.FEATURES,
    *library_card.FEATURES,
    *citizen_id.FEATURES,
    *chatbot.FEATURES,
    *market.FEATURES,
)
