"""A demo partner site (relying party) for MY광양 통합 로그인. See app.py."""
