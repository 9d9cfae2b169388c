"""keep_words (Korean breaks between words only) and the text helpers' colours."""

import re

import pytest

from myg_app.client.theme import DARK, LIGHT, Metrics, contrast_ratio, make_theme
from myg_app.client.widgets.common import WORD_JOINER, keep_words, text

HANGUL = "[가-힣]"


@pytest.mark.parametrize("label", ["생활불편 신고", "공공시설 대관", "부서 전화 연결",
                                   "모바일 도서관회원증", "1:1 상담", "광양시에 삽니다 (시민 수강료)",
                                   "1/4단계 · 버릴 물건 고르기", "나의메뉴 (3/12)"])
def test_keep_words_joins_the_letters_of_each_word_and_breaks_only_at_spaces(label):
    kept = keep_words(label)
    assert kept.replace(WORD_JOINER, "") == label  # nothing else changes
    assert kept.split(" ") == [keep_words(w) for w in label.split(" ")]  # spaces still break
    for word in kept.split(" "):
        letters = word.split(WORD_JOINER)
        # between two characters of a word where one is Hangul there is always a joiner
        for a, b in zip(word, word[1:], strict=False):
            assert not (re.match(HANGUL, a) or re.match(HANGUL, b)) or WORD_JOINER in (a, b) \
                or not (a.strip() and b.strip()), (a, b)
        assert all(len(x) >= 1 for x in letters)
    assert keep_words(kept) == kept  # idempotent


def test_keep_words_breaks_nowhere_inside_the_issues_tile_names():
    for name, bad in [("생활불편 신고", "신/고"), ("공공시설 대관", "대/관"),
                      ("부서 전화 연결", "연/결"), ("모바일 도서관회원증", "도서/관회원증")]:
        kept = keep_words(name)
        left, right = bad.split("/")
        assert left + right not in kept  # the two halves are never adjacent without a joiner
        assert re.search(f"{left[-1]}{WORD_JOINER}{right[0]}", kept)


def test_text_helper_takes_its_colour_from_the_theme_style():
    t = text("안녕하세요", Metrics(False), "body_large")
    assert t.style.color is None and t.theme_style is not None  # the theme decides
    for dark, pal in ((False, LIGHT), (True, DARK)):
        tt = make_theme(False, dark).text_theme
        assert contrast_ratio(tt.body_large.color, pal["surface"]) >= 4.5


@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize("dark", [False, True])
def test_every_theme_text_style_has_a_readable_colour(large, dark):
    pal = DARK if dark else LIGHT
    t = make_theme(large, dark)
    for tt in (t.text_theme, t.primary_text_theme):
        for f in ("body_large", "body_medium", "body_small", "label_large", "label_small",
                  "title_large", "title_medium", "headline_small", "display_small"):
            colour = getattr(tt, f).color
            assert colour, f
            for bg in ("surface", "surface_container", "surface_container_highest"):
                assert contrast_ratio(colour, pal[bg]) >= 4.5, (f, bg)


def test_keep_words_text_keeps_the_spoken_text_plain():
    t = text("모바일 도서관회원증", Metrics(False), keep=True)
    assert WORD_JOINER in t.value and t.semantics_label == "모바일 도서관회원증"
    # A value set later (a fee, a status) is joined again at the next update, and read aloud
    # as the new value, not the old one.
    t.value = "사용료 60,000원 (2시간)"
    t.before_update()
    assert t.value == keep_words("사용료 60,000원 (2시간)")
    assert t.semantics_label == "사용료 60,000원 (2시간)"
    t.value = ""
    t.before_update()
    assert t.semantics_label is None


def test_text_keeps_words_by_default_but_not_selectable_text():
    m = Metrics(False)
    assert WORD_JOINER in text("광양시청 민원실", m).value
    assert WORD_JOINER not in text("ABCDE-FGHJK 광양", m, selectable=True).value
