"""Idempotent demo data: one citizen, one officer, one admin.

DEMO ONLY: all demo accounts share one well-known password ("myg-demo-2026", or
MYG_DEMO_PASSWORD). Never run `seed_demo` against a production database.
"""
from __future__ import annotations

import logging
from contextvars import ContextVar
from dataclasses import dataclass

from sqlalchemy import select

from myg_app.server.auth import service
from myg_app.server.auth.models import User
from myg_app.server.config import Settings
from myg_app.server.db import make_engine, make_sessionmaker
from myg_app.server.domains import DOMAINS

log = logging.getLogger(__name__)

DEFAULT_DEMO_PASSWORD = "myg-demo-2026"


@dataclass(frozen=True, slots=True)
class DemoAccount:
    role: str
    email: str
    name: str
    department: str | None = None


DEMO_ACCOUNTS: list[DemoAccount] = [
    DemoAccount("citizen", "citizen@gwangyang.demo", "김광양"),
    DemoAccount("officer", "officer@gwangyang.demo", "이담당", "민원봉사과"),
    DemoAccount("admin", "admin@gwangyang.demo", "박관리"),
    # Department officers: each domain's officer screens show their own department's work.
    DemoAccount("officer", "welfare@gwangyang.demo", "최복지", "주민복지과"),
    DemoAccount("officer", "culture@gwangyang.demo", "정문화", "문화예술과"),
    DemoAccount("officer", "sports@gwangyang.demo", "한체육", "체육진흥과"),
    DemoAccount("officer", "clean@gwangyang.demo", "윤자원", "자원순환과"),
    DemoAccount("officer", "roads@gwangyang.demo", "서도로", "도로과"),
    DemoAccount("officer", "jobs@gwangyang.demo", "오일자", "일자리경제과"),
    DemoAccount("officer", "safety@gwangyang.demo", "강안전", "안전총괄과"),
    DemoAccount("officer", "news@gwangyang.demo", "송소식", "감동시대추진단"),
    DemoAccount("officer", "town@gwangyang.demo", "문동네", "총무과"),
    # A merchant of two demo shops in 광양5일시장 (the merchant role is a shop membership).
    DemoAccount("citizen", "merchant@gwangyang.demo", "장상인"),
]


_seeding = ContextVar("seeding_demo_accounts", default=False)


class _NotWhileSeeding(logging.Filter):
    """The launcher prints the demo accounts in full once the database is ready
    (myg_app/console.py); auth's "account created: c***@gwangyang.demo" lines for the same
    accounts would only repeat them, masked. Other registrations are logged as before."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not _seeding.get()


logging.getLogger(service.__name__).addFilter(_NotWhileSeeding())


def demo_password(settings: Settings) -> str:
    return settings.demo_password or DEFAULT_DEMO_PASSWORD


def seed_demo(settings: Settings) -> list[DemoAccount]:
    """Create the missing demo accounts; existing ones (and their passwords, menus) stay as they are."""
    engine = make_engine(settings.effective_database_url)
    try:
        with make_sessionmaker(engine).begin() as session:
            existing = set(session.scalars(
                select(User.email).where(User.email.in_([a.email for a in DEMO_ACCOUNTS]))))
            seeding = _seeding.set(True)
            # Production has no demo accounts: their password is published in the README.
            accounts = [] if settings.env == "production" else DEMO_ACCOUNTS
            try:
                for account in accounts:
                    if account.email in existing:
                        continue
                    # register() also gives every new account the default 나의메뉴.
                    service.register(session, settings, account.email, demo_password(settings),
                                     account.name, role=account.role,
                                     department=account.department)
            finally:
                _seeding.reset(seeding)
            if len(existing) < len(accounts):
                log.debug("demo accounts created: %d", len(accounts) - len(existing))
            session.flush()
            for domain in DOMAINS:  # every seed is idempotent
                if domain.seed is not None:
                    domain.seed(session, settings)
    finally:
        engine.dispose()
    return list(accounts)
