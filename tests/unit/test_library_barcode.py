"""The library card's codes, read back by an independent decoder (zxing-cpp): the Code 128
barcode a library desk scanner reads and the QR both carry exactly the member number; the
demo library's member numbers carry a Luhn check digit that catches a mistyped digit and two
swapped neighbours."""
from __future__ import annotations

import base64
import io
import random

import pytest
import zxingcpp
from PIL import Image

from myg_app.server.library import card


def decoded(png_base64: str) -> list[tuple[zxingcpp.BarcodeFormat, str]]:
    img = Image.open(io.BytesIO(base64.b64decode(png_base64)))
    return [(r.format, r.text) for r in zxingcpp.read_barcodes(img)]


@pytest.mark.parametrize("member_no", [card.demo_member_no(0), card.demo_member_no(12345678),
                                       card.demo_member_no(99999999), "GY-2024-0001", "A123"])
def test_the_barcode_is_code_128_of_the_member_number(member_no):
    assert decoded(card.barcode_png(member_no)) == [(zxingcpp.BarcodeFormat.Code128, member_no)]


@pytest.mark.parametrize("member_no", [card.demo_member_no(12345678), "GY-2024-0001"])
def test_the_qr_is_a_full_qr_code_of_the_member_number(member_no):
    # A full QR, not a Micro QR (which phone cameras and most desk scanners do not read).
    assert decoded(card.qr_png(member_no)) == [(zxingcpp.BarcodeFormat.QRCode, member_no)]


def test_the_barcode_is_black_on_white_and_big_enough_for_a_scanner():
    img = Image.open(io.BytesIO(base64.b64decode(card.barcode_png(card.demo_member_no(7)))))
    grey = img.convert("L")
    assert grey.getpixel((0, 0)) == 255 and grey.getextrema() == (0, 255)  # white quiet zone
    assert img.width >= 300 and img.height >= 120
    # The narrowest bar is at least 2 pixels wide: a phone screen's pixels do not blur it.
    row = [grey.getpixel((x, img.height // 3)) < 128 for x in range(img.width)]
    runs, n = [], 1
    for a, b in zip(row, row[1:]):
        if a == b:
            n += 1
        else:
            runs.append(n)
            n = 1
    assert min(runs) >= 2


def test_demo_member_numbers_have_a_luhn_check_digit():
    assert card.luhn_digit("7992739871") == "3"  # the textbook example
    no = card.demo_member_no(12345678)
    assert no == "GY123456782" and card.is_demo_member_no(no)
    assert card.is_member_no(no)


def test_the_check_digit_catches_a_wrong_digit_and_swapped_neighbours():
    rnd = random.Random(7)
    for _ in range(200):
        no = card.demo_member_no(rnd.randrange(10**8))
        digits = list(no[2:])
        i = rnd.randrange(len(digits))
        wrong = digits.copy()
        wrong[i] = str((int(wrong[i]) + rnd.randrange(1, 10)) % 10)
        assert not card.is_demo_member_no("GY" + "".join(wrong))
        j = rnd.randrange(len(digits) - 1)
        if digits[j] != digits[j + 1] and {digits[j], digits[j + 1]} != {"0", "9"}:
            swapped = digits.copy()
            swapped[j], swapped[j + 1] = swapped[j + 1], swapped[j]
            assert not card.is_demo_member_no("GY" + "".join(swapped))


@pytest.mark.parametrize("bad", ["", "gy123", "GY 1234", "GY12345678901234567890", "GY\x001234",
                                 "도서관1234"])
def test_what_is_not_a_member_number_is_never_drawn(bad):
    assert not card.is_member_no(bad)
    with pytest.raises(ValueError):
        card.barcode_png(bad)


@pytest.mark.parametrize("bad", ["GY123456781", "XY123456782", "GY12345678", "GY1234567821"])
def test_demo_numbers_with_a_wrong_check_digit_or_shape_are_refused(bad):
    assert not card.is_demo_member_no(bad)
