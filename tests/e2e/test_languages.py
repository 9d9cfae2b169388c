"""The app in English and in Vietnamese on a 360x800 phone (issue 17): chosen in 설정, kept on
the device after a reload, every screen's words and the page's language follow it.

Screenshots: artifacts/screenshots/lang_*.png."""
from __future__ import annotations

import pytest

from myg_app import i18n

# (language, what home then says, 설정's 큰 글씨 모드, a function in 전체 메뉴)
CASES = [
    ("en", "Report a local problem", "Large text mode", "Bulky-waste disposal"),
    ("vi", "Báo cáo sự cố khu dân cư", None, "Trò chuyện 1:1 với thành phố"),
    ("zh", "报告生活不便", None, "与市政府 1:1 聊天"),
]


@pytest.mark.parametrize("lang,report,large,chat", CASES, ids=[c[0] for c in CASES])
def test_the_app_in_another_language_at_360(ui, lang, report, large, chat):
    large = large or i18n.catalog(lang)["큰 글씨 모드"]
    ui.resize(360, 800)
    ui.wait_id("home-tile-chat")
    ui.click_id("appbar-settings")
    ui.wait_id(f"settings-language-{lang}")
    ui.click_id(f"settings-language-{lang}")
    ui.wait_text(large)
    ui.wait_js(f"(localStorage.getItem('flutter.myg.language') || '').includes('{lang}')")
    ui.settle()
    ui.shot(f"lang_{lang}_settings")
    assert not ui.has_text("큰 글씨 모드")

    ui.open("/")  # a fresh load: the language comes back from the device
    ui.wait_text(report)
    assert ui.page.evaluate("document.documentElement.lang").startswith(lang)
    assert not ui.has_text("생활불편 신고")
    ui.shot(f"lang_{lang}_home")

    ui.click_id("home-all")
    ui.wait_id("menu-search")
    ui.wait_text(chat)
    ui.shot(f"lang_{lang}_menu")
    if lang == "en":  # one function screen with data from the server
        ui.open("/f/alerts")
        ui.wait_text_in("alerts-following", "Your alerts")
        ui.shot(f"lang_{lang}_alerts")
