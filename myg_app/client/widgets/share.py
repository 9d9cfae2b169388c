"""정보 공유: the one share action every content screen uses (news, alerts, welfare policies,
facilities). Phones open the platform share sheet; where there is none (the web, desktop) the
text and link are copied and the screen says so. The link is the content's app route on the
public web address (the API's origin: `uv run main.py` and the production proxy serve the web
app and the API from one host), so it opens that content in a browser or, where the app claims
the link, in the app."""
from __future__ import annotations

import flet as ft

from myg_app.client.widgets.common import button, text


def share_link(app, route: str) -> str:
    return app.api.base_url.rstrip("/") + route


def share_message(title: str, summary: str, link: str) -> str:
    lines = [title.strip(), summary.strip(), link]
    return "\n".join(line for line in lines if line)


async def share(app, *, title: str, summary: str, route: str) -> str:
    """Share (or copy); answers what happened, for the screen's status line and for tests."""
    message = share_message(title, summary[:200], share_link(app, route))
    services = app.state.services
    # Services must stay referenced after the event (FLET_NOTES): kept in the session state.
    if "share" not in services:
        services["share"], services["clipboard"] = ft.Share(), ft.Clipboard()
    if not app.page.web:
        try:
            await services["share"].share_text(message, subject=title)
            return "shared"
        except Exception:  # noqa: BLE001 - no share sheet on this platform: copy instead
            pass
    await services["clipboard"].set(message)
    app.state.drafts["last_shared"] = message
    app.page.show_dialog(ft.SnackBar(text("링크를 복사했습니다. 붙여 넣어 보내세요.", app.m,
                                          color=ft.Colors.ON_INVERSE_SURFACE)))
    return "copied"


def share_button(app, *, ident: str, title: str, summary: str, route: str,
                 expand: bool = True) -> ft.Control:
    async def on_click(e) -> None:
        await share(app, title=title, summary=summary, route=route)

    return button("공유하기", app.m, ident=ident, icon=ft.Icons.SHARE, kind="outlined",
                  on_click=on_click, expand=expand)
