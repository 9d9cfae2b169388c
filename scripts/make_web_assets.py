"""Regenerate the web build's Korean font: a WOFF2 subset of assets/fonts/NanumGothic.ttf.

    uv run python scripts/make_web_assets.py

The web client draws every glyph itself (Flutter), so Korean needs a font before the first
frame; the full TTF is 4.7 MB. The subset keeps what a Korean page shows: all 11,172 Hangul
syllables, Hangul Jamo and compatibility Jamo, Latin, punctuation and common symbols, plus
every other character that appears in the app's own source (labels, catalog, messages).
Hinting is dropped (Flutter does not use it) and the result is WOFF2 (Brotli inside).

Writes assets/assets/fonts/NanumGothic-web.woff2 (named in assets/assets/FontManifest.json). The desktop and mobile builds keep using the TTF.

Chinese and Vietnamese: NanumGothic has no Simplified Chinese and no Vietnamese letters, so
the app's Chinese and Vietnamese texts (myg_app/i18n/messages/zh.json, vi.json) fall back to
Noto Sans CJK SC (SIL Open Font Licence), cut to the characters those texts use: assets/fonts/NotoSansSC-myg.otf (desktop, phones) and
assets/fonts/NotoSansSC-myg.woff2 (web, loaded only when a person picks 中文 or Tiếng Việt). Needs the
Debian package fonts-noto-cjk when regenerating; run it again after changing zh.json.

Needs the dev group (fonttools, brotli); the output is committed, so serving it needs neither.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "assets" / "fonts" / "NanumGothic.ttf"
# Under assets/assets/: Flutter web fetches bundle assets (FontManifest entries) from /assets/.
OUT = ROOT / "assets" / "assets" / "fonts" / "NanumGothic-web.woff2"
RANGES = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 (·, ×, °, ...)
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x2000, 0x206F),  # general punctuation (‘’“”…‧※)
    (0x20A9, 0x20A9),  # ₩
    (0x2100, 0x215F),  # letterlike (℃, №, ™) and number forms
    (0x2160, 0x218F),  # Roman numerals
    (0x2190, 0x21FF),  # arrows
    (0x2460, 0x24FF),  # enclosed numbers ①
    (0x25A0, 0x25FF),  # geometric shapes (○●□■▲▶)
    (0x2600, 0x26FF),  # misc symbols (☎★)
    (0x3000, 0x303F),  # CJK symbols and punctuation (「」、。)
    (0x3130, 0x318F),  # Hangul compatibility Jamo
    (0x3200, 0x32FF),  # enclosed CJK (㈜)
    (0x3300, 0x33FF),  # CJK compatibility (㎡, ㎞)
    (0xAC00, 0xD7A3),  # all Hangul syllables
    (0xFF01, 0xFFEF),  # full- and half-width forms
]
SOURCE_GLOBS = ["myg_app/**/*.py", "myg_app/**/*.json", "myg_app/**/*.toml"]
ZH_TEXTS = ROOT / "myg_app" / "i18n" / "messages" / "zh.json"
VI_TEXTS = ROOT / "myg_app" / "i18n" / "messages" / "vi.json"
CJK_SRC = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
CJK_SC = 2  # Noto Sans CJK SC in the collection (JP, KR, SC, TC, HK, ...)
ZH_OUT = ROOT / "assets" / "fonts" / "NotoSansSC-myg"


def source_chars() -> set[int]:
    chars: set[int] = set()
    for g in SOURCE_GLOBS:
        for p in ROOT.glob(g):
            if "server" in p.parts or p in (ZH_TEXTS, VI_TEXTS):  # their own font
                continue
            chars.update(ord(c) for c in p.read_text(encoding="utf-8", errors="ignore"))
    return {c for c in chars if c >= 0x20}


def main() -> int:
    font = TTFont(SRC)
    cmap = font.getBestCmap()
    wanted = {c for a, b in RANGES for c in range(a, b + 1)} | source_chars()
    unicodes = sorted(c for c in wanted if c in cmap)
    missing = sorted(c for c in source_chars() if c not in cmap and c > 0x7F)
    opts = subset.Options()
    opts.flavor = "woff2"
    opts.hinting = False
    opts.desubroutinize = True
    opts.layout_features = ["kern", "liga", "ccmp", "locl", "ljmo", "vjmo", "tjmo"]
    opts.name_IDs = ["*"]  # keep the family name and the OFL licence text
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=unicodes)
    sub.subset(font)
    font.flavor = "woff2"
    font.save(OUT)
    print(f"{OUT.relative_to(ROOT)}: {len(unicodes)} characters, {OUT.stat().st_size:,} bytes "
          f"(from {SRC.stat().st_size:,})")
    if missing:
        # Not in NanumGothic at all (e.g. emoji): such text would fall back to other fonts.
        print("not in the font:", " ".join(f"U+{c:04X}{chr(c)}" for c in missing[:60]))
    return 0


def chinese() -> None:
    """The Chinese fallback font, cut to the characters of zh.json (and ASCII)."""
    from fontTools.ttLib import TTCollection

    font = TTCollection(CJK_SRC).fonts[CJK_SC]
    # What the Chinese texts use, and the Vietnamese letters NanumGothic lacks (ế, ạ, ư...).
    texts = [json.loads(p.read_text(encoding="utf-8")) for p in (ZH_TEXTS, VI_TEXTS)]
    used = {ord(c) for t in texts for v in t.values() for c in v
            if not 0xAC00 <= ord(c) <= 0xD7A3} | set(range(0x20, 0x7F))
    cmap = font.getBestCmap()
    unicodes = sorted(c for c in used if c in cmap)
    for flavor, suffix in ((None, ".otf"), ("woff2", ".woff2")):
        cut = TTCollection(CJK_SRC).fonts[CJK_SC]
        opts = subset.Options()
        opts.flavor = flavor
        opts.hinting = False
        opts.desubroutinize = True
        opts.name_IDs = ["*"]
        opts.name_languages = ["*"]
        opts.notdef_outline = True
        sub = subset.Subsetter(opts)
        sub.populate(unicodes=unicodes)
        sub.subset(cut)
        cut.flavor = flavor
        out = ZH_OUT.with_suffix(suffix)
        cut.save(out)
        print(f"{out.relative_to(ROOT)}: {len(unicodes)} characters, {out.stat().st_size:,} bytes")


if __name__ == "__main__":
    code = main()
    if CJK_SRC.exists():
        chinese()
    else:
        print(f"{CJK_SRC} is missing (apt-get install fonts-noto-cjk): Chinese font not rebuilt")
    sys.exit(code)
