"""The one access rule (auth.roles) and the owners declared next to the catalog."""
from dataclasses import dataclass

from myg_app import catalog
from myg_app.server.auth.roles import is_officer, may_act_for


@dataclass
class P:
    role: str
    department: str | None = None


def test_an_officer_acts_for_their_own_department_only():
    clean = P("officer", "자원순환과")
    assert may_act_for(clean, "자원순환과")
    assert not may_act_for(clean, "주민복지과")
    assert not may_act_for(P("officer", None), None)


def test_admins_act_for_every_department_and_citizens_for_none():
    assert may_act_for(P("admin"), "주민복지과") and is_officer(P("admin"))
    assert not may_act_for(P("citizen", "자원순환과"), "자원순환과")
    assert not is_officer(P("citizen"))


def test_every_owned_function_is_in_the_catalog():
    assert set(catalog.OWNERS) <= set(catalog.BY_ID)
    assert catalog.OWNERS["sos"] == "주민복지과"
