"""Every route a person can open, by who opens it: the accessibility walk (tests/ui) and the
browser tour of every screen (tests/e2e/tour.py) both go through this list."""

from __future__ import annotations

from collections.abc import Mapping

from myg_app import catalog
from myg_app.client.features.screens import SCREENS

# A service of the embedded 보조금24 catalogue with every section, phones and an online link.
WELFARE_SERVICE = "135200005013"
WELFARE_ROUTES = [f"/f/welfare/s/{WELFARE_SERVICE}", f"/f/subsidy24/s/{WELFARE_SERVICE}"]

GUEST_ROUTES = ["/", "/menu", "/menu/edit", "/settings", "/login", "/register", "/account",
                "/f/report/new", *[f.route for f in catalog.FUNCTIONS], *WELFARE_ROUTES]

# Functions whose screens list bookable resources: a resource's own page is visited too.
RESERVATIONS = ("facility", "sports", "course", "legal")

OFFICER_ROUTES = ["/f/report/inbox", "/f/facility/officer", "/f/sos/desk",
                  "/f/bulky_waste/desk", "/f/chat", "/f/welfare/programs/new",
                  "/f/small_biz/programs/new"]


def citizen_routes(first_resource: Mapping[str, int | None]) -> list[str]:
    """A signed-in citizen's routes; `first_resource` maps each of RESERVATIONS to the id of
    its first resource (None when it has none)."""
    routes = ["/", "/account", "/notices", "/menu/edit", "/settings",
              *[f.route for f in catalog.FUNCTIONS if f.id in SCREENS],
              "/f/report/new", "/f/bulky_waste/new", *WELFARE_ROUTES,
              "/f/welfare/bookmarks", "/f/small_biz/bookmarks",
              *[f"/f/sso_sites{p}" for p in ("/profile", "/consents", "/sessions", "/withdraw")]]
    for fid in RESERVATIONS:
        routes.append(f"/f/{fid}/mine")
        if first_resource.get(fid) is not None:
            routes.append(f"/f/{fid}/r/{first_resource[fid]}")
    return routes
