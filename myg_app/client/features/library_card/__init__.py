"""모바일 도서관회원증 (library_card): the 시립도서관 card, loans and renewal."""
