import pytest

from myg_app.client import theme
from myg_app.client.theme import Metrics, contrast_ratio, make_theme


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_every_drawn_colour_pair_has_at_least_4_5_contrast(dark):
    pal = theme.palette(dark)
    low = {(fg, bg): round(contrast_ratio(pal[fg], pal[bg]), 2)
           for fg, bg in theme.CONTRAST_PAIRS if contrast_ratio(pal[fg], pal[bg]) < 4.5}
    assert low == {}


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize("dark", [False, True])
def test_every_text_style_names_the_bundled_korean_font(large, dark):
    t = make_theme(large, dark)
    for tt in (t.text_theme, t.primary_text_theme):
        for name in theme.BASE_SIZES:
            assert getattr(tt, name).font_family == theme.FONT, name


def test_large_text_scales_every_style_by_at_least_1_5():
    normal, large = make_theme(False), make_theme(True)
    for name in theme.BASE_SIZES:
        assert getattr(large.text_theme, name).size >= 1.5 * getattr(normal.text_theme, name).size


def test_targets_and_columns_follow_large_text_mode():
    assert Metrics(False).target >= 48 and Metrics(True).target >= 56
    for width in (360, 400, 800):
        assert Metrics(True).columns(width) < Metrics(False).columns(width)
    assert Metrics(True).columns(360) == 2


def test_fonts_are_bundled_in_assets():
    from myg_app.launcher import ASSETS

    assert (ASSETS / theme.FONTS[theme.FONT]).stat().st_size > 1_000_000  # the whole face
    # The Chinese/Vietnamese fallback is cut to the app's texts, on every platform.
    for path in (theme.FONTS[theme.FALLBACK_FONT], *theme.WEB_FALLBACK_FONTS.values()):
        assert (ASSETS / path).stat().st_size > 100_000


def test_the_fallback_font_draws_every_chinese_and_vietnamese_text():
    """Rebuild it (scripts/make_web_assets.py) when zh.json or vi.json gain new letters."""
    from fontTools.ttLib import TTFont

    from myg_app import i18n
    from myg_app.launcher import ASSETS

    cmap = TTFont(ASSETS / theme.FONTS[theme.FALLBACK_FONT]).getBestCmap()
    nanum = TTFont(ASSETS / theme.FONTS[theme.FONT]).getBestCmap()
    letters = {c for lang in ("zh", "vi") for v in i18n.catalog(lang).values() for c in v
               if ord(c) > 0x7F and ord(c) != 0x2060}
    missing = sorted(c for c in letters if ord(c) not in cmap and ord(c) not in nanum)
    assert not missing, "".join(missing)


def test_later_results_are_live_regions():
    """A notice or an error that arrives after an action (sent, booked, failed) is announced
    by screen readers without moving to it (issue 17, 음성 안내)."""
    from myg_app.client.widgets.common import StatusPanel

    m = theme.Metrics(False)
    panel = StatusPanel(m, "x")
    panel.notice("예약했습니다.")
    assert panel.controls[0].identifier == "x-notice" and panel.controls[0].live_region is True
    panel.error("예약하지 못했습니다.")
    assert panel.controls[0].identifier == "x-error" and panel.controls[0].live_region is True
