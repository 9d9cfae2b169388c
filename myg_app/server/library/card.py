"""What the card shows a scanner: the member number as a Code 128 barcode (what library desk
scanners read) with the number printed under the bars, and as a QR code; and the demo
library's member numbers, "GY" + 8 digits + a Luhn check digit (a mistyped digit or two
swapped neighbours are caught at the desk)."""
from __future__ import annotations

import base64
import io
import re

from barcode import Code128
from barcode.writer import ImageWriter

from myg_app import qr
from myg_app.server.library.system import MEMBER_NO_PATTERN

PREFIX = "GY"
SERIAL_DIGITS = 8
_MEMBER_NO = re.compile(MEMBER_NO_PATTERN)
# Bars wide and tall enough for a handheld scanner held at a phone: 3 px per module at this
# resolution, a quiet zone of 10 modules, the digits under the bars.
_BARCODE = {"module_width": 0.25, "module_height": 12.0, "quiet_zone": 2.5, "font_size": 9,
            "text_distance": 4.0, "dpi": 300, "background": "white", "foreground": "black"}


def luhn_digit(digits: str) -> str:
    """The Luhn check digit of a string of digits."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 0:  # doubled: every second digit from the right, check digit excluded
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return str((10 - total % 10) % 10)


def demo_member_no(serial: int) -> str:
    body = f"{serial:0{SERIAL_DIGITS}d}"
    if len(body) != SERIAL_DIGITS:
        raise ValueError("serial out of range")
    return f"{PREFIX}{body}{luhn_digit(body)}"


def is_demo_member_no(value: str) -> bool:
    digits = value[len(PREFIX):]
    return (value.startswith(PREFIX) and len(digits) == SERIAL_DIGITS + 1 and digits.isascii()
            and digits.isdigit() and luhn_digit(digits[:-1]) == digits[-1])


def is_member_no(value: str) -> bool:
    """A member number the card can show (any library's: letters, digits, "-")."""
    return bool(_MEMBER_NO.fullmatch(value))


def barcode_png(member_no: str) -> str:
    """A Code 128 PNG (black on white, whatever the app's theme) of `member_no`, base64."""
    if not is_member_no(member_no):
        raise ValueError("not a member number")
    buf = io.BytesIO()
    Code128(member_no, writer=ImageWriter()).write(buf, options=_BARCODE)
    return base64.b64encode(buf.getvalue()).decode()


def qr_png(member_no: str) -> str:
    return qr.png_base64(member_no)
