"""The two lists (server/domains.py, client/features/registry.py) miss nothing: a package
that declares a domain or screens but is not listed fails here, as does an `available`
function without a screen."""
from __future__ import annotations

import importlib
from pathlib import Path

from myg_app import catalog

ROOT = Path(__file__).resolve().parents[2]


def _modules(pattern: str) -> list[str]:
    return [".".join(p.relative_to(ROOT).with_suffix("").parts)
            for p in sorted((ROOT / "myg_app").rglob(pattern))]


def test_every_domain_package_is_listed():
    from myg_app.server.domains import DOMAINS

    listed = {id(d) for d in DOMAINS}
    for name in _modules("domain.py"):
        module = importlib.import_module(name)
        if hasattr(module, "DOMAIN"):
            assert id(module.DOMAIN) in listed, f"{name}.DOMAIN is missing from server/domains.py"


def test_every_feature_module_is_listed_and_every_available_function_has_a_screen():
    from myg_app.client.features.registry import FEATURES

    listed = {id(f) for f in FEATURES}
    for name in _modules("views.py"):
        module = importlib.import_module(name)
        for feature in getattr(module, "FEATURES", ()):
            assert id(feature) in listed, f"{name}.FEATURES is missing from features/registry.py"
    screens = {f.fid for f in FEATURES}
    assert len(screens) == len(FEATURES), "two features claim one function"
    for fn in catalog.FUNCTIONS:
        if fn.status == "available":
            assert fn.id in screens, f"{fn.id} is available but has no screen"
        assert fn.id in catalog.BY_ID
