"""What a function's screens declare about themselves, in their own package's views module.

`registry.py` lists them; navigation (`screens.py`) finds the screen behind each route there.
A feature module never imports the registry or navigation: the dependency points one way.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import flet as ft

from myg_app import catalog

ViewBuilder = Callable[[], ft.View]
# An inner view: its builder, or (its route, builder) for a view that is not the top one, so
# navigation can find it open already (the top one's route is the route asked for).
InnerView = ViewBuilder | tuple[str, ViewBuilder]


@dataclass(frozen=True, slots=True)
class Feature:
    fid: str  # the catalog id: the screens serve /f/<fid>
    main: Callable[..., ft.View]  # (app) -> the function's main view
    # (app, rest) -> the views stacked above the main one for /f/<fid><rest>, None if unknown
    inner: Callable[..., list[InnerView] | None] | None = None
    # (rest) -> whether a guest may open that inner route of a login-required function (a
    # preview with a login button); the main screen is always open to guests.
    public: Callable[[str], bool] | None = None


def officer_of(app, fid: str) -> bool:
    """An officer of the department that owns `fid` (catalog.OWNERS), or an admin: what shows
    a function's officer screens (the server checks it again)."""
    u = app.state.user
    return u is not None and (u.role == "admin" or (
        u.role == "officer" and u.department == catalog.OWNERS[fid]))
