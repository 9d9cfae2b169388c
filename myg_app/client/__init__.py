"""The MY광양 Flet client."""
