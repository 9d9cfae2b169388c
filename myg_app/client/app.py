"""main(page): fonts, theme, routing and the services every screen shares."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

import flet as ft
import httpx

from myg_app import catalog, i18n
from myg_app.client import i18n as i18n_client
from myg_app.client import state as st
from myg_app.client.api import ApiClient, ApiError
from myg_app.client.routing import FUNCTION_ROUTE, FUNCTION_SUBROUTE, function_of
from myg_app.client.theme import FONTS, WEB_FALLBACK_FONTS, Metrics, make_theme
from myg_app.contracts.auth import TokenResponse
from myg_app.contracts.profile import LanguageChange

log = logging.getLogger(__name__)

APP_TITLE = "MY광양"
LOCALE_REGIONS = {"ko": "KR", "en": "US", "vi": "VN", "zh": "CN"}  # by myg_app/i18n.LANGUAGES
ViewBuilder = Callable[[], ft.View]


class MygApp:
    """One citizen's session: page, API client, state and the route -> view mapping."""

    def __init__(self, page: ft.Page, api: ApiClient, *, kiosk: bool = False):
        self.page = page
        self.api = api
        self.kiosk = kiosk
        self.state = st.AppState()
        self.prefs = st.Prefs()
        self.url_launcher = ft.UrlLauncher()  # services must stay referenced
        self.loading = True
        self.load_error: str | None = None
        self.menu_parent: dict[str, str] = {}  # function route -> the screen it was opened from
        self._views: dict[str, tuple[ft.View, tuple[int, int]]] = {}  # route -> open view
        self._cols: int | None = None
        self._fresh: str | None = None  # the route go() opens as new
        self.directory_query = ""  # words the menu search hands to 부서 전화 연결
        api.on_tokens = self._tokens_changed
        i18n_client.install()

    # --- derived --------------------------------------------------------------------
    @property
    def m(self) -> Metrics:
        return Metrics(self.state.large_text)

    @property
    def signed_in(self) -> bool:
        return self.state.user is not None

    def pinned(self) -> list[catalog.Function]:
        return [catalog.BY_ID[i] for i in self.state.menu if i in catalog.BY_ID]

    # --- start-up -------------------------------------------------------------------
    async def start(self) -> None:
        page = self.page
        page.title = APP_TITLE
        # On the web the engine loads a WOFF2 subset of the same face before its first frame
        # (assets/assets/FontManifest.json): the 4.7 MB TTF would only be downloaded again.
        if not page.web:
            page.fonts = FONTS
        page.on_route_change = lambda e: self.show_route()
        page.on_view_pop = self._view_pop
        page.on_resize = self._resized
        page.on_close = self._closed
        self.closed = False
        if self.kiosk:
            page.window.full_screen = True
            page.window.always_on_top = True
            page.window.prevent_close = True
        refresh_token = await self.prefs.load(self.state)
        self.use_language(self.state.language)  # before the first screen is drawn
        if self.kiosk:
            # A shared screen: nobody's stored session resumes, its own settings apply.
            from myg_app.client.kiosk.session import KioskSession

            refresh_token = None
            self.kiosk_session = KioskSession(self)
            self.kiosk_session.install()
        self.apply_theme()
        await self.load(refresh_token)  # shows home in its loading state at once
        # Reports filed offline in an earlier session go out now, not when their screen opens.
        from myg_app.client.features.reports import outbox

        outbox.ensure_sender(self)
        # Disaster alerts reach every open app, guest or citizen, on any screen.
        from myg_app.client.features.alerts import live

        live.center(self).start()

    async def load(self, refresh_token: str | None = None) -> None:
        """Catalog, session and menu; a failure leaves a usable app with a retry."""
        self.loading, self.load_error = True, None
        self.render()  # render() pushes the update itself
        try:
            cat = await self.api.catalog()
            self.state.apply_catalog(cat.items)
            if refresh_token and not self.api.signed_in:
                self.state.user = await self.api.resume(refresh_token)
                if self.state.user is None:
                    await self.prefs.set_refresh_token(None)
                else:
                    await self._meet_account_language(self.state.user)
            if self.api.signed_in and self.state.user is not None:
                self.state.menu = st.sanitize_menu(await self.api.get_menu())
                await self.refresh_unread()
        except ApiError as e:
            self.load_error = e.message
        finally:
            self.loading = False
        self.render()

    async def retry_load(self, e=None) -> None:
        await self.load(None if self.api.signed_in else await self.prefs.refresh_token())

    async def _tokens_changed(self, tokens: TokenResponse | None) -> None:
        if not self.kiosk:  # a kiosk keeps its session in memory only
            await self.prefs.set_refresh_token(tokens.refresh_token if tokens else None)
        if tokens is None and self.state.user is not None:
            # The server no longer accepts this session (signed out elsewhere, a lost phone
            # reported): fall back to the device's menu and drop the stored cards.
            self.state.user = None
            await self.prefs.wallet.forget_personal()
            self.state.menu = await self.prefs.guest_menu()

    # --- settings -------------------------------------------------------------------
    def apply_theme(self) -> None:
        s = self.state
        self.page.theme = make_theme(s.large_text, dark=False)
        self.page.dark_theme = make_theme(s.large_text, dark=True)
        # A theme switch (dark, large text) shows at once instead of a cross-fade.
        self.page.theme_animation_style = ft.AnimationStyle(duration=0, reverse_duration=0)
        self.page.theme_mode = {"system": ft.ThemeMode.SYSTEM, "light": ft.ThemeMode.LIGHT,
                                "dark": ft.ThemeMode.DARK}[s.theme]

    async def set_large_text(self, on: bool) -> None:
        self.state.large_text = on
        await self.prefs.set_large_text(on)
        self.apply_theme()
        self.render()

    async def set_voice(self, on: bool) -> None:
        self.state.voice = on
        await self.prefs.set_voice(on)

    def use_language(self, lang: str) -> None:
        """Show texts in `lang` and ask the server for its messages in it. Material's own
        labels (back, close, the date picker) and the web page's <html lang> follow (without a
        locale the web engine says "en-US")."""
        self.state.language = lang
        self.api.language = lang
        self.page.locale_configuration = ft.LocaleConfiguration(
            supported_locales=[ft.Locale(k, v) for k, v in LOCALE_REGIONS.items()],
            current_locale=ft.Locale(lang, LOCALE_REGIONS.get(lang, "KR")))
        if self.page.web and lang in ("vi", "zh") and not self.page.fonts:
            # Their letters come from a second font; Korean and English pages never load it.
            self.page.fonts = dict(WEB_FALLBACK_FONTS)

    async def set_language(self, lang: str) -> None:
        """Switch every text to `lang`: kept on this device, and with the account of a
        signed-in citizen (so their other devices follow). Open screens are built again."""
        if lang not in i18n.LANGUAGES:
            return
        self.use_language(lang)
        await self.prefs.set_language(lang)
        if self.signed_in:
            try:
                await self.api.call("PATCH", "/me/profile", json=LanguageChange(language=lang))
                self.state.user = self.state.user.model_copy(update={"language": lang})
            except ApiError:  # offline: the device keeps it; the account learns next time
                log.info("saving the language to the account failed", exc_info=True)
        self.render()

    async def _meet_account_language(self, user) -> None:
        """At sign-in: a language chosen with the account wins; an account that never chose
        one takes the language this device already uses."""
        if user.language != i18n.DEFAULT and user.language in i18n.LANGUAGES:
            if user.language != self.state.language:
                self.use_language(user.language)
                await self.prefs.set_language(user.language)
        elif self.state.language != i18n.DEFAULT:
            await self.set_language(self.state.language)

    async def set_theme(self, choice: st.ThemeChoice) -> None:
        self.state.theme = choice
        await self.prefs.set_theme(choice)
        self.apply_theme()

    # --- account --------------------------------------------------------------------
    async def signed_in_as(self, user) -> None:
        """After login/registration: the account's menu, merged with this device's pins."""
        self.state.user = user
        await self._meet_account_language(user)
        account_menu = await self.api.get_menu()
        # Only pins the guest chose move over; the untouched default set does not.
        guest = await self.prefs.guest_choice() or []
        merged = st.merge_menus(account_menu, guest)
        if merged != account_menu:
            merged = await self.api.put_menu(merged)
        self.state.menu = merged
        await self.refresh_unread()
        await self._listen_again()

    async def _listen_again(self) -> None:
        """The alert line follows the account's settings (signed in) or the device's."""
        from myg_app.client.features.alerts import live

        await live.center(self).restart()

    async def refresh_unread(self) -> None:
        """The bell's count; a failure keeps the old count (notices are not worth an error)."""
        if not self.signed_in:
            self.state.unread = 0
            return
        try:
            self.state.unread = (await self.api.notices()).unread
        except ApiError:
            pass

    async def logout(self) -> None:
        if self.kiosk:
            await self.kiosk_session.reset()
            return
        await self.api.logout()
        await self.prefs.wallet.forget_personal()
        self.state.user = None
        self.state.unread = 0
        self.state.menu = await self.prefs.guest_menu()
        await self._listen_again()

    async def save_menu(self, items: list[str]) -> list[str]:
        """Persist 나의메뉴 where it lives: the account when signed in, else the device."""
        if self.signed_in:
            saved = await self.api.put_menu(items)
        else:
            saved = list(items)
            await self.prefs.set_guest_menu(saved)
        self.state.menu = saved
        return saved

    # --- navigation -----------------------------------------------------------------
    def go(self, route: str) -> None:
        """Open `route` as new: its view is built (and loads) again even if it is open below;
        the views under it are reused. Back (app bar or browser) reuses the view it returns to."""
        if FUNCTION_ROUTE.match(route):
            self.menu_parent[route] = self.page.route
        if route == self.page.route:  # no route change comes: show it anew here
            self._views.pop(route, None)
            self.show_route()
            return
        self._fresh = route
        self.page.navigate(route)

    def open_function(self, e) -> None:
        self.go(catalog.BY_ID[e.control.data].route)

    async def call_city(self, e=None) -> None:
        await self.url_launcher.launch_url("tel:" + catalog.CITY_HELP_PHONE.replace("-", ""))

    def _stack(self, route: str) -> list[tuple[str, ViewBuilder]]:
        """The views under `route`, bottom first, each with its cache key (the route at which
        that view is the top one)."""
        from myg_app.client.features import (
            account,
            full_menu,
            home,
            menu_edit,
            notices,
            screens,
            settings,
        )

        if self.kiosk:
            from myg_app.client.kiosk import routes

            return routes.stack(self, route)
        stack: list[tuple[str, ViewBuilder]] = [("/", lambda: home.view(self))]
        if route in ("/", ""):
            return stack
        if route.split("?", 1)[0] == "/kiosk-approve":
            # A kiosk's sign-in, approved on this phone: the citizen signs in here first.
            from myg_app.client.features import kiosk_approve

            if not self.signed_in and not self.loading:
                self.state.after_login = route
                return stack + [("/login", lambda: account.login_view(self))]
            return stack + [(route, lambda: kiosk_approve.view(self, route))]
        simple = {"/menu": full_menu.view, "/menu/edit": menu_edit.view,
                  "/settings": settings.view, "/notices": notices.view,
                  "/login": account.login_view, "/account": account.account_view}
        if route in simple:
            build = simple[route]
            return stack + [(route, lambda: build(self))]
        if route == "/register":
            return stack + [("/login", lambda: account.login_view(self)),
                            (route, lambda: account.register_view(self))]
        if function_of(route) is not None and self.needs_login(route):
            # The one login gate: a guest asking for a screen that needs an account gets the
            # login screen (at this address, so back leaves it), and comes back after login.
            self.state.after_login = route
            return stack + [("/login", lambda: account.login_view(self))]
        m = FUNCTION_ROUTE.match(route)
        if m and m.group(1) in catalog.BY_ID:
            if self.menu_parent.get(route) == "/menu":
                stack.append(("/menu", lambda: full_menu.view(self)))
            return stack + [(route, lambda: screens.function_view(self, m.group(1)))]
        m = FUNCTION_SUBROUTE.match(route)
        if m and m.group(1) in catalog.BY_ID:
            fid = m.group(1)
            inner = screens.inner_stack(self, fid, m.group(2))
            if inner is not None:
                main = (catalog.BY_ID[fid].route, lambda: screens.function_view(self, fid))
                return stack + [main] + screens.keyed(route, inner)
        return stack + [(route, lambda: screens.not_found_view(self, route))]

    def needs_login(self, route: str) -> bool:
        """Whether a guest must sign in before `route` (the catalog's `login_required`).

        A login-required function's main screen and the inner screens its feature declares
        public stay open to guests as a preview with a login button; everything else under
        it sends a guest to the login screen.
        """
        from myg_app.client.features import screens

        if self.signed_in or self.loading:  # while loading, a stored session may resume
            return False
        fid = function_of(route)
        if fid is None or not catalog.BY_ID[fid].login_required:
            return False
        return not screens.guest_may_open(self, fid, route)

    def _stamp(self, key: str) -> tuple[int, int]:
        """What a cached view was built from: the session/settings version (and, for home,
        the unread count its bell shows). A view built from an older stamp is built again."""
        return self.state.version, self.state.unread if key == "/" else 0

    def show_route(self) -> None:
        """The route-change handler: build only the views not already open.

        Views are cached by route: a view still in the stack (the one back returns to, say)
        is reused as it was, with its scroll position, typed text and loaded data, so back
        costs no API call. Views that leave the stack leave the cache.
        """
        route = self.page.route or "/"
        if route not in ("/login", "/register"):
            self.state.after_login = None  # set again below if this route is gated
        if self._fresh == route:
            self._views.pop(route, None)
        self._fresh = None
        views: list[ft.View] = []
        cache: dict[str, tuple[ft.View, tuple[int, int]]] = {}
        for key, build in self._stack(route):
            hit = self._views.get(key)
            stamp = self._stamp(key)
            view = hit[0] if hit is not None and hit[1] == stamp else build()
            cache[key] = (view, stamp)
            views.append(view)
        self._views = cache
        if [id(v) for v in self.page.views] != [id(v) for v in views]:
            self.page.views.clear()
            self.page.views.extend(views)
        if self.kiosk:
            self.kiosk_session.prepare(views[-1])  # no keyboard here: the on-screen one
        self.page.update()

    def forget_all_views(self) -> None:
        """Nothing open is reused: the kiosk's idle reset (typed text, loaded data)."""
        self._views = {}

    async def kiosk_signed_in(self, user) -> None:
        """The citizen approved the kiosk's sign-in on their phone."""
        self.state.user = user
        await self.refresh_unread()
        self.go(self.state.after_login or "/")

    def forget_view(self, route: str) -> None:
        """Build `route` anew the next time it shows (back would reuse it as it was): for a
        screen whose content another screen just changed, such as home's favourite stops."""
        self._views.pop(route, None)

    def render(self) -> None:
        """Build every view of the current route again (after a change they all show)."""
        self._views = {}
        self.show_route()

    async def _view_pop(self, e: ft.ViewPopEvent) -> None:
        if len(self.page.views) > 1:
            self.page.views.pop()
            await self.page.push_route(self.page.views[-1].route)

    async def back(self, e=None) -> None:
        """The app bar's 뒤로 가기 button: the view below, as the system back does."""
        await self._view_pop(e)

    def _resized(self, e) -> None:
        # Resize events come in bursts; only a change of grid columns changes a layout, and
        # then the open views re-flow their grids in place (no view is built again).
        from myg_app.client.features.layout import content_width, fit

        for view in self.page.views:  # the content column: centred at its maximum when wide
            fit(view, self.page.width)
        cols = self.m.columns(content_width(self))
        if cols != self._cols:
            self._cols = cols
            for view in self.page.views:
                relayout = view.data.get("relayout") if isinstance(view.data, dict) else None
                if relayout is not None:
                    relayout()
        self.page.update()  # a no-op diff when neither the frame nor the columns changed

    async def _closed(self, e) -> None:
        self.closed = True  # screens' timers (the citizen ID's QR) stop on their next tick
        # The session is over: its alert line stops listening before its HTTP client closes.
        from myg_app.client.features.alerts import live

        alerts = self.state.services.get(live.KEY)
        if alerts is not None:
            await alerts.stop()
        await self.api.aclose()


def make_main(api_url: str, *, transport: httpx.AsyncBaseTransport | None = None,
              kiosk: bool = False) -> Callable[[ft.Page], Awaitable[None]]:
    """Build the Flet entry point talking to the backend at `api_url`."""

    async def main(page: ft.Page) -> None:
        api = ApiClient(api_url, transport=transport)
        app = MygApp(page, api, kiosk=kiosk)
        page.data = app  # tests and debugging reach the session's app object here
        await app.start()

    return main
