"""Accounts, passwords and tokens. OIDC/SSO for partner sites will grow from tokens.py."""
