"""Gwangyang facts live once: the 12 읍면동 in gwangyang/dongs.py, departments and their
phone numbers in gwangyang/departments.py. A second copy elsewhere fails here."""
from __future__ import annotations

import re
from pathlib import Path

from myg_app.gwangyang import departments, dongs

ROOT = Path(__file__).resolve().parents[2] / "myg_app"
REFERENCE_NAMES = ("광양읍 봉강면 옥룡면 옥곡면 진상면 진월면 다압면 골약동 중마동 광영동 태인동 금호동").split()


def test_the_twelve_dongs():
    assert dongs.NAMES == tuple(REFERENCE_NAMES)
    assert len(dongs.BY_CODE) == 12
    for d in dongs.DONGS:  # inside Gwangyang's bounding box
        assert 34.85 < d.lat < 35.15 and 127.5 < d.long < 127.8, d


def test_departments_have_unique_names_and_city_numbers():
    names = [name for _div, name, _tasks, _phone in departments.DEPARTMENTS]
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"061-797-\d{4}", p) for *_x, p in departments.DEPARTMENTS)
    assert departments.phone_of("감동시대추진단") == departments.HELP_PHONE == "061-797-4766"


def test_no_other_module_keeps_its_own_copy():
    for path in ROOT.rglob("*.py"):
        if path.parent.name == "gwangyang":
            continue
        text = path.read_text(encoding="utf-8")
        # A list: eight different 읍면동 names in quotes close together (data that merely
        # places things in a 읍면동, like seeded facilities, is fine).
        at = [(m.start(), m.group(1)) for m in re.finditer(rf'"({"|".join(REFERENCE_NAMES)})"', text)]
        listed = any(at[i + 7][0] - at[i][0] < 400 and len({n for _p, n in at[i:i + 8]}) == 8
                     for i in range(len(at) - 7))
        assert not listed, f"{path.relative_to(ROOT)} lists the 읍면동 again: use gwangyang.dongs"
        phones = set(re.findall(r"061-797-\d{4}", text))
        assert len(phones) < 2, f"{path.relative_to(ROOT)} lists department numbers: use gwangyang.departments"
