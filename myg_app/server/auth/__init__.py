"""Accounts, passwords, app tokens, sign-in throttling, password reset; `oidc/` is the
OpenID Connect provider for the partner sites."""
