"""The kiosk's on-screen keyboard (widgets/keyboard.py) in a headless session: a tap on a field
opens it, its keys compose Hangul into the field (ㄱ ㅏ ㅇ -> 강) and the screen hears every
change as from real typing; 한/영, shift, numbers and backspace; 완료 finishes the syllable and
closes it; every key is named, tagged kbd-<name>, one touch target tall, fits a 360 px phone in
large text and a 1080 px kiosk, and reads at 4.5:1 in light and dark."""

from __future__ import annotations

import flet as ft
import pytest

from myg_app.client.theme import make_theme
from myg_app.client.widgets.common import tagged
from myg_app.client.widgets.keyboard import GAP, INSET, PAD, OnScreenKeyboard, drawn_em
from tests.ui.conftest import finish_background_tasks
from tests.ui.headless import target_height
from tests.ui.rendered_colours import drawn_texts


@pytest.fixture(autouse=True)
async def _drain():
    yield
    await finish_background_tasks()


class Typing:
    """A small screen with one text field bound to the keyboard, as the kiosk will show it."""

    def __init__(self, ui, *, keyboard_type=ft.KeyboardType.TEXT, max_length=None):
        self.ui = ui
        self.changes: list[tuple[str, str]] = []  # (e.data, field value) per change event
        self.done: list = []
        self.field = ft.TextField(label="이름", keyboard_type=keyboard_type,
                                  max_length=max_length, on_change=self.changed)
        self.kbd = OnScreenKeyboard(ui.app, on_done=self.done.append)
        self.kbd.bind(self.field)
        self.view = ft.View(route="/kbd-test", controls=[tagged(self.field, "kbd-test-field")])
        self.kbd.dock(self.view)
        ui.page.views.append(self.view)
        ui.page.update()

    def changed(self, e) -> None:
        self.changes.append((e.data, e.control.value))

    async def tap_field(self) -> None:
        """A finger on the field: Flutter sends focus, then click (tried in Chromium)."""
        session = self.ui.session
        await session.dispatch_event(self.field._i, "focus", None)
        await session.dispatch_event(self.field._i, "click", None)
        await self.ui.settle()

    async def keys(self, *names: str) -> None:
        for name in names:
            await self.ui.tap(f"kbd-{name}")

    @property
    def value(self) -> str:
        return self.field.value or ""


def keys_of(kbd: OnScreenKeyboard) -> list[ft.Semantics]:
    out: list[ft.Semantics] = []

    def walk(c) -> None:
        if isinstance(c, ft.Semantics) and (c.identifier or "").startswith("kbd-"):
            out.append(c)
        for attr in ("content", "controls"):
            v = getattr(c, attr, None)
            for child in (v if isinstance(v, list) else [v]):
                if isinstance(child, ft.BaseControl):
                    walk(child)

    walk(kbd.content)
    return out


def texts_in(c) -> list[ft.Text]:
    if isinstance(c, ft.Text):
        return [c]
    out: list[ft.Text] = []
    for attr in ("content", "controls"):
        v = getattr(c, attr, None)
        for child in (v if isinstance(v, list) else [v]):
            if isinstance(child, ft.BaseControl):
                out.extend(texts_in(child))
    return out


async def test_a_tap_on_the_field_opens_it_and_keys_compose_hangul(open_app):
    ui = await open_app()
    t = Typing(ui)
    assert not t.kbd.visible and ui.find("kbd-ㄱ") is not None  # there, but hidden
    assert t.field.read_only  # the platform's own keyboard stays closed
    # A handler replaces Flutter's unfocus-on-tap-elsewhere: the field keeps its focus ring
    # while keys are tapped (tried in Chromium).
    assert t.field.on_tap_outside is not None
    await t.tap_field()
    assert t.kbd.visible and t.view.bottom_appbar.visible and t.kbd.field is t.field
    await t.keys("ㄱ", "ㅏ", "ㅇ")
    assert t.value == "강"
    # The screen heard each key as typing: e.data is the new value, as from the real client.
    assert t.changes == [("ㄱ", "ㄱ"), ("가", "가"), ("강", "강")]
    await t.keys("ㅇ", "ㅑ", "ㅇ")
    assert t.value == "강양"


