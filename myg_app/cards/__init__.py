"""Signed card tokens shared by the server (signs) and the app's offline verifier (checks)."""
