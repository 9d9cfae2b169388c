"""The kiosk's configuration: the shipped default is valid, unknown functions are dropped, the
exit PIN comes from the environment (a random one, logged, when it is missing) and is
compared in constant time, the idle times have floors."""
from __future__ import annotations

import logging

from myg_app import catalog
from myg_app.client.kiosk import config as kcfg


def test_the_shipped_default_offers_only_shared_screen_functions():
    cfg = kcfg.parse(kcfg.DEFAULT.read_text(encoding="utf-8"), "1234")
    assert cfg.place and cfg.large_text and cfg.idle_seconds >= 30
    assert set(cfg.functions) <= set(catalog.BY_ID)
    # Nothing that takes a file, a payment or personal records on a shared screen.
    assert not {"report", "bulky_waste", "chat", "sos", "citizen_id", "library_card",
                "points", "sso_sites", "proposal"} & set(cfg.functions)
    assert {"welfare", "dept_call", "weather", "bus", "alerts"} <= set(cfg.functions)


def test_unknown_functions_are_dropped_and_floors_hold(caplog):
    with caplog.at_level(logging.WARNING):
        cfg = kcfg.parse('functions = ["welfare", "nope"]\nidle_seconds = 1\n'
                         'countdown_seconds = 0\n', "9999")
    assert cfg.functions == ("welfare",) and "nope" in caplog.text
    assert cfg.idle_seconds == 10 and cfg.countdown_seconds == 5


def test_the_exit_pin_comes_from_the_environment_or_is_random(caplog):
    cfg = kcfg.parse("", "2468")
    assert cfg.pin_ok("2468") and not cfg.pin_ok("2469") and not cfg.pin_ok("")
    with caplog.at_level(logging.WARNING):
        a = kcfg.parse("", None)
    b = kcfg.parse("", None)
    assert len(a.exit_pin) == 6 and a.exit_pin.isdigit() and a.exit_pin in caplog.text
    assert a.exit_pin != b.exit_pin or a.exit_pin != kcfg.parse("", None).exit_pin
