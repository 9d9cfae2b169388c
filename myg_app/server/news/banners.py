"""Small pictures for the demo articles, drawn at seed time (no image files in the
repository, no text in the pictures: the article says what they are)."""
from __future__ import annotations

import functools
import io
import math

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 960, 480


def _sky(draw: ImageDraw.ImageDraw, top: tuple[int, int, int], bottom: tuple[int, int, int],
         height: int = HEIGHT) -> None:
    for y in range(height):
        f = y / max(1, height - 1)
        draw.line([(0, y), (WIDTH, y)], fill=tuple(round(a + (b - a) * f)
                                                   for a, b in zip(top, bottom)))


def _hills(draw: ImageDraw.ImageDraw, base: int, amp: int, period: float, phase: float,
           colour: tuple[int, int, int]) -> None:
    points = [(x, base - amp * math.sin(x / period + phase)) for x in range(0, WIDTH + 20, 20)]
    draw.polygon([(0, HEIGHT), *points, (WIDTH, HEIGHT)], fill=colour)


def plum() -> Image.Image:
    """매화: a pale spring sky, green hills by the river, white and pink blossoms."""
    img = Image.new("RGB", (WIDTH, HEIGHT))
    d = ImageDraw.Draw(img)
    _sky(d, (252, 228, 236), (255, 250, 240))
    _hills(d, 330, 40, 120, 0.5, (122, 170, 110))
    _hills(d, 390, 30, 90, 2.0, (88, 140, 90))
    d.rectangle([0, 430, WIDTH, HEIGHT], fill=(120, 170, 200))  # 섬진강
    d.line([(120, 420), (230, 150), (330, 90)], fill=(96, 64, 48), width=14)
    d.line([(230, 150), (150, 70)], fill=(96, 64, 48), width=9)
    for i in range(70):
        x = 90 + (i * 47) % 320
        y = 40 + (i * 71) % 230
        r = 9 + i % 6
        d.ellipse([x - r, y - r, x + r, y + r],
                  fill=(255, 255, 255) if i % 3 else (244, 160, 190))
    return img


def sea() -> Image.Image:
    """바다: a summer sky over 광양만, a bridge and waves (전어, 이순신대교)."""
    img = Image.new("RGB", (WIDTH, HEIGHT))
    d = ImageDraw.Draw(img)
    _sky(d, (120, 190, 235), (200, 232, 250), 260)
    d.ellipse([740, 50, 840, 150], fill=(255, 214, 102))
    d.rectangle([0, 260, WIDTH, HEIGHT], fill=(30, 110, 170))
    for row in range(8):
        y = 280 + row * 26
        pts = [(x, y + 6 * math.sin(x / 30 + row)) for x in range(0, WIDTH + 10, 10)]
        d.line(pts, fill=(150, 205, 235), width=3)
    d.line([(0, 200), (WIDTH, 200)], fill=(230, 230, 235), width=8)  # the deck
    for x in (260, 700):
        d.rectangle([x - 8, 90, x + 8, 260], fill=(235, 235, 240))
        for k in range(1, 8):
            d.line([(x, 95), (x - 30 * k, 200)], fill=(210, 210, 220), width=2)
            d.line([(x, 95), (x + 30 * k, 200)], fill=(210, 210, 220), width=2)
    return img


def market() -> Image.Image:
    """5일장: striped awnings of market stalls."""
    img = Image.new("RGB", (WIDTH, HEIGHT))
    d = ImageDraw.Draw(img)
    _sky(d, (255, 236, 200), (255, 248, 232))
    colours = [(214, 69, 65), (52, 120, 190), (232, 160, 40), (60, 150, 100)]
    for n in range(5):
        x0 = 20 + n * 188
        colour = colours[n % len(colours)]
        for k in range(6):
            fill = colour if k % 2 == 0 else (250, 250, 245)
            d.polygon([(x0 + k * 29, 150), (x0 + (k + 1) * 29, 150),
                       (x0 + (k + 1) * 31, 230), (x0 + k * 31, 230)], fill=fill)
        d.rectangle([x0 + 8, 230, x0 + 178, 400], fill=(150, 110, 70))
        for j in range(4):
            cx = x0 + 35 + j * 40
            d.ellipse([cx - 14, 250, cx + 14, 278], fill=colours[(n + j + 1) % len(colours)])
    d.rectangle([0, 400, WIDTH, HEIGHT], fill=(190, 180, 165))
    return img


def city() -> Image.Image:
    """시청: an evening sky and the city's buildings."""
    img = Image.new("RGB", (WIDTH, HEIGHT))
    d = ImageDraw.Draw(img)
    _sky(d, (36, 70, 130), (120, 160, 210))
    heights = [180, 260, 220, 320, 200, 280, 240, 300, 190, 250]
    for n, h in enumerate(heights):
        x0 = n * 96
        d.rectangle([x0 + 6, HEIGHT - h, x0 + 90, HEIGHT], fill=(28, 44, 78))
        for wy in range(HEIGHT - h + 16, HEIGHT - 16, 28):
            for wx in range(x0 + 16, x0 + 82, 22):
                if (wx + wy + n) % 3:
                    d.rectangle([wx, wy, wx + 10, wy + 14], fill=(250, 214, 120))
    return img


def mountain() -> Image.Image:
    """백운산: layered green ridges."""
    img = Image.new("RGB", (WIDTH, HEIGHT))
    d = ImageDraw.Draw(img)
    _sky(d, (210, 235, 245), (245, 250, 250))
    _hills(d, 220, 90, 150, 1.0, (150, 190, 150))
    _hills(d, 300, 70, 110, 2.4, (90, 150, 100))
    _hills(d, 380, 50, 80, 0.2, (50, 110, 70))
    return img


DRAWINGS = {"plum": plum, "sea": sea, "market": market, "city": city, "mountain": mountain}


@functools.cache
def png(name: str) -> bytes:
    """The picture as PNG bytes: it goes through the same upload path as an officer's."""
    out = io.BytesIO()
    DRAWINGS[name]().save(out, "PNG")
    return out.getvalue()
