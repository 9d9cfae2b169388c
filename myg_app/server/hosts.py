"""Production shape: which name the server gives itself and which hosts it answers for.

- Production (`MYG_ENV=production`): the OIDC issuer is pinned (`MYG_OIDC_ISSUER`, https) and
  only `MYG_ALLOWED_HOSTS` are answered; without both the server refuses to start.
- Development (default): the issuer follows each request's Host (tests, the demo on any
  address); discovery and JWKS are then never cached (auth/oidc/settings.py), and a warning
  says so once at start. `MYG_ALLOWED_HOSTS` works here too when set.
"""
from __future__ import annotations

import logging
from urllib.parse import urlsplit

from fastapi import FastAPI

from myg_app.server.auth.oidc.settings import oidc_settings
from myg_app.server.config import Settings
from myg_app.trusted_hosts import TrustedHosts, host_name, name_allowed

log = logging.getLogger(__name__)
_warned = False


class UnsafeSettings(RuntimeError):
    """A production start without the settings that keep it safe."""


def production_problems(settings: Settings, issuer: str | None) -> list[str]:
    out = []
    parts = urlsplit(issuer or "")
    if parts.scheme != "https" or not parts.hostname or parts.query or parts.fragment:
        out.append("set MYG_OIDC_ISSUER to this server's public https URL "
                   "(e.g. https://my.gwangyang.go.kr)")
    if not settings.allowed_hosts:
        out.append("set MYG_ALLOWED_HOSTS to the host names it answers for "
                   "(comma-separated, e.g. my.gwangyang.go.kr)")
    elif parts.hostname and not name_allowed(host_name(parts.hostname), settings.allowed_hosts):
        out.append(f"MYG_ALLOWED_HOSTS must include the issuer's host {parts.hostname}")
    return out


def check_shape(settings: Settings) -> None:
    """Raise UnsafeSettings in production without a pinned issuer and allowed hosts; in
    development, warn once per process when the issuer follows the Host header."""
    global _warned
    issuer = oidc_settings().issuer
    if settings.env == "production":
        problems = production_problems(settings, issuer)
        if problems:
            raise UnsafeSettings("MYG_ENV=production refuses to start: " + "; ".join(problems))
    elif not issuer and not _warned:
        _warned = True
        log.warning("MYG_OIDC_ISSUER is not set: the OIDC issuer and its endpoints follow each "
                    "request's Host header (development only; a deployment sets MYG_ENV="
                    "production, MYG_OIDC_ISSUER and MYG_ALLOWED_HOSTS)")


def install_trusted_hosts(app: FastAPI, settings: Settings) -> None:
    """Refuse unknown Hosts before anything else runs: call after every other middleware."""
    if settings.allowed_hosts:
        app.add_middleware(TrustedHosts, allowed=settings.allowed_hosts)
