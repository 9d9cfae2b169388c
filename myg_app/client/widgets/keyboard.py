"""The on-screen keyboard of the 민원실 kiosk: a shared touch screen with no keyboard of its own.

A panel of big keys (한글 두벌식, English QWERTY, numbers and signs) that types into one
`ft.TextField` at a time, composing Hangul syllables as a phone does (myg_app/client/hangul.py).

    kbd = OnScreenKeyboard(app)          # hidden until a field asks for it
    kbd.dock(view)                       # docked at the bottom of `view` (its bottom app bar);
                                         # or put `kbd` itself in a layout (it is a Container)
    kbd.bind(field)                      # read_only (no platform keyboard), and a tap or focus
                                         # on the field attaches it and shows the keyboard
    kbd.attach(field)                    # or choose the target yourself...
    kbd.show(); kbd.hide()               # ...and show or hide the panel
    kbd.reset()                          # the kiosk's idle reset: forget the field and what
                                         # was being composed, 한글 layout, hidden
    kbd.resize(width)                    # the page width changed (keys and labels re-fit)

Every key sets `field.value` and sends the field a "change" event through the session, the
way typing on a real keyboard does, so a screen's `on_change` runs as usual; then the page is
updated. 완료 finishes the syllable being composed, hides the panel and calls `on_done(field)`.
show/hide/attach/reset/dock change controls only: inside a Flet handler the page updates by
itself afterwards, elsewhere call `page.update()`.

The layout follows the field: numbers for KeyboardType.NUMBER/PHONE/DATETIME, English for
EMAIL/URL/VISIBLE_PASSWORD and password fields, else 한글. 한/영 and 123 switch it.

Flet 1.0.5 facts this relies on (Flutter web, tried in Chromium):
- a `read_only` TextField still takes focus: a tap fires on_focus then on_click, a tap on the
  already focused field on_click only; typed keys change nothing, and its DOM input carries
  readonly="readonly", so a browser opens no keyboard of its own (a desktop Flutter app opens
  no input connection for a read-only field: Flutter's source, not tried here). It shows no
  text cursor (Flutter's default for read-only), but its focus ring;
- a tap anywhere else unfocuses a TextField (Flutter's default on_tap_outside on the web and
  desktop: on_blur fires when a key is tapped) unless the field has an on_tap_outside handler:
  bind() gives it one that does nothing, so the field keeps its focus ring while keys are
  tapped. With the accessibility DOM on (a screen reader) a key is a DOM button that takes the
  focus anyway. The keyboard never depends on focus: it types into the attached field;
- a value set from Python shows in the field at once, focused or not.

Keys: at least `app.m.target` tall (48, 56 in large text; 16 more on a wide kiosk screen),
rows share the width (expand) so they fit any width, labels are sized to fit their key; every
key has an accessible name and the identifier kbd-<name> (kbd-ㄱ, kbd-a, kbd-A, kbd-1, kbd-@,
kbd-shift, kbd-back, kbd-space, kbd-lang, kbd-num, kbd-done). On a 360 px phone the ten-key
rows leave keys about 30 px wide (as on every phone keyboard); on a 1080 px kiosk they are
about 100 px.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import flet as ft

from myg_app.client.hangul import Composer
from myg_app.client.theme import text_style
from myg_app.client.widgets.common import tappable

KO, EN, NUM = "ko", "en", "num"

KO_ROWS = ("ㅂㅈㄷㄱㅅㅛㅕㅑㅐㅔ", "ㅁㄴㅇㄹㅎㅗㅓㅏㅣ", "ㅋㅌㅊㅍㅠㅜㅡ")
KO_SHIFT = {"ㅂ": "ㅃ", "ㅈ": "ㅉ", "ㄷ": "ㄸ", "ㄱ": "ㄲ", "ㅅ": "ㅆ", "ㅐ": "ㅒ", "ㅔ": "ㅖ"}
EN_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
NUM_ROWS = ("1234567890", "-/:;()@", ".,?!")

SIGN_NAMES = {
    "-": "하이픈", "/": "빗금", ":": "쌍점", ";": "쌍반점", "(": "여는 괄호", ")": "닫는 괄호",
    ".": "마침표", ",": "쉼표", "?": "물음표", "!": "느낌표", "@": "골뱅이",
}

# Width shares of a row: every row adds up to 20 (a letter key is 2).
LETTER, WIDE, BOTTOM = 2, 3, 4
SPACE_SHARE = 8
PAD = 6  # the panel's padding
GAP = 5  # between keys
INSET = 4  # room kept between a key's edge and its label
WIDE_SCREEN = 600  # from this width (a tablet, the kiosk) keys are taller


def _em(ch: str) -> float:
    """About how wide `ch` is drawn in NanumGothic, in em: Hangul (syllables and jamo) full,
    a space a third, anything else six tenths."""
    if "\uac00" <= ch <= "\ud7a3" or "\u3131" <= ch <= "\u318e":
        return 1.0
    return 0.33 if ch.isspace() else 0.6


def drawn_em(label: str) -> float:
    return sum(_em(ch) for ch in label)


class OnScreenKeyboard(ft.Container):
    """The keyboard panel. `app` gives the metrics (app.m) and the page."""

    def __init__(self, app, *, on_done: Callable[[ft.TextField | None], Any] | None = None,
                 width: float | None = None, visible: bool = False):
        super().__init__(visible=visible, bgcolor=ft.Colors.SURFACE_CONTAINER,
                         padding=ft.Padding.all(PAD),
                         border=ft.Border.only(top=ft.BorderSide(1, ft.Colors.OUTLINE_VARIANT)))
        self._app = app
        self._on_done = on_done
        self._width = width
        self._field: ft.TextField | None = None
        self._mode = KO
        self._letters = KO  # the letters 123 returns to
        self._shift = False
        self._bar: ft.BottomAppBar | None = None
        self._view: ft.View | None = None
        self.composer = Composer()
        self._build()

    # --- what the screens use -----------------------------------------------------------
    @property
    def field(self) -> ft.TextField | None:
        return self._field

    @property
    def mode(self) -> str:
        """"ko", "en" or "num": the layout shown."""
        return self._mode

    @property
    def shifted(self) -> bool:
        return self._shift

    @property
    def panel_height(self) -> float:
        """The panel's height (rows of fixed-height keys): what a docking bar needs."""
        rows = len(self._rows())
        return rows * self._key_height() + (rows - 1) * GAP + 2 * PAD + 1

    def bind(self, field: ft.TextField, *, read_only: bool = True) -> ft.TextField:
        """Make `field` use this keyboard: a tap on it (or focus, e.g. from Tab) attaches it
        and shows the panel; its own on_focus/on_click still run. `read_only` (default) keeps
        the platform's keyboard closed. The field keeps its focus (and focus ring) while keys
        are tapped. Returns `field`."""
        if read_only:
            field.read_only = True
        if getattr(field, "_keyboard", None) is self:
            return field  # bound already: its handlers are wrapped once
        field._keyboard = self
        if field.on_tap_outside is None:
            # Any handler replaces Flutter's default, which unfocuses the field on a tap
            # elsewhere (a key, on the web and desktop): the field would lose its focus ring.
            field.on_tap_outside = _keep_focus
        field.always_call_on_tap = True  # every tap, not only the first of a sequence
        for event in ("on_focus", "on_click"):
            own = getattr(field, event)
            setattr(field, event, self._opener(field, own))
        return field

    def attach(self, field: ft.TextField, *, show: bool = True) -> None:
        """Type into `field` from now on. Its value is the starting text (its last character
        is not reopened). A new field picks the layout that suits it."""
        if field is not self._field:
            self.composer.commit()
            self._field = field
            self._shift = False
            self._mode = self._mode_for(field)
            if self._mode != NUM:
                self._letters = self._mode
        self.composer.set_text(field.value or "")
        if show:
            self.show()
        else:
            self._build()

    def detach(self) -> None:
        self.composer.commit()
        self._field = None

    def show(self) -> None:
        self._build()  # the metrics (large text) or the width may have changed
        self._set_visible(True)

    def hide(self) -> None:
        self._set_visible(False)

    def reset(self) -> None:
        """The kiosk's idle reset: forget the field and the syllable being composed, back to
        the 한글 layout, hidden."""
        self.composer = Composer()
        self._field = None
        self._mode = self._letters = KO
        self._shift = False
        self._build()
        self._set_visible(False)

    def resize(self, width: float | None = None) -> None:
        """Lay the keys out again for `width` (default: the page's)."""
        self._width = width
        self._build()
        if self._bar is not None:
            self._bar.height = self.panel_height

    def dock(self, view: ft.View) -> ft.View:
        """Dock the panel at the bottom of `view` (its bottom app bar, shown and hidden with
        the keyboard); the view's body scrolls above it. A control has one parent: docking
        it in another view takes it out of the last one."""
        if self._view is not None and self._view is not view:
            self._view.bottom_appbar = None
        self._view = view
        self._bar = ft.BottomAppBar(content=self, height=self.panel_height,
                                    padding=ft.Padding.all(0), bgcolor=ft.Colors.SURFACE_CONTAINER,
                                    visible=self.visible)
        view.bottom_appbar = self._bar
        return view

    # --- typing ---------------------------------------------------------------------------
    async def type_key(self, key: str) -> None:
        """Press `key` ("ㄱ", "a", "1", " ", or "back") as if its key was tapped."""
        field = self._field
        if field is None:
            return
        if (field.value or "") != self.composer.value:
            # The screen changed the field itself (cleared it after sending): start from that.
            self.composer.set_text(field.value or "")
        before = self.composer.copy()
        if key == "back":
            self.composer.backspace()
        else:
            self.composer.press(key)
        value = self.composer.value
        if field.max_length and len(value) > field.max_length:
            self.composer = before  # full: the key does nothing, as on a real keyboard
            return
        if self._shift and key not in ("back", " "):
            self._shift = False  # one letter, then back to lower case / plain consonants
            self._build()
        if value != (field.value or ""):
            field.value = value
            await self._changed(field)
        self._update()

    async def _changed(self, field: ft.TextField) -> None:
        """Tell the screen, as a real keystroke does: the field's change event through the
        session (its on_change runs with e.control = field and e.data = the new value)."""
        if field.on_change is None:
            return
        page = field.page if _mounted(field) else None
        if page is not None:
            await page.session.dispatch_event(field._i, "change", field.value)
            return
        out = field.on_change(ft.ControlEvent(control=field, name="change", data=field.value))
        if inspect.isawaitable(out):
            await out

    async def _done(self) -> None:
        self.composer.commit()
        self._shift = False
        self.hide()
        self._update()
        if self._on_done is not None:
            out = self._on_done(self._field)
            if inspect.isawaitable(out):
                await out

    def _update(self) -> None:
        if _mounted(self):
            self.page.update()

    # --- layout ---------------------------------------------------------------------------
    def _mode_for(self, field: ft.TextField) -> str:
        kt = field.keyboard_type
        if kt in (ft.KeyboardType.NUMBER, ft.KeyboardType.PHONE, ft.KeyboardType.DATETIME):
            return NUM
        if field.password or kt in (ft.KeyboardType.EMAIL, ft.KeyboardType.URL,
                                    ft.KeyboardType.VISIBLE_PASSWORD):
            return EN
        return KO

    def _set_visible(self, on: bool) -> None:
        self.visible = on
        if self._bar is not None:
            self._bar.visible = on
            self._bar.height = self.panel_height

    def _page_width(self) -> float:
        if self._width:
            return self._width
        return self._app.page.width or 360

    def _key_height(self) -> int:
        m = self._app.m
        return m.target + (16 if self._page_width() >= WIDE_SCREEN else 0)

    def _rows(self) -> list[list[tuple]]:
        """Each key as (ident, name, label, icon, share, press, style)."""
        if self._mode == NUM:
            rows = [[self._char_key(c, LETTER) for c in NUM_ROWS[0]],
                    [self._char_key(c, LETTER) for c in NUM_ROWS[1]],
                    [*(self._char_key(c, LETTER) for c in NUM_ROWS[2]), self._back_key()]]
        else:
            top, mid, low = KO_ROWS if self._mode == KO else EN_ROWS
            rows = [[self._letter_key(c) for c in top],
                    [None, *(self._letter_key(c) for c in mid), None],  # half-key indents
                    [self._shift_key(), *(self._letter_key(c) for c in low), self._back_key()]]
        rows.append(self._bottom_row())
        return rows

    def _letter_key(self, c: str) -> tuple:
        if self._shift:
            c = KO_SHIFT.get(c, c) if self._mode == KO else c.upper()
        return self._char_key(c, LETTER)

    def _char_key(self, c: str, share: int) -> tuple:
        if c.isascii() and c.isalpha():
            name = f"대문자 {c}" if c.isupper() else c
        else:
            name = SIGN_NAMES.get(c, c)
        return (c, name, c, None, share, self._press(c), "key")

    def _shift_key(self) -> tuple:
        return ("shift", "시프트", "", ft.Icons.ARROW_UPWARD, WIDE, self._toggle_shift,
                "on" if self._shift else "fn")

    def _back_key(self) -> tuple:
        return ("back", "지우기", "지우기", ft.Icons.BACKSPACE_OUTLINED, WIDE,
                self._press("back"), "fn")

    def _bottom_row(self) -> list[tuple]:
        if self._mode == NUM:
            num = ("가나다", "한글 자판 가나다") if self._letters == KO else ("ABC", "영문 자판 ABC")
        else:
            num = ("123", "숫자와 기호 123")
        return [
            ("lang", "한영 전환", "한/영", None, BOTTOM, self._switch_lang, "fn"),
            ("num", num[1], num[0], None, BOTTOM, self._switch_num, "fn"),
            ("space", "띄어쓰기", "띄어쓰기", None, SPACE_SHARE, self._press(" "), "key"),
            ("done", "완료", "완료", None, BOTTOM, self._done, "done"),
        ]

    def _press(self, key: str):
        async def press(e=None) -> None:
            await self.type_key(key)
        return press

    def _toggle_shift(self, e=None) -> None:
        self._shift = not self._shift
        self._build()

    def _switch_lang(self, e=None) -> None:
        self.composer.commit()
        self._letters = EN if (self._mode == KO or (self._mode == NUM and self._letters == KO)) \
            else KO
        self._mode = self._letters
        self._shift = False
        self._build()

    def _switch_num(self, e=None) -> None:
        self.composer.commit()
        self._mode = self._letters if self._mode == NUM else NUM
        self._shift = False
        self._build()

    def _opener(self, field: ft.TextField, own):
        async def opened(e) -> None:
            if field is not self._field or not self.visible:
                self.attach(field)
            if own is not None:
                out = own(e)
                if inspect.isawaitable(out):
                    await out
        return opened

    # --- drawing --------------------------------------------------------------------------
    def _build(self) -> None:
        m = self._app.m
        height = self._key_height()
        width = self._page_width() - 2 * PAD
        rows = []
        for keys in self._rows():
            shares = sum(k[4] if k else 1 for k in keys)
            room = width - GAP * (len(keys) - 1)
            widths = [room * (k[4] if k else 1) / shares for k in keys]
            # One text size a row (the largest every label of the row fits at): "123" beside
            # "가나다" in two sizes looked like two kinds of key.
            labels = [k[2] for k in keys if k and k[2] and k[3] is None]
            # NanumGothic draws a lone jamo at about half its em: a row of jamo gets a bigger
            # size so that ㄱ looks as big as G.
            jamo = bool(labels) and all(len(t) == 1 and "\u3131" <= t <= "\u318e"
                                        for t in labels)
            size = min([m.text("title_large") * (1.4 if jamo else 1),
                        height * (0.7 if jamo else 0.6),
                        *(self._fit(k, w, height, m) for k, w in zip(keys, widths, strict=True)
                          if k and k[2] and k[3] is None)])
            cells: list[ft.Control] = []
            for k, w in zip(keys, widths, strict=True):
                if k is None:  # an indent half a key wide
                    cells.append(ft.Container(expand=1, height=height))
                else:
                    cells.append(self._cell(k, w, height, size, m))
            rows.append(ft.Row(cells, spacing=GAP, tight=True))
        self.content = ft.Semantics(
            identifier="kbd", label="화면 키보드", container=True,
            content=ft.Column(rows, spacing=GAP, tight=True))

    @staticmethod
    def _fit(key: tuple, key_width: float, height: int, m) -> float:
        """The largest text size at which `key`'s label fits inside it. A single letter is
        taken as one em whatever it is (W, ㅃ), so all letter keys get one size."""
        label = key[2]
        return (key_width - 2 * INSET) / (1.0 if len(label) == 1 else drawn_em(label))

    def _cell(self, key: tuple, key_width: float, height: int, size: float, m) -> ft.Control:
        ident, name, label, icon, share, press, style = key
        bg, fg = {"key": (ft.Colors.SURFACE_CONTAINER_HIGHEST, ft.Colors.ON_SURFACE),
                  "fn": (ft.Colors.SECONDARY_CONTAINER, ft.Colors.ON_SECONDARY_CONTAINER),
                  "on": (ft.Colors.PRIMARY_CONTAINER, ft.Colors.ON_PRIMARY_CONTAINER),
                  "done": (ft.Colors.PRIMARY, ft.Colors.ON_PRIMARY)}[style]
        room = key_width - 2 * INSET
        parts: list[ft.Control] = []
        if icon is not None:
            icon_size = min(m.icon, height * 0.55, room)
            parts.append(ft.Icon(icon, size=icon_size, color=fg))
            # The word beside the icon only where it fits at a readable size (the kiosk).
            left = room - icon_size - 4
            if label and drawn_em(label) * m.text("label_large") <= left:
                parts.append(self._label(label, min(m.text("title_large"),
                                                     left / drawn_em(label)), fg))
        elif label:
            parts.append(self._label(label, size, fg))
        content = parts[0] if len(parts) == 1 else ft.Row(
            parts, spacing=4, tight=True, alignment=ft.MainAxisAlignment.CENTER)
        cell = ft.Container(content, height=height, bgcolor=bg, border_radius=8,
                            border=ft.Border.all(1, ft.Colors.OUTLINE),
                            alignment=ft.Alignment.CENTER, on_click=press,
                            data={"width": key_width})
        node = tappable(cell, ident=f"kbd-{ident}", label=name, on_click=press, expand=share)
        if ident == "shift":
            node.toggled = self._shift
        return node

    @staticmethod
    def _label(label: str, size: float, fg) -> ft.Text:
        return ft.Text(label, style=text_style(round(size, 1), bold=True, color=fg),
                       no_wrap=True, max_lines=1, text_align=ft.TextAlign.CENTER)


def _keep_focus(e=None) -> None:
    """TextField.on_tap_outside of a bound field: nothing to do (see bind)."""


def _mounted(control: ft.BaseControl) -> bool:
    try:
        return control.page is not None
    except RuntimeError:  # Flet: "Control must be added to the page first"
        return False
