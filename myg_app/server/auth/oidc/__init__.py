"""OpenID Connect provider for the six city partner sites (issue 3)."""
