"""Profile, consents, signed-in sessions and withdrawal (issue 3)."""
