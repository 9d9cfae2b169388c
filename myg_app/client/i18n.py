"""The app's texts in the session's language.

Two ways in, one catalog (myg_app/i18n):
- `tr("{n}건 남았습니다", n=3)`: a text built from values is written as a template and
  formatted here (the template is the catalog id).
- Everything else is translated where it reaches the screen: `install()` hooks Flet's
  before-update step, which runs for every control it sends, and translates the properties a
  person reads or hears (a Text's value, labels, hints, tooltips...) when they are catalog
  ids. So a Korean literal anywhere (a module constant, a helper's argument) is shown in the
  citizen's language, and what is not a catalog id (names, what people wrote) is left alone.
A text field's value is never touched: it is what the person typed.
"""
from __future__ import annotations

import flet as ft

from myg_app import i18n, seoul_time

# Properties read or spoken, by any control that has them (never `value` of an input).
# Flet 1.0.5's names; a str-or-control property (content, title, prefix) only when a str.
_PROPS = ("label", "hint_text", "helper_text", "error_text", "prefix", "suffix", "counter",
          "tooltip", "semantics_label", "text", "message", "title", "content")
# Controls whose `value` is shown text, not input.
_VALUE_SHOWN = (ft.Text, ft.Semantics)


def language() -> str:
    """The current session's language (Korean outside a session)."""
    try:
        return ft.context.page.data.state.language
    except Exception:  # noqa: BLE001 - no page (a unit test, a background job) or no App yet
        return i18n.DEFAULT


def tr(text: str, /, **params: object) -> str:
    """`text` (a catalog id) in the session's language, formatted with `params`."""
    return i18n.translate(text, language(), **params)


def _translated(value: object, lang: str) -> object:
    if not isinstance(value, str) or not value:
        return value
    plain = value.replace(i18n.WORD_JOINER, "")
    found = i18n.lookup(plain, lang)
    return found if found is not None else value


def translate_control(control: ft.BaseControl, lang: str) -> None:
    """Translate what `control` shows (its own properties; children are visited by Flet)."""
    names = (*_PROPS, "value") if isinstance(control, _VALUE_SHOWN) else _PROPS
    for name in names:
        value = getattr(control, name, None)
        new = _translated(value, lang)
        if new is not value:
            setattr(control, name, new)
    if isinstance(control, ft.DropdownOption) and control.text is None:
        shown = _translated(control.key, lang)
        if shown is not control.key:  # the key stays what the app sends; only the text changes
            control.text = shown


_installed = False


def install() -> None:
    """Hook the translation into Flet's update step (once per process)."""
    global _installed
    if _installed:
        return
    original = ft.BaseControl._before_update_safe

    def before_update_safe(self):
        lang = language()
        if lang != i18n.DEFAULT:
            frozen = getattr(self, "_frozen", None)
            if frozen is not None:  # as Flet does around before_update: frozen controls refuse writes
                del self._frozen
            try:
                translate_control(self, lang)
            finally:
                if frozen is not None:
                    self._frozen = frozen
        original(self)

    ft.BaseControl._before_update_safe = before_update_safe
    seoul_time.language = language  # dates and weekdays in the session's language
    _installed = True
