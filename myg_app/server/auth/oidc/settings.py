"""Provider settings (`MYG_OIDC_*`) and the six partner sites registered by the seed.

By default every site points at the demo partner (`partner_demo/`, port 8601), so
`uv run main.py` + `uv run python -m partner_demo` show the whole flow on one machine. A real
deployment sets `MYG_OIDC_ISSUER` and `MYG_OIDC_SITES` (JSON, per client id: home_url,
redirect_uris, post_logout_redirect_uris, initiate_login_uri, secret).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

SUPPORTED_SCOPES = ("openid", "profile", "email", "phone")
DEFAULT_SCOPES = "openid profile phone"


class SiteOverride(BaseModel):
    home_url: str | None = None
    redirect_uris: list[str] | None = None
    post_logout_redirect_uris: list[str] | None = None
    initiate_login_uri: str | None = None
    secret: str | None = None


class OidcSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MYG_OIDC_", extra="ignore")

    # The public base URL of the provider; by default the URL the request came in on.
    issuer: str | None = None
    partner_base: str = "http://127.0.0.1:8601"
    sites: dict[str, SiteOverride] = Field(default_factory=dict)
    code_seconds: int = 60
    access_token_minutes: int = 10
    refresh_token_days: int = 14
    handoff_seconds: int = 60
    browser_session_hours: int = 12


@lru_cache(maxsize=1)
def oidc_settings() -> OidcSettings:
    return OidcSettings()


@dataclass(frozen=True, slots=True)
class Site:
    client_id: str
    name: str
    summary: str


# The six sites of 광양시 통합 로그인 (REFERENCE.md), in the order the app lists them.
SITES: tuple[Site, ...] = (
    Site("gwangyang_home", "광양시 대표 홈페이지", "시정 소식, 민원, 행정 정보"),
    Site("goodjob", "굿잡광양", "일자리 정보와 구직 상담"),
    Site("youth_dream", "청년꿈터", "청년 공간 예약과 청년 정책"),
    Site("library", "시립도서관", "도서 검색, 대출 조회, 프로그램 신청"),
    Site("sports_center", "광양스포츠센터", "수영·헬스 강습 등록"),
    Site("childcare", "육아종합지원센터", "장난감 대여, 육아 프로그램"),
)


def demo_secret(client_id: str) -> str:
    """DEMO ONLY, like the demo password: a production deployment sets each secret."""
    return f"demo-{client_id}-secret"


@dataclass(frozen=True, slots=True)
class SiteConfig:
    site: Site
    home_url: str
    redirect_uris: list[str]
    post_logout_redirect_uris: list[str]
    initiate_login_uri: str | None
    secret: str


def site_configs(settings: OidcSettings | None = None) -> list[SiteConfig]:
    s = settings or oidc_settings()
    out = []
    for site in SITES:
        base = f"{s.partner_base.rstrip('/')}/{site.client_id}"
        o = s.sites.get(site.client_id, SiteOverride())
        home = o.home_url or f"{base}/"
        out.append(SiteConfig(
            site=site, home_url=home,
            redirect_uris=o.redirect_uris or [f"{base}/callback"],
            post_logout_redirect_uris=o.post_logout_redirect_uris or [home],
            initiate_login_uri=o.initiate_login_uri or f"{base}/login",
            secret=o.secret or demo_secret(site.client_id),
        ))
    return out


def issuer_of(request: Any) -> str:
    """This provider's issuer URL: the configured one, else (development only) where the
    request came in. The one place every OIDC address is built from."""
    return (oidc_settings().issuer or str(request.base_url)).rstrip("/")


def discovery_cache_headers() -> dict[str, str]:
    """Discovery and JWKS: shareable for 5 min only when the issuer is pinned. Following the
    request, an answer names the Host it was asked by, so no cache may keep or share it."""
    if oidc_settings().issuer:
        return {"Cache-Control": "public, max-age=300"}
    return {"Cache-Control": "no-store", "Vary": "Host"}
