"""통합 로그인 사이트 (sso_sites): open a partner site already signed in."""
