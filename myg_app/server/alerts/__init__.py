"""재난 알림 groundwork: the 행정안전부 긴급재난문자 adapter and the 광양시 region rules (not wired in yet)."""
