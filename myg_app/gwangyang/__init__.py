"""Facts about Gwangyang that client and server share, each declared once (REFERENCE.md)."""
