"""Shared controls: every one carries an accessible name and a stable identifier."""
