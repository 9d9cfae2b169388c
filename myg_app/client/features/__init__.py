"""Screens, one module per domain (DESIGN.md: the same domain name as contracts/ and server/)."""
