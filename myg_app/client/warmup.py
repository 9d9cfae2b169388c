"""Pay a fresh process's one-time costs before the first visitor needs them.

A new server process imports the screens' modules, Flet's lazily loaded controls and the TLS
bundle on its first session. The web server calls `warm_up()` in a worker thread at start-up,
while the visitor's browser is still downloading and starting the Flutter engine (about a
second in which the server is otherwise idle), so the first session renders like later ones.
"""

from __future__ import annotations


def warm_up() -> None:
    from myg_app.client import api, theme
    from myg_app.client.features import (  # noqa: F401  (the modules _stack imports)
        account,
        full_menu,
        home,
        menu_edit,
        notices,
        screens,
        settings,
    )

    api.tls_context()
    for large in (False, True):
        for dark in (False, True):
            theme.make_theme(large, dark)
