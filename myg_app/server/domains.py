"""The one list of domains. A new function's package adds its `DOMAIN` here, and nothing
else is edited by hand: routers, tables, migrations and demo data follow from it."""
from __future__ import annotations

from myg_app.server.alerts.domain import DOMAIN as ALERTS
from myg_app.server.auth.oidc.domain import DOMAIN as SSO
from myg_app.server.bus.domain import DOMAIN as BUS
from myg_app.server.chat.domain import DOMAIN as CHAT
from myg_app.server.chatbot.domain import DOMAIN as CHATBOT
from myg_app.server.citizen_id.domain import DOMAIN as CITIZEN_ID
from myg_app.server.core_domain import DOMAIN as CORE
from myg_app.server.directory.domain import DOMAIN as DIRECTORY
from myg_app.server.domain import Domain
from myg_app.server.feed.domain import DOMAIN as FEED
from myg_app.server.hospital.domain import DOMAIN as HOSPITAL
from myg_app.server.library.domain import DOMAIN as LIBRARY
from myg_app.server.market.domain import DOMAIN as MARKET
from myg_app.server.news.domain import DOMAIN as NEWS
from myg_app.server.proposal.domain import DOMAIN as PROPOSAL
from myg_app.server.points.domain import DOMAIN as POINTS
from myg_app.server.reports.domain import DOMAIN as REPORTS
from myg_app.server.reservations.domain import DOMAIN as RESERVATIONS
from myg_app.server.sos.domain import DOMAIN as SOS
from myg_app.server.survey.domain import DOMAIN as SURVEY
from myg_app.server.tts.domain import DOMAIN as TTS
from myg_app.server.waste.domain import DOMAIN as WASTE
from myg_app.server.weather.domain import DOMAIN as WEATHER
from myg_app.server.welfare.domain import DOMAIN as WELFARE

DOMAINS: tuple[Domain, ...] = (CORE, SSO, RESERVATIONS, REPORTS, WASTE, CHAT, SOS, DIRECTORY,
                              WELFARE, ALERTS, NEWS, FEED, WEATHER, BUS, HOSPITAL, POINTS,
                              PROPOSAL, SURVEY, LIBRARY, CITIZEN_ID, CHATBOT, TTS, MARKET)
