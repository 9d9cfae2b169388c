"""음성 안내 for the web and the kiosk: speech synthesised on the server (espeak-ng)."""