async def test_double_finals_a_vowel_after_them_and_backspace(open_app):
    ui = await open_app()
    t = Typing(ui)
    await t.tap_field()
    await t.keys("ㄷ", "ㅏ", "ㄹ", "ㄱ")
    assert t.value == "닭"
    await t.keys("back")
    assert t.value == "달"
    await t.keys("ㄱ", "ㅏ")  # the vowel takes the second part of the double final
    assert t.value == "달가"
    seen = []
    for _ in range(3):
        await t.keys("back")
        seen.append(t.value)
    assert seen == ["달ㄱ", "달", ""]  # a finished syllable goes whole
    await t.keys("ㄱ", "ㅗ", "ㅏ")
    assert t.value == "과"
    await t.keys("back")
    assert t.value == "고"


async def test_shift_gives_double_consonants_for_one_key(open_app):
    ui = await open_app()
    t = Typing(ui)
    await t.tap_field()
    await t.keys("shift")
    assert ui.find("kbd-shift").toggled is True
    assert ui.find("kbd-ㄲ") is not None and ui.find("kbd-ㄱ") is None
    assert ui.find("kbd-ㅒ") is not None and ui.find("kbd-ㅖ") is not None
    await t.keys("ㄲ", "ㅏ")  # shift lasts one key, as on a phone
    assert ui.find("kbd-shift").toggled is False and ui.find("kbd-ㄱ") is not None
    await t.keys("shift", "ㅆ")
    assert t.value == "깠"
    await t.keys("shift", "ㅃ")  # ㅃ cannot end a syllable: a new one
    assert t.value == "깠ㅃ"


async def test_korean_english_numbers_and_space(open_app):
    ui = await open_app()
    t = Typing(ui)
    await t.tap_field()
    await t.keys("ㅎ", "ㅗ", "ㅇ", "lang")
    assert t.kbd.mode == "en" and ui.find("kbd-a") is not None and ui.find("kbd-ㄱ") is None
    await t.keys("g", "shift", "Y", "y")
    assert t.value == "홍gYy"
    await t.keys("num")
    assert ui.find("kbd-1") is not None and ui.find("kbd-@") is not None
    assert ui.find("kbd-num").label == "영문 자판 ABC"
    await t.keys("space", "0", "1", "0", "-", "@", ".")
    assert t.value == "홍gYy 010-@."
    await t.keys("num")  # back to the letters it came from
    assert t.kbd.mode == "en"
    await t.keys("lang", "ㄱ", "ㅏ")
    assert t.value == "홍gYy 010-@.가"
    await t.keys("num")
    assert ui.find("kbd-num").label == "한글 자판 가나다"
    await t.keys("lang")  # 한/영 from the numbers: the other letters
    assert t.kbd.mode == "en"


async def test_done_finishes_the_syllable_and_closes(open_app):
    ui = await open_app()
    t = Typing(ui)
    await t.tap_field()
    await t.keys("ㄱ", "ㅏ", "done")
    assert not t.kbd.visible and not t.view.bottom_appbar.visible
    assert t.done == [t.field]
    await t.tap_field()  # again: the keyboard is back, the text not reopened
    assert t.kbd.visible
    await t.keys("ㅇ")
    assert t.value == "가ㅇ"


async def test_the_screen_clearing_the_field_and_the_idle_reset(open_app):
    ui = await open_app()
    t = Typing(ui, max_length=3)
    await t.tap_field()
    await t.keys("ㄱ", "ㅏ")
    t.field.value = ""  # the screen sent it and cleared the field
    await t.keys("ㄴ", "ㅏ", "ㄴ", "ㅏ", "ㄴ", "ㅏ", "ㄴ", "ㅏ")
    # max_length 3: ㄴ still fits as a final (나나난); a key that would make a fourth
    # character (ㅏ: 나나나나) does nothing.
    assert t.value == "나나난"
    await t.keys("lang")
    t.kbd.reset()  # the kiosk's idle reset
    ui.page.update()
    assert not t.kbd.visible and t.kbd.field is None and t.kbd.mode == "ko"
    assert t.kbd.composer.value == ""
    await t.keys("ㄱ")  # no field: nothing is typed anywhere
    assert t.value == "나나난"


async def test_the_layout_follows_the_field(open_app):
    ui = await open_app()
    t = Typing(ui, keyboard_type=ft.KeyboardType.PHONE)
    await t.tap_field()
    assert t.kbd.mode == "num"
    await t.keys("0", "1", "0")
    assert t.value == "010"


async def test_it_types_into_the_login_screens_email_field(open_app):
    """On a real screen: the login email field (KeyboardType.EMAIL) opens it in English."""
    ui = await open_app()
    await ui.go("/login")
    view = ui.page.views[-1]
    email = ui.find("login-email").content
    kbd = OnScreenKeyboard(ui.app)
    kbd.bind(email)
    kbd.dock(view)
    ui.page.update()
    await ui.session.dispatch_event(email._i, "click", None)
    await ui.settle()
    assert kbd.visible and kbd.mode == "en"
    for k in ("m", "e", "num", "@", "num", "g", "y"):
        await ui.tap(f"kbd-{k}")
    assert ui.text("login-email") == "me@gy"


