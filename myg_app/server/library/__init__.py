"""모바일 도서관회원증 (catalog function library_card): the link to the 시립도서관 account
through 통합 로그인, the card, loans and renewal through a library-system adapter."""
