"""나의메뉴: the citizen's pinned functions, in their order."""