MODES = ("ko", "ko-shift", "en", "en-shift", "num")


async def show_mode(t: Typing, mode: str) -> None:
    if mode.startswith("en"):
        await t.keys("lang")
    elif mode == "num":
        await t.keys("num")
    if mode.endswith("shift"):
        await t.keys("shift")


@pytest.mark.parametrize(("large", "width"), [(False, 360), (True, 360), (True, 1080)])
@pytest.mark.parametrize("mode", MODES)
async def test_every_key_is_named_tagged_big_enough_and_fits(open_app, large, width, mode):
    ui = await open_app(width=width)
    if large:
        await ui.app.set_large_text(True)
    m = ui.app.m
    t = Typing(ui)
    await t.tap_field()
    await show_mode(t, mode)
    keys = keys_of(t.kbd)
    idents = [k.identifier for k in keys]
    assert len(idents) == len(set(idents)), "an identifier twice"
    assert {"kbd-back", "kbd-space", "kbd-lang", "kbd-num", "kbd-done"} <= set(idents)
    assert len(keys) >= 20
    for k in keys:
        assert k.label and k.label.strip(), f"{k.identifier} has no name"
        assert k.button and k.on_tap is not None  # a button to a screen reader too
        cell = k.content
        assert cell.on_click is not None
        assert target_height(cell) >= m.target, f"{k.identifier} under {m.target} px"
        assert k.expand, f"{k.identifier} does not share its row's width"
    rows = t.kbd.content.content.controls
    room = width - 2 * PAD
    for row in rows:
        widths = [c.content.data["width"] if isinstance(c, ft.Semantics) else None
                  for c in row.controls]
        known = [w for w in widths if w is not None]
        indents = len(widths) - len(known)
        # Whatever the row holds, it adds up to the width (rows share it by expand).
        assert sum(known) + GAP * (len(widths) - 1) <= room + 0.01
        assert indents == 0 or sum(known) + GAP * (len(widths) - 1) < room
    for k in keys:
        w = k.content.data["width"]
        for txt in texts_in(k.content):
            size = txt.style.size
            assert size >= 14, f"{k.identifier}: {size} px label"
            one = 1.0 if len(txt.value) == 1 else drawn_em(txt.value)
            assert one * size <= w - 2 * INSET + 0.01, f"{k.identifier}'s label runs over"
            assert txt.no_wrap and txt.style.font_family  # one line, the bundled font


@pytest.mark.parametrize("dark", [False, True])
@pytest.mark.parametrize("large", [False, True])
async def test_keys_read_at_4_5_to_1(open_app, large, dark):
    ui = await open_app(width=360)
    t = Typing(ui)
    await t.tap_field()
    seen = []
    for mode in ("ko-shift", "num"):
        await show_mode(t, mode)
        drawn = [d for d in drawn_texts(t.view, make_theme(large, dark)) if "kbd" in d.where]
        assert len(drawn) >= 15
        seen += drawn
    low = [(d.text, round(d.ratio, 2)) for d in seen if d.ratio < 4.5]
    assert not low, low
    assert any(d.text == "완료" for d in seen) and any(d.text == "ㄲ" for d in seen)


async def test_a_fields_own_handlers_still_run_once_and_docking_moves_it(open_app):
    ui = await open_app()
    t = Typing(ui)
    own: list[str] = []
    field = ft.TextField(label="주소", on_click=lambda e: own.append("click"))
    t.view.controls.append(tagged(field, "kbd-test-second"))
    t.kbd.bind(field)
    t.kbd.bind(field)  # twice: still one keyboard handler around the screen's own
    ui.page.update()
    await ui.session.dispatch_event(field._i, "click", None)
    await ui.settle()
    assert own == ["click"] and t.kbd.field is field and t.kbd.visible
    await t.keys("ㄱ")
    assert field.value == "ㄱ" and t.value == ""  # only the attached field is typed into
    await t.tap_field()
    await t.keys("ㄴ")
    assert (field.value, t.value) == ("ㄱ", "ㄴ")
    other = ft.View(route="/kbd-test-2")
    t.kbd.dock(other)
    assert t.view.bottom_appbar is None and other.bottom_appbar.content is t.kbd
