"""Card numbers: "GY-" + 8 digits of the row id + a Luhn check digit (a typo is caught when
an officer types a number to look a card up)."""
from __future__ import annotations


def luhn_digit(digits: str) -> int:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:  # every second digit from the right, the check digit not yet there
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return (10 - total % 10) % 10


def card_number(card_id: int) -> str:
    body = f"{card_id:08d}"
    return f"GY-{body}{luhn_digit(body)}"


def is_valid(number: str) -> bool:
    if not (isinstance(number, str) and number.startswith("GY-") and number[3:].isdigit()
            and len(number) == 12):
        return False
    return luhn_digit(number[3:-1]) == int(number[-1])

