"""`make run DEMO=1` persons: valid for the issuer, two who may approve as kepala_dinas per regency."""
from __future__ import annotations

import datetime as dt
from collections import Counter

from console.persons.domain import nip_errors
from shared import roles
from shared.devstack.demo import REGENCIES
from shared.devstack.demo_people import demo_persons


def test_demo_persons_are_valid_and_show_two_person_control():
    people = demo_persons()
    assert len({p["username"] for p in people}) == len(people) and len({p["nip"] for p in people}) == len(people)
    for person in people:
        assert nip_errors(person["nip"], dt.date(2026, 12, 7)) == [], person["nip"]
        assert set(person["roles"]) <= set(roles.catalogue())
    heads = Counter(p["regencies"][0] for p in people if "kepala_dinas" in p["roles"])
    assert heads == {code: 2 for code in REGENCIES}
