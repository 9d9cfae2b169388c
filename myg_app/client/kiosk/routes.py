"""The kiosk's routes (MygApp._stack asks here in kiosk mode)."""
from __future__ import annotations

from myg_app import catalog
from myg_app.client.routing import FUNCTION_SUBROUTE, function_of


def stack(app, route: str) -> list:
    """The kiosk's routes: its home, sign-in from the phone, the PIN to leave, and only
    the configured functions (no account, settings or password screens)."""
    from myg_app.client.features import screens
    from myg_app.client.kiosk import home as khome
    from myg_app.client.kiosk import signin

    stack: list[tuple] = [("/", lambda: khome.view(app))]
    path = route.split("?", 1)[0]
    if path in ("/", ""):
        return stack
    if path == signin.ROUTE or path == "/login":
        return stack + [(signin.ROUTE, lambda: signin.view(app))]
    if path == "/kiosk/exit":
        return stack + [(path, lambda: khome.exit_view(app))]
    fid = function_of(route)
    if fid is None or not app.kiosk_session.cfg.allows(fid):
        return stack + [(route, lambda: khome.not_here_view(app, route))]
    if app.needs_login(route):
        app.state.after_login = route
        return stack + [(signin.ROUTE, lambda: signin.view(app))]
    main = (catalog.BY_ID[fid].route, lambda: screens.function_view(app, fid))
    m = FUNCTION_SUBROUTE.match(route)
    if m:
        inner = screens.inner_stack(app, fid, m.group(2))
        if inner is not None:
            return stack + [main] + screens.keyed(route, inner)
        return stack + [(route, lambda: screens.not_found_view(app, route))]
    return stack + [main]
