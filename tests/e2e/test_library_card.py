"""모바일 도서관회원증 in Chromium: a citizen on a phone in large text agrees to share their
name and 회원 식별값 with 시립도서관, links the account, sees the card (member number, barcode,
QR) and the loans with their D-days, renews the book due in two days; nothing runs off the
side of the phone, and the dark theme keeps the codes on white."""

from __future__ import annotations

import re

from tests.e2e.accounts import new_citizen, sign_in
from tests.e2e.tour import go
from tests.e2e.tour import off_side as off_side_at


def test_a_citizen_links_the_library_card_and_renews_a_book_in_large_text(ui, server):
    email = new_citizen(server, "e2e-library")
    ui.phone_in_large_text()
    sign_in(ui, email)
    go(ui, "/f/library_card")
    ui.wait_id("library-shares")
    assert not off_side_at(ui, 360), off_side_at(ui, 360)
    ui.shot("library_link_large")

    ui.click_id("library-agree")
    ui.click_id("library-link")
    ui.wait_id("library-barcode")
    assert re.fullmatch(r"GY\d{9}", ui.text_of("library-member-no").strip())
    ui.wait_id("library-qr")
    ui.wait_text_in("library-loans-summary", "대출 중 4권")
    assert not off_side_at(ui, 360), off_side_at(ui, 360)
    ui.shot("library_card_large")

    renew = ui.page.locator("[flt-semantics-identifier^='library-renew-']")
    renew.first.wait_for()
    ident = renew.first.get_attribute("flt-semantics-identifier")
    ui.click_id(ident)
    ui.wait_text_in("library-result-notice", "연장했습니다")
    ui.wait_text_in(f"library-loan-{ident.removeprefix('library-renew-')}-why", "이미 한 번")
    assert not off_side_at(ui, 360), off_side_at(ui, 360)
